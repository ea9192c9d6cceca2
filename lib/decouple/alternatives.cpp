#include "decouple/alternatives.h"

#include <algorithm>
#include <map>
#include <queue>
#include <tuple>
#include <unordered_map>

namespace decouple {

std::string_view to_string(Objective objective) {
  switch (objective) {
    case Objective::kTime: return "time";
    case Objective::kCapability: return "capability";
    case Objective::kCost: return "cost";
    case Objective::kPareto: return "pareto";
  }
  return "";
}

std::optional<Objective> parse_objective(std::string_view text) {
  for (Objective o : {Objective::kTime, Objective::kCapability, Objective::kCost, Objective::kPareto})
    if (to_string(o) == text) return o;
  return std::nullopt;
}

OptionFailure check_option(const Model& model, const ScenarioCuts& cuts,
                           const RecoveryConstraints& constraints, OptionIndex option) {
  OptionFailure f;
  f.option = option;
  f.cut = cuts.first_cut[option];
  FirmIndex supplier = model.supplier_of(option);
  const auto& domestic = constraints.domestic;
  f.not_domestic = !domestic.empty() &&
                   !std::binary_search(domestic.begin(), domestic.end(), model.firms[supplier].country);
  f.excluded = std::binary_search(constraints.excluded.begin(), constraints.excluded.end(), supplier);
  f.too_slow = constraints.max_lead_time >= 0 && model.options[option].lead_time > constraints.max_lead_time;
  f.supplier_banned = cuts.banned[supplier];
  return f;
}

// Builds a Recovery; a class only so it may fill Recovery's private parts.
class RecoveryBuilder {
 public:
  RecoveryBuilder(const SupplyGraph& graph, const LossState& state, const RecoveryOptions& options)
      : graph_(graph), model_(graph.model()), state_(state), options_(options) {
    // The lists are searched by bisection: sorted, whatever the caller did.
    auto normalize = [](auto& list) {
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
    };
    normalize(options_.constraints.domestic);
    normalize(options_.constraints.excluded);
    options_.max_plans = std::max<uint32_t>(1, options_.max_plans);
  }

  Recovery run() {
    result_.objective_ = options_.objective;
    result_.options_ = options_;
    mark_blocking_needs();
    if (options_.constraints.keep_current) prefer_current_options();
    if (options_.objective == Objective::kPareto)
      pareto();
    else
      single_objective();
    return std::move(result_);
  }

 private:
  // --- Shared by both searches -------------------------------------------

  static PlanValue through(const Option& o, const PlanValue& supplied) {
    return {o.lead_time + supplied.time, std::min<double>(o.capability, supplied.capability),
            std::max(0.0, static_cast<double>(o.cost) - 1.0) + supplied.cost};
  }
  static PlanValue combine(const PlanValue& a, const PlanValue& b) {
    return {std::max(a.time, b.time), std::min(a.capability, b.capability), a.cost + b.cost};
  }
  static bool dominates_or_equals(const PlanValue& a, const PlanValue& b) {
    return a.time <= b.time && a.capability >= b.capability && a.cost <= b.cost;
  }
  // Lexicographic orders, the objective's criterion first; the others only
  // break ties. Each criterion alone is a superior function, so popping in
  // this order pops in order of the objective too. A template argument, so
  // the heap's comparisons inline.
  template <Objective kObjective>
  struct Better {
    bool operator()(const PlanValue& a, const PlanValue& b) const {
      if constexpr (kObjective == Objective::kCapability)
        return std::tuple(-a.capability, a.time, a.cost) < std::tuple(-b.capability, b.time, b.cost);
      else if constexpr (kObjective == Objective::kCost)
        return std::tuple(a.cost, a.time, -a.capability) < std::tuple(b.cost, b.time, -b.capability);
      else
        return std::tuple(a.time, -a.capability, a.cost) < std::tuple(b.time, -b.capability, b.cost);
    }
  };

  bool recoverable_item(ItemIndex item) const {
    return state_.lost(item) && !state_.banned(model_.items[item].maker);
  }

  void mark_blocking_needs() {
    result_.blocking_.assign(model_.needs.size(), 0);
    for (ItemIndex item : state_.lost_items()) {
      if (!recoverable_item(item)) continue;
      const Item& i = model_.items[item];
      for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n)
        if (model_.needs[n].critical && state_.live_current(n) == 0) result_.blocking_[n] = 1;
    }
  }

  // Whether the option may be chosen at all (ignoring --keep-current).
  bool usable(OptionIndex o) const {
    // Cut, or not there at the evaluated date (presence.h).
    if (state_.option_cut(o) || state_.option_absent(o)) return false;
    const RecoveryConstraints& c = options_.constraints;
    if (c.max_lead_time >= 0 && model_.options[o].lead_time > c.max_lead_time) return false;
    // The supplier is two lookups away: only worth it when asked about.
    if (c.domestic.empty() && c.excluded.empty()) return true;
    FirmIndex supplier = model_.supplier_of(o);
    if (!c.domestic.empty() &&
        !std::binary_search(c.domestic.begin(), c.domestic.end(), model_.firms[supplier].country))
      return false;
    return !std::binary_search(c.excluded.begin(), c.excluded.end(), supplier);
  }
  bool allowed(OptionIndex o) const {
    if (!usable(o)) return false;
    if (current_only_.empty()) return true;
    return model_.options[o].is_current() || !current_only_[model_.options[o].need];
  }

  // Which items have any plan under the options allowed now: an AND-OR
  // reachability (least fixpoint), linear in the lost part of the graph.
  std::vector<uint8_t> feasible_items() const {
    std::vector<uint8_t> feasible(model_.items.size(), 0);
    std::vector<uint8_t> met(model_.needs.size(), 0);
    std::vector<uint32_t> pending(model_.items.size(), 0);
    std::vector<ItemIndex> work;
    auto meet = [&](NeedIndex n) {
      met[n] = 1;
      ItemIndex item = model_.needs[n].item;
      if (--pending[item] == 0) {
        feasible[item] = 1;
        work.push_back(item);
      }
    };
    for (ItemIndex item : state_.lost_items()) {
      if (!recoverable_item(item)) continue;
      const Item& i = model_.items[item];
      for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n)
        pending[item] += result_.blocking_[n];
    }
    for (ItemIndex item : state_.lost_items()) {
      if (!recoverable_item(item)) continue;
      const Item& i = model_.items[item];
      for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
        if (!result_.blocking_[n]) continue;
        const Need& need = model_.needs[n];
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
          if (allowed(o) && !state_.lost(model_.options[o].item)) {
            meet(n);
            break;
          }
      }
    }
    while (!work.empty()) {
      ItemIndex item = work.back();
      work.pop_back();
      for (OptionIndex o : graph_.users_of(item)) {
        NeedIndex n = model_.options[o].need;
        if (result_.blocking_[n] && !met[n] && allowed(o)) meet(n);
      }
    }
    return feasible;
  }

  bool has_feasible_current(NeedIndex n, const std::vector<uint8_t>& feasible) const {
    const Need& need = model_.needs[n];
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
      ItemIndex supplied = model_.options[o].item;
      if (model_.options[o].is_current() && usable(o) && (!state_.lost(supplied) || feasible[supplied]))
        return true;
    }
    return false;
  }

  // --keep-current: a blocking need whose current options can come back
  // (a current supplier's item is live or recoverable) drops its
  // alternatives. Recoverable is judged without the restriction; when the
  // restriction then leaves a need no current option that can come back
  // (its current supplier could only recover through the very item that
  // needs it: a cycle), that need gets its alternatives back, and the check
  // repeats. Restrictions only ever lift, so this ends, and at the end every
  // item recoverable without --keep-current is still recoverable: only the
  // choice among feasible options changes.
  void prefer_current_options() {
    std::vector<uint8_t> feasible = feasible_items();
    current_only_.assign(model_.needs.size(), 0);
    for (NeedIndex n = 0; n < model_.needs.size(); ++n)
      if (result_.blocking_[n] && has_feasible_current(n, feasible)) current_only_[n] = 1;
    for (bool lifted = true; lifted;) {
      lifted = false;
      feasible = feasible_items();
      for (NeedIndex n = 0; n < model_.needs.size(); ++n)
        if (current_only_[n] && !has_feasible_current(n, feasible)) {
          current_only_[n] = 0;
          lifted = true;
        }
    }
  }

  // --- Single objective: Knuth's algorithm ---------------------------------
  //
  // Heap nodes are items (index < items) and blocking needs (items + need).
  // A need's tentative value is its best option over the supplied items
  // settled so far; an item enters the heap once all its blocking needs are
  // settled, with their combination. Every value is at least the values it
  // was built from, so nodes settle in nondecreasing order and each settles
  // at its optimum, as in Dijkstra's algorithm. An item on a cycle is never
  // settled through itself: it is not settled while it waits for its needs.

  struct Entry {
    PlanValue value;
    uint32_t node;
  };

  void single_objective() {
    switch (options_.objective) {
      case Objective::kCapability: return knuth(Better<Objective::kCapability>{});
      case Objective::kCost: return knuth(Better<Objective::kCost>{});
      case Objective::kTime:
      case Objective::kPareto: break;
    }
    knuth(Better<Objective::kTime>{});
  }

  template <typename BetterValue>
  void knuth(BetterValue better) {
    const size_t n_items = model_.items.size();
    const size_t n_needs = model_.needs.size();
    std::vector<uint32_t> pending(n_items, 0);
    std::vector<PlanValue> item_value(n_items);
    std::vector<PlanValue> need_value(n_needs);
    std::vector<OptionIndex> choice(n_needs, kNone);
    std::vector<uint8_t> settled(n_items + n_needs, 0);
    auto after = [better](const Entry& a, const Entry& b) {
      if (better(b.value, a.value)) return true;
      if (better(a.value, b.value)) return false;
      return a.node > b.node;
    };
    std::priority_queue<Entry, std::vector<Entry>, decltype(after)> heap(after);
    SearchStats& stats = result_.stats_;

    auto relax = [&](NeedIndex n, OptionIndex o, const PlanValue& supplied) {
      PlanValue candidate = through(model_.options[o], supplied);
      if (choice[n] != kNone && !better(candidate, need_value[n])) return;
      need_value[n] = candidate;
      choice[n] = o;
      heap.push({candidate, static_cast<uint32_t>(n_items + n)});
      ++stats.heap_pushes;
    };

    for (ItemIndex item : state_.lost_items()) {
      if (!recoverable_item(item)) continue;
      const Item& i = model_.items[item];
      for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
        if (!result_.blocking_[n]) continue;
        ++pending[item];
        const Need& need = model_.needs[n];
        stats.options_examined += need.option_count;
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
          if (allowed(o) && !state_.lost(model_.options[o].item)) relax(n, o, PlanValue{});
      }
    }

    std::vector<ItemIndex> order;  // items in the order they settled
    while (!heap.empty()) {
      Entry top = heap.top();
      heap.pop();
      if (settled[top.node]) continue;  // a stale, worse entry
      settled[top.node] = 1;
      if (top.node < n_items) {
        ItemIndex item = top.node;
        item_value[item] = top.value;
        order.push_back(item);
        stats.options_examined += graph_.users_of(item).size();
        for (OptionIndex o : graph_.users_of(item)) {
          NeedIndex n = model_.options[o].need;
          if (result_.blocking_[n] && !settled[n_items + n] && allowed(o)) relax(n, o, top.value);
        }
      } else {
        NeedIndex n = static_cast<NeedIndex>(top.node - n_items);
        ItemIndex item = model_.needs[n].item;
        item_value[item] = combine(item_value[item], top.value);
        if (--pending[item] == 0) {
          heap.push({item_value[item], item});
          ++stats.heap_pushes;
        }
      }
    }

    // Suppliers settle before the needs they serve, so walking `order`
    // builds every sub-plan before the plans that use it.
    std::vector<uint32_t> plan_of(n_items, kNone);
    for (ItemIndex item : order) {
      Plan plan;
      plan.item = item;
      plan.value = item_value[item];
      const Item& i = model_.items[item];
      for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
        if (!result_.blocking_[n]) continue;
        ItemIndex supplied = model_.options[choice[n]].item;
        plan.steps.push_back({n, choice[n], state_.lost(supplied) ? plan_of[supplied] : kNone});
      }
      plan_of[item] = static_cast<uint32_t>(result_.plans_.size());
      result_.plans_.push_back(std::move(plan));
    }
    result_.plan_start_.assign(n_items + 1, 0);
    for (ItemIndex item = 0; item < n_items; ++item) {
      if (plan_of[item] != kNone) result_.item_plans_.push_back(plan_of[item]);
      result_.plan_start_[item + 1] = static_cast<uint32_t>(result_.item_plans_.size());
    }
  }

  // --- Pareto: multi-criteria label setting --------------------------------
  //
  // A label is one plan's value at a node. Nodes: items, blocking needs, and
  // for an item with d > 2 blocking needs b1..bd the prefixes P2..P(d-1),
  // where Pj holds the combinations of b1..bj (P1 is b1, Pd the item
  // itself); combining needs pairwise keeps the work per item at
  // d * max_plans^2 instead of max_plans^d. Candidate labels leave one heap
  // in lexicographic order (time, -capability, cost); a candidate becomes
  // permanent at its node unless a permanent label there is at least as
  // good on all three criteria. A later label can never dominate an earlier
  // one (it would be lexicographically smaller), so permanent labels stay,
  // and a plan built on the item's own label is dominated by it: plans never
  // depend on themselves. Each permanent label is combined with its
  // partner's permanent labels exactly once, when the later of the two
  // becomes permanent.

  struct Label {
    PlanValue value;
    uint32_t node = kNone;
    uint32_t a = kNone;        // need label: supplied item's label; combination: left part
    uint32_t b = kNone;        // combination: the need label on the right
    OptionIndex option = kNone;  // need label: the option taken
  };

  uint32_t need_node(NeedIndex n) const { return static_cast<uint32_t>(model_.items.size() + n); }
  // Node holding combinations of the first j blocking needs of `item`.
  uint32_t prefix_node(ItemIndex item, uint32_t j) const {
    uint32_t d = block_start_[item + 1] - block_start_[item];
    if (j == 1) return need_node(block_list_[block_start_[item]]);
    if (j == d) return item;
    return prefix_base_[item] + (j - 2);
  }

  // Calls f(target, left_node, right_node) for the combination step a
  // permanent label at `node` takes part in, or f(item, kNone, kNone) for
  // the pass-through of a single blocking need. Items are handled apart.
  template <typename F>
  void combination_of(uint32_t node, F&& f) const {
    const uint32_t n_items = static_cast<uint32_t>(model_.items.size());
    ItemIndex item;
    uint32_t j;
    if (node < n_items + model_.needs.size()) {
      NeedIndex n = node - n_items;
      item = model_.needs[n].item;
      j = need_pos_[n];
    } else {
      uint32_t p = node - prefix_origin_;
      item = prefix_item_[p];
      j = prefix_pos_[p];
      // A prefix Pj combines with need b(j+1) into P(j+1).
      f(prefix_node(item, j + 1), node, need_node(block_list_[block_start_[item] + j]));
      return;
    }
    uint32_t d = block_start_[item + 1] - block_start_[item];
    if (d == 1) {
      f(item, kNone, kNone);
    } else if (j == 1) {
      f(prefix_node(item, 2), node, need_node(block_list_[block_start_[item] + 1]));
    } else {
      f(prefix_node(item, j), prefix_node(item, j - 1), node);
    }
  }

  void pareto() {
    const uint32_t n_items = static_cast<uint32_t>(model_.items.size());
    const uint32_t max_plans = options_.max_plans;

    // Blocking needs per item (in model order), their positions, prefixes.
    block_start_.assign(n_items + 1, 0);
    need_pos_.assign(model_.needs.size(), 0);
    prefix_base_.assign(n_items, kNone);
    prefix_origin_ = n_items + static_cast<uint32_t>(model_.needs.size());
    for (ItemIndex item = 0; item < n_items; ++item) {
      if (recoverable_item(item)) {
        const Item& i = model_.items[item];
        uint32_t j = 0;
        for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n)
          if (result_.blocking_[n]) {
            block_list_.push_back(n);
            need_pos_[n] = ++j;
          }
        if (j > 2) {
          prefix_base_[item] = prefix_origin_ + static_cast<uint32_t>(prefix_item_.size());
          for (uint32_t k = 2; k < j; ++k) {
            prefix_item_.push_back(item);
            prefix_pos_.push_back(k);
          }
        }
      }
      block_start_[item + 1] = static_cast<uint32_t>(block_list_.size());
    }
    const size_t n_nodes = prefix_origin_ + prefix_item_.size();

    std::vector<std::vector<uint32_t>> permanent(n_nodes);
    std::vector<uint8_t> truncated(n_nodes, 0);
    std::vector<Label> labels;
    auto after = [](const Label& x, const Label& y) {
      auto key = [](const Label& l) {
        return std::tuple(l.value.time, -l.value.capability, l.value.cost, l.node, l.a, l.b,
                          l.option);
      };
      return key(x) > key(y);
    };
    std::priority_queue<Label, std::vector<Label>, decltype(after)> heap(after);
    SearchStats& stats = result_.stats_;
    auto push = [&](const Label& label) {
      heap.push(label);
      ++stats.heap_pushes;
    };

    for (ItemIndex item : state_.lost_items()) {
      if (!recoverable_item(item)) continue;
      for (uint32_t k = block_start_[item]; k < block_start_[item + 1]; ++k) {
        NeedIndex n = block_list_[k];
        const Need& need = model_.needs[n];
        stats.options_examined += need.option_count;
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
          if (allowed(o) && !state_.lost(model_.options[o].item))
            push({through(model_.options[o], PlanValue{}), need_node(n), kNone, kNone, o});
      }
    }

    while (!heap.empty()) {
      Label top = heap.top();
      heap.pop();
      std::vector<uint32_t>& here = permanent[top.node];
      bool dominated = std::any_of(here.begin(), here.end(), [&](uint32_t l) {
        return dominates_or_equals(labels[l].value, top.value);
      });
      if (dominated) continue;
      if (here.size() >= max_plans) {
        truncated[top.node] = 1;
        continue;
      }
      uint32_t id = static_cast<uint32_t>(labels.size());
      labels.push_back(top);
      here.push_back(id);

      if (top.node < n_items) {
        stats.options_examined += graph_.users_of(top.node).size();
        for (OptionIndex o : graph_.users_of(top.node)) {
          NeedIndex n = model_.options[o].need;
          if (result_.blocking_[n] && allowed(o))
            push({through(model_.options[o], top.value), need_node(n), id, kNone, o});
        }
        continue;
      }
      combination_of(top.node, [&](uint32_t target, uint32_t left, uint32_t right) {
        if (left == kNone) {
          push({top.value, target, id, kNone, kNone});
          return;
        }
        bool on_left = left == top.node;
        for (uint32_t partner : permanent[on_left ? right : left]) {
          uint32_t l = on_left ? id : partner;
          uint32_t r = on_left ? partner : id;
          push({combine(labels[l].value, labels[r].value), target, l, r, kNone});
        }
      });
    }

    // An item's front may be incomplete if a node it depends on dropped a
    // non-dominated label: spread the mark along the consumers.
    std::vector<uint32_t> work;
    for (uint32_t v = 0; v < n_nodes; ++v)
      if (truncated[v]) work.push_back(v);
    while (!work.empty()) {
      uint32_t v = work.back();
      work.pop_back();
      auto mark = [&](uint32_t target) {
        if (!truncated[target]) {
          truncated[target] = 1;
          work.push_back(target);
        }
      };
      if (v < n_items) {
        for (OptionIndex o : graph_.users_of(v)) {
          NeedIndex n = model_.options[o].need;
          if (result_.blocking_[n] && allowed(o)) mark(need_node(n));
        }
      } else {
        combination_of(v, [&](uint32_t target, uint32_t, uint32_t) { mark(target); });
      }
    }
    result_.truncated_.assign(truncated.begin(), truncated.begin() + n_items);

    // Plans from item labels, in the order they became permanent: a
    // supplied item's label always precedes the labels built on it.
    std::vector<uint32_t> plan_of(labels.size(), kNone);
    std::vector<uint32_t> need_labels;
    for (uint32_t id = 0; id < labels.size(); ++id) {
      const Label& label = labels[id];
      if (label.node >= n_items) continue;
      ItemIndex item = label.node;
      uint32_t d = block_start_[item + 1] - block_start_[item];
      need_labels.assign(d, kNone);
      if (d == 1) {
        need_labels[0] = label.a;
      } else {
        uint32_t cur = id;
        for (uint32_t j = d; j >= 2; --j) {
          need_labels[j - 1] = labels[cur].b;
          cur = labels[cur].a;
        }
        need_labels[0] = cur;
      }
      Plan plan;
      plan.item = item;
      plan.value = label.value;
      for (uint32_t k = 0; k < d; ++k) {
        const Label& step = labels[need_labels[k]];
        plan.steps.push_back(
            {block_list_[block_start_[item] + k], step.option, step.a == kNone ? kNone : plan_of[step.a]});
      }
      plan_of[id] = static_cast<uint32_t>(result_.plans_.size());
      result_.plans_.push_back(std::move(plan));
    }
    result_.plan_start_.assign(n_items + 1, 0);
    for (ItemIndex item = 0; item < n_items; ++item) {
      for (uint32_t l : permanent[item]) result_.item_plans_.push_back(plan_of[l]);
      result_.plan_start_[item + 1] = static_cast<uint32_t>(result_.item_plans_.size());
    }
  }

  const SupplyGraph& graph_;
  const Model& model_;
  const LossState& state_;
  RecoveryOptions options_;
  Recovery result_;
  std::vector<uint8_t> current_only_;  // per need; empty unless --keep-current

  // Pareto bookkeeping.
  std::vector<uint32_t> block_start_;  // per item + 1
  std::vector<NeedIndex> block_list_;
  std::vector<uint32_t> need_pos_;     // per need: 1-based position among its item's blocking needs
  std::vector<uint32_t> prefix_base_;  // per item: node id of P2, or kNone
  uint32_t prefix_origin_ = 0;         // node id of the first prefix
  std::vector<ItemIndex> prefix_item_;
  std::vector<uint32_t> prefix_pos_;
};

Recovery find_recovery_plans(const SupplyGraph& graph, const LossState& state,
                             const RecoveryOptions& options) {
  return RecoveryBuilder(graph, state, options).run();
}

Blockage explain_unrecoverable(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               const LossState& state, const Recovery& recovery,
                               std::span<const ItemIndex> items) {
  const Model& model = graph.model();
  const RecoveryConstraints& constraints = recovery.options().constraints;
  Blockage out;
  auto add = [&](ItemIndex i) {
    auto [it, fresh] = out.index.emplace(i, static_cast<uint32_t>(out.items.size()));
    if (fresh) out.items.push_back({i, kNone, {}});
    return it->second;
  };
  for (ItemIndex item : items)
    if (state.lost(item) && !recovery.recoverable(item)) add(item);
  // out.items grows as sub-items are found: a worklist in place.
  for (size_t k = 0; k < out.items.size(); ++k) {
    ItemIndex current = out.items[k].item;
    FirmIndex maker = model.items[current].maker;
    if (state.banned(maker)) {
      out.items[k].maker_banned = cuts.banned[maker];
      continue;
    }
    const Item& i = model.items[current];
    for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
      if (!recovery.blocking(n)) continue;
      const Need& need = model.needs[n];
      BlockedNeed blocked{n, {}};
      bool feasible = false;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        OptionFailure f = check_option(model, cuts, constraints, o);
        ItemIndex supplied = model.options[o].item;
        if (!f.direct() && (!state.lost(supplied) || recovery.recoverable(supplied))) {
          feasible = true;
          break;
        }
        blocked.options.push_back(f);
      }
      if (feasible) continue;
      for (OptionFailure& f : blocked.options)
        if (!f.direct()) f.sub_item = add(model.options[f.option].item);
      out.items[k].needs.push_back(std::move(blocked));
    }
  }
  return out;
}

Blockage explain_unrecoverable(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               const LossState& state, const Recovery& recovery, ItemIndex item) {
  return explain_unrecoverable(graph, cuts, state, recovery, std::span<const ItemIndex>(&item, 1));
}

std::vector<VendorRecovery> summarize_recovery(const Model& model, const LossState& state,
                                               const Recovery& recovery,
                                               std::span<const ItemIndex> items) {
  std::map<std::string_view, VendorRecovery> by_firm;
  for (ItemIndex item : items) {
    if (!state.lost(item)) continue;
    FirmIndex maker = model.items[item].maker;
    VendorRecovery& v = by_firm[model.firms[maker].id];
    v.firm = maker;
    v.items.push_back(item);
    auto plans = recovery.plans_of(item);
    if (plans.empty()) {
      v.unrecoverable.push_back(item);
      continue;
    }
    ++v.recoverable;
    double time = recovery.plan(plans[0]).value.time;
    double capability = 0;
    double cost = recovery.plan(plans[0]).value.cost;
    for (uint32_t p : plans) {
      const PlanValue& value = recovery.plan(p).value;
      time = std::min(time, value.time);
      capability = std::max(capability, value.capability);
      cost = std::min(cost, value.cost);
    }
    v.months = std::max(v.months, time);
    v.capability = std::min(v.capability, capability);
    v.cost += cost;
    v.truncated = v.truncated || recovery.truncated(item);
  }
  std::vector<VendorRecovery> out;
  for (auto& [id, v] : by_firm) out.push_back(std::move(v));
  return out;
}

}  // namespace decouple
