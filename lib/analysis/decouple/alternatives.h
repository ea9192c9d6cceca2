// Recovery plans: how a vendor could make a lost item again.
//
// The supply model is an AND-OR graph: an item needs ALL of its critical
// needs, a need is met by ANY of its options. Once a scenario is evaluated
// (LossState), every lost item whose maker is not banned has *blocking
// needs*: critical needs left without a live current option. A recovery
// plan for a lost item chooses, for each blocking need, one *usable* option
// (its edge not cut by the scenario, its supplier allowed by the
// constraints; current or `status: alternative`) whose supplied item is
// either live or has a recovery plan of its own. A plan is therefore a tree
// (a hyperpath) and never depends on the item it recovers. Needs that still
// have a live current option cost nothing and are not part of the plan.
//
// What a plan achieves (PlanValue), composed along the tree:
//   time        months until the item is made again: the maximum over its
//               blocking needs of (chosen option's lead_time + the supplied
//               item's own recovery time); 0 for a live item.
//   capability  the minimum over the tree of the chosen options' capability.
//   cost        the cost premium as a fraction of the item's unit value: per
//               blocking need, its cost weight (need_cost_weights) times
//               (max(0, cost - 1) of the chosen option + the supplied item's
//               own premium). A sub-plan used by two needs counts twice (a
//               tree, not a DAG).
// An objective is a lexicographic order of the three criteria (time first,
// then capability, then cost, by default): the plan chosen is optimal on
// the first criterion, then on the second among those, and so on, over
// every plan. Max and min do not keep that order through combination (a
// need with slack under the max may take a slower, cheaper option), so no
// local tie-breaking finds it. The search keeps, per node, every plan not
// dominated on all three criteria (exact multi-criteria label setting,
// labels popped in the objective's order) and takes, per item, the first
// plan settled: the lexicographic optimum. The pareto objective returns the
// whole front, at most `max_plans` per node; an item whose front may have
// lost plans to that bound is reported as truncated. docs/algorithms.md
// has the argument and the cost.
//
// An item that cannot be recovered still gets a *partial plan* when it is
// lost, its maker is not banned and it has blocking needs: the best plan
// over the blocking needs that can be met, and the list of those that
// cannot (explain_unrecoverable() says why).
//
// Everything is computed from the model, the cuts and the evaluated loss
// state, which must outlive nothing here: Recovery owns plain indexes.
// Neither function fails: an item without a feasible plan is unrecoverable,
// and explain_unrecoverable() says why.
#ifndef DECOUPLE_ALTERNATIVES_H_
#define DECOUPLE_ALTERNATIVES_H_

#include <array>
#include <cstdint>
#include <string>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "decouple/graph.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple {

enum class Objective : uint8_t { kTime, kCapability, kCost, kPareto };
std::string_view to_string(Objective objective);
std::optional<Objective> parse_objective(std::string_view text);

// A lexicographic objective: the three criteria (kTime, kCapability,
// kCost), each once, most important first.
using ObjectiveOrder = std::array<Objective, 3>;
// The criteria given (each at most once, no kPareto), followed by the ones
// left out in the order time, capability, cost.
ObjectiveOrder complete_order(std::span<const Objective> given);
// "pareto", or one to three distinct criteria separated by commas
// ("time", "cost,time", "capability,cost,time"). On error, nullopt and
// `error` says what is wrong.
std::optional<std::vector<Objective>> parse_objective_list(std::string_view text, std::string& error);
// "time,capability,cost" / "pareto".
std::string objective_text(std::span<const Objective> objectives);

struct PlanValue {
  double time = 0;        // months
  double capability = 1;  // 0..1
  double cost = 0;        // premium, a fraction of the item's unit value, >= 0

  bool operator==(const PlanValue&) const = default;
};

// Whether `a` is lexicographically better than `b` under `order`
// (less time, more capability, less cost).
bool lexicographically_better(const ObjectiveOrder& order, const PlanValue& a, const PlanValue& b);

// Per need: the weight of its cost premium in its item's, i.e. its `share`
// of the item's value; needs of an item without a share split equally what
// the given shares leave (all needs, means included).
std::vector<double> need_cost_weights(const Model& model);

// Limits on the options a plan may choose for a blocking need (current or
// alternative alike). Needs still met today keep their suppliers whatever
// these say.
struct RecoveryConstraints {
  // When non-empty: only suppliers (the maker of the supplied item) whose
  // country is one of these. Sorted (find_recovery_plans sorts its copy).
  std::vector<Country> domestic;
  // Suppliers never to choose. Sorted (find_recovery_plans sorts its copy).
  std::vector<FirmIndex> excluded;
  // Options with a longer lead_time (months) are not chosen; < 0: no limit.
  double max_lead_time = -1;
  // When a blocking need can be met again through one of its current
  // options (its supplier's item live or recoverable), alternatives are not
  // considered for it: the vendor waits for its current supplier. Unless
  // that supplier could only come back through the very item that needs it
  // (a cycle): then the need keeps its alternatives, so that no item
  // recoverable without this flag becomes unrecoverable with it.
  bool keep_current = false;
};

struct RecoveryOptions {
  // The first criterion, or kPareto.
  Objective objective = Objective::kTime;
  // Further criteria in priority order (none with kPareto); the missing
  // ones follow as complete_order() says.
  std::vector<Objective> then;
  RecoveryConstraints constraints;
  // Pareto only: the most plans kept per item (and per need); at least 1.
  uint32_t max_plans = 8;
  // When non-empty: plans are wanted only for these items. The search then
  // covers only the lost items they can draw on (through any option of a
  // blocking need, transitively): their plans are the same as without the
  // restriction, and every other item gets no plan, partial or full.
  std::vector<ItemIndex> roots;
  // Per option, or empty: months before the option can be used at all (its
  // supplier is not yet introduced: trajectory.h). A plan through it takes
  // the longer of this and its lead_time; --max-lead-time still reads the
  // lead time alone.
  std::vector<double> wait;
};

// One blocking need met again: the option chosen and, when the supplied
// item is itself lost, the plan that recovers it.
struct PlanStep {
  NeedIndex need = kNone;
  OptionIndex option = kNone;
  uint32_t sub_plan = kNone;  // index into Recovery::plan(); kNone: the item is live
};

// A plan; partial when some blocking needs cannot be met at all: then
// `steps` covers the others, `value` is theirs, and `blocked` lists the
// rest (a partial plan is never a sub-plan).
struct Plan {
  ItemIndex item = kNone;
  PlanValue value;
  std::vector<PlanStep> steps;     // one per blocking need met, in model order
  std::vector<NeedIndex> blocked;  // blocking needs no option can meet, in model order

  bool partial() const { return !blocked.empty(); }
};

// What the search did, for benchmarks: machine-independent evidence that
// the work grows linearly with the graph.
struct SearchStats {
  uint64_t options_examined = 0;  // options looked at (of blocking needs, naming lost items)
  uint64_t heap_pushes = 0;       // heap entries (candidate labels for pareto)
};

class Recovery {
 public:
  Objective objective() const { return objective_; }
  // The full lexicographic order (for pareto: the order of the front).
  const ObjectiveOrder& order() const { return order_; }
  const RecoveryOptions& options() const { return options_; }

  // Plans recovering `item`: the optimal one for a single objective, the
  // non-dominated front (fastest first) for pareto. Empty when the item is
  // live or unrecoverable.
  std::span<const uint32_t> plans_of(ItemIndex item) const {
    return {item_plans_.data() + plan_start_[item], plan_start_[item + 1] - plan_start_[item]};
  }
  const Plan& plan(uint32_t index) const { return plans_[index]; }
  size_t plan_count() const { return plans_.size(); }

  bool recoverable(ItemIndex item) const { return plan_start_[item + 1] > plan_start_[item]; }
  // Partial plans of a lost, unrecoverable item whose maker is not banned:
  // the best one (pareto: the front over the needs that can be met).
  // Empty for every other item.
  std::span<const uint32_t> partial_plans_of(ItemIndex item) const {
    auto it = partial_.find(item);
    if (it == partial_.end()) return {};
    return it->second;
  }
  // Weight of each need's premium (need_cost_weights).
  double cost_weight(NeedIndex need) const { return cost_weight_[need]; }
  // Pareto: a node the item's plans depend on hit max_plans, so the front
  // may miss non-dominated plans (its fastest time is still exact).
  bool truncated(ItemIndex item) const { return !truncated_.empty() && truncated_[item]; }
  // Whether `need` is a blocking need of a lost, not banned item.
  bool blocking(NeedIndex need) const { return blocking_[need]; }
  const SearchStats& stats() const { return stats_; }

 private:
  friend class RecoveryBuilder;
  Objective objective_ = Objective::kTime;
  ObjectiveOrder order_ = {Objective::kTime, Objective::kCapability, Objective::kCost};
  RecoveryOptions options_;
  std::vector<double> cost_weight_;    // per need
  std::unordered_map<ItemIndex, std::vector<uint32_t>> partial_;  // item -> partial plans
  std::vector<uint8_t> blocking_;      // per need
  std::vector<uint32_t> plan_start_;   // per item + 1, into item_plans_
  std::vector<uint32_t> item_plans_;
  std::vector<Plan> plans_;
  std::vector<uint8_t> truncated_;     // per item; empty unless pareto
  SearchStats stats_;
};

// Plans for every lost item. Cost: O(L E log(L E)) with E the options of
// blocking needs plus the options naming lost items and L the largest
// number of plans kept at one node (the front's size; at most max_plans
// for pareto). See docs/algorithms.md.
Recovery find_recovery_plans(const SupplyGraph& graph, const LossState& state,
                             const RecoveryOptions& options);

// Why an option cannot meet a blocking need. Several reasons may hold at
// once; `sub_item` is set only when no other reason does.
struct OptionFailure {
  OptionIndex option = kNone;
  uint32_t cut = kNone;             // first cut of the edge: index into ScenarioCuts::cuts
  bool excluded = false;            // supplier named by --exclude
  bool not_domestic = false;        // supplier's country outside --domestic
  bool too_slow = false;            // lead_time above --max-lead-time
  uint32_t supplier_banned = kNone; // the supplier is banned: index into ScenarioCuts::applied
  uint32_t sub_item = kNone;        // the supplied item is unrecoverable: index into Blockage::items
  bool absent = false;              // the link does not exist at the evaluated date (presence.h)

  bool direct() const {
    return cut != kNone || excluded || not_domestic || too_slow || supplier_banned != kNone ||
           absent;
  }
};

struct BlockedNeed {
  NeedIndex need = kNone;
  std::vector<OptionFailure> options;  // every option of the need, in model order
};

struct BlockedItem {
  ItemIndex item = kNone;
  uint32_t maker_banned = kNone;   // index into ScenarioCuts::applied of the ban, if banned
  std::vector<BlockedNeed> needs;  // the blocking needs no option can meet
};

// The explanation of unrecoverable items: each item reached (the ones asked
// about and the sub-items that block them) is listed once and referred to
// by index, so shared and cyclic dependencies cost nothing extra. Linear in
// the part of the graph it covers.
struct Blockage {
  std::vector<BlockedItem> items;
  std::unordered_map<ItemIndex, uint32_t> index;  // item -> position in items

  uint32_t find(ItemIndex item) const {
    auto it = index.find(item);
    return it == index.end() ? kNone : it->second;
  }
};

// What makes `option` unusable under the constraints (whose lists must be
// sorted), ignoring whether its supplied item can be recovered.
OptionFailure check_option(const Model& model, const ScenarioCuts& cuts,
                           const RecoveryConstraints& constraints, OptionIndex option);

// Explains every item of `items` that is lost and unrecoverable under
// `recovery` (others are skipped); with one item, it is items[0].
Blockage explain_unrecoverable(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               const LossState& state, const Recovery& recovery,
                               std::span<const ItemIndex> items);
Blockage explain_unrecoverable(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               const LossState& state, const Recovery& recovery, ItemIndex item);

// Per vendor: its lost items (among `items`) and how far plans bring them
// back. For pareto, each figure is the best over the item's front.
struct VendorRecovery {
  FirmIndex firm = kNone;
  std::vector<ItemIndex> items;          // lost items of the firm, in the order given
  std::vector<ItemIndex> unrecoverable;  // subset of items
  size_t recoverable = 0;
  double months = 0;      // max over recoverable items of the fastest plan's time
  double capability = 1;  // min over recoverable items of the best capability
  double cost = 0;        // sum over recoverable items of the cheapest premium
  bool truncated = false;
};

// Groups the lost ones among `items` by maker, firms sorted by id.
std::vector<VendorRecovery> summarize_recovery(const Model& model, const LossState& state,
                                               const Recovery& recovery,
                                               std::span<const ItemIndex> items);

}  // namespace decouple

#endif  // DECOUPLE_ALTERNATIVES_H_
