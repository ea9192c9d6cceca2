// decouple risk MODEL [--scenario ID]: the probability that each item is
// lost when supply links are uncertain (each option's `confidence`), and
// the uncertain links worth verifying first.
#include <iostream>
#include <thread>

#include "command.h"
#include "decouple/risk.h"
#include "decouple/risk_report.h"

namespace decouple::app {
namespace {

Registration risk("risk", "Probability that each item is lost when supply links are uncertain, and the links to verify first",
                  [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  auto scenario = std::make_shared<std::string>();
  auto blacklist = std::make_shared<std::vector<std::string>>();
  auto items = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<RiskOptions>();
  auto exact_only = std::make_shared<bool>(false);
  auto monte_carlo = std::make_shared<bool>(false);
  auto top = std::make_shared<size_t>(10);
  auto progress = std::make_shared<ProgressOption>();
  auto mef = std::make_shared<OutputOption>();
  options->threads = std::max(1u, std::thread::hardware_concurrency());
  model->add_to(sub);
  format->add_to(sub);
  output->add_to(sub);
  sub.add_option("--scenario,-s", *scenario, "Scenario id (default: no actions, only the uncertain links)");
  sub.add_option("--ban", *blacklist, "Also cut off these firms (ad hoc blacklist)");
  sub.add_option("--item,-i", *items, "Only these items (default: every item that can be lost)");
  sub.add_option("--samples,-n", options->samples, "Monte Carlo worlds")->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  sub.add_option("--seed", options->seed, "Monte Carlo seed (the result depends on it and --samples only)")
      ->capture_default_str();
  sub.add_option("--threads,-j", options->threads, "Monte Carlo threads (default: every core)")
      ->check(CLI::Range(1u, 1024u));
  auto* exact = sub.add_flag("--exact-only", *exact_only,
                             "Exact answers only: an item whose diagram exceeds the budget gets no number");
  sub.add_flag("--monte-carlo", *monte_carlo, "Monte Carlo for every item, even where the exact answer fits")
      ->excludes(exact);
  sub.add_option("--max-diagram-nodes", options->max_nodes, "Decision-diagram node budget of the exact method")
      ->capture_default_str()->check(CLI::Range(size_t{16}, size_t{1} << 31));
  sub.add_option("--top,-k", *top, "Links listed by importance (0: all)")->capture_default_str();
  progress->add_to(sub);
  sub.add_option("--mef", mef->path,
                 "Also write the items' fault tree, one basic event per uncertain link valued 1 - confidence, "
                 "as Open-PSA MEF XML (for SCRAM)");
  return [=]() -> int {
    Progress bar = progress->make();
    auto loaded = load(*model, bar);
    if (!loaded) return 1;
    const Model& m = loaded->model;
    auto evaluation = evaluate_named(*loaded, *scenario, *blacklist);
    if (!evaluation) return 1;
    std::vector<ItemIndex> targets;
    for (const std::string& id : *items) {
      ItemIndex i = find_item(m, id);
      if (i == kNone) return 1;
      targets.push_back(i);
    }
    if (!mef->path.empty()) {
      Result<MefExport> tree = export_risk_mef(*loaded->graph, evaluation->cuts, targets);
      if (!tree.ok()) {
        for (const Diagnostic& d : tree.errors()) std::cerr << "error: " << d.message << '\n';
        return 1;
      }
      if (int code = mef->write(tree.value().xml, model->path); code != 0) return code;
    }
    RiskOptions run = *options;
    run.method = *exact_only ? RiskMethod::kExact : *monte_carlo ? RiskMethod::kMonteCarlo : RiskMethod::kAuto;
    run.progress = bar;
    Result<RiskReport> report = assess_risk(*loaded->graph, evaluation->cuts, targets, run);
    if (!report.ok()) {
      for (const Diagnostic& d : report.errors()) std::cerr << d.str() << '\n';
      return 1;
    }
    RiskSetting setting{m, evaluation->cuts, evaluation->scenario, !targets.empty(), *top};
    return output->write(render_risk(setting, report.value(), format->value()), model->path);
  };
});

}  // namespace
}  // namespace decouple::app
