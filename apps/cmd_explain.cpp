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
  auto blacklist = std::make_shared<std::vector<std::string>>();
  model->add_to(sub);
  when->add_to(sub);
  sub.add_option("item", *item, "Item id")->required();
  format->add_to(sub);
  output->add_to(sub);
  sub.add_option("--scenario,-s", *scenario, "Scenario id");
  sub.add_option("--ban", *blacklist, "Also cut off these firms (ad hoc blacklist)")->delimiter(',');
  return [=]() -> int {
    if (scenario->empty() && blacklist->empty()) {
      std::cerr << "error: name a --scenario or a --ban list\n";
      return 2;
    }
    auto loaded = load(*model);
    if (!loaded) return 1;
    const Model& m = loaded->model;
    ItemIndex i = find_item(m, *item);
    if (i == kNone) return 1;
    auto ev = evaluate_named(*loaded, *scenario, *blacklist, when->when);
    if (!ev) return 1;
    Explanation why = explain_item(*loaded->graph, ev->cuts, ev->state, i);
    return output->write(render_explanation(m, ev->cuts, why, format->value()), model->path);
  };
});

}  // namespace
}  // namespace decouple::app
