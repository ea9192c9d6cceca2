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
  auto when = std::make_shared<WhenOptions>();
  model->add_to(sub);
  when->add_to(sub);
  format->add_to(sub);
  output->add_to(sub);
  sub.add_option("--scenario,-s", *scenario, "Scenario id");
  sub.add_option("--ban", *blacklist, "Also cut off these firms (ad hoc blacklist)");
  return [=]() -> int {
    auto loaded = load(*model);
    if (!loaded) return 1;
    if (scenario->empty() && blacklist->empty()) {
      std::cerr << "error: name a --scenario or a --ban list\n";
      return 2;
    }
    auto ev = evaluate_named(*loaded, *scenario, *blacklist, when->when);
    if (!ev) return 1;
    return output->write(
        render_impact(*loaded->graph, ev->scenario, ev->cuts, ev->state, ev->impact, format->value()),
        model->path);
  };
});

}  // namespace
}  // namespace decouple::app
