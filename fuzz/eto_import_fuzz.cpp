// Fuzz target for the CSV reader and the ETO importer: the input is four
// CSV files separated by lines of "=====" (fuzz/eto_input.h). Whatever
// parses is imported, and whatever imports is loaded back as a model:
// nothing may crash, hang or leak on the way.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "eto_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!decouple::fuzz::import_eto_from_bytes(text)) std::abort();  // a failure must say why
  return 0;
}
