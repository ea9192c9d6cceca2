// Fuzz target for the CSV reader and the ETO importer: the input is four
// CSV files (inputs, providers, provision, sequence) separated by lines of
// "=====". Whatever parses is imported, and whatever imports is loaded
// back as a model: nothing may crash, hang or leak on the way.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/csv.h"
#include "decouple/eto_import.h"
#include "decouple/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  constexpr std::string_view kSeparator = "\n=====\n";
  while (parts.size() < 3) {
    size_t at = text.find(kSeparator);
    if (at == std::string_view::npos) return 0;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(text);
  static const char* kNames[] = {"inputs.csv", "providers.csv", "provision.csv", "sequence.csv"};
  std::vector<decouple::CsvTable> tables;
  for (size_t i = 0; i < 4; ++i) {
    decouple::Result<decouple::CsvTable> t = decouple::parse_csv(parts[i], kNames[i]);
    if (!t.ok()) return 0;
    tables.push_back(std::move(t).value());
  }
  decouple::EtoTables eto{tables[0], tables[1], tables[2], tables[3]};
  decouple::Result<decouple::EtoImport> imported = decouple::import_eto(eto, {});
  if (!imported.ok()) return 0;
  decouple::LoadLimits limits;
  limits.max_entities = 20000;
  (void)decouple::load_model_from_string(imported.value().yaml, "imported.yaml", limits);
  return 0;
}
