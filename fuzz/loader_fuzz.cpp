// Fuzz target: arbitrary bytes as a model file. The loader must return a
// model or diagnostics — never crash, hang or leak — and every diagnostic
// must carry the file name. Small limits keep each input cheap.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "decouple/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  decouple::LoadLimits limits;
  limits.max_nodes = 100000;
  limits.max_entities = 20000;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  decouple::Result<decouple::Model> result = decouple::load_model_from_string(text, "fuzz.yaml", limits);
  if (!result.ok()) {
    if (result.errors().empty()) std::abort();  // a failure must say why
    for (const auto& d : result.errors())
      if (d.file != "fuzz.yaml" || d.message.empty()) std::abort();
  }
  return 0;
}
