#include "decouple/propagate.h"

#include <algorithm>
#include <limits>

#include "decouple/presence.h"

namespace decouple {

LossState::LossState(const SupplyGraph& graph) : graph_(graph) {
  const Model& model = graph.model();
  sink_ = static_cast<NeedIndex>(model.needs.size());
  current_count_.assign(model.needs.size() + 1, 0);
  for (const Option& o : model.options)
    if (o.is_current()) ++current_count_[o.need];
  // The drain decrements the sink at most once per option between resets
  // (each supplier is lost once), and rollback() gives back what it took:
  // it never reaches zero.
  current_count_[sink_] = std::numeric_limits<uint32_t>::max();
  need_kills_.resize(model.needs.size() + 1);
  for (NeedIndex n = 0; n < model.needs.size(); ++n)
    need_kills_[n] = model.needs[n].critical ? model.needs[n].item : kNone;
  need_kills_[sink_] = kNone;
  user_need_.reserve(model.options.size());
  for (ItemIndex i = 0; i < model.items.size(); ++i)
    for (OptionIndex o : graph.users_of(i))
      user_need_.push_back(model.options[o].is_current() ? model.options[o].need : sink_);
  live_current_ = current_count_;
  option_cut_.assign(model.options.size(), 0);
  banned_.assign(model.firms.size(), 0);
  lost_order_.assign(model.items.size(), kNone);
  killing_need_.assign(model.items.size(), kNone);
}

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
  live_current_ = current_count_;
  for (ItemIndex item : lost_list_) {
    lost_order_[item] = kNone;
    killing_need_[item] = kNone;
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
  for (NeedIndex n : undo_counts_) ++live_current_[n];
  for (size_t k = mark_cuts_; k < cut_list_.size(); ++k) uncut(cut_list_[k]);
  cut_list_.resize(mark_cuts_);
  for (size_t k = mark_bans_; k < ban_list_.size(); ++k) banned_[ban_list_[k]] = 0;
  ban_list_.resize(mark_bans_);
  for (size_t k = mark_lost_; k < lost_list_.size(); ++k) {
    lost_order_[lost_list_[k]] = kNone;
    killing_need_[lost_list_[k]] = kNone;
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
  if (!dead(item) || lost_order_[item] >= drained_) kill_option(option);
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
  lost_order_[item] = static_cast<uint32_t>(lost_list_.size());
  killing_need_[item] = need;
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
  if (--live_current_[need] != 0) return;
  ItemIndex item = need_kills_[need];
  if (item != kNone && !dead(item)) lose(item, need);
}

void LossState::drain() {
  // One sequential read and one counter decrement per user, no branch on
  // the option: alternatives and cut options count against sink_.
  const NeedIndex* needs = user_need_.data();
  while (drained_ < lost_list_.size()) {
    ItemIndex item = lost_list_[drained_++];
    for (uint32_t k = graph_.first_user(item), end = graph_.first_user(item + 1); k < end; ++k)
      kill_current(needs[k]);
  }
}

}  // namespace decouple
