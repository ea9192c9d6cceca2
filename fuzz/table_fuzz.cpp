// Fuzz target: arbitrary bytes as the CSV tables of a tabular model, split
// and loaded as fuzz/table_input.h says. The loader must return a model or
// diagnostics naming a file — never crash, hang or leak.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "table_input.h"

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
  if (!decouple::fuzz::load_tables_from_bytes(text, folder())) std::abort();  // a failure must say why
  return 0;
}
