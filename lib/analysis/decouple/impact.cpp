#include "decouple/impact.h"

#include <algorithm>
#include <map>

namespace decouple {

std::vector<double> current_shares(const Model& model, NeedIndex need, const Presence* presence) {
  const Need& n = model.needs[need];
  std::vector<double> shares(n.option_count, 0);
  double given = 0;
  uint32_t unshared = 0;
  auto counts = [&](uint32_t k) {
    return model.options[n.first_option + k].is_current() &&
           (!presence || presence->option_present(n.first_option + k));
  };
  for (uint32_t k = 0; k < n.option_count; ++k) {
    const Option& o = model.options[n.first_option + k];
    if (!counts(k)) continue;
    if (o.share >= 0)
      given += o.share;
    else
      ++unshared;
  }
  // With no shares given, current options split the supply equally; with
  // some given, the rest splits what they leave (nothing, if they sum to 1).
  double rest = unshared ? std::max(0.0, 1.0 - given) / unshared : 0;
  for (uint32_t k = 0; k < n.option_count; ++k) {
    const Option& o = model.options[n.first_option + k];
    if (counts(k)) shares[k] = o.share >= 0 ? o.share : rest;
  }
  return shares;
}

Impact compute_impact(const SupplyGraph& graph, const ScenarioCuts& cuts, const LossState& state) {
  const Model& model = graph.model();
  std::map<FirmIndex, VendorImpact> by_firm;
  auto vendor = [&](FirmIndex f) -> VendorImpact& {
    VendorImpact& v = by_firm[f];
    v.firm = f;
    return v;
  };

  for (uint32_t c = 0; c < cuts.cuts.size(); ++c) {
    // An edge cut by several actions is listed once, under its first cut.
    OptionIndex o = cuts.cuts[c].option;
    if (cuts.first_cut[o] == c) vendor(model.recipient_of(o)).cuts.push_back(c);
  }
  Impact impact;
  impact.at = cuts.date;
  const Presence* presence = cuts.presence.get();
  for (ItemIndex item : state.absent_items())
    (presence && presence->item(item) == Absence::kNotYet ? impact.not_yet : impact.gone)
        .push_back(item);
  for (ItemIndex item : state.lost_items()) {
    vendor(model.items[item].maker).lost.push_back(item);
    ++impact.items_lost;
  }
  for (FirmIndex f = 0; f < model.firms.size(); ++f)
    if (state.banned(f)) vendor(f).banned = true;

  // Degradation can only come from a dead option, so only needs with a dead
  // current option are worth a look: those of cut edges' consumers and of
  // lost items' users.
  std::vector<NeedIndex> candidates;
  for (const Cut& cut : cuts.cuts) candidates.push_back(model.options[cut.option].need);
  for (ItemIndex item : state.lost_items())
    for (OptionIndex o : graph.users_of(item)) candidates.push_back(model.options[o].need);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<ItemIndex> degraded_items;
  for (NeedIndex n : candidates) {
    const Need& need = model.needs[n];
    if (state.dead(need.item)) continue;
    std::vector<double> shares = current_shares(model, n, presence);
    double lost_share = 0;
    bool any_dead = false;
    for (uint32_t k = 0; k < need.option_count; ++k) {
      OptionIndex o = need.first_option + k;
      if (model.options[o].is_current() && state.option_dead(o) && !state.option_absent(o)) {
        lost_share += shares[k];
        any_dead = true;
      }
    }
    if (!any_dead) continue;
    bool need_lost = state.live_current(n) == 0;
    if (need_lost) lost_share = 1;
    vendor(model.items[need.item].maker)
        .degraded.push_back({need.item, n, std::min(1.0, lost_share), need_lost});
    degraded_items.push_back(need.item);
  }
  std::sort(degraded_items.begin(), degraded_items.end());
  impact.items_degraded = static_cast<size_t>(
      std::unique(degraded_items.begin(), degraded_items.end()) - degraded_items.begin());

  auto by_id = [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; };
  std::sort(impact.not_yet.begin(), impact.not_yet.end(), by_id);
  std::sort(impact.gone.begin(), impact.gone.end(), by_id);
  for (auto& [f, v] : by_firm) {
    std::sort(v.lost.begin(), v.lost.end(), by_id);
    std::sort(v.degraded.begin(), v.degraded.end(), [&](const DegradedNeed& a, const DegradedNeed& b) {
      if (a.item != b.item) return by_id(a.item, b.item);
      return a.need < b.need;
    });
    std::sort(v.cuts.begin(), v.cuts.end(), [&](uint32_t a, uint32_t b) {
      const Option& x = model.options[cuts.cuts[a].option];
      const Option& y = model.options[cuts.cuts[b].option];
      ItemIndex cx = model.needs[x.need].item, cy = model.needs[y.need].item;
      if (cx != cy) return by_id(cx, cy);
      return cuts.cuts[a].option < cuts.cuts[b].option;
    });
    impact.vendors.push_back(std::move(v));
  }
  std::sort(impact.vendors.begin(), impact.vendors.end(),
            [&](const VendorImpact& a, const VendorImpact& b) {
              return model.firms[a.firm].id < model.firms[b.firm].id;
            });
  return impact;
}

}  // namespace decouple
