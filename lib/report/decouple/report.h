// Rendering results as text tables, JSON and CSV. No computing happens
// here: every function takes results the algorithms produced and formats
// them. JSON output is versioned (`"format": 1`) and documented in
// docs/cli.md; fields are only ever added, never renamed.
#ifndef DECOUPLE_REPORT_H_
#define DECOUPLE_REPORT_H_

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "decouple/explain.h"
#include "decouple/impact.h"
#include "decouple/scenario.h"

namespace decouple {

enum class Format { kTable, kJson, kCsv };
std::optional<Format> parse_format(std::string_view text);

// Small JSON pieces shared by every command's output.
nlohmann::json action_json(const Model& model, const ScenarioCuts& cuts, uint32_t applied);
nlohmann::json cut_json(const Model& model, const ScenarioCuts& cuts, uint32_t cut);
// An explanation as a flat array of REASON nodes {"id", "kind", ...,
// "because": [id, ...]?}: each reason once, shared nodes referenced by id,
// so the JSON is linear in the explanation and never nested deeper than a
// node (docs/cli.md).
nlohmann::json reasons_json(const Model& model, const ScenarioCuts& cuts,
                            const Explanation& explanation);
// The model's scenarios as a list: id, name, date (null when undated) and
// the number of actions each.
nlohmann::json scenario_list_json(const Model& model);
// The scenario header: id, name, date and the applied actions.
nlohmann::json scenario_json(const Model& model, std::optional<ScenarioIndex> scenario,
                             const ScenarioCuts& cuts);

// `decouple check`: counts and the scenarios list.
std::string render_check(const Model& model, const SupplyGraph& graph, Format format);

// `decouple impact`: per-vendor table. JSON carries the explanations of
// every lost item as one shared reason graph ("reasons", top level) and
// each vendor's lost items map to their node ids; tables show the first
// step of each reason.
nlohmann::json impact_json(const SupplyGraph& graph, std::optional<ScenarioIndex> scenario,
                           const ScenarioCuts& cuts, const LossState& state, const Impact& impact);
std::string render_impact(const SupplyGraph& graph, std::optional<ScenarioIndex> scenario,
                          const ScenarioCuts& cuts, const LossState& state, const Impact& impact,
                          Format format);

// `decouple explain`: the reason chain of one item (explanation.roots[0])
// as an indented tree (table, CSV: a shared item is shown once, then "see
// above"; indentation stops at 40 levels and says the depth instead), or
// as {"format", "item", "lost", "root", "reasons": reasons_json} in JSON.
std::string render_explanation(const Model& model, const ScenarioCuts& cuts,
                               const Explanation& explanation, Format format);

// "kirin-990 (HiSilicon, CN)"
std::string item_label(const Model& model, ItemIndex item);
// One line describing a cut: the action and the rule that reached the item.
std::string cut_reason(const Model& model, const ScenarioCuts& cuts, uint32_t cut);

}  // namespace decouple

#endif  // DECOUPLE_REPORT_H_
