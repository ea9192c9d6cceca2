// decouple trajectory MODEL [--until DATE] [--item ID | --firm ID] [--svg FILE]:
// the dated path of loss and recovery, with stock and lead times.
#include <fmt/format.h>

#include "command.h"
#include "decouple/date.h"
#include "decouple/output_file.h"
#include "decouple/trajectory.h"
#include "decouple/trajectory_report.h"

namespace decouple::app {
namespace {

struct TrajectoryArgs {
  std::string until, item, firm, svg;
};

Registration trajectory(
    "trajectory", "The dated path of loss and recovery: stock, lead times, time to survive and recover",
    [](CLI::App& sub) {
      auto model = std::make_shared<ModelOptions>();
      auto format = std::make_shared<FormatOption>();
      auto output = std::make_shared<OutputOption>();
      auto args = std::make_shared<TrajectoryArgs>();
      auto progress = std::make_shared<ProgressOption>();
      model->add_to(sub);
      format->add_to(sub);
      output->add_to(sub);
      progress->add_to(sub);
      sub.add_option("--until", args->until, "Ignore events after this date (YYYY-MM-DD)")
          ->check([](const std::string& text) {
            return valid_date(text) ? std::string() : fmt::format("'{}' is not a date YYYY-MM-DD", text);
          });
      auto* item = sub.add_option("--item", args->item, "Only this item");
      auto* firm = sub.add_option("--firm", args->firm, "Only the items this firm makes");
      item->excludes(firm);
      firm->excludes(item);
      sub.add_option("--svg", args->svg, "Also write the chart (SVG) to this file");
      return [=]() -> int {
        Progress bar = progress->make();
        auto loaded = load(*model, bar);
        if (!loaded) return 1;
        const Model& m = loaded->model;
        ItemIndex only_item = kNone;
        FirmIndex only_firm = kNone;
        if (!args->item.empty() && (only_item = find_item(m, args->item)) == kNone) return 1;
        if (!args->firm.empty() && (only_firm = find_firm(m, args->firm)) == kNone) return 1;
        TrajectoryOptions options;
        if (!args->until.empty()) options.until = *parse_date(args->until);
        options.progress = bar;
        Trajectory result = build_trajectory(*loaded->graph, options);
        std::erase_if(result.items, [&](const ItemTrajectory& t) {
          return (only_item != kNone && t.item != only_item) ||
                 (only_firm != kNone && m.items[t.item].maker != only_firm);
        });
        if (!args->svg.empty()) {
          int code = OutputOption{args->svg}.write(trajectory_svg(m, result), model->path);
          if (code != 0) return code;
        }
        return output->write(render_trajectory(m, result, format->value()), model->path);
      };
    });

}  // namespace
}  // namespace decouple::app
