#include "decouple/trajectory.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "decouple/alternatives.h"
#include "decouple/date.h"
#include "decouple/presence.h"
#include "decouple/propagate.h"
#include "decouple/timeline.h"

namespace decouple {
namespace {

constexpr uint32_t kItemBit = 0x80000000u;

Day stock_days(float months) {
  return months > 0 ? static_cast<Day>(std::llround(months * kDaysPerMonth)) : 0;
}

}  // namespace

StockClock::StockClock(const SupplyGraph& graph) : graph_(graph) {
  const Model& model = graph.model();
  option_stock_.resize(model.options.size());
  for (OptionIndex o = 0; o < model.options.size(); ++o) option_stock_[o] = stock_days(model.options[o].stock);
  need_stock_.resize(model.needs.size());
  for (NeedIndex n = 0; n < model.needs.size(); ++n) need_stock_[n] = stock_days(model.needs[n].stock);
  current_count_.assign(model.needs.size(), 0);
  for (const Option& o : model.options)
    if (o.is_current()) ++current_count_[o.need];
  was_dead_.assign(model.options.size(), kNever);
  was_dry_.assign(model.needs.size(), kNever);
  died_.assign(model.options.size(), kNever);
  dry_.assign(model.needs.size(), kNever);
}

void StockClock::advance(const Closure& closure) {
  const Model& model = graph_.model();
  const Day t = closure.start;
  // What was dead (dry) on the day before t, and since when.
  for (OptionIndex o = 0; o < died_.size(); ++o) was_dead_[o] = died_[o] < t ? died_[o] : kNever;
  for (NeedIndex n = 0; n < dry_.size(); ++n) was_dry_[n] = dry_[n] < t ? dry_[n] : kNever;
  start_ = t;
  stops_.assign(model.items.size(), kNever);
  degraded_.assign(model.items.size(), kNever);
  degraded_by_.assign(model.items.size(), kNone);
  dry_need_.assign(model.items.size(), kNone);
  died_.assign(model.options.size(), kNever);
  dry_.assign(model.needs.size(), kNever);
  last_option_.assign(model.needs.size(), kNone);
  live_ = current_count_;
  heap_.clear();
  auto push = [&](Day day, uint32_t index, NeedIndex need) {
    heap_.push_back({day, index, need});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
  };
  absent_.assign(model.items.size(), 0);
  for (ItemIndex item : closure.absent_items) {
    absent_[item] = 1;
    push(t, item | kItemBit, kNone);
  }
  for (ItemIndex item : closure.stopped) push(t, item | kItemBit, kNone);
  for (OptionIndex o : closure.absent_options) kill(o, t, false);
  for (OptionIndex o : closure.closed) kill(o, t, true);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<>());
    Event e = heap_.back();
    heap_.pop_back();
    if (e.index & kItemBit) {
      ItemIndex item = e.index & ~kItemBit;
      if (stops_[item] != kNever) continue;
      stops_[item] = e.day;
      dry_need_[item] = e.need;
      for (OptionIndex o : graph_.users_of(item)) kill(o, e.day, !absent_[item]);
      continue;
    }
    // A current option stopped delivering.
    const Option& option = model.options[e.index];
    NeedIndex n = option.need;
    if (--live_[n] != 0) continue;
    last_option_[n] = e.index;
    // Dry since the day before t too: the run goes on.
    Day since = e.day == t && was_dry_[n] != kNever ? was_dry_[n] : e.day;
    dry_[n] = since;
    const Need& need = model.needs[n];
    if (!need.critical) continue;
    Day stop = std::max(t, since + need_stock_[n]);
    push(stop, need.item | kItemBit, n);
  }
}

void StockClock::kill(OptionIndex option, Day day, bool degrades) {
  if (died_[option] != kNever) return;  // cut and its supplier stopped: one death
  const Day t = start_;
  Day since = day == t && was_dead_[option] != kNever ? was_dead_[option] : day;
  died_[option] = since;
  const Option& o = graph_.model().options[option];
  if (!o.is_current()) return;
  ItemIndex consumer = graph_.model().needs[o.need].item;
  if (degrades && std::max(t, since) < degraded_[consumer]) {
    degraded_[consumer] = std::max(t, since);
    degraded_by_[consumer] = option;
  }
  Day end = std::max(t, since + option_stock_[option]);
  heap_.push_back({end, option, kNone});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>());
}

std::string_view to_string(ItemState state) {
  switch (state) {
    case ItemState::kOk: return "ok";
    case ItemState::kDegraded: return "degraded";
    case ItemState::kLost: return "lost";
    case ItemState::kRecovered: return "recovered";
    case ItemState::kNotYet: return "not_yet";
    case ItemState::kGone: return "gone";
  }
  return "ok";
}

namespace {

std::string months_text(Day days) {
  return fmt::format("{:.1f} months", static_cast<double>(days) / kDaysPerMonth);
}

class Builder {
 public:
  Builder(const SupplyGraph& graph, const TrajectoryOptions& options)
      : graph_(graph), model_(graph.model()), options_(options), clock_(graph), state_(graph) {}

  Trajectory run() {
    order_ = timeline_order(model_);
    out_.until = options_.until;
    if (order_.empty()) return std::move(out_);
    out_.first = *model_.scenarios[order_[0]].date.day();
    if (out_.first > options_.until) return std::move(out_);
    collect_events();
    segments_.resize(model_.items.size());
    trouble_.assign(model_.items.size(), kNever);
    first_.assign(model_.items.size(), {});
    size_t step = 0;
    for (size_t k = 0; k < days_.size(); ++k) {
      if (options_.progress) options_.progress("intervals", k, days_.size());
      Day t = days_[k], next = k + 1 < days_.size() ? days_[k + 1] : kNever;
      std::string date = format_date(t);
      while (step + 1 < order_.size() && model_.scenarios[order_[step + 1]].date <= date) ++step;
      interval(t, next, date, order_[step]);
      ++out_.intervals;
    }
    if (options_.progress) options_.progress("intervals", days_.size(), days_.size());
    finish();
    return std::move(out_);
  }

 private:
  void note(Day day, std::string what) {
    if (day >= out_.first && day <= options_.until) events_[day].push_back(std::move(what));
  }

  void collect_events() {
    std::set<std::pair<ScenarioIndex, uint32_t>> seen;  // actions noted
    for (ScenarioIndex s : order_) {
      const Scenario& scenario = model_.scenarios[s];
      note(*scenario.date.day(), fmt::format("scenario '{}' ({}) in force", scenario.id, scenario.name));
      for (const AppliedAction& a : resolve_scenario(model_, s)) {
        if (!seen.emplace(a.scenario, a.index).second) continue;
        std::string what = describe_action(model_, a);
        if (auto from = a.action->from.day()) note(*from, what + " comes into force");
        if (auto last = a.action->last_day().day()) note(*last + 1, what + " ends");
      }
    }
    for (const Item& item : model_.items) {
      if (auto d = item.introduced.day()) note(*d, fmt::format("item '{}' introduced", item.id));
      if (auto d = item.discontinued.day()) note(*d, fmt::format("item '{}' discontinued", item.id));
    }
    for (OptionIndex o = 0; o < model_.options.size(); ++o) {
      const Option& option = model_.options[o];
      std::string link = fmt::format("link '{}' -> '{}'", model_.items[option.item].id,
                                     model_.items[model_.consumer_of(o)].id);
      if (auto d = option.from.day()) note(*d, link + " starts");
      if (auto d = option.until.day()) note(*d + 1, link + " ends");
    }
    for (auto& [day, whats] : events_) {
      days_.push_back(day);
      for (std::string& what : whats) out_.events.push_back({day, what});
    }
  }

  void interval(Day t, Day next, const std::string& date, ScenarioIndex step) {
    // Actions out of force on `date` do nothing; what does not exist then
    // is masked (presence.h).
    presence_ = presence_at(graph_, date, "");
    cuts_ = apply_actions(graph_, resolve_scenario(model_, step), date, presence_);
    Closure closure;
    closure.start = t;
    for (OptionIndex o = 0; o < model_.options.size(); ++o) {
      if (cuts_.is_cut(o)) closure.closed.push_back(o);
      else if (presence_ && !presence_->option_present(o)) closure.absent_options.push_back(o);
    }
    absent_.assign(model_.items.size(), 0);
    for (ItemIndex i = 0; i < model_.items.size(); ++i) {
      Absence a = presence_ ? presence_->item(i) : Absence::kPresent;
      if (a != Absence::kPresent) {
        absent_[i] = static_cast<uint8_t>(a == Absence::kNotYet ? 1 : 2);
        closure.absent_items.push_back(i);
      } else if (cuts_.banned[model_.items[i].maker] != kNone) {
        closure.stopped.push_back(i);
      }
    }
    clock_.advance(closure);
    plan_recovery(closure, date);
    for (ItemIndex i = 0; i < model_.items.size(); ++i) place(i, t, next);
  }

  // The recovery search on the interval's closure held forever: the items
  // it dooms are lost; absent items' current links are cut, their
  // alternative links wait for them.
  void plan_recovery(const Closure& closure, const std::string& date) {
    state_.reset();
    for (FirmIndex f = 0; f < cuts_.banned.size(); ++f)
      if (cuts_.banned[f] != kNone) state_.ban_firm(f);
    for (OptionIndex o : closure.closed) state_.cut_option(o);
    RecoveryOptions options;
    for (OptionIndex o : closure.absent_options) {
      // An alternative link, there by its own dates, from an item that is
      // only not yet introduced: a plan may wait for it.
      const Option& option = model_.options[o];
      const Item& supplied = model_.items[option.item];
      if (!option.is_current() && presence_->option_window(o) == Absence::kPresent &&
          absent_[option.item] == 1 && !absent_[model_.consumer_of(o)] && supplied.introduced > date) {
        if (options.wait.empty()) options.wait.assign(model_.options.size(), 0);
        options.wait[o] = months_between(date, supplied.introduced.str());
        continue;
      }
      state_.cut_option(o);
    }
    waiting_ = !options.wait.empty();
    recovery_ = find_recovery_plans(graph_, state_, options);
  }

  // The latest introduction date among the waiting options a plan uses.
  Day latest_wait(uint32_t plan) const {
    Day latest = std::numeric_limits<Day>::min();
    for (const PlanStep& s : recovery_.plan(plan).steps) {
      const Item& supplied = model_.items[model_.options[s.option].item];
      if (!supplied.introduced.empty()) latest = std::max(latest, *supplied.introduced.day());
      if (s.sub_plan != kNone) latest = std::max(latest, latest_wait(s.sub_plan));
    }
    return latest;
  }

  void add(ItemIndex item, ItemState state, Day from, Day until, const auto& reason) {
    if (from >= until || from > options_.until) return;
    std::vector<Segment>& segments = segments_[item];
    if (!segments.empty() && segments.back().state == state && segments.back().until == from) {
      segments.back().until = until;
      return;
    }
    segments.push_back({state, from, until, reason()});
  }

  std::string option_reason(OptionIndex o) const {
    const Option& option = model_.options[o];
    std::string link = fmt::format("'{}' from '{}'", model_.needs[option.need].name, model_.items[option.item].id);
    std::string why;
    if (cuts_.is_cut(o))
      why = fmt::format("{} cut by {}", link, describe_action(model_, cuts_.applied[cuts_.cuts[cuts_.first_cut[o]].action]));
    else if (presence_ && presence_->option_window(o) == Absence::kGone)
      why = fmt::format("{} ended {}", link, option.until);
    else if (presence_ && presence_->option_window(o) == Absence::kNotYet)
      why = fmt::format("{} not there until {}", link, option.from);
    else
      why = fmt::format("{}: '{}' no longer made", link, model_.items[option.item].id);
    Day stock = clock_.option_stock(o);
    if (stock > 0) why += fmt::format(" (link stock {})", months_text(stock));
    return why;
  }

  std::string events_at(Day day) const {
    auto it = events_.find(day);
    return it == events_.end() ? std::string() : fmt::format("{}", fmt::join(it->second, "; "));
  }

  void place(ItemIndex i, Day t, Day next) {
    const Item& item = model_.items[i];
    if (absent_[i]) {
      bool not_yet = absent_[i] == 1;
      add(i, not_yet ? ItemState::kNotYet : ItemState::kGone, t, next, [&] {
        if (not_yet && !item.introduced.empty() && item.introduced > format_date(t))
          return fmt::format("introduced {}", item.introduced);
        if (!not_yet && !item.discontinued.empty() && item.discontinued <= format_date(t))
          return fmt::format("discontinued {}", item.discontinued);
        return std::string(not_yet ? "a critical input is not there yet" : "a critical input is gone");
      });
      trouble_[i] = kNever;
      return;
    }
    Day stops = clock_.stops(i), degraded = clock_.degraded(i);
    if (stops == kNever) {
      trouble_[i] = kNever;
    } else if (trouble_[i] == kNever) {
      trouble_[i] = t;
    }
    Day land = kNever;
    uint32_t plan = kNone;
    if (stops != kNever && recovery_.recoverable(i)) {
      plan = recovery_.plans_of(i)[0];
      land = trouble_[i] + static_cast<Day>(std::llround(recovery_.plan(plan).value.time * kDaysPerMonth));
      if (waiting_) land = std::max(land, latest_wait(plan));
    }
    if (stops != kNever && first_[i].cut == kNever) {
      first_[i].cut = trouble_[i];
      first_[i].survive = stops - trouble_[i];
      first_[i].recover = land == kNever ? kNever : land - trouble_[i];
    }
    Day trouble_at = std::min({degraded, stops, land});
    add(i, ItemState::kOk, t, std::min(trouble_at, next), [&] {
      return segments_[i].empty() ? std::string() : "supply back: " + events_at(t);
    });
    if (degraded < stops && degraded < land)
      add(i, ItemState::kDegraded, std::max(t, degraded), std::min({stops, land, next}),
          [&] { return option_reason(clock_.degraded_by(i)); });
    if (stops < land)
      add(i, ItemState::kLost, std::max(t, stops), std::min(land, next), [&] {
        NeedIndex n = clock_.dry_need(i);
        if (n == kNone) {
          FirmIndex maker = item.maker;
          return fmt::format("maker '{}' banned by {}", model_.firms[maker].id,
                             describe_action(model_, cuts_.applied[cuts_.banned[maker]]));
        }
        std::string why = fmt::format("need '{}' ran dry: {}", model_.needs[n].name,
                                      option_reason(clock_.last_option(n)));
        if (clock_.need_stock(n) > 0) why += fmt::format("; its stock ran out after {}", months_text(clock_.need_stock(n)));
        // Back from a recovery: what changed is that no plan is left.
        if (!segments_[i].empty() && segments_[i].back().state == ItemState::kRecovered && land == kNever)
          why += "; no recovery plan is left";
        return why;
      });
    if (land != kNever)
      add(i, ItemState::kRecovered, std::max(t, land), next, [&] {
        Day landed = std::max(t, land);
        return fmt::format("recovery plan landed, {} after the trouble began on {}",
                           months_text(landed - trouble_[i]), format_date(trouble_[i]));
      });
  }

  void finish() {
    for (ItemIndex i = 0; i < model_.items.size(); ++i) {
      std::vector<Segment>& segments = segments_[i];
      bool affected = std::any_of(segments.begin(), segments.end(), [](const Segment& s) {
        return s.state == ItemState::kDegraded || s.state == ItemState::kLost || s.state == ItemState::kRecovered;
      });
      // An item whose existence changes within the horizon (a substitute
      // introduced) is worth showing too.
      if (!affected && segments.size() < 2) continue;
      if (options_.until != kNever && !segments.empty() && segments.back().until > options_.until + 1)
        segments.back().until = kNever;
      ItemTrajectory t;
      t.item = i;
      t.segments = std::move(segments);
      t.cut = first_[i].cut;
      t.survive = first_[i].survive;
      t.recover = first_[i].recover;
      out_.items.push_back(std::move(t));
    }
    std::sort(out_.items.begin(), out_.items.end(), [&](const ItemTrajectory& a, const ItemTrajectory& b) {
      const Item& x = model_.items[a.item];
      const Item& y = model_.items[b.item];
      const Text& fx = model_.firms[x.maker].id;
      const Text& fy = model_.firms[y.maker].id;
      return fx != fy ? fx < fy : x.id < y.id;
    });
  }

  struct First {
    Day cut = kNever, survive = kNever, recover = kNever;
  };

  const SupplyGraph& graph_;
  const Model& model_;
  const TrajectoryOptions& options_;
  Trajectory out_;
  std::vector<ScenarioIndex> order_;
  std::map<Day, std::vector<std::string>> events_;
  std::vector<Day> days_;
  StockClock clock_;
  LossState state_;
  std::shared_ptr<const Presence> presence_;
  ScenarioCuts cuts_;
  Recovery recovery_;
  bool waiting_ = false;
  std::vector<uint8_t> absent_;  // per item: 1 not yet, 2 gone
  std::vector<std::vector<Segment>> segments_;
  std::vector<Day> trouble_;  // per item: the day its current trouble began
  std::vector<First> first_;
};

}  // namespace

Trajectory build_trajectory(const SupplyGraph& graph, const TrajectoryOptions& options) {
  return Builder(graph, options).run();
}

}  // namespace decouple
