#include "decouple/explain.h"

#include <algorithm>
#include <utility>

namespace decouple {
namespace {

Reason make_reason(Reason::Kind kind, ItemIndex item, NeedIndex need = kNone) {
  Reason r;
  r.kind = kind;
  r.item = item;
  r.need = need;
  return r;
}

class Explainer {
 public:
  Explainer(const SupplyGraph& graph, const ScenarioCuts& cuts, const LossState& state)
      : model_(graph.model()), cuts_(cuts), state_(state), item_node_(model_.items.size(), kNone) {}

  void add_root(ItemIndex item) {
    if (state_.absent(item))
      out_.roots.push_back(add(make_reason(Reason::Kind::kItemAbsent, item, state_.killing_need(item))));
    else
      out_.roots.push_back(state_.lost(item) ? lost_item(item) : live_item(item));
  }
  Explanation take() { return std::move(out_); }

 private:
  uint32_t add(Reason r) {
    out_.reasons.push_back(std::move(r));
    return static_cast<uint32_t>(out_.reasons.size() - 1);
  }
  void attach(uint32_t parent, uint32_t child) { out_.reasons[parent].children.push_back(child); }

  // Explicit stack: a chain of losses can be as long as the model is deep.
  // Items are expanded when popped, children pushed in reverse, so nodes
  // are numbered in the depth-first order a reader walks the printed tree.
  // An item already expanded (here or for an earlier root) is linked, not
  // built again. Returns the root item's node.
  uint32_t lost_item(ItemIndex root) {
    struct Pending {
      uint32_t parent;  // option node to hang the item under; kNone for the root
      ItemIndex item;
    };
    std::vector<Pending> pending = {{kNone, root}};
    uint32_t root_node = kNone;
    while (!pending.empty()) {
      auto [parent, item] = pending.back();
      pending.pop_back();
      if (item_node_[item] != kNone) {
        if (parent == kNone)
          root_node = item_node_[item];
        else
          attach(parent, item_node_[item]);
        continue;
      }
      uint32_t node = add(make_reason(Reason::Kind::kItemLost, item));
      item_node_[item] = node;
      if (parent == kNone)
        root_node = node;
      else
        attach(parent, node);
      NeedIndex killing = state_.killing_need(item);
      if (killing == kNone) {
        Reason banned = make_reason(Reason::Kind::kMakerBanned, item);
        banned.action = cuts_.banned[model_.items[item].maker];
        attach(node, add(std::move(banned)));
        continue;
      }
      // Every dead critical need, the one that killed the item first.
      std::vector<NeedIndex> dead = dead_needs(item);
      if (parent == kNone) out_.dead_needs = dead;
      size_t first_pending = pending.size();
      for (NeedIndex need : dead) {
        uint32_t need_node = add(make_reason(Reason::Kind::kNeedDead, item, need));
        attach(node, need_node);
        const Need& n = model_.needs[need];
        for (OptionIndex o = n.first_option; o < n.first_option + n.option_count; ++o) {
          if (!model_.options[o].is_current()) continue;
          uint32_t child = option_reason(o);
          attach(need_node, child);
          if (out_.reasons[child].kind == Reason::Kind::kOptionItemLost)
            pending.push_back({child, model_.options[o].item});
        }
      }
      std::reverse(pending.begin() + static_cast<std::ptrdiff_t>(first_pending), pending.end());
    }
    return root_node;
  }

  std::vector<NeedIndex> dead_needs(ItemIndex item) const {
    NeedIndex killing = state_.killing_need(item);
    std::vector<NeedIndex> out = {killing};
    const Item& it = model_.items[item];
    for (NeedIndex n = it.first_need; n < it.first_need + it.need_count; ++n)
      if (n != killing && model_.needs[n].critical && state_.live_current(n) == 0) out.push_back(n);
    return out;
  }

  uint32_t option_reason(OptionIndex o) {
    Reason r;
    r.option = o;
    r.item = model_.options[o].item;
    if (state_.option_absent(o)) {
      r.kind = Reason::Kind::kOptionAbsent;
    } else if (cuts_.is_cut(o)) {
      r.kind = Reason::Kind::kOptionCut;
      r.cut = cuts_.first_cut[o];
    } else if (state_.lost(model_.options[o].item)) {
      r.kind = Reason::Kind::kOptionItemLost;
    } else {
      r.kind = Reason::Kind::kOptionLive;
    }
    return add(std::move(r));
  }

  uint32_t live_item(ItemIndex item) {
    uint32_t root = add(make_reason(Reason::Kind::kItemLive, item));
    const Item& it = model_.items[item];
    for (NeedIndex need = it.first_need; need < it.first_need + it.need_count; ++need) {
      const Need& n = model_.needs[need];
      bool any_dead = false;
      for (OptionIndex o = n.first_option; o < n.first_option + n.option_count; ++o)
        any_dead = any_dead || (model_.options[o].is_current() && state_.option_dead(o) &&
                                !state_.option_absent(o));
      if (!any_dead) continue;
      Reason::Kind kind =
          state_.live_current(need) == 0 ? Reason::Kind::kNeedDead : Reason::Kind::kNeedDegraded;
      uint32_t need_node = add(make_reason(kind, item, need));
      attach(root, need_node);
      for (OptionIndex o = n.first_option; o < n.first_option + n.option_count; ++o) {
        if (!model_.options[o].is_current()) continue;
        uint32_t child = option_reason(o);
        attach(need_node, child);
        if (out_.reasons[child].kind == Reason::Kind::kOptionItemLost)
          attach(child, lost_item(model_.options[o].item));
      }
    }
    return root;
  }

  const Model& model_;
  const ScenarioCuts& cuts_;
  const LossState& state_;
  std::vector<uint32_t> item_node_;  // per item: its kItemLost node, or kNone
  Explanation out_;
};

}  // namespace

Explanation explain_item(const SupplyGraph& graph, const ScenarioCuts& cuts,
                         const LossState& state, ItemIndex item) {
  return explain_items(graph, cuts, state, std::span<const ItemIndex>(&item, 1));
}

Explanation explain_items(const SupplyGraph& graph, const ScenarioCuts& cuts,
                          const LossState& state, std::span<const ItemIndex> items) {
  Explainer explainer(graph, cuts, state);
  for (ItemIndex item : items) explainer.add_root(item);
  return explainer.take();
}

}  // namespace decouple
