#include "decouple/loss_oracle.h"

namespace decouple::testing {

std::vector<bool> brute_force_live(const Model& model, const std::vector<bool>& cut,
                                   const std::vector<bool>& banned) {
  std::vector<bool> live(model.items.size(), true);
  for (bool changed = true; changed;) {
    changed = false;
    for (ItemIndex i = 0; i < model.items.size(); ++i) {
      if (!live[i]) continue;
      const Item& item = model.items[i];
      bool ok = !banned[item.maker];
      for (NeedIndex n = item.first_need; ok && n < item.first_need + item.need_count; ++n) {
        const Need& need = model.needs[n];
        if (!need.critical) continue;
        bool any = false;
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
          const Option& opt = model.options[o];
          any = any || (opt.is_current() && !cut[o] && live[opt.item]);
        }
        ok = any;
      }
      if (!ok) {
        live[i] = false;
        changed = true;
      }
    }
  }
  return live;
}

std::vector<bool> brute_force_live(const Model& model, const ScenarioCuts& cuts) {
  std::vector<bool> cut(model.options.size()), banned(model.firms.size());
  for (OptionIndex o = 0; o < cut.size(); ++o) cut[o] = cuts.is_cut(o);
  for (FirmIndex f = 0; f < banned.size(); ++f) banned[f] = cuts.banned[f] != kNone;
  return brute_force_live(model, cut, banned);
}

}  // namespace decouple::testing
