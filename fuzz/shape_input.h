// Structure-aware fuzzing (issue 15): the bytes choose the *shape* of a
// valid model, not its text. Deep chains, wide fans and random tiered
// models (synthetic_model.h) are generated, loaded, evaluated and rendered
// in every format, and the check fails when an output grows faster than
// the model: impact and explain output must stay within a fixed number of
// bytes per model byte, and an explanation within a fixed number of
// reasons per item. Byte-mutation targets rarely reach models thousands of
// levels deep; this one starts there. Memory is bounded the same way: what
// is built is at most a constant times the output checked here.
// Shared by fuzz/shape_fuzz.cpp and tests/fuzz_regression_test.cpp.
#ifndef DECOUPLE_FUZZ_SHAPE_INPUT_H_
#define DECOUPLE_FUZZ_SHAPE_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "decouple/explain.h"
#include "decouple/impact.h"
#include "decouple/loader.h"
#include "decouple/propagate.h"
#include "decouple/report.h"
#include "decouple/synthetic_model.h"

namespace decouple::fuzz {

// Bytes of output allowed per byte of model text (measured on chains:
// impact JSON is a few times the model, explain JSON about the same).
inline constexpr size_t kBytesPerModelByte = 40;

// The model text the bytes describe.
inline std::string shape_model(const uint8_t* data, size_t size) {
  size_t at = 0;
  auto next = [&](uint32_t bound) {  // 0..bound-1 from the next two bytes
    uint32_t v = 0;
    for (int k = 0; k < 2; ++k) v = (v << 8) | (at < size ? data[at++] : 0);
    return bound == 0 ? 0 : v % bound;
  };
  if (next(2) == 0) {
    uint32_t length = 1 + next(4000);
    return chain_model_yaml(length, next(300));
  }
  SyntheticSpec spec;
  spec.items = 1 + next(3000);
  spec.tiers = 1 + next(spec.items);  // tiers == items: one item per tier, deep
  spec.firms = 1 + next(200);
  spec.max_needs = 1 + next(6);
  spec.max_options = 1 + next(8);
  spec.back_edge = next(100) / 400.0;
  spec.seed = next(65535);
  return synthetic_model_yaml(spec);
}

// Loads the model the bytes describe and renders every scenario; false
// when it does not load or some output is larger than the budget.
inline bool shape_outputs_linear(const uint8_t* data, size_t size) {
  std::string text = shape_model(data, size);
  Result<Model> loaded = load_model_from_string(text, "shape.yaml");
  if (!loaded.ok()) return false;
  const Model& model = loaded.value();
  SupplyGraph graph(model);
  const size_t budget = kBytesPerModelByte * text.size() + 4096;
  for (ScenarioIndex s = 0; s < model.scenarios.size(); ++s) {
    ScenarioCuts cuts = apply_scenario(graph, s);
    LossState state(graph);
    state.apply(cuts);
    Impact impact = compute_impact(graph, cuts, state);
    for (Format f : {Format::kTable, Format::kJson, Format::kCsv})
      if (render_impact(graph, s, cuts, state, impact, f).size() > budget) return false;
    if (state.lost_items().empty()) continue;
    // The deepest item: the last one lost.
    Explanation why = explain_item(graph, cuts, state, state.lost_items().back());
    // Each item once (lost, need, ban) and each option once at most.
    if (why.reasons.size() > 3 * model.items.size() + model.options.size() + 1) return false;
    for (Format f : {Format::kTable, Format::kJson, Format::kCsv})
      if (render_explanation(model, cuts, why, f).size() > budget) return false;
  }
  return true;
}

}  // namespace decouple::fuzz

#endif  // DECOUPLE_FUZZ_SHAPE_INPUT_H_
