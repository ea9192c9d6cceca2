#include "decouple/presence.h"

#include "decouple/graph.h"
#include "decouple/propagate.h"

namespace decouple {

std::string_view to_string(Absence absence) {
  switch (absence) {
    case Absence::kPresent: return "present";
    case Absence::kNotYet: return "not yet";
    case Absence::kGone: return "gone";
  }
  return "";
}

Presence::Presence(const SupplyGraph& graph, std::string at, std::string known_at)
    : at_(std::move(at)), known_at_(std::move(known_at)) {
  const Model& model = graph.model();
  auto code = [](Absence a) { return static_cast<uint8_t>(a); };
  // Day numbers (date.h), parsed once.
  const Date at_day = at_, known_day = known_at_;
  // Only dated facts can be absent (graph.h): first those, so a date that
  // excludes nothing costs no per-item or per-option array.
  std::vector<uint8_t> dated_item_codes, closed_option_codes;
  if (!at_day.empty()) {
    for (ItemIndex i : graph.dated_items()) {
      const Item& it = model.items[i];
      Absence a = Absence::kPresent;
      if (!it.introduced.empty() && it.introduced > at_day)
        a = Absence::kNotYet;
      else if (!it.discontinued.empty() && it.discontinued <= at_day)
        a = Absence::kGone;
      if (a == Absence::kPresent) continue;
      dated_items_.push_back(i);
      dated_item_codes.push_back(code(a));
    }
  }
  for (OptionIndex o : graph.dated_options()) {
    const Option& opt = model.options[o];
    Absence window = Absence::kPresent;
    if (!at_day.empty() && !opt.from.empty() && opt.from > at_day)
      window = Absence::kNotYet;
    else if (!at_day.empty() && !opt.until.empty() && opt.until < at_day)
      window = Absence::kGone;
    else if (!known_day.empty() && !opt.as_of.empty() && opt.as_of > known_day)
      window = Absence::kNotYet;  // not documented yet: as if it started later
    if (window == Absence::kPresent) continue;
    closed_options_.push_back(o);
    closed_option_codes.push_back(static_cast<uint8_t>(1 | code(window) << 1));
  }
  if (all_present()) return;
  std::vector<uint8_t> item(model.items.size(), 0);
  std::vector<uint8_t> option(model.options.size(), 0);
  for (size_t k = 0; k < dated_items_.size(); ++k) item[dated_items_[k]] = dated_item_codes[k];
  for (size_t k = 0; k < closed_options_.size(); ++k) option[closed_options_[k]] = closed_option_codes[k];

  // The fixpoint is loss propagation's, from the dated facts alone.
  LossState state(graph);
  state.remove(closed_options_, dated_items_);
  absent_.assign(state.absent_items().begin(), state.absent_items().end());
  // In the order absence spread, so a killing need's suppliers are
  // classified before the item they leave without supply.
  for (ItemIndex i : absent_) {
    if (item[i]) continue;  // absent by its own dates
    bool later = false;
    for (OptionIndex o = model.needs[state.killing_need(i)].first_option,
                     end = o + model.needs[state.killing_need(i)].option_count;
         o < end && !later; ++o) {
      if (!model.options[o].is_current()) continue;
      later = (option[o] >> 1) == code(Absence::kNotYet) ||
              item[model.options[o].item] == code(Absence::kNotYet);
    }
    item[i] = code(later ? Absence::kNotYet : Absence::kGone);
  }
  // A link to or from an item not made at the date is not there either.
  for (OptionIndex o = 0; o < model.options.size(); ++o)
    if (item[model.options[o].item] || item[model.needs[model.options[o].need].item]) option[o] |= 1;
  item_ = std::move(item);
  option_ = std::move(option);
}

std::shared_ptr<const Presence> presence_at(const SupplyGraph& graph, std::string_view at,
                                            std::string_view known_at) {
  if (at.empty() && known_at.empty()) return nullptr;
  auto presence = std::make_shared<const Presence>(graph, std::string(at), std::string(known_at));
  if (presence->all_present()) return nullptr;
  return presence;
}

}  // namespace decouple
