#include "decouple/fault_tree.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <span>

#include "decouple/strong_components.h"

namespace decouple {

FaultTree::GateIndex FaultTree::item_gate(ItemIndex item) const {
  return item < item_gate_.size() ? item_gate_[item] : kNone;
}

FaultTree::GateIndex FaultTree::firm_gate(FirmIndex firm) const {
  return firm < firm_gate_.size() ? firm_gate_[firm] : kNone;
}

FaultTree::GateIndex FaultTree::link_gate(OptionIndex option) const {
  return option < link_gate_.size() ? link_gate_[option] : kNone;
}

std::vector<FirmIndex> FaultTree::firms_in_depth_first_order() const {
  std::vector<FirmIndex> order;
  for (GateIndex g : literals_in_depth_first_order())
    if (gates_[g].kind == Kind::kFirm) order.push_back(gates_[g].firm);
  return order;
}

std::vector<FaultTree::GateIndex> FaultTree::literals_in_depth_first_order() const {
  std::vector<GateIndex> order;
  std::vector<uint8_t> seen(gates_.size(), 0);
  std::vector<GateIndex> stack;
  for (auto it = targets_.rbegin(); it != targets_.rend(); ++it) {
    GateIndex g = item_gate(*it);
    if (g != kNone) stack.push_back(g);
  }
  // Targets were pushed in reverse so the first target is walked first.
  while (!stack.empty()) {
    GateIndex g = stack.back();
    stack.pop_back();
    if (seen[g]) continue;
    seen[g] = 1;
    if (gates_[g].kind == Kind::kFirm || gates_[g].kind == Kind::kLink) order.push_back(g);
    std::span<const GateIndex> in = inputs(g);
    for (auto it = in.rbegin(); it != in.rend(); ++it)
      if (!seen[*it]) stack.push_back(*it);
  }
  return order;
}

class FaultTreeBuilder {
 public:
  FaultTreeBuilder(const SupplyGraph& graph, const LossState& base, std::span<const uint8_t> candidate,
                   std::span<const uint8_t> uncertain)
      : model_(graph.model()), base_(base), candidate_(candidate), uncertain_(uncertain) {}

  FaultTree build(std::span<const ItemIndex> targets) {
    tree_.targets_.assign(targets.begin(), targets.end());
    tree_.item_gate_.assign(model_.items.size(), kNone);
    tree_.firm_gate_.assign(model_.firms.size(), kNone);
    if (!uncertain_.empty()) tree_.link_gate_.assign(model_.options.size(), kNone);
    add_gate(FaultTree::Kind::kFalse, {}, kNone, kNone);
    add_gate(FaultTree::Kind::kTrue, {}, kNone, kNone);
    tree_.groups_.push_back({0, 2, 0});
    for (ItemIndex t : targets) {
      // Lost, or not made at the base's date (presence.h): no blacklist needed.
      if (base_.dead(t)) {
        tree_.item_gate_[t] = FaultTree::kTrueGate;
        continue;
      }
      if (tree_.item_gate_[t] == kNone) strong_components_from(t);
    }
    tree_.group_of_.assign(tree_.gates_.size(), 0);
    for (uint32_t k = 0; k < tree_.groups_.size(); ++k) {
      const FaultTree::Group& group = tree_.groups_[k];
      for (uint32_t g = group.first; g < group.first + group.count; ++g) tree_.group_of_[g] = k;
    }
    return std::move(tree_);
  }

 private:
  using GateIndex = FaultTree::GateIndex;

  GateIndex add_gate(FaultTree::Kind kind, std::span<const GateIndex> inputs, ItemIndex item,
                     NeedIndex need) {
    FaultTree::Gate gate;
    gate.kind = kind;
    gate.first_input = static_cast<uint32_t>(tree_.inputs_.size());
    gate.input_count = static_cast<uint32_t>(inputs.size());
    gate.item = item;
    gate.need = need;
    tree_.inputs_.insert(tree_.inputs_.end(), inputs.begin(), inputs.end());
    tree_.gates_.push_back(gate);
    return static_cast<GateIndex>(tree_.gates_.size() - 1);
  }

  GateIndex literal(FirmIndex firm) {
    GateIndex& g = tree_.firm_gate_[firm];
    if (g == kNone) {
      g = add_gate(FaultTree::Kind::kFirm, {}, kNone, kNone);
      tree_.gates_[g].firm = firm;
    }
    return g;
  }

  GateIndex link_literal(OptionIndex option) {
    GateIndex& g = tree_.link_gate_[option];
    if (g == kNone) {
      g = add_gate(FaultTree::Kind::kLink, {}, kNone, kNone);
      tree_.gates_[g].option = option;
    }
    return g;
  }

  // Whether the need can die at all: critical, with a current option.
  bool counts(const Need& need) const {
    if (!need.critical) return false;
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
      if (model_.options[o].is_current()) return true;
    return false;
  }

  // Items whose loss can kill `item`'s critical needs, given the base state.
  void dependencies(ItemIndex item, std::vector<ItemIndex>& out) const {
    out.clear();
    const Item& i = model_.items[item];
    for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
      const Need& need = model_.needs[n];
      if (!counts(need)) continue;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        const Option& option = model_.options[o];
        if (!option.is_current() || base_.option_cut(o) || base_.option_absent(o) ||
            base_.lost(option.item))
          continue;
        out.push_back(option.item);
      }
    }
  }

  // Components complete suppliers first, which is the order gates must be
  // built in.
  void strong_components_from(ItemIndex root) {
    if (!components_) components_.emplace(static_cast<uint32_t>(model_.items.size()));
    components_->from(
        root,
        [&](ItemIndex item, std::vector<ItemIndex>& out) {
          dependencies(item, scratch_);
          out.insert(out.end(), scratch_.begin(), scratch_.end());
        },
        [&](std::span<const ItemIndex> members) { build_component(members); });
  }

  bool self_dependent(ItemIndex item) {
    dependencies(item, scratch_);
    return std::find(scratch_.begin(), scratch_.end(), item) != scratch_.end();
  }

  static void append_unique(std::vector<GateIndex>& list, GateIndex g) {
    if (std::find(list.begin(), list.end(), g) == list.end()) list.push_back(g);
  }

  // The inputs of item's OR gate. Gates of items in the current component
  // are its state gates (or not yet known, for acyclic components).
  std::vector<GateIndex> item_inputs(ItemIndex item) {
    std::vector<GateIndex> or_inputs;
    FirmIndex maker = model_.items[item].maker;
    if (candidate_[maker] && !base_.banned(maker)) or_inputs.push_back(literal(maker));
    const Item& i = model_.items[item];
    std::vector<GateIndex> and_inputs;
    for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
      const Need& need = model_.needs[n];
      if (!counts(need)) continue;
      and_inputs.clear();
      auto open = [&](OptionIndex o) {
        const Option& option = model_.options[o];
        return option.is_current() && !base_.option_cut(o) && !base_.option_absent(o) &&
               !base_.lost(option.item);
      };
      auto may_be_absent = [&](OptionIndex o) { return !uncertain_.empty() && uncertain_[o]; };
      // A certain option that never dies keeps the need alive: no gate at
      // all, and none built for the need's other options (a literal built
      // here but read by nothing would have no diagram level).
      bool never = false;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
        if (open(o) && !may_be_absent(o) && tree_.item_gate_[model_.options[o].item] == FaultTree::kFalseGate)
          never = true;
      if (never) continue;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        if (!open(o)) continue;
        GateIndex g = tree_.item_gate_[model_.options[o].item];
        assert(g != kNone);
        if (may_be_absent(o)) {
          // dead(o) = absent(o) OR lost(item(o)): a derived gate, built
          // before the need's AND that reads it.
          GateIndex link = link_literal(o);
          if (g == FaultTree::kFalseGate) {
            g = link;
          } else {
            GateIndex pair[2] = {link, g};
            g = add_gate(FaultTree::Kind::kOr, pair, kNone, kNone);
          }
        }
        if (g != FaultTree::kTrueGate) append_unique(and_inputs, g);
      }
      if (and_inputs.empty()) {
        // Every current option is already dead: the base state has the
        // item lost, and callers never build gates for lost items.
        assert(false);
        return {FaultTree::kTrueGate};
      }
      GateIndex need_gate = and_inputs.size() == 1
                                ? and_inputs[0]
                                : add_gate(FaultTree::Kind::kAnd, and_inputs, kNone, n);
      append_unique(or_inputs, need_gate);
    }
    return or_inputs;
  }

  void build_component(std::span<const ItemIndex> component) {
    GateIndex first = static_cast<GateIndex>(tree_.gates_.size());
    if (component.size() == 1 && !self_dependent(component[0])) {
      ItemIndex item = component[0];
      std::vector<GateIndex> or_inputs = item_inputs(item);
      GateIndex g;
      if (or_inputs.empty())
        g = FaultTree::kFalseGate;
      else if (or_inputs.size() == 1)
        g = or_inputs[0];
      else
        g = add_gate(FaultTree::Kind::kOr, or_inputs, item, kNone);
      tree_.item_gate_[item] = g;
      GateIndex end = static_cast<GateIndex>(tree_.gates_.size());
      if (end > first) tree_.groups_.push_back({first, end - first, 0});
      return;
    }
    // A supply cycle: state gates first, filled once the derived gates
    // they read exist.
    for (ItemIndex item : component)
      tree_.item_gate_[item] = add_gate(FaultTree::Kind::kOr, {}, item, kNone);
    std::vector<std::vector<GateIndex>> or_inputs;
    for (ItemIndex item : component) or_inputs.push_back(item_inputs(item));
    for (size_t k = 0; k < component.size(); ++k) {
      FaultTree::Gate& gate = tree_.gates_[tree_.item_gate_[component[k]]];
      std::vector<GateIndex>& in = or_inputs[k];
      in.erase(std::remove(in.begin(), in.end(), FaultTree::kFalseGate), in.end());
      gate.first_input = static_cast<uint32_t>(tree_.inputs_.size());
      gate.input_count = static_cast<uint32_t>(in.size());
      tree_.inputs_.insert(tree_.inputs_.end(), in.begin(), in.end());
    }
    GateIndex end = static_cast<GateIndex>(tree_.gates_.size());
    tree_.groups_.push_back({first, end - first, static_cast<uint32_t>(component.size())});
  }

  const Model& model_;
  const LossState& base_;
  std::span<const uint8_t> candidate_;
  std::span<const uint8_t> uncertain_;
  FaultTree tree_;
  std::optional<StrongComponents> components_;  // made on first use
  std::vector<ItemIndex> scratch_;
};

FaultTree build_fault_tree(const SupplyGraph& graph, const LossState& base,
                           std::span<const uint8_t> candidate, std::span<const ItemIndex> targets,
                           std::span<const uint8_t> uncertain) {
  return FaultTreeBuilder(graph, base, candidate, uncertain).build(targets);
}

}  // namespace decouple
