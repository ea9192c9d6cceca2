// Explanations: the reason chain behind a lost or degraded item.
//
// explain_item() walks back from an item through every critical need that
// died (the one that killed it first), each of those needs' current options, and for each option either the action
// that cut its edge (with the rule that made the supplied item subject to
// the actor) or the loss of the supplied item, recursively, down to the
// scenario actions. Items are lost in a definite order and a killing need's
// options all died before the item did, so the walk only goes back in time
// and always ends, cycles included.
//
// The result is a graph of reasons, not a tree: each lost item has one
// kItemLost node, and every option whose supplied item is lost points at
// that one node. So an explanation (of one item, or of every lost item at
// once with explain_items) holds each reason once and its size is linear
// in the part of the model it covers, however deep the chains run; a tree
// would repeat a shared chain under every item that depends on it (a chain
// model of n items: n^2 nodes, n^3 bytes once indented). Readers that show
// a tree (render_explanation) print a shared node in full the first time
// and as "see above" after. Nothing here recurses: the walk keeps its own
// stack. Cost: linear in the part of the graph the explanation covers.
//
// At a date (presence.h), an item not made then is not lost: its
// explanation is one kItemAbsent node (not yet made, or gone, at the
// date), and an option absent then is a kOptionAbsent leaf, never a cut.
#ifndef DECOUPLE_EXPLAIN_H_
#define DECOUPLE_EXPLAIN_H_

#include <span>
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
    kSeeAbove,        // never built: the tree view's name for a node shown before
    kItemAbsent,      // item: not made at the evaluated date (not yet, or gone)
    kOptionAbsent,    // option: the link does not exist at the evaluated date
  };
  Kind kind = Kind::kItemLost;
  ItemIndex item = kNone;
  NeedIndex need = kNone;
  OptionIndex option = kNone;
  uint32_t cut = kNone;
  uint32_t action = kNone;
  // Indexes into Explanation::reasons. Only kItemLost nodes have more
  // than one parent; a child may sit before its parent in the list.
  std::vector<uint32_t> children;
};

struct Explanation {
  std::vector<Reason> reasons;
  // The node of each explained item, in the order asked; explain_item's
  // root is roots[0] (= 0).
  std::vector<uint32_t> roots;
  // A lost root's critical needs without a live current option, the one
  // that killed it first; each is a kNeedDead child of every lost item's
  // node (empty for a live or banned-maker root).
  std::vector<NeedIndex> dead_needs;
};

Explanation explain_item(const SupplyGraph& graph, const ScenarioCuts& cuts,
                         const LossState& state, ItemIndex item);
// Several items in one shared graph: a reason common to many of them (a
// lost chip under a hundred products) is held once.
Explanation explain_items(const SupplyGraph& graph, const ScenarioCuts& cuts,
                          const LossState& state, std::span<const ItemIndex> items);

}  // namespace decouple

#endif  // DECOUPLE_EXPLAIN_H_
