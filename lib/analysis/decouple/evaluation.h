// Evaluation: one scenario (and an optional ad hoc blacklist) evaluated on
// a model, bundled so pictures, reports and the web page share one object.
//
// evaluate() resolves the scenario, appends a ban of the blacklisted firms,
// applies the actions, propagates losses and summarises the impact per
// vendor, exactly as `decouple impact` does. The Evaluation owns the ad hoc
// actions the cuts point into and keeps a reference to the graph, which must
// outlive it; it is neither copied nor moved (hence the unique_ptr). Cost:
// that of apply_actions + LossState::apply + compute_impact, linear in the
// part of the graph the actions touch.
//
// `when` (presence.h) says at which day: `when.at`, or the scenario's own
// date when empty (an undated scenario and no `at`: the timeless reading,
// exactly as before dates existed); `when.known_at` hides the links
// documented later. The presence mask of that day is computed once,
// O(items + options), and shared by the cuts, the propagation and the
// impact (cuts.presence; null when everything is present).
#ifndef DECOUPLE_EVALUATION_H_
#define DECOUPLE_EVALUATION_H_

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "decouple/impact.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple {

struct Evaluation {
  explicit Evaluation(const SupplyGraph& graph) : state(graph) {}
  Evaluation(const Evaluation&) = delete;
  Evaluation& operator=(const Evaluation&) = delete;

  std::optional<ScenarioIndex> scenario;  // nullopt: blacklist only
  When when;                              // as asked; cuts.date is the day used
  std::vector<FirmIndex> blacklist;       // sorted, the ad hoc bans
  std::vector<Action> ad_hoc;             // owns the blacklist action cuts.applied points to
  ScenarioCuts cuts;
  LossState state;
  Impact impact;
};

// `scenario` and `blacklist` may each be empty, not both meaningfully (with
// neither, nothing is cut and the impact is empty). Indexes must be valid.
std::unique_ptr<Evaluation> evaluate(const SupplyGraph& graph, std::optional<ScenarioIndex> scenario,
                                     std::span<const FirmIndex> blacklist = {},
                                     const When& when = {});

}  // namespace decouple

#endif  // DECOUPLE_EVALUATION_H_
