// Rendering recovery plans (`decouple alternatives`) as an indented tree,
// JSON or CSV. No computing beyond walking the plans: the plans come from
// find_recovery_plans(), the reasons from explain_unrecoverable().
//
// Every format shows the same tree: per vendor, per lost item, each plan
// (one, or the pareto front) with its blocking needs, the option chosen for
// each and, when that option's item must itself be recovered, its
// sub-plan. In the table and CSV a sub-plan used twice is shown once and
// then referred to ("shown above"); JSON is a graph of nodes and edges in
// which a shared sub-plan is one node with two edges in. An unrecoverable
// item shows its partial plan (the needs that can be met), the needs that
// block it and why each of their options fails. JSON is documented in
// docs/alternatives.md.
#ifndef DECOUPLE_ALTERNATIVES_REPORT_H_
#define DECOUPLE_ALTERNATIVES_REPORT_H_

#include <optional>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "decouple/alternatives.h"
#include "decouple/html_report.h"
#include "decouple/report.h"

namespace decouple {

// What `decouple alternatives` was asked: the items whose recovery to show
// (the lost ones are shown; a live one is reported as not lost).
struct RecoveryRequest {
  std::optional<ScenarioIndex> scenario;
  std::span<const ItemIndex> items;
  std::span<const FirmIndex> banned = {};  // the ad hoc --ban list, if any
};

nlohmann::json recovery_json(const SupplyGraph& graph, const ScenarioCuts& cuts,
                             const LossState& state, const Recovery& recovery,
                             const RecoveryRequest& request);
std::string render_recovery(const SupplyGraph& graph, const ScenarioCuts& cuts,
                            const LossState& state, const Recovery& recovery,
                            const RecoveryRequest& request, Format format);

// The "Recovery plans" section of `decouple report`: one row per lost
// item asked about, with its plan's months, capability and cost and the
// options chosen for its blocking needs; for an item that cannot be fully
// recovered, its partial plan and what blocks the rest. At most
// `max_rows` rows (a note says how many more there are).
ReportSection recovery_section(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               const LossState& state, const Recovery& recovery,
                               const RecoveryRequest& request, size_t max_rows = 200);

}  // namespace decouple

#endif  // DECOUPLE_ALTERNATIVES_REPORT_H_
