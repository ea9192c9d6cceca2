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
      : model_(graph.model()), cuts_(cuts), state_(state), expanded_(model_.items.size(), 0) {}

  Explanation run(ItemIndex item) {
    if (state_.absent(item)) {
      add(make_reason(Reason::Kind::kItemAbsent, item, state_.killing_need(item)));
    } else if (state_.lost(item)) {
      lost_item(item);
    } else {
      live_item(item);
    }
    return std::move(out_);
  }

 private:
  uint32_t add(Reason r) {
    out_.reasons.push_back(std::move(r));
    return static_cast<uint32_t>(out_.reasons.size() - 1);
  }
  void attach(uint32_t parent, uint32_t child) { out_.reasons[parent].children.push_back(child); }

  // Explicit stack: a chain of losses can be as long as the model is deep.
  // Items are expanded when popped, children pushed in reverse, so the walk
  // is the same depth-first, in-order walk a reader makes down the printed
  // tree: the first place an item appears is where it is expanded, and
  // every later "see above" really points above. Returns the root's node.
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
      if (expanded_[item]) {
        attach(parent, add(make_reason(Reason::Kind::kSeeAbove, item)));
        continue;
      }
      expanded_[item] = 1;
      uint32_t node = add(make_reason(Reason::Kind::kItemLost, item));
      if (parent == kNone)
        root_node = node;
      else
        attach(parent, node);
      NeedIndex need = state_.killing_need(item);
      if (need == kNone) {
        Reason banned = make_reason(Reason::Kind::kMakerBanned, item);
        banned.action = cuts_.banned[model_.items[item].maker];
        attach(node, add(std::move(banned)));
        continue;
      }
      uint32_t need_node = add(make_reason(Reason::Kind::kNeedDead, item, need));
      attach(node, need_node);
      const Need& n = model_.needs[need];
      size_t first_pending = pending.size();
      for (OptionIndex o = n.first_option; o < n.first_option + n.option_count; ++o) {
        if (!model_.options[o].is_current()) continue;
        uint32_t child = option_reason(o);
        attach(need_node, child);
        if (out_.reasons[child].kind == Reason::Kind::kOptionItemLost)
          pending.push_back({child, model_.options[o].item});
      }
      std::reverse(pending.begin() + static_cast<std::ptrdiff_t>(first_pending), pending.end());
    }
    return root_node;
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

  void live_item(ItemIndex item) {
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
        if (out_.reasons[child].kind == Reason::Kind::kOptionItemLost) {
          ItemIndex supplied = model_.options[o].item;
          if (expanded_[supplied])
            attach(child, add(make_reason(Reason::Kind::kSeeAbove, supplied)));
          else
            attach(child, lost_item(supplied));
        }
      }
    }
  }

  const Model& model_;
  const ScenarioCuts& cuts_;
  const LossState& state_;
  std::vector<uint8_t> expanded_;
  Explanation out_;
};

}  // namespace

Explanation explain_item(const SupplyGraph& graph, const ScenarioCuts& cuts,
                         const LossState& state, ItemIndex item) {
  return Explainer(graph, cuts, state).run(item);
}

}  // namespace decouple
