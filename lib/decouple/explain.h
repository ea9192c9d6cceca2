// Explanations: the reason chain behind a lost or degraded item.
//
// explain_item() walks back from an item through every critical need that
// died (the one that killed it first), each of those needs' current
// options, and for each option either the action that cut its edge (with
// the rule that made the supplied item subject to the actor) or the loss
// of the supplied item, recursively, down to the scenario actions. An item
// reached twice is expanded once; the second time the chain says "see
// above", so the walk always ends, cycles included (a need that died after
// the item, through its own loss, leads back to it as "see above"). Cost:
// linear in the part of the graph the explanation covers.
#ifndef DECOUPLE_EXPLAIN_H_
#define DECOUPLE_EXPLAIN_H_

#include <vector>

#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple {

struct Reason {
  enum class Kind : uint8_t {
    kItemLost,        // item: lost; children say why
    kItemLive,        // item: still made; children list degraded needs
    kMakerBanned,     // item's maker banned; action = applied index
    kNeedDead,        // need: no live current option left
    kNeedDegraded,    // need: some current options dead, some live
    kOptionCut,       // option: edge cut; cut = index into ScenarioCuts::cuts
    kOptionItemLost,  // option: supplied item lost; child = that item
    kOptionLive,      // option: still live (shown under degraded needs)
    kSeeAbove,        // item already explained earlier in this chain
  };
  Kind kind = Kind::kItemLost;
  ItemIndex item = kNone;
  NeedIndex need = kNone;
  OptionIndex option = kNone;
  uint32_t cut = kNone;
  uint32_t action = kNone;
  std::vector<uint32_t> children;  // indexes into Explanation::reasons
};

struct Explanation {
  std::vector<Reason> reasons;  // reasons[0] is the root
  // A lost root's critical needs without a live current option, the one
  // that killed it first; each is a kNeedDead child of every lost item's
  // node (empty for a live or banned-maker root).
  std::vector<NeedIndex> dead_needs;
};

Explanation explain_item(const SupplyGraph& graph, const ScenarioCuts& cuts,
                         const LossState& state, ItemIndex item);

}  // namespace decouple

#endif  // DECOUPLE_EXPLAIN_H_
