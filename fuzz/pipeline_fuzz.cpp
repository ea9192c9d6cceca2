// Fuzz target: load + propagate + impact + explain + render on whatever
// loads. Seeds are the bundled and test models.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "decouple/loader.h"
#include "pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  decouple::LoadLimits limits;
  limits.max_nodes = 100000;
  limits.max_entities = 5000;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  decouple::Result<decouple::Model> result = decouple::load_model_from_string(text, "fuzz.yaml", limits);
  if (result.ok()) decouple::fuzz::run_pipeline(result.value());
  return 0;
}
