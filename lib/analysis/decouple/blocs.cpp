#include "decouple/blocs.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "decouple/impact.h"

namespace decouple {
namespace {

// Shares are summed in millionths so that subtracting a lost option's share
// returns exactly to what adding it started from: a need's remaining share
// and its comparison with the threshold do not depend on the order in which
// options died.
using Units = int64_t;
constexpr double kUnitsPerShare = 1e6;
Units to_units(double share) { return std::llround(share * kUnitsPerShare); }
double to_share(Units units) { return static_cast<double>(units) / kUnitsPerShare; }

bool contains(const std::vector<Country>& sorted, Country c) {
  return !c.empty() && std::binary_search(sorted.begin(), sorted.end(), c);
}

bool banned(const ScenarioCuts* scenario, FirmIndex firm) {
  return scenario && !scenario->banned.empty() && scenario->banned[firm] != kNone;
}

bool scenario_cut(const Model& model, const ScenarioCuts* scenario, OptionIndex option) {
  return scenario && ((!scenario->first_cut.empty() && scenario->is_cut(option)) ||
                      banned(scenario, model.supplier_of(option)));
}

std::vector<uint8_t> production_of(const Model& model, const std::vector<Country>& bloc) {
  std::vector<uint8_t> production(model.items.size());
  for (ItemIndex i = 0; i < model.items.size(); ++i)
    production[i] = in_bloc_production(model, bloc, i);
  return production;
}

// Final outputs: the bloc's items with needs that nothing uses, by id.
std::vector<ItemIndex> default_finals(const SupplyGraph& graph,
                                      const std::vector<uint8_t>& production) {
  const Model& model = graph.model();
  std::vector<ItemIndex> finals;
  for (ItemIndex i = 0; i < model.items.size(); ++i)
    if (production[i] && model.items[i].need_count > 0 && graph.users_of(i).empty())
      finals.push_back(i);
  return finals;
}

// The needs of `final`'s production tree: its own, and those of every item
// of the bloc's production reachable upstream through current options.
std::vector<NeedIndex> production_tree(const SupplyGraph& graph,
                                       const std::vector<uint8_t>& production, ItemIndex final) {
  const Model& model = graph.model();
  std::vector<uint8_t> seen(model.items.size());
  std::vector<ItemIndex> stack{final};
  seen[final] = 1;
  std::vector<NeedIndex> needs;
  while (!stack.empty()) {
    ItemIndex item = stack.back();
    stack.pop_back();
    const Item& i = model.items[item];
    for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
      needs.push_back(n);
      const Need& need = model.needs[n];
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        ItemIndex supplied = model.options[o].item;
        if (!model.options[o].is_current() || seen[supplied] || !production[supplied]) continue;
        seen[supplied] = 1;
        stack.push_back(supplied);
      }
    }
  }
  std::sort(needs.begin(), needs.end());
  return needs;
}

template <typename Met, typename Left>
std::vector<Headline> headlines_for(const SupplyGraph& graph, const std::vector<uint8_t>& production,
                                    std::vector<ItemIndex> finals, const std::vector<uint8_t>& live,
                                    Met met, Left left) {
  const Model& model = graph.model();
  if (finals.empty()) finals = default_finals(graph, production);
  std::sort(finals.begin(), finals.end(),
            [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; });
  finals.erase(std::unique(finals.begin(), finals.end()), finals.end());
  std::vector<Headline> out;
  for (ItemIndex f : finals) {
    Headline h;
    h.item = f;
    h.makeable = live[f];
    double sum = 0;
    for (NeedIndex n : production_tree(graph, production, f)) {
      ++h.inputs;
      if (met(n)) ++h.inputs_met;
      sum += left(n);
    }
    h.mean_left = h.inputs ? sum / h.inputs : 0;
    out.push_back(h);
  }
  return out;
}

bool by_item_then_need(const Model& model, NeedIndex a, NeedIndex b) {
  const Need& x = model.needs[a];
  const Need& y = model.needs[b];
  return std::tie(model.items[x.item].id, x.name) < std::tie(model.items[y.item].id, y.name);
}

}  // namespace

bool in_bloc_production(const Model& model, const std::vector<Country>& bloc, ItemIndex item) {
  Country home = model.firms[model.items[item].maker].country;
  return home.empty() || std::find(bloc.begin(), bloc.end(), home) != bloc.end();
}

Result<Bloc> find_bloc(const Model& model, std::string_view spec) {
  for (const Bloc& b : model.blocs)
    if (b.id == spec) return b;
  Bloc bloc;
  bloc.id = std::string(spec);
  bloc.name = bloc.id;
  size_t start = 0;
  while (start <= spec.size()) {
    size_t comma = std::min(spec.find(',', start), spec.size());
    std::string_view code = spec.substr(start, comma - start);
    std::optional<Country> c = Country::parse(code);
    if (!c) {
      std::vector<std::string_view> ids;
      for (const Bloc& b : model.blocs) ids.push_back(b.id);
      std::string hint = closest_match(spec, ids);
      std::string message =
          model.blocs.empty() || spec.find(',') != std::string_view::npos
              ? fmt::format("'{}' is not a country code (ISO 3166-1 alpha-2, e.g. CN, US)", code)
              : fmt::format("'{}' is neither a bloc of {} nor a country code (ISO 3166-1 "
                            "alpha-2, e.g. CN){}",
                            spec, model.file,
                            hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint));
      return Diagnostics{{"", 0, 0, message}};
    }
    bloc.countries.push_back(*c);
    start = comma + 1;
  }
  std::sort(bloc.countries.begin(), bloc.countries.end());
  bloc.countries.erase(std::unique(bloc.countries.begin(), bloc.countries.end()),
                       bloc.countries.end());
  return bloc;
}

BlocSupply bloc_supply(const SupplyGraph& graph, const BlocQuery& unsorted) {
  const Model& model = graph.model();
  BlocQuery query = unsorted;
  std::sort(query.bloc.begin(), query.bloc.end());
  std::sort(query.cut_by.begin(), query.cut_by.end());
  const ScenarioCuts* scenario = query.scenario;
  std::vector<uint8_t> production = production_of(model, query.bloc);
  const Units threshold = to_units(query.threshold);

  BlocSupply out;
  out.fate.assign(model.options.size(), OptionFate::kLive);
  out.lost.assign(model.items.size(), 0);
  std::vector<Units> unit(model.options.size(), 0);
  std::vector<Units> listed(model.needs.size(), 0), left(model.needs.size(), 0);
  std::vector<uint32_t> live(model.needs.size(), 0);
  std::vector<uint8_t> estimated(model.needs.size(), 0);

  for (NeedIndex n = 0; n < model.needs.size(); ++n) {
    const Need& need = model.needs[n];
    std::vector<double> shares = current_shares(model, n);
    bool consumer_in_bloc = production[need.item];
    for (uint32_t k = 0; k < need.option_count; ++k) {
      OptionIndex o = need.first_option + k;
      const Option& option = model.options[o];
      if (!option.is_current()) {
        out.fate[o] = OptionFate::kAlternative;
        continue;
      }
      unit[o] = to_units(shares[k]);
      listed[n] += unit[o];
      // An equal split is a guess only when there is something to split.
      if (option.share < 0 && unit[o] > 0 && unit[o] < to_units(1)) estimated[n] = 1;
      if (scenario_cut(model, scenario, o)) {
        out.fate[o] = OptionFate::kScenarioCut;
      } else if (consumer_in_bloc && contains(query.cut_by, model.items[option.item].origin)) {
        out.fate[o] = OptionFate::kWithheld;
      } else {
        ++live[n];
        left[n] += unit[o];
      }
    }
  }
  auto fails = [&](NeedIndex n) {
    return live[n] == 0 || (threshold > 0 && left[n] < threshold);
  };

  // Greatest fixpoint: everything the bloc can get until a failing critical
  // need takes an item down; each item is lost once, each option dies once.
  std::vector<ItemIndex> worklist;
  auto lose = [&](ItemIndex item) {
    if (out.lost[item]) return;
    out.lost[item] = 1;
    worklist.push_back(item);
  };
  for (ItemIndex i = 0; i < model.items.size(); ++i) {
    const Item& item = model.items[i];
    if (banned(scenario, item.maker)) lose(i);
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n)
      if (model.needs[n].critical && fails(n)) lose(i);
  }
  while (!worklist.empty()) {
    ItemIndex item = worklist.back();
    worklist.pop_back();
    for (OptionIndex o : graph.users_of(item)) {
      if (out.fate[o] != OptionFate::kLive) continue;
      out.fate[o] = OptionFate::kLostUpstream;
      NeedIndex n = model.options[o].need;
      --live[n];
      left[n] -= unit[o];
      if (model.needs[n].critical && fails(n)) lose(model.needs[n].item);
    }
  }

  std::vector<NeedSupply> per_need(model.needs.size());
  for (NeedIndex n = 0; n < model.needs.size(); ++n) {
    const Need& need = model.needs[n];
    NeedSupply& s = per_need[n];
    s.need = n;
    s.critical = need.critical;
    s.estimated = estimated[n];
    Units withheld = 0, upstream = 0;
    bool any_dead = false, any_upstream = false;
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
      switch (out.fate[o]) {
        case OptionFate::kWithheld:
        case OptionFate::kScenarioCut:
          withheld += unit[o];
          any_dead = true;
          break;
        case OptionFate::kLostUpstream:
          upstream += unit[o];
          any_dead = any_upstream = true;
          break;
        default: break;
      }
    }
    s.listed = to_share(listed[n]);
    s.withheld = to_share(withheld);
    s.lost_upstream = to_share(upstream);
    s.left = to_share(left[n]);
    if (live[n] == 0)
      s.status = any_upstream ? NeedStatus::kCutOff : NeedStatus::kWithheld;
    else if (threshold > 0 && left[n] < threshold)
      s.status = NeedStatus::kBelowThreshold;
    else if (any_dead)
      s.status = NeedStatus::kReduced;
  }

  for (NeedIndex n = 0; n < model.needs.size(); ++n)
    if (production[model.needs[n].item]) out.needs.push_back(per_need[n]);
  std::sort(out.needs.begin(), out.needs.end(), [&](const NeedSupply& a, const NeedSupply& b) {
    Units ga = to_units(a.gap()), gb = to_units(b.gap());
    if (ga != gb) return ga > gb;
    return by_item_then_need(model, a.need, b.need);
  });

  std::vector<uint8_t> alive(model.items.size());
  for (ItemIndex i = 0; i < model.items.size(); ++i) alive[i] = !out.lost[i];
  out.headlines = headlines_for(
      graph, production, query.finals, alive,
      [&](NeedIndex n) { return !per_need[n].fails(); },
      [&](NeedIndex n) { return per_need[n].left; });
  return out;
}

Autarky bloc_autarky(const SupplyGraph& graph, std::vector<Country> bloc,
                     const ScenarioCuts* scenario, const std::vector<ItemIndex>& finals) {
  const Model& model = graph.model();
  std::sort(bloc.begin(), bloc.end());
  std::vector<uint8_t> production = production_of(model, bloc);
  std::vector<uint8_t> eligible(model.items.size());
  for (ItemIndex i = 0; i < model.items.size(); ++i)
    eligible[i] = production[i] && !banned(scenario, model.items[i].maker);
  auto usable = [&](OptionIndex o) {
    return model.options[o].is_current() && !scenario_cut(model, scenario, o);
  };

  Autarky out;
  out.made.assign(model.items.size(), 0);
  std::vector<uint32_t> made_options(model.needs.size(), 0);
  std::vector<uint32_t> unmet(model.items.size(), 0);
  for (const Need& need : model.needs)
    if (need.critical) ++unmet[need.item];

  // Least fixpoint: nothing is made until all its critical needs have an
  // option the bloc already makes; a need counts as met once, when its
  // first option is made, so the whole run is linear.
  std::vector<ItemIndex> worklist;
  auto make = [&](ItemIndex item) {
    out.made[item] = 1;
    worklist.push_back(item);
  };
  for (ItemIndex i = 0; i < model.items.size(); ++i)
    if (eligible[i] && unmet[i] == 0) make(i);
  while (!worklist.empty()) {
    ItemIndex item = worklist.back();
    worklist.pop_back();
    for (OptionIndex o : graph.users_of(item)) {
      if (!usable(o)) continue;
      NeedIndex n = model.options[o].need;
      if (made_options[n]++ > 0 || !model.needs[n].critical) continue;
      ItemIndex consumer = model.needs[n].item;
      if (--unmet[consumer] == 0 && eligible[consumer] && !out.made[consumer]) make(consumer);
    }
  }

  for (ItemIndex i = 0; i < model.items.size(); ++i)
    if (out.made[i]) out.made_items.push_back(i);
  std::sort(out.made_items.begin(), out.made_items.end(),
            [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; });

  for (ItemIndex i = 0; i < model.items.size(); ++i) {
    if (!eligible[i] || out.made[i]) continue;
    const Item& item = model.items[i];
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
      const Need& need = model.needs[n];
      if (!need.critical || made_options[n] > 0) continue;
      AutarkyGap gap;
      gap.need = n;
      std::vector<double> shares = current_shares(model, n);
      std::vector<std::pair<OptionIndex, double>> foreign;
      for (uint32_t k = 0; k < need.option_count; ++k) {
        OptionIndex o = need.first_option + k;
        if (!usable(o)) continue;
        if (eligible[model.options[o].item])
          gap.blocked.push_back(o);
        else
          foreign.emplace_back(o, shares[k]);
      }
      gap.root = gap.blocked.empty();
      std::sort(foreign.begin(), foreign.end(), [&](const auto& a, const auto& b) {
        Units ua = to_units(a.second), ub = to_units(b.second);
        if (ua != ub) return ua > ub;
        return model.items[model.options[a.first].item].id <
               model.items[model.options[b.first].item].id;
      });
      for (const auto& [o, share] : foreign) {
        gap.foreign.push_back(o);
        gap.foreign_share.push_back(share);
      }
      out.gaps.push_back(std::move(gap));
    }
  }
  std::sort(out.gaps.begin(), out.gaps.end(), [&](const AutarkyGap& a, const AutarkyGap& b) {
    if (a.root != b.root) return a.root;
    Units ta = a.foreign_share.empty() ? 0 : to_units(a.foreign_share[0]);
    Units tb = b.foreign_share.empty() ? 0 : to_units(b.foreign_share[0]);
    if (a.root && ta != tb) return ta > tb;
    return by_item_then_need(model, a.need, b.need);
  });

  out.headlines = headlines_for(
      graph, production, finals, out.made, [&](NeedIndex n) { return made_options[n] > 0; },
      [&](NeedIndex n) {
        const Need& need = model.needs[n];
        std::vector<double> shares = current_shares(model, n);
        Units own = 0;
        for (uint32_t k = 0; k < need.option_count; ++k) {
          OptionIndex o = need.first_option + k;
          if (usable(o) && out.made[model.options[o].item]) own += to_units(shares[k]);
        }
        return to_share(own);
      });
  return out;
}

}  // namespace decouple
