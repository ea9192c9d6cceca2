// Shared by eto_import_fuzz and the regression replay
// (tests/fuzz_regression_test.cpp): bytes as the four CSV tables of the ETO
// dataset (inputs, providers, provision, sequence) separated by lines of
// "=====", the format of tests/data/chip-fixture.txt. Whatever parses is
// imported, and whatever imports is loaded back as a model.
#ifndef DECOUPLE_FUZZ_ETO_INPUT_H_
#define DECOUPLE_FUZZ_ETO_INPUT_H_

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "decouple/csv_stream.h"
#include "decouple/eto_import.h"
#include "decouple/loader.h"

namespace decouple::fuzz {

// The dataset's four file names, in the order the tables come.
inline constexpr const char* kEtoTableNames[] = {"inputs.csv", "providers.csv", "provision.csv",
                                                 "sequence.csv"};

// The four tables of `text`, each with the newline that ends its last line
// (the one before the separator); nullopt when there are fewer than four.
inline std::optional<std::array<std::string_view, 4>> split_eto_tables(std::string_view text) {
  constexpr std::string_view kSeparator = "\n=====\n";
  std::array<std::string_view, 4> parts;
  for (size_t i = 0; i < 3; ++i) {
    size_t at = text.find(kSeparator);
    if (at == std::string_view::npos) return std::nullopt;
    parts[i] = text.substr(0, at + 1);
    text.remove_prefix(at + kSeparator.size());
  }
  parts[3] = text;
  return parts;
}

// Returns false when a stage broke its contract by failing without a
// diagnostic; a crash, hang or leak is caught by the sanitizers instead.
inline bool import_eto_from_bytes(std::string_view text) {
  std::optional<std::array<std::string_view, 4>> parts = split_eto_tables(text);
  if (!parts) return true;  // not four tables: nothing to test
  std::vector<CsvTable> tables;
  for (size_t i = 0; i < 4; ++i) {
    Result<CsvTable> t = parse_csv((*parts)[i], kEtoTableNames[i]);
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
