// Fuzz target: the bytes choose the shape of a valid model (deep chains,
// wide fans, tiered random models); outputs must stay linear in the model
// (fuzz/shape_input.h says what is checked and why).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "shape_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!decouple::fuzz::shape_outputs_linear(data, size)) std::abort();
  return 0;
}
