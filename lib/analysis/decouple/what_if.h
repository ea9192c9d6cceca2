// Incremental what-if questions on top of an evaluated scenario.
//
// A WhatIf evaluates a base scenario once (a LossState), then answers "and
// if this firm were cut off too?" by applying the extra cut to that state,
// measuring what it changed, and rolling back through the state's undo log
// (LossState::mark/rollback). Each question costs time proportional to
// what the extra cut reaches — the items it loses and the edges out of
// them — not to the model, which is what makes rankings and sweeps over
// every firm of a million-item model affordable.
//
// Semantics are exactly those of evaluating the base scenario's actions
// plus one more action from scratch (tests check this on random models):
//   ban(firms)            = a `ban` action: the firms supply nobody;
//   entity_list(by, firm) = `entity_list: {by, add: [firm]}`: edges into
//                           the firm from items subject to `by` are cut,
//                           unless one of the base's licenses by `by`
//                           re-opens them. Which items are subject to `by`
//                           is the rules engine's answer for the base
//                           scenario (its Reach).
// The graph and the base cuts must outlive the WhatIf. One WhatIf is not
// thread-safe; give each thread its own (copying one copies its state).
#ifndef DECOUPLE_WHAT_IF_H_
#define DECOUPLE_WHAT_IF_H_

#include <cstdint>
#include <span>
#include <vector>

#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple {

// What an extra cut changed, beyond the base scenario.
struct WhatIfEffect {
  uint32_t items_lost = 0;      // items lost now that were producible in the base
  uint32_t firms_affected = 0;  // firms making at least one of those items
  double value_lost = 0;        // sum of the given `value` of those items
  uint32_t edges_cut = 0;       // supply edges the extra action cut (entity listing)
};

class WhatIf {
 public:
  // Evaluates `base` once: O(model).
  WhatIf(const SupplyGraph& graph, const ScenarioCuts& base);

  WhatIfEffect ban(std::span<const FirmIndex> firms);
  WhatIfEffect ban(FirmIndex firm) { return ban(std::span<const FirmIndex>(&firm, 1)); }
  WhatIfEffect entity_list(Country by, FirmIndex firm);

  // For callers that need more than the summary: apply() the extra cut,
  // read state() (lost_since_mark() lists the newly lost items), then undo().
  void apply_ban(std::span<const FirmIndex> firms);
  uint32_t apply_entity_list(Country by, FirmIndex firm);  // returns edges cut
  void undo() { state_.rollback(); }
  // The base state, plus the extra cut between apply_*() and undo().
  const LossState& state() const { return state_; }

 private:
  WhatIfEffect measure(uint32_t edges_cut);

  const SupplyGraph* graph_;
  const ScenarioCuts* base_;
  LossState state_;
  // firm_seen_[f] == epoch_: firm f already counted in this question.
  std::vector<uint32_t> firm_seen_;
  uint32_t epoch_ = 0;
};

}  // namespace decouple

#endif  // DECOUPLE_WHAT_IF_H_
