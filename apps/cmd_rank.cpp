// decouple rank MODEL: each candidate firm's damage if cut off alone and,
// with cut-off probabilities, each target's exact loss probability and the
// firms' importance measures.
#include <iostream>

#include "chokepoint_options.h"
#include "command.h"
#include "decouple/chokepoints_report.h"
#include "decouple/ranking.h"

namespace decouple::app {
namespace {

Registration rank("rank", "Rank suppliers by the damage they do cut off alone, with exact loss probabilities",
                  [](CLI::App& sub) {
                    auto model = std::make_shared<ModelOptions>();
                    auto output = std::make_shared<OutputOption>();
                    auto format = std::make_shared<FormatOption>();
                    auto args = std::make_shared<ChokepointArgs>();
                    auto probability = std::make_shared<double>(-1);
                    auto table = std::make_shared<std::string>("damage");
                    auto progress = std::make_shared<ProgressOption>();
                    model->add_to(sub);
                    output->add_to(sub);
                    format->add_to(sub);
                    args->add_to(sub, true);
                    progress->add_to(sub);
                    sub.add_option("--probability,-p", *probability,
                                   "Cut-off probability of firms without their own `probability:`")
                        ->check(CLI::Range(0.0, 1.0));
                    sub.add_option("--table", *table,
                                   "CSV: which table, one per file (damage per firm, or importance per "
                                   "target and firm)")
                        ->check(CLI::IsMember({"damage", "importance"}))
                        ->capture_default_str();
                    return [=]() -> int {
                      Progress bar = progress->make();
                      auto loaded = load(*model, bar);
                      if (!loaded) return 1;
                      int code = 0;
                      auto resolved = args->resolve(*loaded, code);
                      if (!resolved) return code;
                      Chokepoints choke(*loaded->graph, resolved->cuts, resolved->by);
                      // Default targets: the end products, which nothing else needs.
                      std::vector<ItemIndex> targets = resolved->targets;
                      if (targets.empty()) targets = end_items(*loaded->graph);
                      RankOptions options;
                      options.default_probability = *probability;
                      options.max_nodes = args->max_nodes;
                      options.progress = bar;
                      Result<RankReport> report = rank_firms(choke, targets, options);
                      if (!report.ok()) {
                        for (const Diagnostic& d : report.errors()) std::cerr << d.str() << '\n';
                        return 1;
                      }
                      ChokepointSetting setting{loaded->model, resolved->cuts, resolved->scenario, resolved->by};
                      return output->write(render_rank(setting, report.value(), format->value(),
                                                       *table == "importance" ? RankTable::kImportance
                                                                              : RankTable::kDamage), model->path);
                    };
                  });

}  // namespace
}  // namespace decouple::app
