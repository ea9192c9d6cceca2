// The compiled half of the Python module `decouple` (decouple._decouple).
//
// A thin layer: each question a Model answers calls the same library
// functions as the command of the same name and returns the same JSON
// document that command prints with `--format json`, converted to Python
// dicts, lists, strings and numbers (one converter, to_python, and no
// second serializer: where the library only renders a string, the string
// is parsed). Adding a command to the module is one method here that
// resolves ids, calls the library and hands its JSON to `answer`.
//
// Errors: a model that does not load raises decouple.ModelError (a
// ValueError) whose message lists every diagnostic as file:line:column and
// whose `errors` attribute holds them as dicts; an unknown id raises
// KeyError with a did-you-mean; bad arguments raise ValueError. The GIL is
// released while the library computes, so other Python threads run.
//
// The pure-Python half (python/decouple/__init__.py) wraps the results in
// Result (a dict with to_pandas()) and builds networkx graphs.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "decouple/alternatives.h"
#include "decouple/alternatives_report.h"
#include "decouple/blocs.h"
#include "decouple/blocs_report.h"
#include "decouple/chokepoints.h"
#include "decouple/chokepoints_report.h"
#include "decouple/evaluation.h"
#include "decouple/explain.h"
#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/number.h"
#include "decouple/date.h"
#include "decouple/ranking.h"
#include "decouple/report.h"
#include "decouple/risk.h"
#include "decouple/risk_report.h"
#include "decouple/snapshot.h"
#include "decouple/sweep.h"
#include "decouple/sweep_output.h"
#include "decouple/timeline.h"
#include "decouple/timeline_report.h"
#include "decouple/trajectory.h"
#include "decouple/trajectory_report.h"
#include "decouple/what_if.h"

namespace py = pybind11;
using nlohmann::json;

namespace decouple::python {
namespace {

// decouple.ModelError, made at import and kept for the life of the process
// (a raw pointer: a static py::object would be released after Python).
PyObject* model_error_type = nullptr;

py::object to_python(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return py::none();
    case json::value_t::boolean: return py::bool_(j.get<bool>());
    case json::value_t::number_integer: return py::int_(j.get<int64_t>());
    case json::value_t::number_unsigned: return py::int_(j.get<uint64_t>());
    case json::value_t::number_float: return py::float_(j.get<double>());
    case json::value_t::string: return py::str(j.get_ref<const std::string&>());
    case json::value_t::array: {
      py::list out;
      for (const json& e : j) out.append(to_python(e));
      return out;
    }
    case json::value_t::object: {
      py::dict out;
      for (const auto& [key, value] : j.items()) out[py::str(key)] = to_python(value);
      return out;
    }
    default: return py::none();  // binary and discarded values never occur in outputs
  }
}

// A command's JSON document, rendered by the library as text, as Python.
py::object answer(const std::string& rendered) { return to_python(json::parse(rendered)); }

[[noreturn]] void raise_model_error(const Diagnostics& errors) {
  std::string message;
  py::list list;
  for (const Diagnostic& d : errors) {
    if (!message.empty()) message += '\n';
    message += d.str();
    py::dict e;
    e["file"] = d.file;
    e["line"] = d.line;
    e["column"] = d.column;
    e["message"] = d.message;
    e["severity"] = d.severity == Diagnostic::Severity::kError ? "error" : "warning";
    list.append(std::move(e));
  }
  py::object error = py::handle(model_error_type)(message);
  error.attr("errors") = std::move(list);
  PyErr_SetObject(model_error_type, error.ptr());
  throw py::error_already_set();
}

template <typename Names>
[[noreturn]] void raise_unknown(const char* what, const std::string& id, const std::string& file,
                                const Names& names) {
  std::vector<std::string_view> candidates;
  for (const auto& n : names) candidates.push_back(n.id);
  std::string hint = closest_match(id, candidates);
  throw py::key_error(fmt::format("no {} '{}' in {}{}", what, id, file,
                                  hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
}

std::optional<Country> parse_country(const std::optional<std::string>& code, const char* what) {
  if (!code || code->empty()) return std::nullopt;
  auto c = Country::parse(*code);
  if (!c) throw py::value_error(fmt::format("{} '{}' is not an ISO 3166-1 alpha-2 country code", what, *code));
  return c;
}

// A loaded model and its graph (the graph points into the model, so
// neither moves once built).
class PyModel {
 public:
  explicit PyModel(Model model) : model_(std::move(model)), graph_(model_) {}

  const Model& model() const { return model_; }
  const SupplyGraph& graph() const { return graph_; }

  ScenarioIndex scenario(const std::string& id) const {
    ScenarioIndex s = model_.find_scenario(id);
    if (s == kNone) raise_unknown("scenario", id, model_.file, model_.scenarios);
    return s;
  }
  std::optional<ScenarioIndex> maybe_scenario(const std::optional<std::string>& id) const {
    if (!id || id->empty()) return std::nullopt;
    return scenario(*id);
  }
  ItemIndex item(const std::string& id) const {
    ItemIndex i = model_.find_item(id);
    if (i == kNone) raise_unknown("item", id, model_.file, model_.items);
    return i;
  }
  FirmIndex firm(const std::string& id) const {
    FirmIndex f = model_.find_firm(id);
    if (f == kNone) raise_unknown("firm", id, model_.file, model_.firms);
    return f;
  }
  std::vector<FirmIndex> firms(const std::vector<std::string>& ids) const {
    std::vector<FirmIndex> out;
    for (const std::string& id : ids) out.push_back(firm(id));
    return out;
  }
  std::vector<ItemIndex> items(const std::vector<std::string>& ids) const {
    std::vector<ItemIndex> out;
    for (const std::string& id : ids) out.push_back(item(id));
    return out;
  }
  Bloc bloc(const std::string& spec) const {
    Result<Bloc> b = find_bloc(model_, spec);
    if (!b.ok()) throw py::value_error(b.errors().front().message);
    return b.value();
  }
  // The cuts of a scenario, or of nothing.
  ScenarioCuts cuts(std::optional<ScenarioIndex> s) const {
    return s ? apply_scenario(graph_, *s) : apply_actions(graph_, {}, "");
  }

 private:
  Model model_;
  SupplyGraph graph_;
};

std::shared_ptr<PyModel> load(const std::string& path) {
  std::optional<Result<Model>> result;
  {
    py::gil_scoped_release unlocked;
    result.emplace(is_snapshot(path) ? load_snapshot(path) : load_model(path));
  }
  if (!result->ok()) raise_model_error(result->errors());
  return std::make_shared<PyModel>(std::move(*result).value());
}

std::shared_ptr<PyModel> loads(const std::string& text, const std::string& file_name) {
  std::optional<Result<Model>> result;
  {
    py::gil_scoped_release unlocked;
    result.emplace(load_model_from_string(text, file_name));
  }
  if (!result->ok()) raise_model_error(result->errors());
  return std::make_shared<PyModel>(std::move(*result).value());
}

py::object check(const PyModel& m) { return answer(render_check(m.model(), m.graph(), Format::kJson)); }

py::object impact(const PyModel& m, const std::optional<std::string>& scenario,
                  const std::vector<std::string>& ban) {
  if ((!scenario || scenario->empty()) && ban.empty())
    throw py::value_error("name a scenario or a ban list");
  std::optional<ScenarioIndex> s = m.maybe_scenario(scenario);
  std::vector<FirmIndex> banned = m.firms(ban);
  json out;
  {
    py::gil_scoped_release unlocked;
    auto e = evaluate(m.graph(), s, banned);
    out = impact_json(m.graph(), s, e->cuts, e->state, e->impact);
  }
  return to_python(out);
}

py::object explain(const PyModel& m, const std::string& item, const std::string& scenario) {
  ScenarioIndex s = m.scenario(scenario);
  ItemIndex i = m.item(item);
  std::string out;
  {
    py::gil_scoped_release unlocked;
    ScenarioCuts cuts = apply_scenario(m.graph(), s);
    LossState state(m.graph());
    state.apply(cuts);
    out = render_explanation(m.model(), cuts, explain_item(m.graph(), cuts, state, i), Format::kJson);
  }
  return answer(out);
}

py::object timeline(const PyModel& m, bool cumulative) {
  json out;
  {
    py::gil_scoped_release unlocked;
    out = timeline_json(m.graph(), replay_timeline(m.graph(), cumulative));
  }
  return to_python(out);
}

py::object alternatives(const PyModel& m, const std::string& scenario,
                        const std::optional<std::string>& vendor, const std::optional<std::string>& item,
                        const std::string& objective, uint32_t max_plans,
                        const std::vector<std::string>& domestic, const std::vector<std::string>& exclude,
                        double max_lead_time, bool keep_current) {
  ScenarioIndex s = m.scenario(scenario);
  RecoveryOptions options;
  auto parsed = parse_objective(objective);
  if (!parsed) throw py::value_error(fmt::format("objective '{}' is not time, capability, cost or pareto", objective));
  if (max_plans < 1) throw py::value_error("max_plans must be at least 1");
  options.objective = *parsed;
  options.max_plans = max_plans;
  options.constraints.max_lead_time = max_lead_time;
  options.constraints.keep_current = keep_current;
  for (const std::string& name : domestic) {
    // A country code or one of the model's blocs, as on the command line.
    Bloc b = m.bloc(name);
    options.constraints.domestic.insert(options.constraints.domestic.end(), b.countries.begin(),
                                        b.countries.end());
  }
  std::sort(options.constraints.domestic.begin(), options.constraints.domestic.end());
  options.constraints.domestic.erase(
      std::unique(options.constraints.domestic.begin(), options.constraints.domestic.end()),
      options.constraints.domestic.end());
  options.constraints.excluded = m.firms(exclude);
  std::sort(options.constraints.excluded.begin(), options.constraints.excluded.end());
  std::optional<ItemIndex> only_item;
  std::optional<FirmIndex> only_vendor;
  if (item && vendor) throw py::value_error("name a vendor or an item, not both");
  if (item) only_item = m.item(*item);
  if (vendor) only_vendor = m.firm(*vendor);
  json out;
  {
    py::gil_scoped_release unlocked;
    const Model& model = m.model();
    ScenarioCuts cuts = apply_scenario(m.graph(), s);
    LossState state(m.graph());
    state.apply(cuts);
    std::vector<ItemIndex> items;
    if (only_item) {
      items.push_back(*only_item);
    } else if (only_vendor) {
      for (ItemIndex i : m.graph().items_of(*only_vendor))
        if (state.lost(i)) items.push_back(i);
    } else {
      items.assign(state.lost_items().begin(), state.lost_items().end());
    }
    std::sort(items.begin(), items.end(),
              [&](ItemIndex a, ItemIndex b) { return model.items[a].id < model.items[b].id; });
    Recovery recovery = find_recovery_plans(m.graph(), state, options);
    out = recovery_json(m.graph(), cuts, state, recovery, RecoveryRequest{s, items});
  }
  return to_python(out);
}

// Targets as the chokepoint commands name them: items, a vendor's items,
// the end items or every item.
std::vector<ItemIndex> targets(const PyModel& m, const std::vector<std::string>& item_ids,
                               const std::optional<std::string>& vendor, bool end, bool all) {
  std::vector<ItemIndex> out;
  auto add = [&](ItemIndex i) {
    if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
  };
  for (ItemIndex i : m.items(item_ids)) add(i);
  if (vendor) {
    FirmIndex f = m.firm(*vendor);
    std::vector<ItemIndex> made(m.graph().items_of(f).begin(), m.graph().items_of(f).end());
    if (made.empty()) throw py::value_error(fmt::format("firm '{}' makes no item", *vendor));
    std::sort(made.begin(), made.end(),
              [&](ItemIndex a, ItemIndex b) { return m.model().items[a].id < m.model().items[b].id; });
    for (ItemIndex i : made) add(i);
  }
  if (end || all)
    for (ItemIndex i = 0; i < m.model().items.size(); ++i)
      if (all || m.graph().users_of(i).empty()) add(i);
  return out;
}

py::object chokepoints(const PyModel& m, const std::vector<std::string>& item,
                       const std::optional<std::string>& vendor, bool end_items, bool all_items,
                       bool spof, const std::optional<std::string>& scenario,
                       const std::optional<std::string>& by, uint32_t max_order, bool count_left_out,
                       size_t max_diagram_nodes) {
  int kinds = !item.empty() + vendor.has_value() + end_items + all_items + spof;
  if (kinds != 1) throw py::value_error("name exactly one of item, vendor, end_items, all_items or spof");
  if (max_order < 1 || max_order > 64) throw py::value_error("max_order must be 1..64");
  std::optional<ScenarioIndex> s = m.maybe_scenario(scenario);
  std::optional<Country> actor = parse_country(by, "by");
  std::vector<ItemIndex> wanted = targets(m, item, vendor, end_items, all_items);
  std::string out;
  Diagnostics errors;
  {
    py::gil_scoped_release unlocked;
    ScenarioCuts cuts = m.cuts(s);
    Chokepoints choke(m.graph(), cuts, actor);
    ChokepointSetting setting{m.model(), cuts, s, actor};
    if (spof) {
      SpofOptions options;
      options.max_nodes = max_diagram_nodes;
      Result<SpofReport> report = single_points_of_failure(choke, options);
      if (report.ok()) out = render_spof(setting, report.value(), Format::kJson);
      else errors = report.errors();
    } else {
      BlacklistOptions options;
      options.max_order = max_order;
      options.count_left_out = count_left_out;
      options.max_nodes = max_diagram_nodes;
      Result<BlacklistReport> report = minimal_blacklists(choke, wanted, options);
      if (report.ok()) out = render_blacklists(setting, report.value(), Format::kJson);
      else errors = report.errors();
    }
  }
  if (!errors.empty()) throw py::value_error(errors.front().str());
  return answer(out);
}

py::object rank(const PyModel& m, const std::vector<std::string>& item, const std::optional<std::string>& vendor,
                bool end, bool all, const std::optional<std::string>& scenario,
                const std::optional<std::string>& by, double probability, size_t max_diagram_nodes) {
  if (probability > 1) throw py::value_error("probability must be at most 1");
  std::optional<ScenarioIndex> s = m.maybe_scenario(scenario);
  std::optional<Country> actor = parse_country(by, "by");
  std::vector<ItemIndex> wanted = targets(m, item, vendor, end, all);
  std::string out;
  Diagnostics errors;
  {
    py::gil_scoped_release unlocked;
    ScenarioCuts cuts = m.cuts(s);
    Chokepoints choke(m.graph(), cuts, actor);
    // Default targets: the end products, as on the command line.
    if (wanted.empty()) wanted = end_items(m.graph());
    RankOptions options;
    options.default_probability = probability;
    options.max_nodes = max_diagram_nodes;
    Result<RankReport> report = rank_firms(choke, wanted, options);
    if (report.ok()) out = render_rank(ChokepointSetting{m.model(), cuts, s, actor}, report.value(), Format::kJson);
    else errors = report.errors();
  }
  if (!errors.empty()) throw py::value_error(errors.front().str());
  return answer(out);
}


py::object blocs(const PyModel& m, const std::string& bloc, const std::vector<std::string>& cut_by,
                 const std::optional<std::string>& scenario, double threshold,
                 const std::vector<std::string>& final_items) {
  if (threshold < 0 || threshold > 1) throw py::value_error("threshold must be 0..1");
  BlocReportContext context;
  context.bloc = m.bloc(bloc);
  for (const std::string& spec : cut_by) {
    Bloc cutting = m.bloc(spec);
    context.cut_by.insert(context.cut_by.end(), cutting.countries.begin(), cutting.countries.end());
  }
  std::sort(context.cut_by.begin(), context.cut_by.end());
  context.cut_by.erase(std::unique(context.cut_by.begin(), context.cut_by.end()), context.cut_by.end());
  for (Country c : context.cut_by)
    if (std::binary_search(context.bloc.countries.begin(), context.bloc.countries.end(), c))
      throw py::value_error(fmt::format("{} is in the bloc and among cut_by: a bloc does not withhold from itself",
                                        c.view()));
  context.threshold = threshold;
  context.scenario = m.maybe_scenario(scenario);
  std::vector<ItemIndex> finals = m.items(final_items);
  std::string out;
  {
    py::gil_scoped_release unlocked;
    std::optional<ScenarioCuts> cuts;
    if (context.scenario) cuts = apply_scenario(m.graph(), *context.scenario);
    BlocQuery query{context.bloc.countries, context.cut_by, threshold, cuts ? &*cuts : nullptr, finals};
    out = render_bloc_supply(m.graph(), context, bloc_supply(m.graph(), query), Format::kJson);
  }
  return answer(out);
}

py::object autarky(const PyModel& m, const std::string& bloc, const std::optional<std::string>& scenario,
                   const std::vector<std::string>& final_items) {
  BlocReportContext context;
  context.bloc = m.bloc(bloc);
  context.scenario = m.maybe_scenario(scenario);
  std::vector<ItemIndex> finals = m.items(final_items);
  std::string out;
  {
    py::gil_scoped_release unlocked;
    std::optional<ScenarioCuts> cuts;
    if (context.scenario) cuts = apply_scenario(m.graph(), *context.scenario);
    Autarky result = bloc_autarky(m.graph(), context.bloc.countries, cuts ? &*cuts : nullptr, finals);
    out = render_autarky(m.graph(), context, result, Format::kJson);
  }
  return answer(out);
}

unsigned default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

py::object sweep(const PyModel& m, bool each_firm, const std::optional<std::string>& by, uint32_t random,
                 uint32_t size, uint64_t seed, const std::vector<std::string>& scenarios,
                 const std::optional<std::string>& scenario, unsigned threads) {
  SweepSpec spec;
  int kinds = each_firm + (random > 0) + !scenarios.empty();
  if (kinds != 1) throw py::value_error("name exactly one of each_firm, random (> 0) or scenarios");
  spec.kind = each_firm ? SweepSpec::Kind::kEachFirm
              : random  ? SweepSpec::Kind::kRandom
                        : SweepSpec::Kind::kScenarios;
  if (auto c = parse_country(by, "by")) {
    if (!each_firm) throw py::value_error("by goes with each_firm");
    spec.by = *c;
  }
  spec.random_count = random;
  spec.random_size = size;
  spec.seed = seed;
  spec.threads = threads ? threads : default_threads();
  for (const std::string& id : scenarios) spec.scenarios.push_back(m.scenario(id));
  if (auto base = m.maybe_scenario(scenario)) spec.base = *base;
  if (std::string problem = check_sweep(m.model(), spec); !problem.empty()) throw py::value_error(problem);
  std::string out;
  {
    py::gil_scoped_release unlocked;
    out = render_sweep(m.model(), spec, run_sweep(m.graph(), spec), Format::kJson);
  }
  return answer(out);
}

// The dated path of loss and recovery, as `decouple trajectory`: every
// affected item, or only `item`, or only the items `firm` makes.
py::object trajectory(const PyModel& m, const std::optional<std::string>& until,
                      const std::optional<std::string>& item, const std::optional<std::string>& firm) {
  if (item && firm) throw py::value_error("name an item or a firm, not both");
  TrajectoryOptions options;
  if (until) {
    if (!valid_date(*until)) throw py::value_error(fmt::format("until '{}' is not a date YYYY-MM-DD", *until));
    options.until = *parse_date(*until);
  }
  ItemIndex only_item = item ? m.item(*item) : kNone;
  FirmIndex only_firm = firm ? m.firm(*firm) : kNone;
  std::string out;
  {
    py::gil_scoped_release unlocked;
    Trajectory result = build_trajectory(m.graph(), options);
    std::erase_if(result.items, [&](const ItemTrajectory& t) {
      return (only_item != kNone && t.item != only_item) ||
             (only_firm != kNone && m.model().items[t.item].maker != only_firm);
    });
    out = render_trajectory(m.model(), result, Format::kJson);
  }
  return answer(out);
}

// Loss probabilities under uncertain links, as `decouple risk`. `method`:
// "auto" (exact where the diagram fits, else Monte Carlo), "exact" or
// "monte-carlo".
py::object risk(const PyModel& m, const std::optional<std::string>& scenario, const std::vector<std::string>& ban,
                const std::vector<std::string>& item, const std::string& method, uint64_t samples, uint64_t seed,
                unsigned threads, size_t max_diagram_nodes, size_t top) {
  std::optional<ScenarioIndex> s = m.maybe_scenario(scenario);
  std::vector<FirmIndex> banned = m.firms(ban);
  std::vector<ItemIndex> wanted = m.items(item);
  RiskOptions options;
  if (method == "auto") options.method = RiskMethod::kAuto;
  else if (method == "exact") options.method = RiskMethod::kExact;
  else if (method == "monte-carlo") options.method = RiskMethod::kMonteCarlo;
  else throw py::value_error(fmt::format("method '{}' is not auto, exact or monte-carlo", method));
  if (samples < 1) throw py::value_error("samples must be at least 1");
  options.samples = samples;
  options.seed = seed;
  options.threads = threads ? threads : default_threads();
  options.max_nodes = max_diagram_nodes;
  std::string out;
  Diagnostics errors;
  {
    py::gil_scoped_release unlocked;
    auto e = evaluate(m.graph(), s, banned);
    Result<RiskReport> report = assess_risk(m.graph(), e->cuts, wanted, options);
    if (report.ok())
      out = render_risk(RiskSetting{m.model(), e->cuts, e->scenario, !wanted.empty(), top}, report.value(),
                        Format::kJson);
    else
      errors = report.errors();
  }
  if (!errors.empty()) throw py::value_error(errors.front().str());
  return answer(out);
}

// Many blacklists on top of one scenario, each answered incrementally
// (what_if.h) and spread over threads, each with its own copy of the
// evaluated base. Rows come back in the order of `blacklists`.
py::object what_if(const PyModel& m, const std::vector<std::vector<std::string>>& blacklists,
                   const std::optional<std::string>& scenario, unsigned threads) {
  std::optional<ScenarioIndex> s = m.maybe_scenario(scenario);
  std::vector<std::vector<FirmIndex>> lists;
  lists.reserve(blacklists.size());
  for (const auto& ids : blacklists) lists.push_back(m.firms(ids));
  std::vector<WhatIfEffect> effects(lists.size());
  {
    py::gil_scoped_release unlocked;
    ScenarioCuts cuts = m.cuts(s);
    WhatIf base(m.graph(), cuts);
    unsigned n = std::min<size_t>(threads ? threads : default_threads(), std::max<size_t>(1, lists.size() / 256));
    n = std::max(1u, n);
    auto run = [&](unsigned t, WhatIf& what_if) {
      for (size_t k = t; k < lists.size(); k += n) effects[k] = what_if.ban(lists[k]);
    };
    std::vector<WhatIf> copies(n - 1, base);
    std::vector<std::thread> workers;
    for (unsigned t = 1; t < n; ++t) workers.emplace_back(run, t, std::ref(copies[t - 1]));
    run(0, base);
    for (std::thread& w : workers) w.join();
  }
  py::list rows;
  for (size_t k = 0; k < lists.size(); ++k) {
    py::dict row;
    row["run"] = k;
    row["items_lost"] = effects[k].items_lost;
    row["firms_affected"] = effects[k].firms_affected;
    row["value_lost"] = to_python(json_number(effects[k].value_lost));
    rows.append(std::move(row));
  }
  return rows;
}

// The supply graph as edges supplier item -> user item, one per option,
// with the need and the option's numbers; floats as the model wrote them.
py::list edges(const PyModel& m) {
  const Model& model = m.model();
  py::list out;
  for (OptionIndex o = 0; o < model.options.size(); ++o) {
    const Option& option = model.options[o];
    const Need& need = model.needs[option.need];
    py::dict attributes;
    attributes["need"] = need.name;
    attributes["critical"] = need.critical;
    attributes["status"] = option.is_current() ? "current" : "alternative";
    attributes["share"] = option.share < 0 ? py::object(py::none()) : to_python(json_number(option.share));
    attributes["lead_time"] = to_python(json_number(option.lead_time));
    attributes["capability"] = to_python(json_number(option.capability));
    attributes["cost"] = to_python(json_number(option.cost));
    out.append(py::make_tuple(model.items[option.item].id, model.items[need.item].id, std::move(attributes)));
  }
  return out;
}

py::list items(const PyModel& m) {
  const Model& model = m.model();
  py::list out;
  for (const Item& i : model.items) {
    py::dict row;
    row["id"] = i.id;
    row["name"] = i.name;
    row["kind"] = std::string(to_string(i.kind));
    row["maker"] = i.maker == kNone ? py::object(py::none()) : py::object(py::str(model.firms[i.maker].id));
    row["country"] = i.maker == kNone ? std::string() : model.firms[i.maker].country.str();
    row["origin"] = i.origin.str();
    row["value"] = i.value < 0 ? py::object(py::none()) : to_python(json_number(i.value));
    out.append(std::move(row));
  }
  return out;
}

py::list firms(const PyModel& m) {
  py::list out;
  for (const Firm& f : m.model().firms) {
    py::dict row;
    row["id"] = f.id;
    row["name"] = f.name;
    row["country"] = f.country.str();
    row["probability"] = f.probability < 0 ? py::object(py::none()) : to_python(json_number(f.probability));
    row["tags"] = f.tags;
    out.append(std::move(row));
  }
  return out;
}

}  // namespace
}  // namespace decouple::python

PYBIND11_MODULE(_decouple, module) {
  using namespace decouple::python;
  using namespace pybind11::literals;
  module.doc() = "decouple's library: supply-chain models and export-control questions";
  model_error_type = PyErr_NewExceptionWithDoc("decouple.ModelError",
                                               "A model file that does not load: one file:line:column "
                                               "line per diagnostic; `errors` holds them as dicts.",
                                               PyExc_ValueError, nullptr);
  if (!model_error_type) throw py::error_already_set();
  module.attr("ModelError") = py::handle(model_error_type);
  module.attr("__version__") = "0.1";
  module.def("load", &load, "path"_a, "Loads a model (YAML, or a .dcm snapshot).");
  module.def("loads", &loads, "text"_a, "file_name"_a = "<string>", "Loads a model from YAML text.");

  py::class_<PyModel, std::shared_ptr<PyModel>>(module, "Model")
      .def_property_readonly("name", [](const PyModel& m) { return m.model().name; })
      .def_property_readonly("file", [](const PyModel& m) { return m.model().file; })
      .def("__repr__", [](const PyModel& m) {
        return fmt::format("<decouple.Model '{}': {} firms, {} items>", m.model().name,
                           m.model().firms.size(), m.model().items.size());
      })
      .def("firms", &firms, "The firms: id, name, country, probability, tags.")
      .def("items", &items, "The items: id, name, kind, maker, country, origin, value.")
      .def("edges", &edges, "Supply edges (supplier item, user item, attributes), one per option.")
      .def("check", &check, "What `decouple check --format json` prints.")
      .def("impact", &impact, "scenario"_a = py::none(), "ban"_a = std::vector<std::string>{},
           "What each vendor loses (`decouple impact`).")
      .def("explain", &explain, "item"_a, "scenario"_a, "Why an item is lost (`decouple explain`).")
      .def("timeline", &timeline, "cumulative"_a = false, "The dated scenarios replayed (`decouple timeline`).")
      .def("alternatives", &alternatives, "scenario"_a, "vendor"_a = py::none(), "item"_a = py::none(),
           "objective"_a = "time", "max_plans"_a = 8, "domestic"_a = std::vector<std::string>{},
           "exclude"_a = std::vector<std::string>{}, "max_lead_time"_a = -1.0, "keep_current"_a = false,
           "Recovery plans for lost items (`decouple alternatives`).")
      .def("chokepoints", &chokepoints, "item"_a = std::vector<std::string>{}, "vendor"_a = py::none(),
           "end_items"_a = false, "all_items"_a = false, "spof"_a = false, "scenario"_a = py::none(),
           "by"_a = py::none(), "max_order"_a = 3, "count_left_out"_a = true,
           "max_diagram_nodes"_a = decouple::kDefaultMaxNodes,
           "Minimal blacklists, or single points of failure (`decouple chokepoints`).")
      .def("rank", &rank, "item"_a = std::vector<std::string>{}, "vendor"_a = py::none(),
           "end_items"_a = false, "all_items"_a = false, "scenario"_a = py::none(), "by"_a = py::none(),
           "probability"_a = -1.0, "max_diagram_nodes"_a = decouple::kDefaultMaxNodes,
           "Suppliers ranked by damage and importance (`decouple rank`).")
      .def("blocs", &blocs, "bloc"_a, "cut_by"_a = std::vector<std::string>{}, "scenario"_a = py::none(),
           "threshold"_a = 0.0, "final"_a = std::vector<std::string>{},
           "What a bloc still obtains when others withhold (`decouple blocs --bloc`).")
      .def("autarky", &autarky, "bloc"_a, "scenario"_a = py::none(), "final"_a = std::vector<std::string>{},
           "What a bloc makes on its own (`decouple blocs --autarky`).")
      .def("sweep", &sweep, "each_firm"_a = false, "by"_a = py::none(), "random"_a = 0u, "size"_a = 1u,
           "seed"_a = 1u, "scenarios"_a = std::vector<std::string>{}, "scenario"_a = py::none(),
           "threads"_a = 0u, "Many what-if runs (`decouple sweep`).")
      .def("trajectory", &trajectory, "until"_a = py::none(), "item"_a = py::none(), "firm"_a = py::none(),
           "The dated path of loss and recovery: stock, lead times, time to survive and recover "
           "(`decouple trajectory`).")
      .def("risk", &risk, "scenario"_a = py::none(), "ban"_a = std::vector<std::string>{},
           "item"_a = std::vector<std::string>{}, "method"_a = "auto", "samples"_a = 100'000u, "seed"_a = 1u,
           "threads"_a = 0u, "max_diagram_nodes"_a = size_t{4'000'000}, "top"_a = size_t{10},
           "Probability that each item is lost when supply links are uncertain, and the links to verify "
           "first (`decouple risk`).")
      .def("what_if", &what_if, "blacklists"_a, "scenario"_a = py::none(), "threads"_a = 0u,
           "Bans each blacklist on top of the scenario; one row per blacklist.");
}
