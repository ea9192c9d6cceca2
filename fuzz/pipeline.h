// Shared by the pipeline fuzz targets: everything a user can ask of a
// model that loaded — every scenario applied, propagated, summarised,
// explained and rendered in every format — with invariants checked.
#ifndef DECOUPLE_FUZZ_PIPELINE_H_
#define DECOUPLE_FUZZ_PIPELINE_H_

#include <cstdlib>

#include "decouple/explain.h"
#include "decouple/graph.h"
#include "decouple/impact.h"
#include "decouple/presence.h"
#include "decouple/propagate.h"
#include "decouple/report.h"
#include "decouple/scenario.h"

namespace decouple::fuzz {

// A valid model with firms, items, attributes and shares; the scenario
// fuzz target appends `scenarios:` and the fuzzed bytes to it.
inline constexpr const char* kScenarioBase = R"(decouple: 1
name: fuzz base
sources: {s: "fuzz"}
firms:
  - {id: us-chip, country: US}
  - {id: tw-fab, country: TW}
  - {id: cn-phone, country: CN}
  - {id: nl-tool, country: NL}
items:
  - {id: gpu, maker: us-chip, kind: chip, value: 100, attributes: {tpp: 4800, node_nm: 7}}
  - {id: litho, maker: nl-tool, kind: tool}
  - id: wafer
    maker: tw-fab
    kind: service
    value: 50
    needs:
      - {name: tool, role: means, options: [litho]}
      - {name: design, role: means, share: 0.3, options: [gpu]}
  - id: phone
    maker: cn-phone
    kind: product
    value: 300
    needs:
      - {name: soc, share: 0.4, options: [wafer, {item: gpu, status: alternative, lead_time: 6}]}
      - {name: accel, critical: false, options: [gpu]}
)";

inline void run_pipeline(const Model& model) {
  SupplyGraph graph(model);
  (void)render_check(model, graph, Format::kJson);
  for (ScenarioIndex s = 0; s < model.scenarios.size() && s < 16; ++s) {
    ScenarioCuts cuts = apply_scenario(graph, s);
    LossState state(graph);
    state.apply(cuts);
    Impact impact = compute_impact(graph, cuts, state);
    for (Format f : {Format::kTable, Format::kJson, Format::kCsv})
      (void)render_impact(graph, s, cuts, state, impact, f);
    // Incremental evaluation must agree with the full one.
    LossState step(graph);
    // What does not exist at the scenario's date first (presence.h), as
    // apply() does; then the cuts one by one.
    if (cuts.presence) step.remove(cuts.presence->closed_options(), cuts.presence->dated_items());
    for (FirmIndex f = 0; f < cuts.banned.size(); ++f)
      if (cuts.banned[f] != kNone) step.ban_firm(f);
    for (const Cut& c : cuts.cuts) step.cut_option(c.option);
    for (ItemIndex i = 0; i < model.items.size(); ++i) {
      if (step.lost(i) != state.lost(i)) std::abort();
      if (i < 64) (void)render_explanation(model, cuts, explain_item(graph, cuts, state, i), Format::kTable);
    }
  }
}

}  // namespace decouple::fuzz

#endif  // DECOUPLE_FUZZ_PIPELINE_H_
