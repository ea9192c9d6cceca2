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
}

void LossState::apply(const ScenarioCuts& cuts) {
  // One step at a time: each step drains before the next, so a cut edge
  // whose supplied item was lost a moment ago (by a ban or an earlier cut
  // of this same call) is still counted dead exactly once. Draining is
  // incremental, so the whole call stays linear.
  for (FirmIndex f = 0; f < cuts.banned.size(); ++f)
    if (cuts.banned[f] != kNone) ban_firm(f);
  for (const Cut& cut : cuts.cuts) cut_option(cut.option);
}

void LossState::cut_option(OptionIndex option) {
  if (option_cut_[option]) return;
  option_cut_[option] = 1;
  if (!drained(graph_.model().options[option].item)) kill_option(option);
  drain();
}

void LossState::ban_firm(FirmIndex firm) {
  if (banned_[firm]) return;
  banned_[firm] = 1;
  for (ItemIndex item : graph_.items_of(firm))
    if (!lost(item)) lose(item, kNone);
  drain();
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
