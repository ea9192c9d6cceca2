// Shared by eto_import_fuzz and the regression replay
// (tests/fuzz_regression_test.cpp): bytes as the four CSV tables of the ETO
// dataset (inputs, providers, provision, sequence) separated by lines of
// "=====", the format of tests/data/chip-fixture.txt. Whatever parses is
// imported, and whatever imports is loaded back as a model.
#ifndef DECOUPLE_FUZZ_ETO_INPUT_H_
#define DECOUPLE_FUZZ_ETO_INPUT_H_

#include <string_view>
#include <utility>
#include <vector>

#include "decouple/csv.h"
#include "decouple/eto_import.h"
#include "decouple/loader.h"

namespace decouple::fuzz {

// Returns false when a stage broke its contract by failing without a
// diagnostic; a crash, hang or leak is caught by the sanitizers instead.
inline bool import_eto_from_bytes(std::string_view text) {
  std::vector<std::string_view> parts;
  constexpr std::string_view kSeparator = "\n=====\n";
  while (parts.size() < 3) {
    size_t at = text.find(kSeparator);
    if (at == std::string_view::npos) return true;  // not four tables: nothing to test
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + kSeparator.size());
  }
  parts.push_back(text);
  static const char* const kNames[] = {"inputs.csv", "providers.csv", "provision.csv", "sequence.csv"};
  std::vector<CsvTable> tables;
  for (size_t i = 0; i < 4; ++i) {
    Result<CsvTable> t = parse_csv(parts[i], kNames[i]);
    if (!t.ok()) return !t.errors().empty();
    tables.push_back(std::move(t).value());
  }
  EtoTables eto{tables[0], tables[1], tables[2], tables[3]};
  Result<EtoImport> imported = import_eto(eto, {});
  if (!imported.ok()) return !imported.errors().empty();
  LoadLimits limits;
  limits.max_entities = 20000;
  Result<Model> loaded = load_model_from_string(imported.value().yaml, "imported.yaml", limits);
  return loaded.ok() || !loaded.errors().empty();
}

}  // namespace decouple::fuzz

#endif  // DECOUPLE_FUZZ_ETO_INPUT_H_
