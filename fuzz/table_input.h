// Shared by table_fuzz and the regression replay (tests/fuzz_regression_test.cpp):
// bytes as the CSV tables of a tabular model (docs/model-format.md,
// "Tabular models"). The input is split at lines "===" into the firms,
// items, needs and options tables, written to `folder`, and loaded through
// a YAML header that names them. The loader must return a model or
// diagnostics that each name a file and say what is wrong.
#ifndef DECOUPLE_FUZZ_TABLE_INPUT_H_
#define DECOUPLE_FUZZ_TABLE_INPUT_H_

#include <fstream>
#include <string>
#include <string_view>

#include "decouple/loader.h"

namespace decouple::fuzz {

// Returns false when the loader broke its contract (failed without saying
// where or why); a crash, hang or leak is caught by the sanitizers instead.
inline bool load_tables_from_bytes(std::string_view text, const std::string& folder) {
  static const char* const kTables[] = {"firms", "items", "needs", "options"};
  std::string header = "decouple: 1\nname: fuzz\ntables:\n";
  size_t at = 0;
  for (int t = 0; t < 4 && at <= text.size(); ++t) {
    size_t end = text.find("\n===\n", at);
    if (end == std::string_view::npos) end = text.size();
    std::string path = folder + "/" + kTables[t] + ".csv";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text.substr(at, end - at);
    header += "  ";
    header += kTables[t];
    header += ": ";
    header += kTables[t];
    header += ".csv\n";
    at = end + 5;
  }
  LoadLimits limits;
  limits.max_entities = 20000;
  Result<Model> result = load_model_from_string(header, folder + "/m.yaml", limits);
  if (result.ok()) return true;
  if (result.errors().empty()) return false;
  for (const Diagnostic& d : result.errors())
    if (d.file.empty() || d.message.empty()) return false;
  return true;
}

}  // namespace decouple::fuzz

#endif  // DECOUPLE_FUZZ_TABLE_INPUT_H_
