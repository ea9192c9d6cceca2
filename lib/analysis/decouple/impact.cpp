#include "decouple/impact.h"

#include <algorithm>
#include <future>

namespace decouple {

namespace {

// From this many cut edges and lost items on, the search for degraded
// needs runs on two threads.
constexpr size_t kParallelCandidates = 4096;

// An option carries part of its need's current supply when it is current
// and present at the date.
bool carries_supply(const Model& model, OptionIndex o, const Presence* presence) {
  return model.options[o].is_current() && (!presence || presence->option_present(o));
}

// What each carrying option of `n` without a given share carries: with no
// shares given, an equal split of the supply; with some given, an equal
// split of what they leave (nothing, if they sum to 1).
double unshared_part(const Model& model, const Need& n, const Presence* presence) {
  double given = 0;
  uint32_t unshared = 0;
  for (OptionIndex o = n.first_option; o < n.first_option + n.option_count; ++o) {
    if (!carries_supply(model, o, presence)) continue;
    if (model.options[o].share >= 0)
      given += model.options[o].share;
    else
      ++unshared;
  }
  return unshared ? std::max(0.0, 1.0 - given) / unshared : 0;
}

// The part of its need's supply a carrying option carries: its given
// share, or `rest` (unshared_part()) when it has none.
double carried_share(const Option& o, double rest) { return o.share >= 0 ? o.share : rest; }

// Sorts `v` by `by_id`, a total order (ids are unique) that usually agrees
// with `by_index`: models mostly list records in id order, and a generated
// one always does. Sorted by index first (integer compares), `v` is sorted
// by id again only when that order is not already the ids', so the common
// case costs n - 1 string compares instead of n log n (53,000 lost items
// at 1M items). The result is the same either way: the order is total.
template <typename T, typename ByIndex, typename ById>
void sort_by_id(std::vector<T>& v, const ByIndex& by_index, const ById& by_id) {
  std::sort(v.begin(), v.end(), by_index);
  if (!std::is_sorted(v.begin(), v.end(), by_id)) std::sort(v.begin(), v.end(), by_id);
}

}  // namespace

std::vector<double> current_shares(const Model& model, NeedIndex need, const Presence* presence) {
  const Need& n = model.needs[need];
  std::vector<double> shares(n.option_count, 0);
  double rest = unshared_part(model, n, presence);
  for (uint32_t k = 0; k < n.option_count; ++k) {
    OptionIndex o = n.first_option + k;
    if (carries_supply(model, o, presence)) shares[k] = carried_share(model.options[o], rest);
  }
  return shares;
}

Impact compute_impact(const SupplyGraph& graph, const ScenarioCuts& cuts, const LossState& state) {
  const Model& model = graph.model();
  // Each affected firm's place in `vendors` (kNone: not affected yet): an
  // array over the firms rather than a map, for a ban that reaches
  // thousands of them.
  std::vector<uint32_t> slot(model.firms.size(), kNone);
  std::vector<VendorImpact> vendors;
  auto vendor = [&](FirmIndex f) -> VendorImpact& {
    if (slot[f] == kNone) {
      slot[f] = static_cast<uint32_t>(vendors.size());
      vendors.emplace_back().firm = f;
    }
    return vendors[slot[f]];
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
  // lost items' users, each once and in index order (a mark per need).
  std::vector<bool> candidate(model.needs.size(), false);
  for (const Cut& cut : cuts.cuts) candidate[model.options[cut.option].need] = true;
  for (ItemIndex item : state.lost_items())
    for (OptionIndex o : graph.users_of(item)) candidate[model.options[o].need] = true;
  // Each candidate's verdict reads its need, its options and their
  // suppliers' state at random: on a big answer (tens of thousands of
  // candidates at 1M items) the two halves of the need range are looked at
  // on two threads, and their findings taken in need order after.
  struct Found {
    DegradedNeed need;
    FirmIndex maker;
  };
  auto look = [&](NeedIndex from, NeedIndex to) {
    std::vector<Found> found;
    for (NeedIndex n = from; n < to; ++n) {
      if (!candidate[n]) continue;
      const Need& need = model.needs[n];
      if (state.dead(need.item)) continue;
      double rest = -1;  // unshared_part(), once a dead option needs it
      double lost_share = 0;
      bool any_dead = false;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        if (!model.options[o].is_current() || !state.option_dead(o) || state.option_absent(o))
          continue;
        any_dead = true;
        if (!carries_supply(model, o, presence)) continue;
        if (model.options[o].share < 0 && rest < 0) rest = unshared_part(model, need, presence);
        lost_share += carried_share(model.options[o], rest);
      }
      if (!any_dead) continue;
      bool need_lost = state.live_current(n) == 0;
      if (need_lost) lost_share = 1;
      found.push_back({{need.item, n, std::min(1.0, lost_share), need_lost}, model.items[need.item].maker});
    }
    return found;
  };
  const auto needs = static_cast<NeedIndex>(model.needs.size());
  const bool big = cuts.cuts.size() + state.lost_items().size() >= kParallelCandidates;
  std::future<std::vector<Found>> upper =
      std::async(big ? std::launch::async : std::launch::deferred, look, needs / 2, needs);
  const std::vector<Found> lower = look(0, needs / 2);
  std::vector<bool> degraded_item(model.items.size(), false);
  const std::vector<Found> higher = upper.get();
  for (const std::vector<Found>* half : {&lower, &higher})
    for (const Found& f : *half) {
      vendor(f.maker).degraded.push_back(f.need);
      if (!degraded_item[f.need.item]) {
        degraded_item[f.need.item] = true;
        ++impact.items_degraded;
      }
    }

  auto by_id = [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; };
  auto by_index = [](uint32_t a, uint32_t b) { return a < b; };
  sort_by_id(impact.not_yet, by_index, by_id);
  sort_by_id(impact.gone, by_index, by_id);
  auto consumer = [&](uint32_t c) { return model.needs[model.options[cuts.cuts[c].option].need].item; };
  for (VendorImpact& v : vendors) {
    sort_by_id(v.lost, by_index, by_id);
    sort_by_id(
        v.degraded,
        [](const DegradedNeed& a, const DegradedNeed& b) {
          return a.item != b.item ? a.item < b.item : a.need < b.need;
        },
        [&](const DegradedNeed& a, const DegradedNeed& b) {
          return a.item != b.item ? by_id(a.item, b.item) : a.need < b.need;
        });
    sort_by_id(
        v.cuts,
        [&](uint32_t a, uint32_t b) {
          ItemIndex ca = consumer(a), cb = consumer(b);
          return ca != cb ? ca < cb : cuts.cuts[a].option < cuts.cuts[b].option;
        },
        [&](uint32_t a, uint32_t b) {
          ItemIndex ca = consumer(a), cb = consumer(b);
          return ca != cb ? by_id(ca, cb) : cuts.cuts[a].option < cuts.cuts[b].option;
        });
  }
  sort_by_id(
      vendors, [](const VendorImpact& a, const VendorImpact& b) { return a.firm < b.firm; },
      [&](const VendorImpact& a, const VendorImpact& b) {
        return model.firms[a.firm].id < model.firms[b.firm].id;
      });
  impact.vendors = std::move(vendors);
  return impact;
}

}  // namespace decouple
