#include "decouple/timeline.h"

#include <algorithm>
#include <map>

#include "decouple/propagate.h"

namespace decouple {
namespace {

// The applied actions of steps [0, last], each scenario once, in step
// order and, within a step, in `extends` order.
std::vector<AppliedAction> cumulative_actions(const Model& model,
                                              const std::vector<ScenarioIndex>& order,
                                              size_t last) {
  std::vector<AppliedAction> out;
  std::vector<uint8_t> taken(model.scenarios.size(), 0);
  for (size_t k = 0; k <= last; ++k) {
    std::vector<AppliedAction> step = resolve_scenario(model, order[k]);
    // resolve_scenario lists a scenario's actions contiguously; skip the
    // scenarios an earlier step already applied.
    std::vector<uint8_t> here(model.scenarios.size(), 0);
    for (const AppliedAction& a : step) {
      if (taken[a.scenario]) continue;
      here[a.scenario] = 1;
      out.push_back(a);
    }
    for (ScenarioIndex s = 0; s < here.size(); ++s) taken[s] |= here[s];
  }
  return out;
}

// Per option: the state's view of it, so two steps compare in one sweep.
struct Snapshot {
  std::vector<uint8_t> cut;       // per option
  std::vector<uint8_t> restored;  // per option
  std::vector<uint8_t> lost;      // per item
};

Snapshot snapshot(const Model& model, const ScenarioCuts& cuts, const LossState& state) {
  Snapshot s;
  s.cut.assign(model.options.size(), 0);
  s.restored.assign(model.options.size(), 0);
  s.lost.assign(model.items.size(), 0);
  for (const Cut& c : cuts.cuts) s.cut[c.option] = 1;
  for (const auto& [option, license] : cuts.restored) s.restored[option] = 1;
  for (ItemIndex item : state.lost_items()) s.lost[item] = 1;
  return s;
}

}  // namespace

std::vector<ScenarioIndex> timeline_order(const Model& model) {
  // A dated scenario that another scenario of the same date extends is a
  // part of that step (the October 2019 listing alone, inside the
  // cumulative October 2019 step), not a step of its own: as a step it
  // would seem to re-open everything the earlier steps cut.
  std::vector<bool> part(model.scenarios.size(), false);
  for (const Scenario& s : model.scenarios)
    for (ScenarioIndex parent : s.extends)
      if (!s.date.empty() && model.scenarios[parent].date == s.date) part[parent] = true;
  std::vector<ScenarioIndex> order;
  for (ScenarioIndex s = 0; s < model.scenarios.size(); ++s)
    if (!model.scenarios[s].date.empty() && !part[s]) order.push_back(s);
  // Dates are YYYY-MM-DD, so text order is date order.
  std::stable_sort(order.begin(), order.end(), [&](ScenarioIndex a, ScenarioIndex b) {
    return model.scenarios[a].date < model.scenarios[b].date;
  });
  return order;
}

Timeline replay_timeline(const SupplyGraph& graph, bool cumulative, std::span<const FirmIndex> banned,
                         const std::string& known_at) {
  const Model& model = graph.model();
  Timeline timeline;
  timeline.cumulative = cumulative;
  timeline.banned.assign(banned.begin(), banned.end());
  std::sort(timeline.banned.begin(), timeline.banned.end());
  timeline.banned.erase(std::unique(timeline.banned.begin(), timeline.banned.end()), timeline.banned.end());
  if (!timeline.banned.empty()) timeline.ad_hoc = blacklist_actions(timeline.banned);
  // The ad hoc ban joins every step's actions.
  auto with_ban = [&](std::vector<AppliedAction> actions) {
    if (!timeline.ad_hoc.empty()) actions.push_back({&timeline.ad_hoc[0], kNone, 0});
    return actions;
  };
  std::vector<ScenarioIndex> order = timeline_order(model);
  LossState state(graph);
  // The world before the first step: nothing cut, or the ban alone.
  Snapshot before;
  if (timeline.ad_hoc.empty()) {
    before.cut.assign(model.options.size(), 0);
    before.restored.assign(model.options.size(), 0);
    before.lost.assign(model.items.size(), 0);
  } else {
    ScenarioCuts ban_only = apply_actions(graph, with_ban({}), "");
    state.apply(ban_only);
    before = snapshot(model, ban_only, state);
  }

  auto by_id = [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; };
  for (size_t k = 0; k < order.size(); ++k) {
    const Scenario& scenario = model.scenarios[order[k]];
    TimelineStep step;
    step.scenario = order[k];
    step.cuts = apply_actions(graph,
                              with_ban(cumulative ? cumulative_actions(model, order, k)
                                                  : resolve_scenario(model, order[k])),
                              scenario.date.str(), presence_at(graph, scenario.date.str(), known_at));
    state.reset();
    state.apply(step.cuts);
    Snapshot now = snapshot(model, step.cuts, state);

    std::map<FirmIndex, VendorChange> changes;
    auto change = [&](FirmIndex f) -> VendorChange& {
      VendorChange& v = changes[f];
      v.firm = f;
      return v;
    };
    std::vector<size_t> edges_cut(model.firms.size(), 0), items_lost(model.firms.size(), 0);
    for (uint32_t c = 0; c < step.cuts.cuts.size(); ++c) {
      OptionIndex o = step.cuts.cuts[c].option;
      if (step.cuts.first_cut[o] != c) continue;
      ++step.edges_cut;
      ++edges_cut[model.recipient_of(o)];
      if (!before.cut[o]) change(model.recipient_of(o)).newly_cut.push_back(c);
    }
    for (uint32_t r = 0; r < step.cuts.restored.size(); ++r) {
      OptionIndex o = step.cuts.restored[r].first;
      if (!before.restored[o]) change(model.recipient_of(o)).licensed.push_back(r);
    }
    for (OptionIndex o = 0; o < model.options.size(); ++o)
      if (before.cut[o] && !now.cut[o]) change(model.recipient_of(o)).reopened.push_back(o);
    for (ItemIndex i = 0; i < model.items.size(); ++i) {
      FirmIndex maker = model.items[i].maker;
      if (now.lost[i]) ++items_lost[maker];
      if (now.lost[i] && !before.lost[i]) change(maker).newly_lost.push_back(i);
      // An item no longer made at this step's date (presence.h) has not
      // recovered: it is simply not there any more.
      if (!now.lost[i] && before.lost[i] && !state.absent(i)) change(maker).recovered.push_back(i);
    }
    step.items_lost = state.lost_items().size();

    for (auto& [f, v] : changes) {
      v.edges_cut = edges_cut[f];
      v.items_lost = items_lost[f];
      std::sort(v.newly_lost.begin(), v.newly_lost.end(), by_id);
      std::sort(v.recovered.begin(), v.recovered.end(), by_id);
      for (ItemIndex item : v.newly_lost) v.killing_need.push_back(state.killing_need(item));
      step.newly_cut += v.newly_cut.size();
      step.reopened += v.reopened.size();
      step.licensed += v.licensed.size();
      step.newly_lost += v.newly_lost.size();
      step.recovered += v.recovered.size();
      step.vendors.push_back(std::move(v));
    }
    std::sort(step.vendors.begin(), step.vendors.end(),
              [&](const VendorChange& a, const VendorChange& b) {
                return model.firms[a.firm].id < model.firms[b.firm].id;
              });
    before = std::move(now);
    timeline.steps.push_back(std::move(step));
  }
  return timeline;
}

}  // namespace decouple
