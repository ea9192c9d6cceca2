#include "decouple/what_if.h"

namespace decouple {

WhatIf::WhatIf(const SupplyGraph& graph, const ScenarioCuts& base)
    : graph_(&graph), base_(&base), state_(graph), firm_seen_(graph.model().firms.size(), 0) {
  state_.apply(base);
  state_.mark();
}

void WhatIf::apply_ban(std::span<const FirmIndex> firms) {
  for (FirmIndex f : firms) state_.ban_firm(f);
}

uint32_t WhatIf::apply_entity_list(Country by, FirmIndex firm) {
  const Model& model = graph_->model();
  uint32_t cut = 0;
  for (ItemIndex item : graph_->items_of(firm))
    for (const Need& need : graph_->needs_of(item))
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        if (state_.option_cut(o)) continue;
        if (!base_->reach.subject(o, by).subject() || licensed(model, *base_, o, by)) continue;
        state_.cut_option(o);
        ++cut;
      }
  return cut;
}

WhatIfEffect WhatIf::measure(uint32_t edges_cut) {
  const Model& model = graph_->model();
  WhatIfEffect effect;
  effect.edges_cut = edges_cut;
  if (++epoch_ == 0) {  // wrapped: forget every old mark
    std::fill(firm_seen_.begin(), firm_seen_.end(), 0);
    epoch_ = 1;
  }
  for (ItemIndex item : state_.lost_since_mark()) {
    const Item& i = model.items[item];
    ++effect.items_lost;
    if (i.value > 0) effect.value_lost += i.value;
    if (firm_seen_[i.maker] != epoch_) {
      firm_seen_[i.maker] = epoch_;
      ++effect.firms_affected;
    }
  }
  return effect;
}

WhatIfEffect WhatIf::ban(std::span<const FirmIndex> firms) {
  apply_ban(firms);
  WhatIfEffect effect = measure(0);
  undo();
  return effect;
}

WhatIfEffect WhatIf::entity_list(Country by, FirmIndex firm) {
  uint32_t cut = apply_entity_list(by, firm);
  WhatIfEffect effect = measure(cut);
  undo();
  return effect;
}

}  // namespace decouple
