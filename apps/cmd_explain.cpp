// decouple explain MODEL --scenario ID ITEM: the reason chain of one item.
#include "command.h"
#include "decouple/explain.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple::app {
namespace {

Registration explain("explain", "Explain why an item is lost or degraded under a scenario",
                     [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  auto scenario = std::make_shared<std::string>();
  auto item = std::make_shared<std::string>();
  auto when = std::make_shared<WhenOptions>();
  model->add_to(sub);
  when->add_to(sub);
  sub.add_option("item", *item, "Item id")->required();
  format->add_to(sub);
  output->add_to(sub);
  sub.add_option("--scenario,-s", *scenario, "Scenario id")->required();
  return [=]() -> int {
    auto loaded = load(*model);
    if (!loaded) return 1;
    const Model& m = loaded->model;
    ScenarioIndex s = find_scenario(m, *scenario);
    ItemIndex i = find_item(m, *item);
    if (s == kNone || i == kNone) return 1;
    ScenarioCuts cuts = apply_scenario(*loaded->graph, s, when->when);
    LossState state(*loaded->graph);
    state.apply(cuts);
    Explanation why = explain_item(*loaded->graph, cuts, state, i);
    return output->write(render_explanation(m, cuts, why, format->value()), model->path);
  };
});

}  // namespace
}  // namespace decouple::app
