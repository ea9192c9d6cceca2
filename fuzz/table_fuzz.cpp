// Fuzz target: arbitrary bytes as the CSV tables of a tabular model
// (docs/model-format.md, "Tabular models"). The input is split at lines
// "===" into the firms, items, needs and options tables (missing parts are
// left out of `tables:`), written to a private folder, and loaded through
// a YAML header that names them. The loader must return a model or
// diagnostics naming a file — never crash, hang or leak.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "decouple/loader.h"

namespace {

// One folder per process, made once: the tables are rewritten per input.
const std::string& folder() {
  static const std::string dir = [] {
    std::string d = "/tmp/decouple-table-fuzz-" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  static const char* const kTables[] = {"firms", "items", "needs", "options"};
  std::string header = "decouple: 1\nname: fuzz\ntables:\n";
  size_t at = 0;
  for (int t = 0; t < 4 && at <= text.size(); ++t) {
    size_t end = text.find("\n===\n", at);
    if (end == std::string_view::npos) end = text.size();
    std::string path = folder() + "/" + kTables[t] + ".csv";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text.substr(at, end - at);
    header += std::string("  ") + kTables[t] + ": " + kTables[t] + ".csv\n";
    at = end + 5;
  }
  decouple::LoadLimits limits;
  limits.max_entities = 20000;
  decouple::Result<decouple::Model> result =
      decouple::load_model_from_string(header, folder() + "/m.yaml", limits);
  if (!result.ok()) {
    if (result.errors().empty()) std::abort();  // a failure must say why
    for (const auto& d : result.errors())
      if (d.file.empty() || d.message.empty()) std::abort();
  }
  return 0;
}
