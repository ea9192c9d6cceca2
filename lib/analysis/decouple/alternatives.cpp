#include "decouple/alternatives.h"

#include <algorithm>
#include <map>
#include <queue>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "decouple/share.h"
#include "decouple/strong_components.h"

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

ObjectiveOrder complete_order(std::span<const Objective> given) {
  ObjectiveOrder out{};
  size_t k = 0;
  for (Objective o : given) out[k++] = o;
  for (Objective o : {Objective::kTime, Objective::kCapability, Objective::kCost})
    if (std::find(given.begin(), given.end(), o) == given.end()) out[k++] = o;
  return out;
}

std::optional<std::vector<Objective>> parse_objective_list(std::string_view text, std::string& error) {
  std::vector<Objective> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string_view name = text.substr(start, comma - start);
    std::optional<Objective> o = parse_objective(name);
    if (!o) {
      error = fmt::format("'{}' is not an objective (time, capability, cost or pareto)", name);
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), *o) != out.end()) {
      error = fmt::format("'{}' is named twice", name);
      return std::nullopt;
    }
    out.push_back(*o);
    start = comma + 1;
  }
  if (out.size() > 1 && std::find(out.begin(), out.end(), Objective::kPareto) != out.end()) {
    error = "pareto is an objective of its own: it cannot be combined with others";
    return std::nullopt;
  }
  return out;
}

std::string objective_text(std::span<const Objective> objectives) {
  std::string out;
  for (Objective o : objectives) out += (out.empty() ? "" : ",") + std::string(to_string(o));
  return out;
}

namespace {

// The value of `v` on `criterion`, oriented so that less is better.
double oriented(Objective criterion, const PlanValue& v) {
  switch (criterion) {
    case Objective::kCapability: return -v.capability;
    case Objective::kCost: return v.cost;
    case Objective::kTime:
    case Objective::kPareto: break;
  }
  return v.time;
}

std::array<double, 3> lex_key(const ObjectiveOrder& order, const PlanValue& v) {
  return {oriented(order[0], v), oriented(order[1], v), oriented(order[2], v)};
}

}  // namespace

bool lexicographically_better(const ObjectiveOrder& order, const PlanValue& a, const PlanValue& b) {
  return lex_key(order, a) < lex_key(order, b);
}

std::vector<double> need_cost_weights(const Model& model) {
  std::vector<double> out(model.needs.size(), 0);
  for (const Item& item : model.items) {
    double given = 0;
    uint32_t unshared = 0;
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
      if (model.needs[n].share >= 0)
        given += decimal_share(model.needs[n].share);
      else
        ++unshared;
    }
    double rest = unshared_part(given, unshared);
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n)
      out[n] = model.needs[n].share >= 0 ? decimal_share(model.needs[n].share) : rest;
  }
  return out;
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
  f.absent = cuts.presence && !cuts.presence->option_present(option);
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
    if (options_.objective == Objective::kPareto) {
      options_.then.clear();
      result_.order_ = complete_order({});
    } else {
      std::vector<Objective> given = {options_.objective};
      given.insert(given.end(), options_.then.begin(), options_.then.end());
      result_.order_ = complete_order(given);
      options_.then.assign(result_.order_.begin() + 1, result_.order_.end());
    }
    result_.options_ = options_;
    result_.cost_weight_ = need_cost_weights(model_);
    limit_to_roots();
    mark_blocking_needs();
    if (options_.constraints.keep_current) prefer_current_options();
    search();
    return std::move(result_);
  }

 private:
  // --- Shared by both searches -------------------------------------------

  // A plan through option `option`: its lead time (or the wait until it can
  // be used at all, when longer) after what the supplied item needs; its
  // cost premium weighted by the need's share of the item's value.
  PlanValue through(OptionIndex option, const PlanValue& supplied) const {
    const Option& o = model_.options[option];
    double lead = o.lead_time;
    if (!options_.wait.empty()) lead = std::max(lead, options_.wait[option]);
    return {lead + supplied.time, std::min<double>(o.capability, supplied.capability),
            result_.cost_weight_[o.need] *
                (std::max(0.0, static_cast<double>(o.cost) - 1.0) + supplied.cost)};
  }
  static PlanValue combine(const PlanValue& a, const PlanValue& b) {
    return {std::max(a.time, b.time), std::min(a.capability, b.capability), a.cost + b.cost};
  }
  static bool dominates_or_equals(const PlanValue& a, const PlanValue& b) {
    return a.time <= b.time && a.capability >= b.capability && a.cost <= b.cost;
  }
  bool recoverable_item(ItemIndex item) const {
    return state_.lost(item) && !state_.banned(model_.items[item].maker) &&
           (in_scope_.empty() || in_scope_[item]);
  }

  // options_.roots: the lost items they can draw on, by a worklist over
  // every option of their blocking needs (a superset of what plans use).
  void limit_to_roots() {
    if (options_.roots.empty()) return;
    in_scope_.assign(model_.items.size(), 0);
    std::vector<ItemIndex> work;
    for (ItemIndex root : options_.roots)
      if (state_.lost(root) && !in_scope_[root]) {
        in_scope_[root] = 1;
        work.push_back(root);
      }
    while (!work.empty()) {
      const Item& i = model_.items[work.back()];
      work.pop_back();
      for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
        if (!model_.needs[n].critical || state_.live_current(n) != 0) continue;
        const Need& need = model_.needs[n];
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
          ItemIndex supplied = model_.options[o].item;
          if (state_.lost(supplied) && !in_scope_[supplied]) {
            in_scope_[supplied] = 1;
            work.push_back(supplied);
          }
        }
      }
    }
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

  // --- Multi-criteria label setting ----------------------------------------
  //
  // A label is one plan's value at a node. Nodes: items, blocking needs, and
  // for an item with d > 2 blocking needs b1..bd the prefixes P2..P(d-1),
  // where Pj holds the combinations of b1..bj (P1 is b1, Pd the item
  // itself); combining needs pairwise keeps the work per item at d * L^2
  // instead of L^d for L labels per node. Candidate labels leave one heap
  // in the objective's lexicographic order; a candidate becomes permanent
  // at its node unless a permanent label there is at least as good on all
  // three criteria (and, on a supply cycle, uses no more of the cycle's
  // items). Time and capability never get better along a plan, but cost can
  // (a weight below 1), so a label may come after one it dominates: that one
  // then leaves the node. Each permanent label is combined with its
  // partner's permanent labels exactly once, when the later of the two
  // becomes permanent. At the end a node's labels hold its whole front
  // (unless max_plans cut it); an item's plan is the lexicographic first of
  // them, not the first settled. docs/algorithms.md has the proof.

  struct Label {
    PlanValue value;
    uint32_t node = kNone;
    uint32_t a = kNone;        // need label: supplied item's label; combination: left part
    uint32_t b = kNone;        // combination: the need label on the right
    OptionIndex option = kNone;  // need label: the option taken
    uint32_t set = kNone;      // the node's cycle members in the plan (see find_cycles)
  };

  // --- Plans on supply cycles ----------------------------------------------
  //
  // A plan is a tree in which no item depends on itself. Outside supply
  // cycles that holds by construction; on a cycle, a label can be built on
  // a label of the very item it is for, and because a cost weight below 1
  // makes such a detour cheaper (the combinations are not superior in
  // Knuth's sense for cost), it would not always be dominated. So each label
  // at a node on a cycle (a strongly connected component of lost items, by
  // the options of their blocking needs) carries the set of that cycle's
  // items its plan uses; a need label whose item is already in the set is
  // never made, and a label dominates another only with a subset of its
  // items (a smaller set leaves every extension the other has).

  void find_cycles() {
    const uint32_t n_items = static_cast<uint32_t>(model_.items.size());
    cycle_of_.assign(n_items, kNone);
    cycle_pos_.assign(n_items, 0);
    cycle_words_.clear();
    StrongComponents components(n_items);
    for (ItemIndex root : state_.lost_items()) {
      if (!recoverable_item(root)) continue;
      components.from(
          root,
          // Successors: the recoverable lost items its blocking needs may draw on.
          [&](ItemIndex item, std::vector<ItemIndex>& out) {
            for (uint32_t k = block_start_[item]; k < block_start_[item + 1]; ++k) {
              const Need& need = model_.needs[block_list_[k]];
              for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
                ItemIndex s = model_.options[o].item;
                if (allowed(o) && state_.lost(s) && recoverable_item(s)) out.push_back(s);
              }
            }
          },
          [&](std::span<const ItemIndex> members) {
            if (members.size() == 1 && !self_supplied(members[0])) return;
            uint32_t cycle = static_cast<uint32_t>(cycle_words_.size());
            cycle_words_.push_back(static_cast<uint32_t>((members.size() + 63) / 64));
            for (size_t k = 0; k < members.size(); ++k) {
              cycle_of_[members[k]] = cycle;
              cycle_pos_[members[k]] = static_cast<uint32_t>(k);
            }
          });
    }
  }
  // The loader refuses an item supplying itself; kept for safety.
  bool self_supplied(ItemIndex item) const {
    for (uint32_t k = block_start_[item]; k < block_start_[item + 1]; ++k) {
      const Need& need = model_.needs[block_list_[k]];
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
        if (model_.options[o].item == item) return true;
    }
    return false;
  }

  uint32_t item_of_node(uint32_t node) const {
    const uint32_t n_items = static_cast<uint32_t>(model_.items.size());
    if (node < n_items) return node;
    if (node < prefix_origin_) return model_.needs[node - n_items].item;
    return prefix_item_[node - prefix_origin_];
  }
  uint32_t words_at(uint32_t node) const {
    uint32_t cycle = cycle_of_[item_of_node(node)];
    return cycle == kNone ? 0 : cycle_words_[cycle];
  }
  bool in_set(uint32_t set, ItemIndex item) const {
    if (set == kNone) return false;
    uint32_t pos = cycle_pos_[item];
    return (set_bits_[set + pos / 64] >> (pos % 64)) & 1;
  }
  bool subset(uint32_t a, uint32_t b, uint32_t words) const {
    if (a == kNone || a == b) return true;
    if (b == kNone) return false;  // sets are stored only when not empty
    for (uint32_t w = 0; w < words; ++w)
      if (set_bits_[a + w] & ~set_bits_[b + w]) return false;
    return true;
  }
  uint32_t set_union(uint32_t a, uint32_t b, uint32_t words) {
    if (subset(a, b, words)) return b;
    if (subset(b, a, words)) return a;
    uint32_t out = static_cast<uint32_t>(set_bits_.size());
    for (uint32_t w = 0; w < words; ++w) set_bits_.push_back(set_bits_[a + w] | set_bits_[b + w]);
    return out;
  }
  uint32_t set_with(uint32_t a, ItemIndex item, uint32_t words) {
    uint32_t out = static_cast<uint32_t>(set_bits_.size());
    for (uint32_t w = 0; w < words; ++w) set_bits_.push_back(a == kNone ? 0 : set_bits_[a + w]);
    uint32_t pos = cycle_pos_[item];
    set_bits_[out + pos / 64] |= uint64_t{1} << (pos % 64);
    return out;
  }
  // The set of a label arriving at `node` made of parts with sets a and b.
  uint32_t set_at(uint32_t node, uint32_t a, uint32_t b) {
    uint32_t words = words_at(node);
    if (words == 0) return kNone;
    uint32_t set = set_union(a, b, words);
    return node < model_.items.size() ? set_with(set, node, words) : set;
  }

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

  void search() {
    const uint32_t n_items = static_cast<uint32_t>(model_.items.size());
    const bool pareto = options_.objective == Objective::kPareto;
    // Lexicographic objectives need the whole front: no bound.
    const uint32_t max_plans = pareto ? options_.max_plans : UINT32_MAX;
    const ObjectiveOrder order = result_.order_;

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
    find_cycles();

    std::vector<std::vector<uint32_t>> permanent(n_nodes);
    std::vector<uint8_t> truncated(n_nodes, 0);
    std::vector<Label> labels;
    auto after = [order](const Label& x, const Label& y) {
      auto key = [&](const Label& l) {
        return std::tuple(lex_key(order, l.value), l.node, l.a, l.b, l.option);
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
            push({through(o, PlanValue{}), need_node(n), kNone, kNone, o, kNone});
      }
    }

    while (!heap.empty()) {
      Label top = heap.top();
      heap.pop();
      std::vector<uint32_t>& here = permanent[top.node];
      const uint32_t words = words_at(top.node);
      auto covers = [&](const Label& x, const Label& y) {
        return dominates_or_equals(x.value, y.value) && subset(x.set, y.set, words);
      };
      bool dominated = std::any_of(here.begin(), here.end(), [&](uint32_t l) { return covers(labels[l], top); });
      if (dominated) continue;
      // Cost is not superior (a weight below 1 makes a whole cheaper than
      // its part), so a label can arrive after one it dominates: that one
      // leaves the node (what was built on it stays, and is dominated too).
      here.erase(std::remove_if(here.begin(), here.end(), [&](uint32_t l) { return covers(top, labels[l]); }),
                 here.end());
      if (here.size() >= max_plans) {
        truncated[top.node] = 1;
        continue;
      }
      uint32_t id = static_cast<uint32_t>(labels.size());
      labels.push_back(top);
      here.push_back(id);

      if (top.node < n_items) {
        stats.options_examined += graph_.users_of(top.node).size();
        const uint32_t cycle = cycle_of_[top.node];
        for (OptionIndex o : graph_.users_of(top.node)) {
          NeedIndex n = model_.options[o].need;
          if (!result_.blocking_[n] || !allowed(o)) continue;
          ItemIndex user = model_.needs[n].item;
          uint32_t set = kNone;
          if (cycle != kNone && cycle_of_[user] == cycle) {
            if (in_set(top.set, user)) continue;  // the plan would depend on itself
            set = top.set;
          }
          push({through(o, top.value), need_node(n), id, kNone, o, set});
        }
        continue;
      }
      combination_of(top.node, [&](uint32_t target, uint32_t left, uint32_t right) {
        if (left == kNone) {
          push({top.value, target, id, kNone, kNone, set_at(target, top.set, kNone)});
          return;
        }
        bool on_left = left == top.node;
        for (uint32_t partner : permanent[on_left ? right : left]) {
          uint32_t l = on_left ? id : partner;
          uint32_t r = on_left ? partner : id;
          push({combine(labels[l].value, labels[r].value), target, l, r, kNone,
                set_at(target, labels[l].set, labels[r].set)});
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
    std::vector<uint32_t> front;
    for (ItemIndex item = 0; item < n_items; ++item) {
      // The item's labels hold its front, and may hold more: labels with
      // equal or dominated values but other cycle sets.
      front.clear();
      const std::vector<uint32_t>& here = permanent[item];
      if (!pareto) {
        // Lexicographic: the first label with the least value. A dominated
        // label is lexicographically worse than its dominator, so no
        // filtering is needed to find it.
        auto best = std::min_element(here.begin(), here.end(), [&](uint32_t x, uint32_t y) {
          return lexicographically_better(order, labels[x].value, labels[y].value);
        });
        if (best != here.end()) front.push_back(*best);
      } else {
        // Pareto: the values not dominated, each once, in the objective's order.
        for (uint32_t l : here) {
          bool covered = std::any_of(here.begin(), here.end(), [&](uint32_t k) {
            const PlanValue& x = labels[k].value;
            const PlanValue& y = labels[l].value;
            return dominates_or_equals(x, y) && (!(x == y) || k < l);
          });
          if (!covered) front.push_back(l);
        }
        std::stable_sort(front.begin(), front.end(), [&](uint32_t x, uint32_t y) {
          return lexicographically_better(order, labels[x].value, labels[y].value);
        });
      }
      for (uint32_t l : front) result_.item_plans_.push_back(plan_of[l]);
      result_.plan_start_[item + 1] = static_cast<uint32_t>(result_.item_plans_.size());
    }
    partial_plans(labels, permanent, plan_of, pareto ? options_.max_plans : 1);
  }

  // Partial plans of the unrecoverable items: the need fronts are final,
  // so combining the fronts of the needs that can be met, keeping only the
  // non-dominated combinations after each need, gives every plan over them
  // that is not dominated; the front's lexicographic first is the optimum.
  void partial_plans(const std::vector<Label>& labels, const std::vector<std::vector<uint32_t>>& permanent,
                     const std::vector<uint32_t>& plan_of, uint32_t keep) {
    const ObjectiveOrder order = result_.order_;
    struct Combo {
      PlanValue value;
      uint32_t prev = kNone;   // the combination of the earlier needs
      uint32_t label = kNone;  // the need label added
    };
    std::vector<Combo> combos;
    std::vector<uint32_t> front, next, kept;
    for (ItemIndex item : state_.lost_items()) {
      if (!recoverable_item(item) || !permanent[item].empty()) continue;
      if (block_start_[item + 1] == block_start_[item]) continue;
      combos.assign(1, Combo{});
      front.assign(1, 0);
      std::vector<NeedIndex> blocked;
      for (uint32_t k = block_start_[item]; k < block_start_[item + 1]; ++k) {
        NeedIndex n = block_list_[k];
        const std::vector<uint32_t>& options = permanent[need_node(n)];
        if (options.empty()) {
          blocked.push_back(n);
          continue;
        }
        next.clear();
        for (uint32_t c : front)
          for (uint32_t l : options) {
            next.push_back(static_cast<uint32_t>(combos.size()));
            combos.push_back({combine(combos[c].value, labels[l].value), c, l});
          }
        std::stable_sort(next.begin(), next.end(), [&](uint32_t x, uint32_t y) {
          return lexicographically_better(order, combos[x].value, combos[y].value);
        });
        kept.clear();
        for (uint32_t c : next) {
          bool dominated = std::any_of(kept.begin(), kept.end(), [&](uint32_t k2) {
            return dominates_or_equals(combos[k2].value, combos[c].value);
          });
          if (!dominated) kept.push_back(c);
        }
        front.swap(kept);
      }
      std::vector<uint32_t>& out = result_.partial_[item];
      for (size_t f = 0; f < front.size() && f < keep; ++f) {
        Plan plan;
        plan.item = item;
        plan.value = combos[front[f]].value;
        plan.blocked = blocked;
        for (uint32_t c = front[f]; combos[c].prev != kNone; c = combos[c].prev) {
          const Label& step = labels[combos[c].label];
          plan.steps.push_back({model_.options[step.option].need, step.option,
                                step.a == kNone ? kNone : plan_of[step.a]});
        }
        std::reverse(plan.steps.begin(), plan.steps.end());
        out.push_back(static_cast<uint32_t>(result_.plans_.size()));
        result_.plans_.push_back(std::move(plan));
      }
    }
  }

  const SupplyGraph& graph_;
  const Model& model_;
  const LossState& state_;
  RecoveryOptions options_;
  Recovery result_;
  std::vector<uint8_t> current_only_;  // per need; empty unless --keep-current
  std::vector<uint8_t> in_scope_;      // per item; empty unless options_.roots

  // Pareto bookkeeping.
  std::vector<uint32_t> block_start_;  // per item + 1
  std::vector<NeedIndex> block_list_;
  std::vector<uint32_t> need_pos_;     // per need: 1-based position among its item's blocking needs
  std::vector<uint32_t> prefix_base_;  // per item: node id of P2, or kNone
  uint32_t prefix_origin_ = 0;         // node id of the first prefix
  std::vector<ItemIndex> prefix_item_;
  std::vector<uint32_t> prefix_pos_;

  // Supply cycles (find_cycles).
  std::vector<uint32_t> cycle_of_;    // per item: its cycle, or kNone
  std::vector<uint32_t> cycle_pos_;   // per item: its bit in its cycle's sets
  std::vector<uint32_t> cycle_words_;  // per cycle: 64-bit words per set
  std::vector<uint64_t> set_bits_;    // every set, `words` words from its offset
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
