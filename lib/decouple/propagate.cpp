#include "decouple/propagate.h"

namespace decouple {

LossState::LossState(const SupplyGraph& graph) : graph_(graph) {
  const Model& model = graph.model();
  current_count_.assign(model.needs.size(), 0);
  for (const Option& o : model.options)
    if (o.is_current()) ++current_count_[o.need];
  reset();
}

void LossState::reset() {
  const Model& model = graph_.model();
  live_current_ = current_count_;
  option_cut_.assign(model.options.size(), 0);
  banned_.assign(model.firms.size(), 0);
  lost_order_.assign(model.items.size(), kNone);
  killing_need_.assign(model.items.size(), kNone);
  lost_list_.clear();
  drained_ = 0;
  logging_ = false;
  undo_counts_.clear();
  undo_cuts_.clear();
  undo_bans_.clear();
}

void LossState::mark() {
  logging_ = true;
  mark_lost_ = lost_list_.size();
  undo_counts_.clear();
  undo_cuts_.clear();
  undo_bans_.clear();
}

void LossState::rollback() {
  if (!logging_) return;
  for (NeedIndex n : undo_counts_) ++live_current_[n];
  for (OptionIndex o : undo_cuts_) option_cut_[o] = 0;
  for (FirmIndex f : undo_bans_) banned_[f] = 0;
  for (size_t k = mark_lost_; k < lost_list_.size(); ++k) {
    lost_order_[lost_list_[k]] = kNone;
    killing_need_[lost_list_[k]] = kNone;
  }
  lost_list_.resize(mark_lost_);
  // Every change propagates before it returns, so the marked state was
  // fully drained.
  drained_ = mark_lost_;
  undo_counts_.clear();
  undo_cuts_.clear();
  undo_bans_.clear();
}

void LossState::apply(const ScenarioCuts& cuts) {
  // One step at a time, bans first: each step drains before the next, so
  // the need that killed an item (explain.h) is the first to die in the
  // scenario's order, not an accident of batching. Draining is
  // incremental, so the whole call stays linear.
  for (FirmIndex f = 0; f < cuts.banned.size(); ++f)
    if (cuts.banned[f] != kNone) ban_firm(f);
  for (const Cut& cut : cuts.cuts) cut_option(cut.option);
}

void LossState::cut_option(OptionIndex option) {
  if (option_cut_[option]) return;
  set_cut(option);
  drain();
}

void LossState::ban_firm(FirmIndex firm) {
  if (banned_[firm]) return;
  set_banned(firm);
  drain();
}

void LossState::set_banned(FirmIndex firm) {
  banned_[firm] = 1;
  if (logging_) undo_bans_.push_back(firm);
  for (ItemIndex item : graph_.items_of(firm))
    if (!lost(item)) lose(item, kNone);
}

void LossState::set_cut(OptionIndex option) {
  option_cut_[option] = 1;
  if (logging_) undo_cuts_.push_back(option);
  // An option dies once: here, unless drain() already killed it as a user
  // of its lost item. An item lost but not yet drained (a ban applied in
  // the same batch) has not killed its users yet, and drain() skips cut
  // options, so this is the option's only chance to count.
  ItemIndex item = graph_.model().options[option].item;
  if (!lost(item) || lost_order_[item] >= drained_) kill_option(option);
}

void LossState::lose(ItemIndex item, NeedIndex need) {
  lost_order_[item] = static_cast<uint32_t>(lost_list_.size());
  killing_need_[item] = need;
  lost_list_.push_back(item);
}

// The option just became dead (it was live before): one fewer live current
// option for its need.
void LossState::kill_option(OptionIndex option) {
  const Model& model = graph_.model();
  const Option& o = model.options[option];
  if (!o.is_current()) return;
  if (logging_) undo_counts_.push_back(o.need);
  if (--live_current_[o.need] != 0) return;
  const Need& need = model.needs[o.need];
  if (need.critical && !lost(need.item)) lose(need.item, o.need);
}

void LossState::drain() {
  while (drained_ < lost_list_.size()) {
    ItemIndex item = lost_list_[drained_++];
    for (OptionIndex user : graph_.users_of(item))
      if (!option_cut_[user]) kill_option(user);
  }
}

}  // namespace decouple
