// decouple export-mef MODEL --item ITEM | --vendor FIRM: the target's fault
// tree as Open-PSA MEF XML, for fault-tree tools such as SCRAM. (To be
// offered as `decouple export --format mef` once `export` exists.)
#include <iostream>

#include "chokepoint_options.h"
#include "command.h"
#include "decouple/mef_export.h"
#include "decouple/ranking.h"

namespace decouple::app {
namespace {

Registration export_mef_command(
    "export-mef", "Write an item's fault tree (loss over firms cut off) as Open-PSA MEF XML",
    [](CLI::App& sub) {
      auto model = std::make_shared<ModelOptions>();
      auto output = std::make_shared<OutputOption>();
      auto args = std::make_shared<ChokepointArgs>();
      auto probability = std::make_shared<double>(-1);
      model->add_to(sub);
      output->add_to(sub);
      args->add_to(sub, true);
      sub.add_option("--probability,-p", *probability,
                     "Cut-off probability of firms without their own `probability:`")
          ->check(CLI::Range(0.0, 1.0));
      return [=]() -> int {
        if (!args->items.empty() + !args->vendor.empty() + args->end_items != 1) {
          std::cerr << "error: name exactly one of --item, --vendor or --end-items\n";
          return 2;
        }
        auto loaded = load(*model);
        if (!loaded) return 1;
        const Model& m = loaded->model;
        int code = 0;
        auto resolved = args->resolve(*loaded, code);
        if (!resolved) return code;
        Chokepoints choke(*loaded->graph, resolved->cuts, resolved->by);
        MefOptions options;
        bool any = *probability >= 0;
        for (const Firm& f : m.firms) any = any || f.probability >= 0;
        if (any) options.probabilities = cut_off_probabilities(m, *probability);
        Result<MefExport> mef = export_mef(choke, resolved->targets, options);
        if (!mef.ok()) {
          for (const Diagnostic& d : mef.errors()) std::cerr << d.str() << '\n';
          return 1;
        }
        return output->write(mef.value().xml, model->path);
      };
    });

}  // namespace
}  // namespace decouple::app
