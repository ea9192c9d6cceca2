// decouple impact MODEL --scenario ID: what each vendor loses.
#include "command.h"
#include "decouple/impact.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple::app {
namespace {

Registration impact("impact", "Print what each vendor loses under a scenario", [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  auto scenario = std::make_shared<std::string>();
  auto blacklist = std::make_shared<std::vector<std::string>>();
  model->add_to(sub);
  format->add_to(sub);
  output->add_to(sub);
  sub.add_option("--scenario,-s", *scenario, "Scenario id");
  sub.add_option("--ban", *blacklist, "Also cut off these firms (ad hoc blacklist)");
  return [=]() -> int {
    auto loaded = load(*model);
    if (!loaded) return 1;
    const Model& m = loaded->model;
    if (scenario->empty() && blacklist->empty()) {
      std::cerr << "error: name a --scenario or a --ban list\n";
      return 2;
    }
    std::optional<ScenarioIndex> s;
    std::vector<AppliedAction> applied;
    std::string date;
    if (!scenario->empty()) {
      s = find_scenario(m, *scenario);
      if (*s == kNone) return 1;
      applied = resolve_scenario(m, *s);
      date = m.scenarios[*s].date;
    }
    std::vector<FirmIndex> banned;
    for (const std::string& id : *blacklist) {
      FirmIndex f = find_firm(m, id);
      if (f == kNone) return 1;
      banned.push_back(f);
    }
    std::vector<Action> ad_hoc = blacklist_actions(banned);
    if (!banned.empty()) applied.push_back({&ad_hoc[0], kNone, 0});
    ScenarioCuts cuts = apply_actions(*loaded->graph, std::move(applied), date);
    LossState state(*loaded->graph);
    state.apply(cuts);
    Impact result = compute_impact(*loaded->graph, cuts, state);
    return output->write(render_impact(*loaded->graph, s, cuts, state, result, format->value()),
                         model->path);
  };
});

}  // namespace
}  // namespace decouple::app
