#include "decouple/chokepoints.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "decouple/fault_tree.h"
#include "decouple/fault_tree_diagrams.h"

namespace decouple {

// ---- Chokepoints ----

Chokepoints::Chokepoints(const SupplyGraph& graph, const ScenarioCuts& cuts, std::optional<Country> by)
    : graph_(graph), cuts_(cuts), by_(by), base_(graph) {
  base_.apply(cuts);
  const Model& model = graph.model();
  candidate_.assign(model.firms.size(), by ? 0 : 1);
  if (by) {
    // A firm is within J's reach when one of its items is subject to J on
    // some edge that supplies it (the rules may depend on the recipient).
    for (FirmIndex f = 0; f < model.firms.size(); ++f)
      for (ItemIndex item : graph.items_of(f)) {
        for (OptionIndex o : graph.users_of(item))
          if (cuts.reach.subject(o, *by).subject()) {
            candidate_[f] = 1;
            break;
          }
        if (candidate_[f]) break;
      }
  }
  for (FirmIndex f = 0; f < model.firms.size(); ++f)
    if (base_.banned(f)) candidate_[f] = 0;
}

size_t Chokepoints::candidate_count() const {
  return static_cast<size_t>(std::count(candidate_.begin(), candidate_.end(), 1));
}

// ---- ConeReplay ----

struct ConeReplay::Cone {
  Model model;
  std::unique_ptr<SupplyGraph> graph;
  std::unique_ptr<LossState> state;
  std::vector<FirmIndex> firm_map;     // model firm -> cone firm, kNone outside
  std::vector<OptionIndex> base_cuts;  // cone options cut in the base state
  std::vector<FirmIndex> base_bans;    // cone firms banned in the base state
  ItemIndex target = kNone;
};

ConeReplay::ConeReplay(const SupplyGraph& graph, const LossState& base, ItemIndex target)
    : cone_(std::make_unique<Cone>()) {
  const Model& model = graph.model();
  Cone& c = *cone_;
  // The items the target depends on through current options of critical
  // needs: loss cannot reach it from anywhere else, so the propagation on
  // this closed part gives the target's fate exactly.
  std::vector<ItemIndex> item_map(model.items.size(), kNone);
  std::vector<ItemIndex> items = {target};
  item_map[target] = 0;
  for (size_t k = 0; k < items.size(); ++k) {
    const Item& item = model.items[items[k]];
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
      const Need& need = model.needs[n];
      if (!need.critical) continue;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        ItemIndex supplied = model.options[o].item;
        if (model.options[o].is_current() && item_map[supplied] == kNone) {
          item_map[supplied] = static_cast<ItemIndex>(items.size());
          items.push_back(supplied);
        }
      }
    }
  }
  c.firm_map.assign(model.firms.size(), kNone);
  for (ItemIndex i : items) {
    Item copy;
    FirmIndex maker = model.items[i].maker;
    if (c.firm_map[maker] == kNone) {
      c.firm_map[maker] = static_cast<FirmIndex>(c.model.firms.size());
      c.model.firms.emplace_back();
      if (base.banned(maker)) c.base_bans.push_back(c.firm_map[maker]);
    }
    copy.maker = c.firm_map[maker];
    copy.first_need = static_cast<NeedIndex>(c.model.needs.size());
    const Item& item = model.items[i];
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
      const Need& need = model.needs[n];
      if (!need.critical) continue;
      Need need_copy;
      need_copy.item = item_map[i];
      need_copy.first_option = static_cast<OptionIndex>(c.model.options.size());
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        if (!model.options[o].is_current()) continue;
        Option option;
        option.need = static_cast<NeedIndex>(c.model.needs.size());
        option.item = item_map[model.options[o].item];
        // A link absent at the base's date (presence.h) supplies nothing:
        // in the cone it is as dead as a cut one.
        if (base.option_cut(o) || base.option_absent(o))
          c.base_cuts.push_back(static_cast<OptionIndex>(c.model.options.size()));
        c.model.options.push_back(option);
      }
      need_copy.option_count =
          static_cast<OptionIndex>(c.model.options.size()) - need_copy.first_option;
      // A need with no current option never dies (as in LossState).
      if (need_copy.option_count > 0) c.model.needs.push_back(need_copy);
    }
    if (base.absent(i)) {
      // Not made at the base's date: one critical need whose only option is
      // cut in the base keeps it dead in the cone, as in the base.
      Need gone;
      gone.item = item_map[i];
      gone.first_option = static_cast<OptionIndex>(c.model.options.size());
      gone.option_count = 1;
      Option none;
      none.need = static_cast<NeedIndex>(c.model.needs.size());
      none.item = item_map[i];
      c.base_cuts.push_back(static_cast<OptionIndex>(c.model.options.size()));
      c.model.options.push_back(none);
      c.model.needs.push_back(gone);
    }
    copy.need_count = static_cast<NeedIndex>(c.model.needs.size()) - copy.first_need;
    c.model.items.push_back(std::move(copy));
  }
  c.target = 0;
  c.graph = std::make_unique<SupplyGraph>(c.model);
  c.state = std::make_unique<LossState>(*c.graph);
}

ConeReplay::~ConeReplay() = default;

size_t ConeReplay::cone_items() const { return cone_->model.items.size(); }

bool ConeReplay::lost_with(std::span<const FirmIndex> banned) {
  Cone& c = *cone_;
  LossState& state = *c.state;
  state.reset();
  for (FirmIndex f : c.base_bans) state.ban_firm(f);
  for (OptionIndex o : c.base_cuts) state.cut_option(o);
  for (FirmIndex f : banned)
    if (f < c.firm_map.size() && c.firm_map[f] != kNone) state.ban_firm(c.firm_map[f]);
  return state.lost(c.target);
}

// ---- Minimal blacklists ----

namespace {

Diagnostics error(std::string message) { return {Diagnostic{"", 0, 0, std::move(message)}}; }

// Sorted by size, then by the firms' ids in order.
void sort_sets(const Model& model, std::vector<std::vector<FirmIndex>>& sets) {
  auto by_id = [&](FirmIndex a, FirmIndex b) { return model.firms[a].id < model.firms[b].id; };
  for (auto& set : sets) std::sort(set.begin(), set.end(), by_id);
  std::sort(sets.begin(), sets.end(), [&](const auto& a, const auto& b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), by_id);
  });
}

std::vector<FirmIndex> makers_of(const Model& model, std::span<const ItemIndex> targets) {
  std::vector<FirmIndex> out;
  for (ItemIndex t : targets) out.push_back(model.items[t].maker);
  return out;
}

std::string describe_set(const Model& model, std::span<const FirmIndex> set) {
  std::string out = "{";
  for (size_t k = 0; k < set.size(); ++k) out += (k ? ", " : "") + model.firms[set[k]].id;
  return out + "}";
}

}  // namespace

Result<BlacklistReport> minimal_blacklists(const Chokepoints& chokepoints,
                                           std::span<const ItemIndex> targets,
                                           const BlacklistOptions& options) {
  const Model& model = chokepoints.model();
  BlacklistReport report;
  report.max_order = options.max_order;
  report.candidates = chokepoints.candidate_count();
  FaultTree tree = build_fault_tree(chokepoints.graph(), chokepoints.base(), chokepoints.candidates(),
                                    targets);
  std::vector<FirmIndex> excluded = makers_of(model, targets);

  std::optional<CutSetFamilies> families;
  bool full = false;
  if (options.count_left_out && options.max_order != Zbdd::kNoLimit) {
    try {
      families = minimal_cut_sets(tree, model.firms.size(), excluded, Zbdd::kNoLimit, options.max_nodes,
                                  options.progress);
      full = true;
    } catch (const DiagramOverflow& overflow) {
      report.not_counted = fmt::format(
          "sets larger than {} firms were not counted: the complete families need more than {} "
          "decision-diagram nodes (raise --max-diagram-nodes)",
          options.max_order, options.max_nodes);
    }
  } else if (!options.count_left_out) {
    report.not_counted = fmt::format("sets larger than {} firms were not counted", options.max_order);
  }
  if (!families) {
    try {
      families = minimal_cut_sets(tree, model.firms.size(), excluded, options.max_order, options.max_nodes,
                                  options.progress);
      full = options.max_order == Zbdd::kNoLimit;
    } catch (const DiagramOverflow& overflow) {
      return error(fmt::format("{} while computing blacklists up to {} firms; lower --max-order or "
                               "raise --max-diagram-nodes",
                               overflow.what(), options.max_order));
    }
  }
  Zbdd& zbdd = *families->zbdd;
  for (size_t k = 0; k < targets.size(); ++k) {
    TargetBlacklists result;
    result.target = targets[k];
    result.already_lost = chokepoints.base().dead(targets[k]);
    DdNode family = families->family[k];
    if (full) {
      result.all_by_order = zbdd.count_by_order(family);
      result.counted = true;
    }
    DdNode listed = zbdd.truncate(family, options.max_order);
    zbdd.for_each_set(listed, [&](std::span<const uint32_t> levels) {
      std::vector<FirmIndex> set;
      for (uint32_t l : levels) set.push_back(families->order.firm_at_level[l]);
      result.sets.push_back(std::move(set));
    });
    sort_sets(model, result.sets);
    report.targets.push_back(std::move(result));
  }

  if (options.verify) {
    for (const TargetBlacklists& result : report.targets) {
      if (options.progress)
        options.progress("targets verified", &result - report.targets.data(), report.targets.size());
      ConeReplay replay(chokepoints.graph(), chokepoints.base(), result.target);
      std::vector<FirmIndex> fewer;
      for (const auto& set : result.sets) {
        bool minimal = replay.lost_with(set);
        for (size_t drop = 0; minimal && drop < set.size(); ++drop) {
          fewer.assign(set.begin(), set.end());
          fewer.erase(fewer.begin() + static_cast<std::ptrdiff_t>(drop));
          if (replay.lost_with(fewer)) minimal = false;
        }
        if (!minimal)
          return error(fmt::format("internal error: blacklist {} of '{}' fails its check by "
                                   "propagation",
                                   describe_set(model, set), model.items[result.target].id));
        ++report.verified;
      }
    }
    if (options.progress) options.progress("targets verified", report.targets.size(), report.targets.size());
  }
  return report;
}

// ---- Single points of failure and damage ----

FirmDamage damage_by_propagation(const Chokepoints& chokepoints, FirmIndex firm, LossState& scratch) {
  const Model& model = chokepoints.model();
  const LossState& base = chokepoints.base();
  scratch.reset();
  scratch.apply(chokepoints.cuts());
  scratch.ban_firm(firm);
  FirmDamage damage;
  damage.firm = firm;
  std::vector<FirmIndex> vendors;
  for (ItemIndex item : scratch.lost_items()) {
    if (base.dead(item) || model.items[item].maker == firm) continue;
    damage.items.push_back(item);
    vendors.push_back(model.items[item].maker);
  }
  std::sort(damage.items.begin(), damage.items.end(),
            [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; });
  for (ItemIndex item : damage.items)
    if (model.items[item].value >= 0) {
      damage.value += model.items[item].value;
      ++damage.valued;
    }
  std::sort(vendors.begin(), vendors.end());
  damage.vendors = static_cast<size_t>(std::unique(vendors.begin(), vendors.end()) - vendors.begin());
  return damage;
}

Result<SpofReport> single_points_of_failure(const Chokepoints& chokepoints, const SpofOptions& options) {
  const Model& model = chokepoints.model();
  const LossState& base = chokepoints.base();
  SpofReport report;
  report.candidates = chokepoints.candidate_count();
  std::vector<ItemIndex> targets;
  for (ItemIndex i = 0; i < model.items.size(); ++i) {
    if (base.absent(i)) continue;  // not made at the base's date: no target
    if (base.lost(i))
      ++report.already_lost;
    else
      targets.push_back(i);
  }
  std::vector<FirmIndex> excluded = makers_of(model, targets);
  FaultTree tree = build_fault_tree(chokepoints.graph(), base, chokepoints.candidates(), targets);
  std::optional<CutSetFamilies> families;
  try {
    families = minimal_cut_sets(tree, model.firms.size(), excluded, 1, options.max_nodes, options.progress);
  } catch (const DiagramOverflow& overflow) {
    return error(fmt::format("{} while computing single points of failure; raise --max-diagram-nodes",
                             overflow.what()));
  }
  // Per firm: the items it alone takes down.
  std::vector<std::vector<ItemIndex>> takes_down(model.firms.size());
  for (size_t k = 0; k < targets.size(); ++k) {
    ItemSpof spof;
    spof.item = targets[k];
    families->zbdd->for_each_set(families->family[k], [&](std::span<const uint32_t> levels) {
      FirmIndex f = families->order.firm_at_level[levels[0]];
      spof.firms.push_back(f);
      takes_down[f].push_back(targets[k]);
    });
    if (spof.firms.empty()) continue;
    std::sort(spof.firms.begin(), spof.firms.end(),
              [&](FirmIndex a, FirmIndex b) { return model.firms[a].id < model.firms[b].id; });
    report.items.push_back(std::move(spof));
  }
  auto item_less = [&](ItemIndex a, ItemIndex b) {
    const Item& x = model.items[a];
    const Item& y = model.items[b];
    if (x.maker != y.maker) return model.firms[x.maker].id < model.firms[y.maker].id;
    return x.id < y.id;
  };
  std::sort(report.items.begin(), report.items.end(),
            [&](const ItemSpof& a, const ItemSpof& b) { return item_less(a.item, b.item); });

  std::unique_ptr<LossState> scratch;
  if (options.verify) scratch = std::make_unique<LossState>(chokepoints.graph());
  for (FirmIndex f = 0; f < model.firms.size(); ++f) {
    if (options.progress) options.progress("firms", f, model.firms.size());
    if (!chokepoints.candidates()[f]) continue;
    FirmDamage damage;
    damage.firm = f;
    damage.items = std::move(takes_down[f]);
    std::sort(damage.items.begin(), damage.items.end(),
              [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; });
    std::vector<FirmIndex> vendors;
    for (ItemIndex item : damage.items) {
      vendors.push_back(model.items[item].maker);
      if (model.items[item].value >= 0) {
        damage.value += model.items[item].value;
        ++damage.valued;
      }
    }
    std::sort(vendors.begin(), vendors.end());
    damage.vendors = static_cast<size_t>(std::unique(vendors.begin(), vendors.end()) - vendors.begin());
    if (scratch) {
      FirmDamage check = damage_by_propagation(chokepoints, f, *scratch);
      if (check.items != damage.items)
        return error(fmt::format("internal error: cutting off '{}' alone loses {} items by "
                                 "propagation but {} by the fault tree",
                                 model.firms[f].id, check.items.size(), damage.items.size()));
    }
    report.damage.push_back(std::move(damage));
  }
  if (options.progress) options.progress("firms", model.firms.size(), model.firms.size());
  report.verified = options.verify;
  std::sort(report.damage.begin(), report.damage.end(), [&](const FirmDamage& a, const FirmDamage& b) {
    if (a.items.size() != b.items.size()) return a.items.size() > b.items.size();
    if (a.value != b.value) return a.value > b.value;
    return model.firms[a.firm].id < model.firms[b.firm].id;
  });
  return report;
}

}  // namespace decouple
