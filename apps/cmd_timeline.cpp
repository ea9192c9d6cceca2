// decouple timeline MODEL [--cumulative]: replay the dated scenarios in
// date order and print what each step changed for each vendor.
#include "command.h"
#include "decouple/timeline.h"
#include "decouple/timeline_report.h"

namespace decouple::app {
namespace {

Registration timeline("timeline", "Replay the dated scenarios in date order, step by step",
                      [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  auto cumulative = std::make_shared<bool>(false);
  auto known_at = std::make_shared<std::string>();
  model->add_to(sub);
  sub.add_option("--known-at", *known_at,
                 "Use only the supply links documented (as_of) by this date (each step is "
                 "evaluated at its own date)")
      ->check(date_validator())
      ->group("Time");
  format->add_to(sub);
  output->add_to(sub);
  sub.add_flag("--cumulative", *cumulative,
               "Each step applies every earlier step too, not only its extends chain");
  return [=]() -> int {
    auto loaded = load(*model);
    if (!loaded) return 1;
    Timeline result = replay_timeline(*loaded->graph, *cumulative, *known_at);
    return output->write(render_timeline(*loaded->graph, result, format->value()), model->path);
  };
});

}  // namespace
}  // namespace decouple::app
