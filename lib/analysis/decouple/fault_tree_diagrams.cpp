#include "decouple/fault_tree_diagrams.h"

#include <algorithm>

namespace decouple {
namespace {

// When each gate's value is last read: its last consumer, or the end of
// that consumer's cyclic group (which is read again on every pass).
// Targets are read at the very end.
std::vector<uint32_t> last_uses(const FaultTree& tree) {
  const auto& gates = tree.gates();
  std::vector<uint32_t> last(gates.size(), 0);
  for (FaultTree::GateIndex g = 0; g < gates.size(); ++g) {
    const FaultTree::Group& group = tree.groups()[tree.group_of(g)];
    uint32_t reader = group.cyclic() ? group.first + group.count : g;
    for (FaultTree::GateIndex in : tree.inputs(g)) last[in] = std::max(last[in], reader);
  }
  for (ItemIndex t : tree.targets()) {
    FaultTree::GateIndex g = tree.item_gate(t);
    if (g != kNone) last[g] = UINT32_MAX;
  }
  return last;
}

// While alive, reports the nodes `manager` makes as a live count (a gate
// can take minutes and its own count stands still meanwhile), every
// kNodesPerReport nodes made or looked up: by count, never by clock, so the reports are the
// same on every run. Stops on destruction, as the manager outlives the
// caller's Progress.
constexpr uint64_t kNodesPerReport = uint64_t{1} << 16;

template <typename Manager>
class NodeReports {
 public:
  NodeReports(Manager& manager, const Progress& progress) : manager_(manager) {
    if (progress)
      manager_.report_growth([&progress](uint64_t made) { progress("diagram nodes made", made, kNoTotal); },
                             kNodesPerReport);
  }
  ~NodeReports() { manager_.report_growth({}, kNodesPerReport); }
  NodeReports(const NodeReports&) = delete;
  NodeReports& operator=(const NodeReports&) = delete;

 private:
  Manager& manager_;
};

// Compacts the manager's table once it has doubled since the last time,
// dropping the values of gates nobody reads any more.
template <typename Manager>
class Collector {
 public:
  Collector(const FaultTree& tree, Manager& manager, size_t max_nodes, const Progress& progress,
            std::string_view stage)
      : last_use_(last_uses(tree)),
        manager_(manager),
        next_(std::max<size_t>(std::min<size_t>(max_nodes / 2, size_t{1} << 20), 1024)),
        progress_(progress),
        stage_(stage) {}

  void after_gate(std::vector<DdNode>& values, FaultTree::GateIndex next_gate) {
    // A cyclic group's passes report its start again: only forward steps.
    if (progress_ && next_gate > reported_) {
      reported_ = next_gate;
      progress_(stage_, next_gate, last_use_.size());
    }
    if (manager_.table().size() < next_) return;
    for (FaultTree::GateIndex g = 0; g < next_gate; ++g)
      if (last_use_[g] < next_gate) values[g] = 0;
    manager_.compact(values);
    next_ = std::max(next_, manager_.table().size() * 2);
  }

 private:
  std::vector<uint32_t> last_use_;
  Manager& manager_;
  size_t next_;
  const Progress& progress_;
  std::string_view stage_;
  FaultTree::GateIndex reported_ = 0;
};

struct ZbddAlgebra {
  using Value = DdNode;
  Zbdd& zbdd;
  const VariableOrder& order;
  uint32_t max_order;
  Collector<Zbdd> collector;

  Value zero() const { return Zbdd::kEmpty; }
  Value one() const { return Zbdd::kBase; }
  Value firm(FirmIndex f) { return max_order == 0 ? Zbdd::kEmpty : zbdd.singleton(order.level_of_firm[f]); }
  Value link(OptionIndex o) { return max_order == 0 ? Zbdd::kEmpty : zbdd.singleton(order.level_of_link[o]); }
  Value conj(Value a, Value b) { return zbdd.join(a, b, max_order); }
  Value disj(Value a, Value b) { return zbdd.unite(a, b); }
  void after_gate(std::vector<Value>& values, FaultTree::GateIndex next) {
    collector.after_gate(values, next);
  }
};

struct BddAlgebra {
  using Value = DdNode;
  Bdd& bdd;
  const VariableOrder& order;
  Collector<Bdd> collector;

  Value zero() const { return Bdd::kFalse; }
  Value one() const { return Bdd::kTrue; }
  Value firm(FirmIndex f) { return bdd.variable(order.level_of_firm[f]); }
  Value link(OptionIndex o) { return bdd.variable(order.level_of_link[o]); }
  Value conj(Value a, Value b) { return bdd.conj(a, b); }
  Value disj(Value a, Value b) { return bdd.disj(a, b); }
  void after_gate(std::vector<Value>& values, FaultTree::GateIndex next) {
    collector.after_gate(values, next);
  }
};

}  // namespace

VariableOrder VariableOrder::for_tree(const FaultTree& tree, size_t firm_count) {
  VariableOrder order;
  order.level_of_firm.assign(firm_count, kNone);
  // Literals no target reads (under a need some certain option keeps
  // alive) still get a level, last, since evaluate() computes every gate.
  std::vector<FaultTree::GateIndex> literals = tree.literals_in_depth_first_order();
  std::vector<uint8_t> placed(tree.gates().size(), 0);
  for (FaultTree::GateIndex g : literals) placed[g] = 1;
  for (FaultTree::GateIndex g = 0; g < tree.gates().size(); ++g) {
    FaultTree::Kind kind = tree.gates()[g].kind;
    if (!placed[g] && (kind == FaultTree::Kind::kFirm || kind == FaultTree::Kind::kLink)) literals.push_back(g);
  }
  for (FaultTree::GateIndex g : literals) {
    const FaultTree::Gate& gate = tree.gates()[g];
    uint32_t level = static_cast<uint32_t>(order.firm_at_level.size());
    order.firm_at_level.push_back(gate.kind == FaultTree::Kind::kFirm ? gate.firm : kNone);
    order.link_at_level.push_back(gate.kind == FaultTree::Kind::kLink ? gate.option : kNone);
    if (gate.kind == FaultTree::Kind::kFirm) {
      order.level_of_firm[gate.firm] = level;
    } else {
      if (order.level_of_link.size() <= gate.option) order.level_of_link.resize(gate.option + 1, kNone);
      order.level_of_link[gate.option] = level;
    }
  }
  return order;
}

CutSetFamilies minimal_cut_sets(const FaultTree& tree, size_t firm_count,
                                std::span<const FirmIndex> excluded, uint32_t max_order,
                                size_t max_nodes, const Progress& progress) {
  CutSetFamilies out;
  out.order = VariableOrder::for_tree(tree, firm_count);
  out.zbdd = std::make_unique<Zbdd>(static_cast<uint32_t>(out.order.firm_at_level.size()), max_nodes);
  NodeReports<Zbdd> reports(*out.zbdd, progress);
  ZbddAlgebra algebra{*out.zbdd, out.order, max_order, Collector<Zbdd>(tree, *out.zbdd, max_nodes, progress, "cut-set gates")};
  std::vector<DdNode> values;
  evaluate(tree, algebra, values);
  // Fixing each target's maker can cost more than the whole walk (one
  // offset per target over a shared diagram): a stage of its own.
  const size_t targets = tree.targets().size();
  for (size_t k = 0; k < targets; ++k) {
    if (progress) progress("cut-set targets", k, targets);
    DdNode f = values[tree.item_gate(tree.targets()[k])];
    FirmIndex x = excluded.empty() ? kNone : excluded[k];
    if (x != kNone && out.order.level_of_firm[x] != kNone)
      f = out.zbdd->offset(f, out.order.level_of_firm[x]);
    out.family.push_back(f);
  }
  if (progress) progress("cut-set targets", targets, targets);
  return out;
}

TargetFunctions target_functions(const FaultTree& tree, size_t firm_count,
                                 std::span<const FirmIndex> excluded, size_t max_nodes,
                                 const Progress& progress) {
  TargetFunctions out;
  out.order = VariableOrder::for_tree(tree, firm_count);
  out.bdd = std::make_unique<Bdd>(static_cast<uint32_t>(out.order.firm_at_level.size()), max_nodes);
  NodeReports<Bdd> reports(*out.bdd, progress);
  BddAlgebra algebra{*out.bdd, out.order, Collector<Bdd>(tree, *out.bdd, max_nodes, progress, "probability gates")};
  std::vector<DdNode> values;
  evaluate(tree, algebra, values);
  const size_t targets = tree.targets().size();
  for (size_t k = 0; k < targets; ++k) {
    if (progress) progress("probability targets", k, targets);
    DdNode f = values[tree.item_gate(tree.targets()[k])];
    FirmIndex x = excluded.empty() ? kNone : excluded[k];
    if (x != kNone && out.order.level_of_firm[x] != kNone)
      f = out.bdd->restrict(f, out.order.level_of_firm[x], false);
    out.function.push_back(f);
  }
  if (progress) progress("probability targets", targets, targets);
  return out;
}

}  // namespace decouple
