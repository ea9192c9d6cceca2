// decouple chokepoints MODEL --item ITEM | --vendor FIRM | --spof: minimal
// blacklists (smallest sets of firms whose cut-off takes the target down)
// and single points of failure.
#include <iostream>

#include "chokepoint_options.h"
#include "command.h"
#include "decouple/chokepoints.h"
#include "decouple/chokepoints_report.h"

namespace decouple::app {
namespace {

Registration chokepoints(
    "chokepoints", "Minimal blacklists of an item or vendor, or every single point of failure",
    [](CLI::App& sub) {
      auto model = std::make_shared<ModelOptions>();
      auto output = std::make_shared<OutputOption>();
      auto args = std::make_shared<ChokepointArgs>();
      auto format = std::make_shared<std::string>("table");
      auto max_order = std::make_shared<uint32_t>(3);
      auto spof = std::make_shared<bool>(false);
      auto no_count = std::make_shared<bool>(false);
      auto progress = std::make_shared<ProgressOption>();
      model->add_to(sub);
      output->add_to(sub);
      args->add_to(sub, true);
      progress->add_to(sub);
      sub.add_option("--format,-f", *format, "Output format (text: one set per line)")
          ->check(CLI::IsMember({"table", "json", "csv", "text"}))
          ->capture_default_str();
      sub.add_option("--max-order,-k", *max_order, "List blacklists of at most this many firms")
          ->check(CLI::Range(1u, 64u))
          ->capture_default_str();
      sub.add_flag("--no-count", *no_count,
                   "Do not count the blacklists larger than --max-order (the output says they were not "
                   "counted): the complete families can cost far more than the listed ones");
      sub.add_flag("--spof", *spof, "Single points of failure of every item, and what each firm alone takes down");
      return [=]() -> int {
        int targets_given = args->target_kinds() + *spof;
        if (targets_given != 1) {
          std::cerr << "error: name exactly one of --item, --vendor, --end-items, --all-items or --spof\n";
          return 2;
        }
        Progress bar = progress->make();
        auto loaded = load(*model, bar);
        if (!loaded) return 1;
        const Model& m = loaded->model;
        int code = 0;
        auto resolved = args->resolve(*loaded, code);
        if (!resolved) return code;
        Chokepoints choke(*loaded->graph, resolved->cuts, resolved->by);
        ChokepointSetting setting{m, resolved->cuts, resolved->scenario, resolved->by};
        bool text = *format == "text";
        Format fmt_value = text ? Format::kTable : *parse_format(*format);
        if (*spof) {
          SpofOptions options;
          options.max_nodes = args->max_nodes;
          options.progress = bar;
          Result<SpofReport> report = single_points_of_failure(choke, options);
          if (!report.ok()) {
            for (const Diagnostic& d : report.errors()) std::cerr << d.str() << '\n';
            return 1;
          }
          return output->write(text ? render_spof_text(m, report.value())
                                    : render_spof(setting, report.value(), fmt_value),
                               model->path);
        }
        BlacklistOptions options;
        options.max_order = *max_order;
        options.count_left_out = !*no_count;
        options.max_nodes = args->max_nodes;
        options.progress = bar;
        Result<BlacklistReport> report = minimal_blacklists(choke, resolved->targets, options);
        if (!report.ok()) {
          for (const Diagnostic& d : report.errors()) std::cerr << d.str() << '\n';
          return 1;
        }
        if (text) {
          // The sets alone on stdout, so they diff cleanly; what the limit
          // left out still gets said, on stderr.
          std::string left_out = left_out_summary(m, report.value());
          if (!left_out.empty()) std::cerr << "note: " << left_out;
          return output->write(render_blacklists_text(m, report.value(), resolved->targets.size() > 1),
                               model->path);
        }
        return output->write(render_blacklists(setting, report.value(), fmt_value), model->path);
      };
    });

}  // namespace
}  // namespace decouple::app
