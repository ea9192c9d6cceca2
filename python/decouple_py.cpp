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
// whose `errors` attribute holds them as dicts; other input that does not
// read (a dataset to import, sweep shards to merge) raises
// decouple.InputError the same way (ModelError is one); an unknown id
// raises KeyError with a did-you-mean; bad arguments raise ValueError; a
// file that cannot be written raises OSError. The GIL is released while
// the library computes or writes, so other Python threads run.
//
// The commands that write files or text (generate, convert, compile,
// export, report, import, merge) return the very bytes the command writes
// with -o, or write the same files.
//
// The pure-Python half (python/decouple/__init__.py) wraps the results in
// Result (a dict with to_pandas()) and builds networkx graphs.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <fstream>
#include <sstream>
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
#include "decouple/dot_export.h"
#include "decouple/eto_import.h"
#include "decouple/exercise.h"
#include "decouple/exercise_report.h"
#include "decouple/generate.h"
#include "decouple/graphviz.h"
#include "decouple/mef_export.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/output_file.h"
#include "decouple/scenario_report.h"
#include "decouple/table_loader.h"
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

// A model's Text (ids, names) reaches Python as a str, copied: Python never
// holds a Text, so none outlives its model.
namespace pybind11::detail {
template <>
struct type_caster<decouple::Text> {
  PYBIND11_TYPE_CASTER(decouple::Text, const_name("str"));
  bool load(handle, bool) { return false; }
  static handle cast(const decouple::Text& text, return_value_policy, handle) {
    return PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), nullptr);
  }
};
}  // namespace pybind11::detail

namespace decouple::python {
namespace {

// decouple.ModelError, made at import and kept for the life of the process
// (a raw pointer: a static py::object would be released after Python).
PyObject* model_error_type = nullptr;
PyObject* input_error_type = nullptr;  // decouple.InputError, ModelError's base

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

py::list diagnostics_list(const Diagnostics& diagnostics) {
  py::list list;
  for (const Diagnostic& d : diagnostics) {
    py::dict e;
    e["file"] = d.file;
    e["line"] = d.line;
    e["column"] = d.column;
    e["message"] = d.message;
    e["severity"] = d.severity == Diagnostic::Severity::kError ? "error" : "warning";
    list.append(std::move(e));
  }
  return list;
}

[[noreturn]] void raise_diagnostics(PyObject* type, const Diagnostics& errors) {
  std::string message;
  for (const Diagnostic& d : errors) {
    if (!message.empty()) message += '\n';
    message += d.str();
  }
  py::object error = py::handle(type)(message);
  error.attr("errors") = diagnostics_list(errors);
  PyErr_SetObject(type, error.ptr());
  throw py::error_already_set();
}

[[noreturn]] void raise_model_error(const Diagnostics& errors) { raise_diagnostics(model_error_type, errors); }

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

// ---- What the commands that write files and text write ----

[[noreturn]] void raise_os_error(const std::string& message) {
  PyErr_SetString(PyExc_OSError, message.c_str());
  throw py::error_already_set();
}

// Refuses to write over the file the model was read from, as the command
// line does.
void refuse_input(const PyModel& m, const std::string& path) {
  if (!m.model().file.empty() && same_file(m.model().file, path))
    throw py::value_error(fmt::format("refusing to overwrite the input model {}", path));
}

std::optional<ModelFileFormat> model_file_format(const std::string& text) {
  if (text == "yaml") return ModelFileFormat::kYaml;
  if (text == "csv") return ModelFileFormat::kCsv;
  if (text == "both") return ModelFileFormat::kBoth;
  return std::nullopt;
}

// `decouple generate`: a synthetic tiered model, as a Model (write it with
// Model.save to get the files the command writes).
std::shared_ptr<PyModel> generate(uint32_t items, uint64_t seed, uint32_t firms, double alternatives,
                                  bool scenarios) {
  if (items < 12) throw py::value_error("items must be at least 12");
  if (alternatives < 0 || alternatives > 1) throw py::value_error("alternatives must be 0..1");
  GenerateOptions options;
  options.items = items;
  options.seed = seed;
  options.firms = firms;
  options.alternative_rate = alternatives;
  options.scenarios = scenarios;
  std::optional<Model> model;
  {
    py::gil_scoped_release unlocked;
    model.emplace(generate_model(options));
  }
  return std::make_shared<PyModel>(std::move(*model));
}

// `decouple convert --to FORMAT -o PATH` (and `generate --format`): the
// files written, in order.
std::vector<std::string> save(const PyModel& m, const std::string& path, const std::string& format) {
  auto parsed = model_file_format(format);
  if (!parsed) throw py::value_error(fmt::format("format '{}' is not yaml, csv or both", format));
  refuse_input(m, path);
  std::vector<std::string> files;
  std::string error;
  {
    py::gil_scoped_release unlocked;
    try {
      files = save_model(m.model(), path, *parsed);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  if (!error.empty()) raise_os_error(error);
  return files;
}

std::string to_yaml(const PyModel& m) {
  py::gil_scoped_release unlocked;
  return write_model_yaml(m.model());
}

// `decouple compile -o PATH`: a snapshot that load() opens fast.
void compile(const PyModel& m, const std::string& path) {
  refuse_input(m, path);
  std::string error;
  {
    py::gil_scoped_release unlocked;
    error = save_snapshot(m.model(), path);
  }
  if (!error.empty()) raise_os_error(fmt::format("{}: {}", path, error));
}

// `decouple export`: DOT text, an SVG picture (text) or a PNG one (bytes),
// or with format "mef" the fault tree of the targets as Open-PSA MEF XML.
py::object export_model(const PyModel& m, const std::string& format, const std::optional<std::string>& scenario,
                        const std::vector<std::string>& ban, const std::vector<std::string>& focus, uint32_t depth,
                        bool changes, const std::vector<std::string>& item, const std::optional<std::string>& vendor,
                        bool end_items, bool all_items, const std::optional<std::string>& by, double probability) {
  if (format != "dot" && format != "svg" && format != "png" && format != "mef")
    throw py::value_error(fmt::format("format '{}' is not dot, svg, png or mef (csv: Model.save)", format));
  std::optional<ScenarioIndex> s = m.maybe_scenario(scenario);
  if (format == "mef") {
    int kinds = !item.empty() + vendor.has_value() + end_items + all_items;
    if (kinds != 1) throw py::value_error("format 'mef' needs exactly one of item, vendor, end_items or all_items");
    if (!ban.empty() || !focus.empty() || changes)
      throw py::value_error("ban, focus and changes are for pictures; a fault tree starts from scenario");
    if (probability > 1) throw py::value_error("probability must be at most 1");
    std::optional<Country> actor = parse_country(by, "by");
    std::vector<ItemIndex> wanted = targets(m, item, vendor, end_items, all_items);
    std::string xml;
    Diagnostics errors;
    {
      py::gil_scoped_release unlocked;
      ScenarioCuts cuts = m.cuts(s);
      Chokepoints choke(m.graph(), cuts, actor);
      MefOptions options;
      bool any = probability >= 0;
      for (const Firm& f : m.model().firms) any = any || f.probability >= 0;
      if (any) options.probabilities = cut_off_probabilities(m.model(), probability);
      Result<MefExport> mef = export_mef(choke, wanted, options);
      if (mef.ok()) xml = std::move(mef).value().xml;
      else errors = mef.errors();
    }
    if (!errors.empty()) throw py::value_error(errors.front().message);
    return py::str(xml);
  }
  if (!item.empty() || vendor || end_items || all_items || by || probability >= 0)
    throw py::value_error("item, vendor, end_items, all_items, by and probability are for format 'mef'");
  std::vector<FirmIndex> banned = m.firms(ban);
  DotOptions options;
  options.depth = depth;
  for (const std::string& id : focus) {
    ItemIndex i = m.model().find_item(id);
    FirmIndex f = m.model().find_firm(id);
    if (i != kNone) {
      options.focus.push_back(i);
    } else if (f != kNone) {
      for (ItemIndex made : m.graph().items_of(f)) options.focus.push_back(made);
    } else {
      m.item(id);  // raises KeyError with a did-you-mean
    }
  }
  if (changes && !s && banned.empty()) throw py::value_error("changes needs a scenario or a ban list");
  if (changes && !focus.empty()) throw py::value_error("changes and focus choose the items in two ways; give one");
  std::string out;
  GraphvizResult picture;
  {
    py::gil_scoped_release unlocked;
    std::unique_ptr<Evaluation> evaluation;
    if (s || !banned.empty()) evaluation = evaluate(m.graph(), s, banned);
    options.evaluation = evaluation.get();
    std::string dot = changes ? to_dot(m.graph(), picture_options(m.graph(), evaluation.get(), PictureView::kChanges))
                              : to_dot(m.graph(), options);
    if (format == "dot") out = std::move(dot);
    else picture = render_graphviz(dot, format);
  }
  if (format == "dot") return py::str(out);
  if (!picture.ok()) throw std::runtime_error(picture.error);
  if (format == "png") return py::bytes(picture.output);
  return py::str(picture.output);
}

// `decouple report`: the scenario report as HTML (format "html") or
// Markdown ("md"). A missing Graphviz is a Python warning, as it is a
// warning on the command line.
std::string report(const PyModel& m, const std::optional<std::string>& scenario, const std::vector<std::string>& ban,
                   const std::string& format) {
  if (format != "html" && format != "md") throw py::value_error(fmt::format("format '{}' is not html or md", format));
  if ((!scenario || scenario->empty()) && ban.empty()) throw py::value_error("name a scenario or a ban list");
  std::optional<ScenarioIndex> s = m.maybe_scenario(scenario);
  std::vector<FirmIndex> banned = m.firms(ban);
  // The same command line as `decouple report` shows in Markdown.
  std::string redraw = fmt::format("decouple export {} {}--format svg -o picture.svg", m.model().file,
                                   s ? "--scenario " + *scenario + " " : std::string());
  ScenarioReport out;
  {
    py::gil_scoped_release unlocked;
    auto e = evaluate(m.graph(), s, banned);
    out = scenario_report(m.graph(), *e, format == "md" ? ReportKind::kMarkdown : ReportKind::kHtml, redraw);
  }
  for (const std::string& w : out.warnings)
    if (PyErr_WarnEx(PyExc_RuntimeWarning, w.c_str(), 1) < 0) throw py::error_already_set();
  return out.text;
}

// `decouple import csv SOURCE`: the YAML the command writes (a folder of
// tables, or a YAML header naming them), checked to read back the same.
std::string import_csv(const std::string& source) {
  std::optional<Result<Model>> model;
  std::string yaml, difference;
  {
    py::gil_scoped_release unlocked;
    model.emplace(load_table_source(source));
    if (model->ok()) {
      yaml = write_model_yaml(model->value());
      Result<Model> again = load_model_from_string(yaml, "imported model");
      difference = again.ok() ? model_difference(model->value(), again.value()) : again.errors()[0].str();
    }
  }
  if (!model->ok()) raise_model_error(model->errors());
  if (!difference.empty())
    throw std::runtime_error("internal error: the YAML does not read back as the same model: " + difference);
  return yaml;
}

// `decouple import eto DIR`: {"yaml": the model the command writes,
// "warnings": rows skipped (dicts as ModelError.errors), and the counts of
// its summary line}.
py::dict import_eto(const std::string& dir, const std::optional<int>& year, const std::string& type_of) {
  EtoImportOptions options;
  options.year = year;
  if (type_of != "or" && type_of != "and") throw py::value_error(fmt::format("type_of '{}' is not or, and", type_of));
  options.type_of = type_of == "and" ? EtoImportOptions::TypeOf::kAnd : EtoImportOptions::TypeOf::kOr;
  std::optional<Result<EtoImport>> result;
  {
    py::gil_scoped_release unlocked;
    result.emplace(import_eto(dir, options));
  }
  if (!result->ok()) raise_diagnostics(input_error_type, result->errors());
  const EtoImport& imported = result->value();
  py::dict out;
  out["yaml"] = imported.yaml;
  out["warnings"] = diagnostics_list(imported.warnings);
  out["inputs"] = imported.inputs;
  out["firms"] = imported.firms;
  out["provider_items"] = imported.provider_items;
  out["unattributed"] = imported.unattributed;
  return out;
}

// `decouple merge SHARD...`: the shards of a sharded sweep (files, CSV or
// JSON) put back together, as the unsharded sweep writes them.
std::string merge(const std::vector<std::string>& files, const std::optional<uint32_t>& runs) {
  std::vector<SweepOutput> outputs;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      PyErr_SetFromErrnoWithFilename(PyExc_OSError, file.c_str());
      throw py::error_already_set();
    }
    std::ostringstream text;
    text << in.rdbuf();
    outputs.push_back({file, text.str()});
  }
  std::optional<Result<std::string>> merged;
  {
    py::gil_scoped_release unlocked;
    merged.emplace(merge_sweep_outputs(outputs, runs));
  }
  if (!merged->ok()) raise_diagnostics(input_error_type, merged->errors());
  return merged->value();
}

// ---- The classroom exercises, as `decouple exercise` and /api/exercise ----

const Exercise& exercise_of(const PyModel& m, const std::string& id) {
  uint32_t e = find_exercise(m.model(), id);
  if (e == kNone) raise_unknown("exercise", id, m.model().file, m.model().exercises);
  return m.model().exercises[e];
}

py::object exercises(const PyModel& m) { return to_python(exercise_list_json(m.graph())); }

py::object exercise(const PyModel& m, const std::string& id) {
  return answer(render_exercise(m.graph(), exercise_of(m, id), Format::kJson));
}

// A student's answer judged: firm ids "a,b", NEED=ITEM choices, or an
// action number, as `decouple exercise ID --answer TEXT`.
py::object judge_answer(const PyModel& m, const std::string& id, const std::string& text) {
  const Exercise& x = exercise_of(m, id);
  std::string out;
  {
    py::gil_scoped_release unlocked;
    out = render_verdict(m.model(), x, text, judge(m.graph(), x, text), Format::kJson);
  }
  return answer(out);
}

py::object teacher(const PyModel& m, const std::string& id) {
  const Exercise& x = exercise_of(m, id);
  std::string out;
  {
    py::gil_scoped_release unlocked;
    out = render_teacher(m.model(), x, teacher_answer(m.graph(), x), Format::kJson);
  }
  return answer(out);
}

}  // namespace
}  // namespace decouple::python

PYBIND11_MODULE(_decouple, module) {
  using namespace decouple::python;
  using namespace pybind11::literals;
  module.doc() = "decouple's library: supply-chain models and export-control questions";
  input_error_type = PyErr_NewExceptionWithDoc("decouple.InputError",
                                               "Input that does not read (a dataset, sweep shards): one "
                                               "file:line:column line per diagnostic; `errors` holds them as dicts.",
                                               PyExc_ValueError, nullptr);
  if (!input_error_type) throw py::error_already_set();
  module.attr("InputError") = py::handle(input_error_type);
  model_error_type = PyErr_NewExceptionWithDoc("decouple.ModelError",
                                               "A model file that does not load: one file:line:column "
                                               "line per diagnostic; `errors` holds them as dicts.",
                                               input_error_type, nullptr);
  if (!model_error_type) throw py::error_already_set();
  module.attr("ModelError") = py::handle(model_error_type);
  module.attr("__version__") = "0.1";
  module.def("load", &load, "path"_a, "Loads a model (YAML, or a .dcm snapshot).");
  module.def("loads", &loads, "text"_a, "file_name"_a = "<string>", "Loads a model from YAML text.");
  module.def("generate", &generate, "items"_a, "seed"_a = 1u, "firms"_a = 0u, "alternatives"_a = 0.25,
             "scenarios"_a = true, "A synthetic tiered model (`decouple generate`).");
  module.def("import_csv", &import_csv, "source"_a,
             "The YAML `decouple import csv SOURCE` writes: a folder of tables, or a YAML header naming them.");
  module.def("import_eto", &import_eto, "dir"_a, "year"_a = py::none(), "type_of"_a = "or",
             "The ETO Chip Explorer dataset as a model (`decouple import eto`): yaml, warnings and counts.");
  module.def("merge", &merge, "shards"_a, "runs"_a = py::none(),
             "The outputs of a sharded sweep, merged (`decouple merge`).");

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
      .def("save", &save, "path"_a, "format"_a = "yaml",
           "Writes the model as `decouple convert --to yaml|csv` (or generate's `both`); returns the files.")
      .def("to_yaml", &to_yaml, "The model as one YAML text.")
      .def("compile", &compile, "path"_a, "Writes a snapshot (`decouple compile`).")
      .def("export", &export_model, "format"_a = "dot", "scenario"_a = py::none(),
           "ban"_a = std::vector<std::string>{}, "focus"_a = std::vector<std::string>{}, "depth"_a = 2u,
           "changes"_a = false, "item"_a = std::vector<std::string>{}, "vendor"_a = py::none(),
           "end_items"_a = false, "all_items"_a = false, "by"_a = py::none(), "probability"_a = -1.0,
           "What `decouple export --format dot|svg|png|mef` writes (png as bytes).")
      .def("report", &report, "scenario"_a = py::none(), "ban"_a = std::vector<std::string>{},
           "format"_a = "html", "The scenario report `decouple report` writes (html or md).")
      .def("exercises", &exercises, "The classroom exercises (`decouple exercise MODEL --format json`).")
      .def("exercise", &exercise, "id"_a, "One exercise and its choices (`decouple exercise MODEL ID`).")
      .def("judge", &judge_answer, "id"_a, "answer"_a,
           "A student's answer judged (`decouple exercise MODEL ID --answer TEXT`).")
      .def("teacher", &teacher, "id"_a, "The teacher's answer (`decouple exercise MODEL ID --teacher`).")
      .def("what_if", &what_if, "blacklists"_a, "scenario"_a = py::none(), "threads"_a = 0u,
           "Bans each blacklist on top of the scenario; one row per blacklist.");
}
