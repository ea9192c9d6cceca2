// Scenarios: turning export-control actions into cut supply edges.
//
// A scenario's actions, with those of the scenarios it `extends` applied
// first (depth first, each scenario once), form the applied list. From it,
// apply_actions() computes which options (supply edges) are cut and by which
// action, which firms are banned, and which edges a license re-opened.
// Whether an action reaches an edge depends on whether the supplied item is
// subject to the acting jurisdiction; that question belongs to the rules
// engine (rules.h), which says which rule made it so.
//
// Time (docs/model-format.md, "Time"): cuts are made at a day D, the
// scenario's date or another (`--at`). An action applies at D when its
// window [from, until] contains D (`from` defaults to its own scenario's
// date, so a scenario evaluated before its date applies only what was in
// force then; a licence's body-level `until` is its end too). With D empty
// every action applies and no licence expires (the timeless reading). The
// options and items absent at D (presence.h) are never cut and feed no
// rule: ScenarioCuts carries the mask for the propagation after it.
//
// Cost: proportional to the edges the actions can touch (the listed firms'
// inbound options, the embargoed countries' inbound options), plus the rules
// engine's own fixpoint; never a copy of the graph.
#ifndef DECOUPLE_SCENARIO_H_
#define DECOUPLE_SCENARIO_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/graph.h"
#include "decouple/cow_array.h"
#include "decouple/model.h"
#include "decouple/presence.h"
#include "decouple/rules.h"

namespace decouple {

// One action in application order. `scenario` is kNone for actions built
// on the fly (an ad hoc blacklist), which then must outlive the result.
struct AppliedAction {
  const Action* action = nullptr;
  ScenarioIndex scenario = kNone;
  uint32_t index = 0;  // position within its scenario's `actions`
};

// The actions of `scenario` and everything it extends, in application order.
std::vector<AppliedAction> resolve_scenario(const Model& model, ScenarioIndex scenario);

// A supply edge closed by an action.
struct Cut {
  OptionIndex option = kNone;
  uint32_t action = kNone;  // index into ScenarioCuts::applied
  Subjection why;           // why the supplied item was subject to the actor
};

// Whether `applied` is in force at `date` (YYYY-MM-DD, or empty: always).
bool in_force(const Model& model, const AppliedAction& applied, std::string_view date);

// Per option: index into ScenarioCuts::cuts of its first cut, or kNone
// when open. Held as the index plus one over zero pages (cow_array.h):
// a scenario that cuts a few options pays for the pages they fall on, not
// for a filled array of every option (10 MB at a million items).
class FirstCut {
 public:
  FirstCut() = default;
  explicit FirstCut(size_t options) : plus_one_(CowArray<uint32_t>::zeroed(options)) {}
  uint32_t operator[](OptionIndex option) const { return plus_one_[option] - 1; }  // 0 wraps to kNone
  void set(OptionIndex option, uint32_t cut) { plus_one_[option] = cut + 1; }
  size_t size() const { return plus_one_.size(); }
  bool empty() const { return size() == 0; }

 private:
  CowArray<uint32_t> plus_one_;
};

struct ScenarioCuts {
  std::vector<AppliedAction> applied;
  // The day evaluated (actions' windows and licences' ends are compared
  // with it); may be empty.
  std::string date;
  // What exists at `date` (and was known at the `known_at` asked); null:
  // everything is present.
  std::shared_ptr<const Presence> presence;
  // Every remaining cut, sorted by option then action (an edge may be cut
  // by several jurisdictions at once).
  std::vector<Cut> cuts;
  // Per option: index into `cuts` of its first cut, or kNone when open.
  FirstCut first_cut;
  // Edges a license re-opened: (option, index into `applied` of the license).
  std::vector<std::pair<OptionIndex, uint32_t>> restored;
  // Per firm: index into `applied` of the ban, or kNone.
  std::vector<uint32_t> banned;
  // The jurisdiction rules' state for this scenario (de minimis shares,
  // direct-product paths), for explanations.
  Reach reach;

  bool is_cut(OptionIndex option) const { return first_cut[option] != kNone; }
};

// Applies `applied` to the model. `date` (YYYY-MM-DD or empty) is the day
// evaluated: actions out of force then do nothing (a license whose `until`
// is earlier has expired). `presence` (null: all present) masks what does
// not exist at that day; it should be the mask of `date`.
ScenarioCuts apply_actions(const SupplyGraph& graph, std::vector<AppliedAction> applied,
                           std::string date, std::shared_ptr<const Presence> presence = nullptr);
// The scenario's actions at `when.at` (empty: the scenario's own date),
// with the presence mask of that day and `when.known_at`.
ScenarioCuts apply_scenario(const SupplyGraph& graph, ScenarioIndex scenario,
                            const When& when = {});
// The day a scenario is evaluated at: `at`, or the scenario's date when
// `at` is empty (kNone: no scenario, `at` alone).
std::string evaluation_date(const Model& model, ScenarioIndex scenario, const std::string& at);

// Whether an approved license among `cuts.applied` by jurisdiction `by`,
// unexpired at `cuts.date`, matches `option`: an edge `by` would cut there
// stays open. (For cuts added on top of an evaluated scenario: what_if.h.)
bool licensed(const Model& model, const ScenarioCuts& cuts, OptionIndex option, Country by);

// A scenario that bans the given firms (an ad hoc blacklist), built on the
// fly. The returned actions must outlive the ScenarioCuts made from them.
std::vector<Action> blacklist_actions(std::span<const FirmIndex> firms);

// The jurisdiction that takes an action (`by`), or the empty Country for a ban.
Country action_actor(const ActionBody& body);

// "scenario 'el-2019-10' action 2 (entity_list by US)", or "blacklist".
std::string describe_action(const Model& model, const AppliedAction& applied);

}  // namespace decouple

#endif  // DECOUPLE_SCENARIO_H_
