// The fault tree of "this item is lost", over firms cut off and, when
// asked, supply links absent as basic events.
//
// Under the propagation semantics (propagate.h) with a blacklist B of
// banned firms on top of a base state (a scenario already applied):
//
//   lost(i)  = banned(maker(i))  OR  OR over critical needs n of i that have
//              a current option of  AND over current options o of n of dead(o)
//   dead(o)  = cut(o) in the base state  OR  lost(item(o))
//
// and the answer is the least fixpoint of these equations (the greatest
// fixpoint of "producible"). With uncertain links (risk.h), an option
// marked uncertain may also be absent, which kills it like a cut:
//
//   dead(o)  = cut(o)  OR  absent(o)  OR  lost(item(o))
//
// A FaultTree is that system as AND/OR gates over one literal per
// candidate firm and per uncertain option: items lost in the base state are
// the constant TRUE, cut options are dropped from their AND (they are
// already dead), non-candidate firms are never banned. Acyclic parts are
// folded (constants propagated, one-input gates passed through).
//
// Supply cycles become cyclic groups: the strongly connected components of
// the items' dependencies, in an order where every group comes after the
// groups it depends on. Inside a cyclic group the first `state_count`
// gates are the items' gates ("state"); the others are derived from states
// and from earlier groups. evaluate() (below) solves each cyclic group by
// Jacobi iteration from "nothing lost": it reaches the least fixpoint after
// at most state_count + 1 passes, which is exactly what unfolding the cycle
// with "a dependency back onto an item on the current path is never lost"
// yields.
//
// build_fault_tree() costs O(items + needs + options) of the targets' cone.
// The tree references the model and the base state only while building.
#ifndef DECOUPLE_FAULT_TREE_H_
#define DECOUPLE_FAULT_TREE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "decouple/graph.h"
#include "decouple/propagate.h"

namespace decouple {

class FaultTree {
 public:
  enum class Kind : uint8_t { kFalse, kTrue, kFirm, kAnd, kOr, kLink };
  using GateIndex = uint32_t;
  static constexpr GateIndex kFalseGate = 0;
  static constexpr GateIndex kTrueGate = 1;

  struct Gate {
    Kind kind = Kind::kFalse;
    uint32_t first_input = 0;
    uint32_t input_count = 0;
    FirmIndex firm = kNone;  // kFirm: the firm cut off
    OptionIndex option = kNone;  // kLink: the supply link that is absent
    ItemIndex item = kNone;  // set on the gate built for "item lost"
    NeedIndex need = kNone;  // set on the AND gate built for a need
  };
  struct Group {
    GateIndex first = 0;
    uint32_t count = 0;
    uint32_t state_count = 0;  // > 0 only for cyclic groups
    bool cyclic() const { return state_count > 0; }
  };

  const std::vector<Gate>& gates() const { return gates_; }
  std::span<const GateIndex> inputs(GateIndex g) const {
    return {inputs_.data() + gates_[g].first_input, gates_[g].input_count};
  }
  // Evaluation order; group 0 holds the constants.
  const std::vector<Group>& groups() const { return groups_; }
  // The gate saying "item lost", or kNone for an item outside the tree.
  GateIndex item_gate(ItemIndex item) const;
  // The literal gate of a firm, or kNone when the firm is not in the tree.
  GateIndex firm_gate(FirmIndex firm) const;
  // The literal gate of an uncertain link, or kNone when it is not in the tree.
  GateIndex link_gate(OptionIndex option) const;
  const std::vector<ItemIndex>& targets() const { return targets_; }

  // Firms with a literal in the tree, in depth-first order from the targets
  // (inputs in order): a good BDD/ZBDD variable order, since firms that
  // meet in the same subtree get neighbouring levels.
  std::vector<FirmIndex> firms_in_depth_first_order() const;
  // Every literal gate (firms and links) in that same order.
  std::vector<GateIndex> literals_in_depth_first_order() const;

  // Index into groups() of the group holding gate g.
  uint32_t group_of(GateIndex g) const { return group_of_[g]; }

 private:
  friend class FaultTreeBuilder;
  std::vector<Gate> gates_;
  std::vector<GateIndex> inputs_;
  std::vector<Group> groups_;
  std::vector<uint32_t> group_of_;     // per gate: group index
  std::vector<GateIndex> item_gate_;   // per model item
  std::vector<GateIndex> firm_gate_;   // per model firm
  std::vector<GateIndex> link_gate_;   // per model option; empty without uncertain links
  std::vector<ItemIndex> targets_;
};

// `candidate[f]` says whether firm f may be cut off; a firm banned in
// `base` never is. `base` is the state the blacklist adds to.
// `uncertain[o]` (empty: none) says whether option o's link may be absent;
// it matters only for current options open in `base`.
FaultTree build_fault_tree(const SupplyGraph& graph, const LossState& base,
                           std::span<const uint8_t> candidate, std::span<const ItemIndex> targets,
                           std::span<const uint8_t> uncertain = {});

// Evaluates every gate bottom-up in an algebra with
//   Value zero(), one(), firm(FirmIndex), link(OptionIndex), conj(Value, Value),
//   disj(Value, Value)
// and equality on Value, calling after_gate(values, next_gate) after each
// acyclic gate and after each pass over a cyclic group (a chance to
// collect garbage: values[g] for g < next_gate are final). `values` ends
// with one value per gate.
template <typename Algebra>
void evaluate(const FaultTree& tree, Algebra& algebra, std::vector<typename Algebra::Value>& values) {
  using Value = typename Algebra::Value;
  using Kind = FaultTree::Kind;
  const auto& gates = tree.gates();
  values.assign(gates.size(), algebra.zero());
  auto gate_value = [&](FaultTree::GateIndex g) -> Value {
    const FaultTree::Gate& gate = gates[g];
    switch (gate.kind) {
      case Kind::kFalse: return algebra.zero();
      case Kind::kTrue: return algebra.one();
      case Kind::kFirm: return algebra.firm(gate.firm);
      case Kind::kLink: return algebra.link(gate.option);
      case Kind::kAnd: {
        Value v = algebra.one();
        for (FaultTree::GateIndex in : tree.inputs(g)) v = algebra.conj(v, values[in]);
        return v;
      }
      case Kind::kOr: {
        Value v = algebra.zero();
        for (FaultTree::GateIndex in : tree.inputs(g)) v = algebra.disj(v, values[in]);
        return v;
      }
    }
    return algebra.zero();
  };
  std::vector<Value> next_state;
  for (const FaultTree::Group& group : tree.groups()) {
    const FaultTree::GateIndex end = group.first + group.count;
    if (!group.cyclic()) {
      for (FaultTree::GateIndex g = group.first; g < end; ++g) {
        values[g] = gate_value(g);
        algebra.after_gate(values, g + 1);
      }
      continue;
    }
    // Jacobi passes from "nothing lost": derived gates from the previous
    // states, then every state from them; stop when no state changes.
    const FaultTree::GateIndex derived = group.first + group.state_count;
    for (;;) {
      for (FaultTree::GateIndex g = derived; g < end; ++g) values[g] = gate_value(g);
      next_state.clear();
      for (FaultTree::GateIndex g = group.first; g < derived; ++g) next_state.push_back(gate_value(g));
      bool changed = false;
      for (uint32_t k = 0; k < group.state_count; ++k) {
        if (!(next_state[k] == values[group.first + k])) changed = true;
        values[group.first + k] = next_state[k];
      }
      if (!changed) break;
      algebra.after_gate(values, group.first);
    }
    algebra.after_gate(values, end);
  }
}

// The plain Boolean algebra: which gates are true when exactly the firms
// with banned[f] != 0 are cut off and the links with absent[o] != 0 (empty:
// none) are absent. For tests and cross-checks.
struct BooleanAlgebra {
  using Value = uint8_t;
  std::span<const uint8_t> banned;
  std::span<const uint8_t> absent = {};
  Value zero() const { return 0; }
  Value one() const { return 1; }
  Value firm(FirmIndex f) const { return banned[f] ? 1 : 0; }
  Value link(OptionIndex o) const { return !absent.empty() && absent[o] ? 1 : 0; }
  Value conj(Value a, Value b) const { return a & b; }
  Value disj(Value a, Value b) const { return a | b; }
  void after_gate(std::vector<Value>&, FaultTree::GateIndex) const {}
};

}  // namespace decouple

#endif  // DECOUPLE_FAULT_TREE_H_
