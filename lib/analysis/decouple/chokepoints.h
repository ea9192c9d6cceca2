// Chokepoints: the smallest sets of firms whose cut-off takes an item down
// (minimal blacklists, the minimal cut sets of fault-tree analysis), single
// points of failure for every item at once, and the damage each firm does
// when cut off alone.
//
// A blacklist bans firms (as the `ban` action does) on top of a base state:
// nothing, or a scenario already applied. Candidates are the firms that may
// be blacklisted: every firm, or with `by` J only firms making an item that
// is subject to J on some supply edge (what J alone could do); never a firm
// the scenario already bans, and never the target's own maker (a vendor is
// not its own supplier). A target lost in the base state has one minimal
// blacklist, the empty one.
//
// Blacklists come from the target's fault tree (fault_tree.h) as ZBDD
// families (zbdd.h), cut off at `max_order` firms. Every set returned is
// checked by replaying the propagation (LossState) on the target's cone:
// the set loses the target and no set with one firm fewer does. Sets left
// out by the order limit are counted per order from the full family when
// that fits in the node budget; otherwise the report says they were not
// counted. Cost: exponential in the worst case, like any exact cut-set
// method; in practice proportional to the ZBDD sizes (docs/algorithms.md).
// Failures (node budget exceeded, a failed verification) come back as
// diagnostics, never as a crash.
#ifndef DECOUPLE_CHOKEPOINTS_H_
#define DECOUPLE_CHOKEPOINTS_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "decouple/diagnostic.h"
#include "decouple/graph.h"
#include "decouple/progress.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"
#include "decouple/zbdd.h"

namespace decouple {

// What may be cut off, from which state. Holds the base LossState.
class Chokepoints {
 public:
  // `cuts` is the base state (apply_actions with no actions for none),
  // copied; `graph` and the actions `cuts` points to must outlive this object.
  Chokepoints(const SupplyGraph& graph, const ScenarioCuts& cuts, std::optional<Country> by);

  const SupplyGraph& graph() const { return graph_; }
  const Model& model() const { return graph_.model(); }
  const ScenarioCuts& cuts() const { return cuts_; }
  const LossState& base() const { return base_; }
  std::optional<Country> by() const { return by_; }
  // Per firm: 1 when it may be blacklisted.
  std::span<const uint8_t> candidates() const { return candidate_; }
  size_t candidate_count() const;

 private:
  const SupplyGraph& graph_;
  ScenarioCuts cuts_;
  std::optional<Country> by_;
  LossState base_;
  std::vector<uint8_t> candidate_;
};

// Replays the propagation on the part of the model a target depends on, to
// check blacklists independently of the fault tree. Building costs
// O(cone); each replay O(cone).
class ConeReplay {
 public:
  ConeReplay(const SupplyGraph& graph, const LossState& base, ItemIndex target);
  ~ConeReplay();
  ConeReplay(const ConeReplay&) = delete;
  ConeReplay& operator=(const ConeReplay&) = delete;
  // Whether the target is lost once `banned` are cut off on top of the base.
  bool lost_with(std::span<const FirmIndex> banned);
  size_t cone_items() const;

 private:
  struct Cone;
  std::unique_ptr<Cone> cone_;
};

struct BlacklistOptions {
  uint32_t max_order = 3;                // largest blacklist listed
  size_t max_nodes = kDefaultMaxNodes;   // decision-diagram node budget
  bool count_left_out = true;            // count the sets beyond max_order
  bool verify = true;                    // replay every set (ConeReplay)
  Progress progress;                     // optional: diagram gates, then targets verified
};

struct TargetBlacklists {
  ItemIndex target = kNone;
  bool already_lost = false;  // lost in the base state: the empty blacklist
  // Minimal blacklists up to max_order: each sorted by firm id; sorted by
  // size, then ids.
  std::vector<std::vector<FirmIndex>> sets;
  // Per order (index = number of firms): minimal blacklists of every size,
  // when counted (saturating at UINT64_MAX); empty when not counted.
  std::vector<uint64_t> all_by_order;
  bool counted = false;
};

struct BlacklistReport {
  uint32_t max_order = 0;
  size_t candidates = 0;
  std::vector<TargetBlacklists> targets;  // in the order asked
  // Why sets beyond max_order were not counted (empty when they were).
  std::string not_counted;
  size_t verified = 0;  // sets replayed
};

Result<BlacklistReport> minimal_blacklists(const Chokepoints& chokepoints,
                                           std::span<const ItemIndex> targets,
                                           const BlacklistOptions& options = {});

// What cutting off one firm alone does (beyond the base state), not
// counting the firm's own items.
struct FirmDamage {
  FirmIndex firm = kNone;
  std::vector<ItemIndex> items;  // items of other firms lost, sorted by id
  size_t vendors = 0;            // firms losing at least one item
  double value = 0;              // sum of `value` over those items that give one
  size_t valued = 0;             // how many of them give a value
};

struct SpofOptions {
  size_t max_nodes = kDefaultMaxNodes;
  // Re-derive every firm's damage by propagating its ban over the whole
  // model and require it to match the order-1 sets exactly.
  bool verify = true;
  Progress progress;  // optional: diagram gates, then firms
};

struct ItemSpof {
  ItemIndex item = kNone;
  std::vector<FirmIndex> firms;  // each alone takes the item down; sorted by id
};

struct SpofReport {
  size_t candidates = 0;
  std::vector<ItemSpof> items;        // items with at least one, by maker id then item id
  std::vector<FirmDamage> damage;     // every candidate, most items lost first, then id
  size_t already_lost = 0;            // items lost in the base state (left out)
  bool verified = false;
};

// Single points of failure of every item not lost in the base state.
Result<SpofReport> single_points_of_failure(const Chokepoints& chokepoints,
                                            const SpofOptions& options = {});

// The items of other firms lost when `firm` alone is cut off, by
// propagation over the whole model: O(model).
FirmDamage damage_by_propagation(const Chokepoints& chokepoints, FirmIndex firm, LossState& scratch);

}  // namespace decouple

#endif  // DECOUPLE_CHOKEPOINTS_H_
