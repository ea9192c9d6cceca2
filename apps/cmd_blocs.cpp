// decouple blocs MODEL --bloc B --cut-by J...: what a bloc can still obtain
// when other jurisdictions withhold their items; --autarky B: what it makes
// on its own.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "command.h"
#include "decouple/blocs.h"
#include "decouple/blocs_report.h"
#include "decouple/scenario.h"

namespace decouple::app {
namespace {

struct BlocsArgs {
  std::string bloc;
  std::string autarky;
  std::vector<std::string> cut_by;
  std::string scenario;
  double threshold = 0;
  std::vector<std::string> finals;
};

// Resolves a bloc named on the command line, printing the error; nullopt
// when it does not resolve.
std::optional<Bloc> resolve(const Model& model, const std::string& spec) {
  Result<Bloc> bloc = find_bloc(model, spec);
  if (bloc.ok()) return bloc.value();
  for (const Diagnostic& d : bloc.errors()) std::cerr << d.str() << '\n';
  return std::nullopt;
}

Registration blocs("blocs", "What a bloc can still obtain when others withhold, or make alone",
                   [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  auto args = std::make_shared<BlocsArgs>();
  auto when = std::make_shared<WhenOptions>();
  model->add_to(sub);
  when->add_to(sub);
  format->add_to(sub);
  output->add_to(sub);
  CLI::Option* bloc = sub.add_option(
      "--bloc", args->bloc, "The bloc: a bloc id of the model, or country codes (CN or CN,RU)");
  CLI::Option* autarky =
      sub.add_option("--autarky", args->autarky, "Show what this bloc makes on its own");
  CLI::Option* cut_by = sub.add_option(
      "--cut-by", args->cut_by, "A jurisdiction (or bloc) whose items are withheld; repeatable");
  sub.add_option("--scenario,-s", args->scenario, "Also apply this scenario's cuts and bans");
  CLI::Option* threshold =
      sub.add_option("--threshold", args->threshold,
                     "A need fails when less than this share of world supply is left (0..1)")
          ->check(CLI::Range(0.0, 1.0))
          ->capture_default_str();
  sub.add_option("--final", args->finals,
                 "Headline item(s); default: the bloc's items that nothing uses");
  bloc->excludes(autarky);
  cut_by->excludes(autarky);
  threshold->excludes(autarky);
  return [=]() -> int {
    if (args->bloc.empty() && args->autarky.empty()) {
      std::cerr << "error: name a --bloc (with --cut-by) or an --autarky bloc\n";
      return 2;
    }
    auto loaded = load(*model);
    if (!loaded) return 1;
    const Model& m = loaded->model;
    BlocReportContext context;
    std::optional<Bloc> b = resolve(m, args->autarky.empty() ? args->bloc : args->autarky);
    if (!b) return 1;
    context.bloc = *b;
    for (const std::string& spec : args->cut_by) {
      std::optional<Bloc> cutting = resolve(m, spec);
      if (!cutting) return 1;
      context.cut_by.insert(context.cut_by.end(), cutting->countries.begin(),
                            cutting->countries.end());
    }
    std::sort(context.cut_by.begin(), context.cut_by.end());
    context.cut_by.erase(std::unique(context.cut_by.begin(), context.cut_by.end()),
                         context.cut_by.end());
    for (Country c : context.cut_by) {
      if (std::binary_search(context.bloc.countries.begin(), context.bloc.countries.end(), c)) {
        std::cerr << fmt::format("error: {} is in the bloc and among --cut-by: a bloc does not "
                                 "withhold from itself\n",
                                 c.view());
        return 2;
      }
    }
    context.threshold = args->threshold;
    std::optional<ScenarioCuts> cuts;
    if (!args->scenario.empty()) {
      ScenarioIndex s = find_scenario(m, args->scenario);
      if (s == kNone) return 1;
      context.scenario = s;
      cuts = apply_scenario(*loaded->graph, s, when->when);
    }
    std::vector<ItemIndex> finals;
    for (const std::string& id : args->finals) {
      ItemIndex i = find_item(m, id);
      if (i == kNone) return 1;
      finals.push_back(i);
    }
    const ScenarioCuts* scenario = cuts ? &*cuts : nullptr;
    std::string out;
    if (!args->autarky.empty()) {
      Autarky result = bloc_autarky(*loaded->graph, context.bloc.countries, scenario, finals);
      out = render_autarky(*loaded->graph, context, result, format->value());
    } else {
      BlocQuery query{context.bloc.countries, context.cut_by, context.threshold, scenario, finals};
      BlocSupply result = bloc_supply(*loaded->graph, query);
      out = render_bloc_supply(*loaded->graph, context, result, format->value());
    }
    return output->write(out, model->path);
  };
});

}  // namespace
}  // namespace decouple::app
