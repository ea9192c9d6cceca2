// Fuzz target for the scenario and rule parser (actions, `where` filters,
// licenses, extends): the input is the `scenarios:` section of a fixed,
// valid model with firms, items, attributes and shares, so the fuzzer
// spends its time on actions rather than on rediscovering the model format.
#include <cstddef>
#include <cstdint>
#include <string>

#include "decouple/loader.h"
#include "pipeline.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = decouple::fuzz::kScenarioBase;
  text += "scenarios:\n";
  text.append(reinterpret_cast<const char*>(data), size);
  decouple::LoadLimits limits;
  limits.max_nodes = 100000;
  limits.max_entities = 5000;
  decouple::Result<decouple::Model> result = decouple::load_model_from_string(text, "fuzz.yaml", limits);
  if (result.ok()) decouple::fuzz::run_pipeline(result.value());
  return 0;
}
