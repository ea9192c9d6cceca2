#include "decouple/evaluation.h"

#include <algorithm>

namespace decouple {

std::unique_ptr<Evaluation> evaluate(const SupplyGraph& graph, std::optional<ScenarioIndex> scenario,
                                     std::span<const FirmIndex> blacklist, const When& when) {
  const Model& model = graph.model();
  auto out = std::make_unique<Evaluation>(graph);
  out->scenario = scenario;
  out->when = when;
  out->blacklist.assign(blacklist.begin(), blacklist.end());
  std::sort(out->blacklist.begin(), out->blacklist.end());
  out->blacklist.erase(std::unique(out->blacklist.begin(), out->blacklist.end()), out->blacklist.end());
  std::vector<AppliedAction> applied;
  if (scenario) applied = resolve_scenario(model, *scenario);
  std::string date = evaluation_date(model, scenario.value_or(kNone), when.at);
  auto presence = presence_at(graph, date, when.known_at);
  if (!out->blacklist.empty()) {
    out->ad_hoc = blacklist_actions(out->blacklist);
    applied.push_back({&out->ad_hoc[0], kNone, 0});
  }
  out->cuts = apply_actions(graph, std::move(applied), std::move(date), std::move(presence));
  out->state.apply(out->cuts);
  out->impact = compute_impact(graph, out->cuts, out->state);
  out->impact.known_at = when.known_at;
  return out;
}

}  // namespace decouple
