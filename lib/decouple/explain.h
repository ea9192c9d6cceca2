// Explanations: the reason chain behind a lost or degraded item.
//
// explain_item() walks back from an item through the need that died, each
// of that need's current options, and for each option either the action
// that cut its edge (with the rule that made the supplied item subject to
// the actor) or the loss of the supplied item, recursively, down to the
// scenario actions. Items are lost in a definite order and a killing need's
// options all died before the item did, so the walk only goes back in time
// and always ends, cycles included. An item reached twice is expanded once;
// the second time the chain says "see above". Cost: linear in the part of
// the graph the explanation covers.
//
// At a date (presence.h), an item not made then is not lost: its
// explanation is one kItemAbsent node (not yet made, or gone, at the
// date), and an option absent then is a kOptionAbsent leaf, never a cut.
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
    kItemAbsent,      // item: not made at the evaluated date (not yet, or gone)
    kOptionAbsent,    // option: the link does not exist at the evaluated date
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
};

Explanation explain_item(const SupplyGraph& graph, const ScenarioCuts& cuts,
                         const LossState& state, ItemIndex item);

}  // namespace decouple

#endif  // DECOUPLE_EXPLAIN_H_
