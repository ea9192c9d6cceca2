// Rendering recovery plans (`decouple alternatives`) as an indented tree,
// JSON or CSV. No computing beyond walking the plans: the plans come from
// find_recovery_plans(), the reasons from explain_unrecoverable().
//
// Every format shows the same tree: per vendor, per lost item, each plan
// (one, or the pareto front) with its blocking needs, the option chosen for
// each and, when that option's item must itself be recovered, its
// sub-plan. Within one plan a sub-plan used twice is shown once and then
// referred to ("shown above"); an unrecoverable item shows the needs that
// block it and why each of their options fails. JSON is documented in
// docs/cli.md.
#ifndef DECOUPLE_ALTERNATIVES_REPORT_H_
#define DECOUPLE_ALTERNATIVES_REPORT_H_

#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "decouple/alternatives.h"
#include "decouple/report.h"

namespace decouple {

// What `decouple alternatives` was asked: the items whose recovery to show
// (the lost ones are shown; a live one is reported as not lost).
struct RecoveryRequest {
  std::optional<ScenarioIndex> scenario;
  std::span<const ItemIndex> items;
};

nlohmann::json recovery_json(const SupplyGraph& graph, const ScenarioCuts& cuts,
                             const LossState& state, const Recovery& recovery,
                             const RecoveryRequest& request);
std::string render_recovery(const SupplyGraph& graph, const ScenarioCuts& cuts,
                            const LossState& state, const Recovery& recovery,
                            const RecoveryRequest& request, Format format);

}  // namespace decouple

#endif  // DECOUPLE_ALTERNATIVES_REPORT_H_
