#include "decouple/scenario.h"

#include <algorithm>

#include <fmt/format.h>

namespace decouple {
namespace {

// Depth first over `extends`, so the scenarios a scenario builds on apply
// before it does; each scenario applies once even if reached twice.
void collect(const Model& model, ScenarioIndex s, std::vector<bool>& seen,
             std::vector<AppliedAction>& out) {
  // Iterative: a 10,000-long extends chain must not exhaust the stack.
  std::vector<std::pair<ScenarioIndex, size_t>> stack = {{s, 0}};
  seen[s] = true;
  while (!stack.empty()) {
    auto& [current, next] = stack.back();
    const Scenario& scenario = model.scenarios[current];
    if (next < scenario.extends.size()) {
      ScenarioIndex parent = scenario.extends[next++];
      if (!seen[parent]) {
        seen[parent] = true;
        stack.push_back({parent, 0});
      }
      continue;
    }
    for (uint32_t a = 0; a < scenario.actions.size(); ++a)
      out.push_back({&scenario.actions[a], current, a});
    stack.pop_back();
  }
}

template <typename F>
void for_each_inbound_option(const SupplyGraph& graph, FirmIndex firm, F&& f) {
  const Model& model = graph.model();
  for (ItemIndex item : graph.items_of(firm)) {
    const Item& i = model.items[item];
    for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
      const Need& need = model.needs[n];
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) f(o);
    }
  }
}

Country actor_of(const ActionBody& body) {
  return std::visit(
      [](const auto& a) -> Country {
        if constexpr (requires { a.by; })
          return a.by;
        else
          return Country{};
      },
      body);
}

bool license_matches(const Model& model, const LicenseAction& license, OptionIndex o) {
  if (license.supplier != kNone && model.supplier_of(o) != license.supplier) return false;
  if (license.to != kNone && model.recipient_of(o) != license.to) return false;
  ItemIndex item = model.options[o].item;
  return license.filter.matches(item, model.items[item]);
}

}  // namespace

bool in_force(const Model& model, const AppliedAction& applied, std::string_view date_text) {
  if (date_text.empty()) return true;
  const Date date = date_text;
  const Action& action = *applied.action;
  Date from = action.from;
  if (from.empty() && applied.scenario != kNone) from = model.scenarios[applied.scenario].date;
  if (!from.empty() && date < from) return false;
  const Date last = action.last_day();
  return last.empty() || last >= date;
}

std::string evaluation_date(const Model& model, ScenarioIndex scenario, const std::string& at) {
  if (!at.empty() || scenario == kNone) return at;
  return model.scenarios[scenario].date.str();
}

std::vector<AppliedAction> resolve_scenario(const Model& model, ScenarioIndex scenario) {
  std::vector<bool> seen(model.scenarios.size(), false);
  std::vector<AppliedAction> out;
  collect(model, scenario, seen, out);
  return out;
}

ScenarioCuts apply_actions(const SupplyGraph& graph, std::vector<AppliedAction> applied,
                           std::string date, std::shared_ptr<const Presence> presence) {
  const Model& model = graph.model();
  ScenarioCuts result;
  result.applied = std::move(applied);
  result.date = std::move(date);
  result.presence = std::move(presence);
  result.banned.assign(model.firms.size(), kNone);
  result.first_cut = FirstCut(model.options.size());
  std::vector<uint8_t> active(result.applied.size());
  for (size_t a = 0; a < active.size(); ++a)
    active[a] = in_force(model, result.applied[a], result.date);
  result.reach = Reach(graph, result.applied, active, result.presence);
  const Reach& reach = result.reach;
  const Presence* present = result.presence.get();

  std::vector<Cut> cuts;
  auto consider = [&](OptionIndex o, uint32_t action, Country by, const ItemFilter& filter) {
    // An absent link is not cut: it is not there to cut.
    if (present && !present->option_present(o)) return;
    ItemIndex item = model.options[o].item;
    if (!filter.matches(item, model.items[item])) return;
    Subjection why = reach.subject(o, by);
    if (why.subject()) cuts.push_back({o, action, why});
  };

  for (uint32_t a = 0; a < result.applied.size(); ++a) {
    if (!active[a]) continue;
    const ActionBody& body = result.applied[a].action->body;
    if (const auto* listing = std::get_if<EntityListAction>(&body)) {
      for (FirmIndex firm : listing->add)
        for_each_inbound_option(graph, firm,
                                [&](OptionIndex o) { consider(o, a, listing->by, listing->filter); });
    } else if (const auto* embargo = std::get_if<EmbargoAction>(&body)) {
      for (FirmIndex firm = 0; firm < model.firms.size(); ++firm) {
        if (!std::binary_search(embargo->to.begin(), embargo->to.end(), model.firms[firm].country))
          continue;
        for_each_inbound_option(graph, firm,
                                [&](OptionIndex o) { consider(o, a, embargo->by, embargo->filter); });
      }
    } else if (const auto* ban = std::get_if<BanAction>(&body)) {
      for (FirmIndex firm : ban->firms)
        if (result.banned[firm] == kNone) result.banned[firm] = a;
    }
  }

  // Licenses are exceptions to their own jurisdiction's cuts, wherever they
  // appear in the list: an edge cut by several jurisdictions reopens only
  // when each of them licensed it.
  std::sort(cuts.begin(), cuts.end(), [](const Cut& x, const Cut& y) {
    return std::tie(x.option, x.action) < std::tie(y.option, y.action);
  });
  cuts.erase(std::unique(cuts.begin(), cuts.end(),
                         [](const Cut& x, const Cut& y) {
                           return x.option == y.option && x.action == y.action;
                         }),
             cuts.end());
  // For each cut, the last license decision of its jurisdiction in force
  // that matches it: a later decision (a revocation, `policy: deny`, or a
  // new approval) overrides an earlier one; an expired one decides nothing.
  std::vector<uint32_t> licensed_by(cuts.size(), kNone);
  for (uint32_t a = 0; a < result.applied.size(); ++a) {
    const auto* license = std::get_if<LicenseAction>(&result.applied[a].action->body);
    if (!license || !active[a]) continue;
    const bool approve = license->policy == LicenseAction::Policy::kApprove;
    for (size_t c = 0; c < cuts.size(); ++c) {
      if (actor_of(result.applied[cuts[c].action].action->body) != license->by) continue;
      if (license_matches(model, *license, cuts[c].option)) licensed_by[c] = approve ? a : kNone;
    }
  }
  for (size_t c = 0; c < cuts.size();) {
    size_t end = c;
    bool all_licensed = true;
    while (end < cuts.size() && cuts[end].option == cuts[c].option) {
      all_licensed = all_licensed && licensed_by[end] != kNone;
      ++end;
    }
    if (all_licensed) {
      result.restored.emplace_back(cuts[c].option, licensed_by[c]);
    } else {
      for (size_t k = c; k < end; ++k) {
        if (licensed_by[k] != kNone) continue;
        if (result.first_cut[cuts[k].option] == kNone)
          result.first_cut.set(cuts[k].option, static_cast<uint32_t>(result.cuts.size()));
        result.cuts.push_back(cuts[k]);
      }
    }
    c = end;
  }
  return result;
}

ScenarioCuts apply_scenario(const SupplyGraph& graph, ScenarioIndex scenario, const When& when) {
  const Model& model = graph.model();
  std::string date = evaluation_date(model, scenario, when.at);
  auto presence = presence_at(graph, date, when.known_at);
  return apply_actions(graph, resolve_scenario(model, scenario), std::move(date), std::move(presence));
}

bool licensed(const Model& model, const ScenarioCuts& cuts, OptionIndex option, Country by) {
  bool approved = false;
  for (const AppliedAction& applied : cuts.applied) {
    const auto* license = std::get_if<LicenseAction>(&applied.action->body);
    if (!license || license->by != by || !in_force(model, applied, cuts.date)) continue;
    if (license_matches(model, *license, option))
      approved = license->policy == LicenseAction::Policy::kApprove;
  }
  return approved;
}

std::vector<Action> blacklist_actions(std::span<const FirmIndex> firms) {
  BanAction ban;
  ban.firms.assign(firms.begin(), firms.end());
  std::sort(ban.firms.begin(), ban.firms.end());
  std::vector<Action> out(1);
  out[0].body = std::move(ban);
  return out;
}

Country action_actor(const ActionBody& body) { return actor_of(body); }

std::string describe_action(const Model& model, const AppliedAction& applied) {
  std::string kind(action_kind(applied.action->body));
  Country by = actor_of(applied.action->body);
  std::string what = by.empty() ? kind : fmt::format("{} by {}", kind, by.view());
  if (applied.scenario == kNone) return fmt::format("ad hoc {}", what);
  return fmt::format("scenario '{}' action {} ({})", model.scenarios[applied.scenario].id,
                     applied.index + 1, what);
}

}  // namespace decouple
