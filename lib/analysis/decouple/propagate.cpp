#include "decouple/propagate.h"

#include <algorithm>
#include <cstring>

#include "decouple/presence.h"

namespace decouple {

LossState::LossState(const SupplyGraph& graph)
    : graph_(graph),
      sink_(graph.sink_need()),
      user_need_(graph.user_needs()),
      dead_current_(CowArray<uint32_t>::zeroed(graph.current_counts().size())),
      option_cut_(CowArray<uint8_t>::zeroed(graph.model().options.size())),
      banned_(CowArray<uint8_t>::zeroed(graph.model().firms.size())),
      lost_order_(CowArray<uint32_t>::zeroed(graph.model().items.size())),
      killing_need_(CowArray<NeedIndex>::zeroed(graph.model().items.size())) {}

void LossState::remove(std::span<const OptionIndex> closed, std::span<const ItemIndex> dated) {
  reset();
  for (OptionIndex o : closed)
    if (!option_cut_[o]) set_cut(o, kClosed);
  for (ItemIndex i : dated)
    if (!dead(i)) lose(i, kNone);
  drain();
  absent_count_ = static_cast<uint32_t>(lost_list_.size());
}

void LossState::reset() {
  absent_count_ = 0;
  // Only the counters a change incremented go back to zero: the needs of
  // cut options and of every user of a lost or absent item (the drain's two
  // ways to count a death), entry by entry, not dead_current_.reset(), which
  // would hand pages back for the next evaluation to fault in again. But
  // after a big change (more than a 64th of the counters) on an array
  // bigger than a core's cache, clearing the whole array in order is
  // cheaper than that many random writes (measured, 1% of firms banned: at
  // 1M items the scattered restore was a sixth of the question's time; at
  // 100k, in cache, it is cheaper than the clear; docs/performance.md,
  // "Propagation back within 2x").
  constexpr size_t kCacheBytes = size_t{2} << 20;
  const Model& model = graph_.model();
  bool clear_all = false;
  if (dead_current_.size() * sizeof(uint32_t) > kCacheBytes) {
    size_t touched = cut_list_.size();
    for (ItemIndex item : lost_list_) touched += graph_.first_user(item + 1) - graph_.first_user(item);
    clear_all = touched > dead_current_.size() / 64;
  }
  if (clear_all) {
    std::memset(dead_current_.data(), 0, dead_current_.size() * sizeof(uint32_t));
  } else {
    for (OptionIndex o : cut_list_) dead_current_[model.options[o].need] = 0;
    for (ItemIndex item : lost_list_)
      for (uint32_t k = graph_.first_user(item), end = graph_.first_user(item + 1); k < end; ++k)
        dead_current_[user_need_[k]] = 0;
  }
  for (ItemIndex item : lost_list_) {
    lost_order_[item] = 0;
    killing_need_[item] = 0;
  }
  for (OptionIndex o : cut_list_) uncut(o);
  for (FirmIndex f : ban_list_) banned_[f] = 0;
  lost_list_.clear();
  cut_list_.clear();
  ban_list_.clear();
  drained_ = 0;
  logging_ = false;
  undo_counts_.clear();
}

void LossState::mark() {
  logging_ = true;
  mark_lost_ = lost_list_.size();
  mark_cuts_ = cut_list_.size();
  mark_bans_ = ban_list_.size();
  undo_counts_.clear();
}

void LossState::rollback() {
  if (!logging_) return;
  for (NeedIndex n : undo_counts_) --dead_current_[n];
  for (size_t k = mark_cuts_; k < cut_list_.size(); ++k) uncut(cut_list_[k]);
  cut_list_.resize(mark_cuts_);
  for (size_t k = mark_bans_; k < ban_list_.size(); ++k) banned_[ban_list_[k]] = 0;
  ban_list_.resize(mark_bans_);
  for (size_t k = mark_lost_; k < lost_list_.size(); ++k) {
    lost_order_[lost_list_[k]] = 0;
    killing_need_[lost_list_[k]] = 0;
  }
  lost_list_.resize(mark_lost_);
  // Every change propagates before it returns, so the marked state was
  // fully drained.
  drained_ = mark_lost_;
  undo_counts_.clear();
}

void LossState::apply(const ScenarioCuts& cuts) {
  // One step at a time, bans first: each step drains before the next, so
  // the need that killed an item (explain.h) is the first to die in the
  // scenario's order, not an accident of batching. Draining is
  // incremental, so the whole call stays linear.
  // What does not exist at the date goes first: it is absent, not lost.
  if (cuts.presence) remove(cuts.presence->closed_options(), cuts.presence->dated_items());
  for (FirmIndex f = 0; f < cuts.banned.size(); ++f)
    if (cuts.banned[f] != kNone) ban_firm(f);
  for (const Cut& cut : cuts.cuts) cut_option(cut.option);
}

void LossState::cut_option(OptionIndex option) {
  if (option_cut_[option]) return;
  set_cut(option, kCut);
  drain();
}

void LossState::ban_firm(FirmIndex firm) {
  if (banned_[firm]) return;
  set_banned(firm);
  drain();
}

void LossState::set_banned(FirmIndex firm) {
  banned_[firm] = 1;
  ban_list_.push_back(firm);
  for (ItemIndex item : graph_.items_of(firm))
    if (!dead(item)) lose(item, kNone);
}

void LossState::set_cut(OptionIndex option, uint8_t how) {
  option_cut_[option] = how;
  cut_list_.push_back(option);
  // An option dies once: here, unless drain() already killed it as a user
  // of its lost item. An item lost but not yet drained (a ban applied in
  // the same batch) has not killed its users yet, and drain() skips cut
  // options, so this is the option's only chance to count.
  ItemIndex item = graph_.model().options[option].item;
  if (!dead(item) || lost_order_[item] - 1 >= drained_) kill_option(option);
  user_need_[user_slot(option)] = sink_;
}

void LossState::uncut(OptionIndex option) {
  option_cut_[option] = kOpen;
  const Option& o = graph_.model().options[option];
  if (o.is_current()) user_need_[user_slot(option)] = o.need;
}

uint32_t LossState::user_slot(OptionIndex option) const {
  std::span<const OptionIndex> users = graph_.users_of(graph_.model().options[option].item);
  auto at = std::lower_bound(users.begin(), users.end(), option);
  return graph_.first_user(graph_.model().options[option].item) + static_cast<uint32_t>(at - users.begin());
}

void LossState::lose(ItemIndex item, NeedIndex need) {
  lost_order_[item] = static_cast<uint32_t>(lost_list_.size()) + 1;
  killing_need_[item] = need + 1;
  lost_list_.push_back(item);
}

// The option just became dead (it was live before): one fewer live current
// option for its need.
void LossState::kill_option(OptionIndex option) {
  const Option& o = graph_.model().options[option];
  if (o.is_current()) kill_current(o.need);
}

void LossState::kill_current(NeedIndex need) {
  if (logging_) undo_counts_.push_back(need);
  if (++dead_current_[need] != graph_.current_counts()[need]) return;
  // Only a real need reaches zero (the sink cannot).
  ItemIndex item = graph_.items_lost_with()[need];
  if (item != kNone && !dead(item)) lose(item, need);
}

void LossState::drain() {
  // One sequential read and one counter decrement per user, no branch on
  // the option: alternatives and cut options count against sink_. This is
  // kill_current() written out over local pointers: called per user, it
  // was not inlined (docs/performance.md, "Propagation back within 2x").
  const NeedIndex* needs = user_need_.data();
  uint32_t* dead_count = dead_current_.data();
  const uint32_t* current = graph_.current_counts().data();
  const ItemIndex* lost_with = graph_.items_lost_with().data();
  while (drained_ < lost_list_.size()) {
    ItemIndex item = lost_list_[drained_++];
    for (uint32_t k = graph_.first_user(item), end = graph_.first_user(item + 1); k < end; ++k) {
      NeedIndex need = needs[k];
      if (logging_) undo_counts_.push_back(need);
      if (++dead_count[need] != current[need]) continue;
      ItemIndex target = lost_with[need];
      if (target != kNone && !dead(target)) lose(target, need);
    }
  }
}

}  // namespace decouple
