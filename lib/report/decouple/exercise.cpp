#include "decouple/exercise.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "decouple/alternatives.h"
#include "decouple/chokepoints.h"
#include "decouple/diagnostic.h"
#include "decouple/evaluation.h"
#include "decouple/explain.h"
#include "decouple/report.h"

namespace decouple {
namespace {

// "Kirin 990 (HiSilicon)": names, not ids, for a student.
std::string plain(const Model& model, ItemIndex item) {
  const Item& i = model.items[item];
  return fmt::format("{} ({})", i.name, model.firms[i.maker].name);
}

std::string firm_names(const Model& model, std::span<const FirmIndex> firms) {
  std::vector<std::string_view> names;
  for (FirmIndex f : firms) names.push_back(model.firms[f].name);
  if (names.size() <= 1) return names.empty() ? std::string("nobody") : std::string(names[0]);
  return fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
}

std::string firm_ids(const Model& model, std::span<const FirmIndex> firms) {
  std::vector<std::string_view> ids;
  for (FirmIndex f : firms) ids.push_back(model.firms[f].id);
  return fmt::format("{}", fmt::join(ids, ","));
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Comma-separated parts, trimmed, empty ones dropped.
std::vector<std::string> split_answer(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = std::min(text.find(',', start), text.size());
    std::string_view part = trim(text.substr(start, comma - start));
    if (!part.empty()) out.emplace_back(part);
    start = comma + 1;
  }
  return out;
}

template <typename Records>
std::string hint_for(std::string_view id, const Records& named) {
  std::vector<std::string_view> ids;
  for (const auto& n : named) ids.push_back(n.id);
  std::string hint = closest_match(id, ids);
  return hint.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", hint);
}

std::unique_ptr<Evaluation> evaluate_exercise(const SupplyGraph& graph, const Exercise& exercise,
                                              std::span<const FirmIndex> blacklist = {}) {
  std::optional<ScenarioIndex> scenario;
  if (exercise.scenario != kNone) scenario = exercise.scenario;
  return evaluate(graph, scenario, blacklist, When{exercise.date.str(), ""});
}

// Why an option cannot be used, in words; empty when it can.
std::string option_problem(const Model& model, const Evaluation& ev, OptionIndex option) {
  OptionFailure f = check_option(model, ev.cuts, RecoveryConstraints{}, option);
  const Option& o = model.options[option];
  if (f.supplier_banned != kNone)
    return fmt::format("{} is banned ({})", model.firms[model.supplier_of(option)].name,
                       describe_action(model, ev.cuts.applied[f.supplier_banned]));
  if (f.cut != kNone)
    return fmt::format("that supply is cut: {}", cut_reason(model, ev.cuts, f.cut));
  if (f.absent || ev.state.absent(o.item))
    return fmt::format("that supply does not exist on {}", ev.cuts.date);
  return {};
}

// ---- smallest-blacklist ----

// Minimal blacklists of the target within the allowed firms, of at most
// `max_order` firms, smallest first. Each set the engine lists is minimal
// over every candidate; any working blacklist of allowed firms contains
// one, so the smallest allowed ones are among them.
std::vector<std::vector<FirmIndex>> allowed_blacklists(const SupplyGraph& graph, const Evaluation& ev,
                                                       const Exercise& exercise, uint32_t max_order,
                                                       std::string& error) {
  Chokepoints chokepoints(graph, ev.cuts, std::nullopt);
  BlacklistOptions options;
  options.max_order = max_order;
  options.count_left_out = false;
  ItemIndex target = exercise.item;
  auto report = minimal_blacklists(chokepoints, std::span<const ItemIndex>(&target, 1), options);
  std::vector<std::vector<FirmIndex>> out;
  if (!report.ok()) {
    error = report.errors().empty() ? "the chokepoint engine failed" : report.errors()[0].message;
    return out;
  }
  for (const auto& set : report.value().targets[0].sets) {
    bool allowed = exercise.blacklist.empty() ||
                   std::all_of(set.begin(), set.end(), [&](FirmIndex f) {
                     return std::binary_search(exercise.blacklist.begin(), exercise.blacklist.end(), f);
                   });
    if (allowed) out.push_back(set);
  }
  return out;
}

// Why the target is still made: the needs it can do without that were
// cut, then its critical needs that still have supply, those the blacklist
// thinned first.
std::vector<std::string> still_made_because(const Model& model, const Evaluation& ev, ItemIndex item) {
  std::vector<std::string> optional, thinned, untouched;
  const Item& it = model.items[item];
  for (NeedIndex n = it.first_need; n < it.first_need + it.need_count; ++n) {
    const Need& need = model.needs[n];
    if (!need.critical) {
      bool had = false, has = false;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
        if (model.options[o].is_current()) {
          had = true;
          has = has || !ev.state.option_dead(o);
        }
      if (had && !has)
        optional.push_back(fmt::format("its need '{}' lost its supply, but it can be made without it", need.name));
      continue;
    }
    std::vector<std::string> live;
    bool lost_some = false;
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
      if (!model.options[o].is_current()) continue;
      if (ev.state.option_dead(o))
        lost_some = true;
      else
        live.push_back(plain(model, model.options[o].item));
    }
    if (live.empty()) continue;
    std::string line = fmt::format("its need '{}' is still supplied by {}", need.name, fmt::join(live, ", "));
    (lost_some ? thinned : untouched).push_back(std::move(line));
  }
  optional.insert(optional.end(), thinned.begin(), thinned.end());
  optional.insert(optional.end(), untouched.begin(), untouched.end());
  return optional;
}

Verdict judge_blacklist(const SupplyGraph& graph, const Exercise& exercise, std::string_view answer) {
  const Model& model = graph.model();
  Verdict v;
  const std::string target = plain(model, exercise.item);
  std::vector<FirmIndex> firms;
  for (const std::string& id : split_answer(answer)) {
    FirmIndex f = model.find_firm(id);
    if (f == kNone) {
      v.message = fmt::format("There is no firm '{}' in this model{}.", id, hint_for(id, model.firms));
      return v;
    }
    if (!exercise.blacklist.empty() &&
        !std::binary_search(exercise.blacklist.begin(), exercise.blacklist.end(), f)) {
      v.message = fmt::format("This exercise lets you cut off only {}; {} is not one of them.",
                              firm_names(model, exercise.blacklist), model.firms[f].name);
      return v;
    }
    if (f == model.items[exercise.item].maker) {
      v.message = fmt::format("{} makes {} itself: cut off its suppliers instead.", model.firms[f].name,
                              target);
      return v;
    }
    firms.push_back(f);
  }
  std::sort(firms.begin(), firms.end());
  firms.erase(std::unique(firms.begin(), firms.end()), firms.end());
  auto base = evaluate_exercise(graph, exercise);
  if (base->state.dead(exercise.item)) {
    v.message = fmt::format("{} is already not made in this scenario: there is nothing to stop.", target);
    return v;
  }
  for (FirmIndex f : firms)
    if (base->state.banned(f)) {
      v.message = fmt::format("{} is already banned in this scenario: leave it out.", model.firms[f].name);
      return v;
    }
  if (firms.empty()) {
    v.message = fmt::format("You cut off nobody, so {} is still made.", target);
    return v;
  }
  auto ev = evaluate_exercise(graph, exercise, firms);
  if (!ev->state.lost(exercise.item)) {
    std::vector<std::string> why = still_made_because(model, *ev, exercise.item);
    v.message = fmt::format("{} is still made with {} cut off{}.", target, firm_names(model, firms),
                            why.empty() ? "" : ", because " + why[0]);
    v.details.assign(why.begin() + (why.empty() ? 0 : 1), why.end());
    return v;
  }
  NeedIndex killer = ev->state.killing_need(exercise.item);
  std::string how = killer == kNone ? std::string()
                                    : fmt::format(" (its need '{}' has no supplier left)", model.needs[killer].name);
  std::string error;
  auto smaller = firms.size() > 1
                     ? allowed_blacklists(graph, *base, exercise, static_cast<uint32_t>(firms.size() - 1), error)
                     : std::vector<std::vector<FirmIndex>>{};
  if (!error.empty()) {
    v.message = fmt::format("Cutting off {} stops {}{}, but whether a smaller blacklist exists could not be "
                            "checked: {}.",
                            firm_names(model, firms), target, how, error);
    return v;
  }
  if (!smaller.empty()) {
    v.message = fmt::format("It works: {} is no longer made{}. But a smaller blacklist exists (size {}): try "
                            "with fewer firms.",
                            target, how, smaller.front().size());
    return v;
  }
  v.correct = true;
  v.message = fmt::format("Right: cutting off {} stops {}{}, and no smaller blacklist does.",
                          firm_names(model, firms), target, how);
  return v;
}

TeacherAnswer teach_blacklist(const SupplyGraph& graph, const Exercise& exercise) {
  const Model& model = graph.model();
  TeacherAnswer t;
  auto base = evaluate_exercise(graph, exercise);
  const std::string target = plain(model, exercise.item);
  if (base->state.dead(exercise.item)) {
    t.message = fmt::format("{} is already not made in this scenario: there is nothing to stop.", target);
    return t;
  }
  for (uint32_t order = 1; order <= kMaxBlacklist; ++order) {
    std::string error;
    auto sets = allowed_blacklists(graph, *base, exercise, order, error);
    if (!error.empty()) {
      t.message = "The chokepoint engine could not answer: " + error;
      return t;
    }
    if (sets.empty()) continue;
    t.solvable = true;
    t.answer = firm_ids(model, sets.front());
    t.message = fmt::format("The smallest blacklist has {} firm{}: cutting off {} stops {}.", order,
                            order == 1 ? "" : "s", firm_names(model, sets.front()), target);
    for (size_t i = 1; i < sets.size(); ++i)
      t.details.push_back(fmt::format("also right: {}", firm_ids(model, sets[i])));
    return t;
  }
  t.message = fmt::format("No blacklist of at most {} of the allowed firms stops {}.", kMaxBlacklist, target);
  return t;
}

// ---- recovery-plan ----

Recovery recovery_for(const SupplyGraph& graph, const Evaluation& ev, ItemIndex item) {
  RecoveryOptions options;
  options.objective = Objective::kTime;
  options.roots = {item};
  return find_recovery_plans(graph, ev.state, options);
}

// The key naming a need in the answer syntax.
std::string need_key(const Model& model, ItemIndex target, NeedIndex need) {
  ItemIndex item = model.needs[need].item;
  if (item == target) return model.needs[need].name;
  return fmt::format("{}/{}", model.items[item].id, model.needs[need].name);
}

// Walks the student's plan from the target; on the first problem, fills
// `v.message` and returns nullopt; otherwise the plan's time in months.
class PlanJudge {
 public:
  PlanJudge(const SupplyGraph& graph, const Exercise& exercise, const Evaluation& ev, const Recovery& recovery,
            std::map<std::string, std::string> choices, Verdict& v)
      : model_(graph.model()), exercise_(exercise), ev_(ev), recovery_(recovery),
        choices_(std::move(choices)), v_(v) {}

  std::optional<double> time_of(ItemIndex item) {
    if (on_path_.count(item)) {
      v_.message = fmt::format("Your plan goes round in a circle: {} would need itself to be made again.",
                               plain(model_, item));
      return std::nullopt;
    }
    on_path_.insert(item);
    const Item& it = model_.items[item];
    if (ev_.state.banned(it.maker)) {
      v_.message = fmt::format("{} is banned, so {} cannot be made again by switching suppliers.",
                               model_.firms[it.maker].name, plain(model_, item));
      return std::nullopt;
    }
    double time = 0;
    for (NeedIndex n = it.first_need; n < it.first_need + it.need_count; ++n) {
      if (!recovery_.blocking(n)) continue;
      const Need& need = model_.needs[n];
      std::string key = need_key(model_, exercise_.item, n);
      auto chosen = choices_.find(key);
      if (chosen == choices_.end()) {
        v_.message = fmt::format("{} has lost its supply of '{}': choose a supplier for it ({}=ITEM).",
                                 plain(model_, item), need.name, key);
        return std::nullopt;
      }
      used_.insert(key);
      OptionIndex option = kNone;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
        if (model_.items[model_.options[o].item].id == chosen->second) option = o;
      if (option == kNone) {
        std::vector<std::string_view> offered;
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
          offered.push_back(model_.items[model_.options[o].item].id);
        v_.message = fmt::format("'{}' cannot supply the '{}' of {}; it can come from: {}.", chosen->second,
                                 need.name, plain(model_, item), fmt::join(offered, ", "));
        return std::nullopt;
      }
      const Option& o = model_.options[option];
      FirmIndex supplier = model_.supplier_of(option);
      if (!exercise_.suppliers.empty() &&
          !std::binary_search(exercise_.suppliers.begin(), exercise_.suppliers.end(), supplier)) {
        v_.message = fmt::format("This exercise lets you switch only to {}; {} is not one of them.",
                                 firm_names(model_, exercise_.suppliers), model_.firms[supplier].name);
        return std::nullopt;
      }
      if (std::string problem = option_problem(model_, ev_, option); !problem.empty()) {
        v_.message = fmt::format("{} cannot get '{}' from {}: {}.", plain(model_, item), need.name,
                                 plain(model_, o.item), problem);
        return std::nullopt;
      }
      double sub = 0;
      if (ev_.state.lost(o.item)) {
        std::optional<double> t = time_of(o.item);
        if (!t) return std::nullopt;
        sub = *t;
      }
      double step = o.lead_time + sub;
      v_.details.push_back(fmt::format("{}: {} from {}, {} months{}", plain(model_, item), need.name,
                                       plain(model_, o.item), step,
                                       sub > 0 ? fmt::format(" ({} to switch, {} to bring the supplier back)",
                                                             o.lead_time, sub)
                                               : ""));
      time = std::max(time, step);
    }
    on_path_.erase(item);
    return time;
  }

  const std::set<std::string>& used() const { return used_; }

 private:
  const Model& model_;
  const Exercise& exercise_;
  const Evaluation& ev_;
  const Recovery& recovery_;
  std::map<std::string, std::string> choices_;
  Verdict& v_;
  std::set<ItemIndex> on_path_;
  std::set<std::string> used_;
};

Verdict judge_plan(const SupplyGraph& graph, const Exercise& exercise, std::string_view answer) {
  const Model& model = graph.model();
  Verdict v;
  const std::string target = plain(model, exercise.item);
  std::map<std::string, std::string> choices;
  for (const std::string& part : split_answer(answer)) {
    size_t eq = part.find('=');
    if (eq == std::string::npos) {
      v.message = fmt::format("'{}' is not a choice: write NEED=ITEM, e.g. foundry=smic-n7.", part);
      return v;
    }
    std::string key(trim(std::string_view(part).substr(0, eq)));
    std::string item(trim(std::string_view(part).substr(eq + 1)));
    if (model.find_item(item) == kNone) {
      v.message = fmt::format("There is no item '{}' in this model{}.", item, hint_for(item, model.items));
      return v;
    }
    if (!choices.emplace(key, item).second) {
      v.message = fmt::format("You chose twice for '{}': choose one supplier per need.", key);
      return v;
    }
  }
  auto ev = evaluate_exercise(graph, exercise);
  if (!ev->state.lost(exercise.item)) {
    v.message = fmt::format("{} is not lost in this scenario: there is nothing to recover.", target);
    return v;
  }
  Recovery recovery = recovery_for(graph, *ev, exercise.item);
  PlanJudge walk(graph, exercise, *ev, recovery, choices, v);
  std::optional<double> time = walk.time_of(exercise.item);
  if (!time) return v;
  for (const auto& [key, item] : choices)
    if (!walk.used().count(key))
      v.details.push_back(fmt::format("'{}' was not needed: that need is not lost, or not on your plan", key));
  if (*time > exercise.within) {
    v.message = fmt::format("Your plan works, but {} is made again only after {} months, more than {}.", target,
                            *time, exercise.within);
    return v;
  }
  v.correct = true;
  v.message = fmt::format("Right: with your plan {} is made again after {} months (at most {}).", target, *time,
                          exercise.within);
  return v;
}

TeacherAnswer teach_plan(const SupplyGraph& graph, const Exercise& exercise) {
  const Model& model = graph.model();
  TeacherAnswer t;
  auto ev = evaluate_exercise(graph, exercise);
  const std::string target = plain(model, exercise.item);
  if (!ev->state.lost(exercise.item)) {
    t.message = fmt::format("{} is not lost in this scenario: there is nothing to recover.", target);
    return t;
  }
  RecoveryOptions options;
  options.objective = Objective::kTime;
  options.roots = {exercise.item};
  options.constraints.excluded.clear();
  if (!exercise.suppliers.empty())
    for (FirmIndex f = 0; f < model.firms.size(); ++f)
      if (!std::binary_search(exercise.suppliers.begin(), exercise.suppliers.end(), f))
        options.constraints.excluded.push_back(f);
  Recovery recovery = find_recovery_plans(graph, ev->state, options);
  auto plans = recovery.plans_of(exercise.item);
  if (plans.empty()) {
    t.message = fmt::format("{} cannot be made again with the suppliers in this model.", target);
    return t;
  }
  const Plan& best = recovery.plan(plans[0]);
  std::vector<std::string> parts;
  std::vector<uint32_t> stack = {plans[0]};
  while (!stack.empty()) {
    const Plan& p = recovery.plan(stack.back());
    stack.pop_back();
    for (const PlanStep& s : p.steps) {
      const Option& o = model.options[s.option];
      parts.push_back(fmt::format("{}={}", need_key(model, exercise.item, s.need), model.items[o.item].id));
      t.details.push_back(fmt::format("{}: {} from {}, {} months to switch", plain(model, p.item),
                                      model.needs[s.need].name, plain(model, o.item), o.lead_time));
      if (s.sub_plan != kNone) stack.push_back(s.sub_plan);
    }
  }
  t.answer = fmt::format("{}", fmt::join(parts, ","));
  t.solvable = best.value.time <= exercise.within;
  t.message = t.solvable ? fmt::format("The fastest plan makes {} again after {} months (at most {} asked).",
                                       target, best.value.time, exercise.within)
                         : fmt::format("The fastest plan takes {} months, more than the {} asked: no plan is "
                                       "right.",
                                       best.value.time, exercise.within);
  return t;
}

// ---- which-action ----

// The applied actions the item's loss runs through, as indexes into
// cuts.applied, sorted.
std::vector<uint32_t> actions_behind(const SupplyGraph& graph, const Evaluation& ev, ItemIndex item) {
  Explanation why = explain_item(graph, ev.cuts, ev.state, item);
  std::vector<uint32_t> out;
  for (const Reason& r : why.reasons) {
    if (r.kind == Reason::Kind::kOptionCut) {
      // The action that cut the edge, and the rule (a direct product rule,
      // de minimis) that made the supplied item subject to it.
      const Cut& cut = ev.cuts.cuts[r.cut];
      out.push_back(cut.action);
      if (cut.why.action != kNone) out.push_back(cut.why.action);
    }
    if (r.kind == Reason::Kind::kMakerBanned) out.push_back(r.action);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whom an action names, in words: "on Huawei and HiSilicon".
std::string action_whom(const Model& model, const ActionBody& body) {
  auto on = [&](std::span<const FirmIndex> firms) { return " on " + firm_names(model, firms); };
  if (auto* a = std::get_if<EntityListAction>(&body)) return on(a->add);
  if (auto* a = std::get_if<BanAction>(&body)) return on(a->firms);
  if (auto* a = std::get_if<ForeignDirectProductAction>(&body)) return on(a->targets);
  if (auto* a = std::get_if<LicenseAction>(&body)) {
    std::string out;
    if (a->supplier != kNone) out += " from " + model.firms[a->supplier].name;
    if (a->to != kNone) out += " to " + model.firms[a->to].name;
    return out;
  }
  if (auto* a = std::get_if<EmbargoAction>(&body)) {
    // Embargoes differ by what they cover: say it.
    std::vector<std::string> to, what;
    for (const Country& c : a->to) to.emplace_back(c.view());
    for (ItemKind k : a->filter.kinds) what.emplace_back(to_string(k));
    for (ItemIndex i : a->filter.items) what.push_back(model.items[i].id);
    for (const Condition& c : a->filter.where) what.push_back(to_string(c));
    return fmt::format(" to {}{}", fmt::join(to, ", "),
                       what.empty() ? "" : fmt::format(" of {}", fmt::join(what, ", ")));
  }
  return {};
}

// "entity_list by US on Huawei and HiSilicon (in 'Entity List ... (16 May 2019)')"
std::string action_words(const Model& model, const Evaluation& ev, uint32_t applied) {
  const AppliedAction& a = ev.cuts.applied[applied];
  const Scenario* s = a.scenario == kNone ? nullptr : &model.scenarios[a.scenario];
  // Words a student knows, not the model's keywords.
  static const std::map<std::string_view, std::string_view> kPlain = {
      {"entity_list", "Entity List listing"},
      {"embargo", "export ban"},
      {"ban", "ban"},
      {"license", "licence"},
      {"de_minimis", "de minimis rule (US content share)"},
      {"foreign_direct_product", "foreign direct product rule"}};
  std::string_view kind = action_kind(a.action->body);
  auto plain_kind = kPlain.find(kind);
  std::string what(plain_kind == kPlain.end() ? kind : plain_kind->second);
  Country by = action_actor(a.action->body);
  return fmt::format("{}{}{} (in '{}'){}", what, by.empty() ? "" : fmt::format(" by {}", by.view()),
                     action_whom(model, a.action->body), s ? s->name : std::string("ad hoc"),
                     in_force(model, a, ev.cuts.date) ? "" : " (not in force then)");
}

Verdict judge_action(const SupplyGraph& graph, const Exercise& exercise, std::string_view answer) {
  const Model& model = graph.model();
  Verdict v;
  auto ev = evaluate_exercise(graph, exercise);
  const std::string target = plain(model, exercise.item);
  std::string_view text = trim(answer);
  uint32_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || number == 0 ||
      number > ev->cuts.applied.size()) {
    v.message = fmt::format("Answer with the number of one action, from 1 to {}.", ev->cuts.applied.size());
    return v;
  }
  if (!ev->state.lost(exercise.item)) {
    v.message = fmt::format("{} is not lost in this scenario: no action cut it.", target);
    return v;
  }
  std::vector<uint32_t> behind = actions_behind(graph, *ev, exercise.item);
  uint32_t chosen = number - 1;
  if (std::binary_search(behind.begin(), behind.end(), chosen)) {
    v.correct = true;
    v.message = fmt::format("Right: {} is part of why {} is no longer made.", action_words(model, *ev, chosen),
                            target);
  } else {
    v.message = fmt::format("No: {} cuts nothing that {} depends on.", action_words(model, *ev, chosen), target);
  }
  return v;
}

TeacherAnswer teach_action(const SupplyGraph& graph, const Exercise& exercise) {
  const Model& model = graph.model();
  TeacherAnswer t;
  auto ev = evaluate_exercise(graph, exercise);
  const std::string target = plain(model, exercise.item);
  if (!ev->state.lost(exercise.item)) {
    t.message = fmt::format("{} is not lost in this scenario: no action cut it.", target);
    return t;
  }
  std::vector<uint32_t> behind = actions_behind(graph, *ev, exercise.item);
  if (behind.empty()) {
    t.message = fmt::format("{} is lost, but no action of the scenario is behind it.", target);
    return t;
  }
  t.solvable = true;
  t.answer = std::to_string(behind[0] + 1);
  t.message = fmt::format("Action {} ({}) is behind the loss of {}.", behind[0] + 1,
                          action_words(model, *ev, behind[0]), target);
  for (size_t i = 1; i < behind.size(); ++i)
    t.details.push_back(fmt::format("also right: {} ({})", behind[i] + 1, action_words(model, *ev, behind[i])));
  return t;
}

}  // namespace

Diagnostics check_exercises(const SupplyGraph& graph) {
  const Model& model = graph.model();
  Diagnostics out;
  for (const Exercise& e : model.exercises) {
    TeacherAnswer t = teacher_answer(graph, e);
    if (!t.solvable)
      out.push_back({model.file, e.location.line, e.location.column,
                     fmt::format("exercise '{}' has no right answer: {}", e.id, t.message)});
  }
  return out;
}

uint32_t find_exercise(const Model& model, std::string_view id) {
  for (uint32_t i = 0; i < model.exercises.size(); ++i)
    if (model.exercises[i].id == id) return i;
  return kNone;
}

Verdict judge(const SupplyGraph& graph, const Exercise& exercise, std::string_view answer) {
  switch (exercise.kind) {
    case ExerciseKind::kSmallestBlacklist: return judge_blacklist(graph, exercise, answer);
    case ExerciseKind::kRecoveryPlan: return judge_plan(graph, exercise, answer);
    case ExerciseKind::kWhichAction: return judge_action(graph, exercise, answer);
  }
  return {};
}

TeacherAnswer teacher_answer(const SupplyGraph& graph, const Exercise& exercise) {
  switch (exercise.kind) {
    case ExerciseKind::kSmallestBlacklist: return teach_blacklist(graph, exercise);
    case ExerciseKind::kRecoveryPlan: return teach_plan(graph, exercise);
    case ExerciseKind::kWhichAction: return teach_action(graph, exercise);
  }
  return {};
}

ExerciseChoices exercise_choices(const SupplyGraph& graph, const Exercise& exercise) {
  const Model& model = graph.model();
  ExerciseChoices c;
  auto ev = evaluate_exercise(graph, exercise);
  switch (exercise.kind) {
    case ExerciseKind::kSmallestBlacklist:
      if (!exercise.blacklist.empty()) {
        c.firms = exercise.blacklist;
      } else {
        for (FirmIndex f = 0; f < model.firms.size(); ++f)
          if (f != model.items[exercise.item].maker && !ev->state.banned(f)) c.firms.push_back(f);
      }
      std::sort(c.firms.begin(), c.firms.end(),
                [&](FirmIndex a, FirmIndex b) { return model.firms[a].id < model.firms[b].id; });
      break;
    case ExerciseKind::kRecoveryPlan: {
      if (!ev->state.lost(exercise.item)) break;
      Recovery recovery = recovery_for(graph, *ev, exercise.item);
      // Breadth first from the target through the options of lost needs:
      // every need a plan may have to fill, nearest first.
      std::vector<ItemIndex> queue = {exercise.item};
      std::set<ItemIndex> seen = {exercise.item};
      for (size_t q = 0; q < queue.size(); ++q) {
        const Item& it = model.items[queue[q]];
        if (ev->state.banned(it.maker)) continue;
        for (NeedIndex n = it.first_need; n < it.first_need + it.need_count; ++n) {
          if (!recovery.blocking(n)) continue;
          ExerciseChoices::Need need{queue[q], n, need_key(model, exercise.item, n), {}};
          const Need& nd = model.needs[n];
          for (OptionIndex o = nd.first_option; o < nd.first_option + nd.option_count; ++o) {
            need.options.push_back(o);
            ItemIndex sub = model.options[o].item;
            if (ev->state.lost(sub) && seen.insert(sub).second) queue.push_back(sub);
          }
          c.needs.push_back(std::move(need));
        }
      }
      break;
    }
    case ExerciseKind::kWhichAction:
      for (uint32_t a = 0; a < ev->cuts.applied.size(); ++a)
        c.actions.push_back(action_words(model, *ev, a));
      break;
  }
  return c;
}

}  // namespace decouple
