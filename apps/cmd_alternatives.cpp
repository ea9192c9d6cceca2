// decouple alternatives MODEL --scenario ID: recovery plans for lost items.
#include <algorithm>

#include <fmt/format.h>

#include "command.h"
#include "decouple/alternatives.h"
#include "decouple/alternatives_report.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple::app {
namespace {

struct AlternativesArgs {
  std::string scenario;
  std::string vendor;
  std::string item;
  std::string objective = "time";
  uint32_t max_plans = 8;
  std::vector<std::string> domestic;
  std::vector<std::string> exclude;
  double max_lead_time = -1;
  bool keep_current = false;
};

// Countries named by code, or by the id of one of the model's blocs.
bool parse_countries(const Model& model, const std::vector<std::string>& names,
                     std::vector<Country>& out) {
  for (const std::string& name : names) {
    if (auto country = Country::parse(name)) {
      out.push_back(*country);
      continue;
    }
    auto bloc = std::find_if(model.blocs.begin(), model.blocs.end(),
                             [&](const Bloc& b) { return b.id == name; });
    if (bloc == model.blocs.end()) {
      std::cerr << fmt::format(
          "error: --domestic: '{}' is neither an ISO 3166-1 alpha-2 country code nor a bloc of {}\n",
          name, model.file);
      return false;
    }
    out.insert(out.end(), bloc->countries.begin(), bloc->countries.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return true;
}

Registration alternatives(
    "alternatives", "Find recovery plans (alternative suppliers) for items lost under a scenario",
    [](CLI::App& sub) {
      auto model = std::make_shared<ModelOptions>();
      auto format = std::make_shared<FormatOption>();
      auto output = std::make_shared<OutputOption>();
      auto args = std::make_shared<AlternativesArgs>();
      auto when = std::make_shared<WhenOptions>();
      model->add_to(sub);
      when->add_to(sub);
      format->add_to(sub);
      output->add_to(sub);
      sub.add_option("--scenario,-s", args->scenario, "Scenario id")->required();
      auto* vendor = sub.add_option("--vendor", args->vendor, "Only the items this firm lost");
      auto* item = sub.add_option("--item", args->item, "Only this item");
      vendor->excludes(item);
      item->excludes(vendor);
      sub.add_option("--objective", args->objective, "What a plan optimizes")
          ->check(CLI::IsMember({"time", "capability", "cost", "pareto"}))
          ->capture_default_str();
      sub.add_option("--max-plans", args->max_plans, "Pareto: most plans kept per item")
          ->check(CLI::Range(1u, 1000000u))
          ->capture_default_str();
      sub.add_option("--domestic", args->domestic,
                     "Only suppliers from these countries (codes or bloc ids)")
          ->delimiter(',');
      sub.add_option("--exclude", args->exclude, "Never choose these suppliers (firm ids)")
          ->delimiter(',');
      sub.add_option("--max-lead-time", args->max_lead_time, "Skip options slower than N months")
          ->check(CLI::NonNegativeNumber);
      sub.add_flag("--keep-current", args->keep_current,
                   "Wait for current suppliers when they can recover, before alternatives");
      return [=]() -> int {
        auto loaded = load(*model);
        if (!loaded) return 1;
        const Model& m = loaded->model;
        ScenarioIndex s = find_scenario(m, args->scenario);
        if (s == kNone) return 1;

        RecoveryOptions options;
        options.objective = *parse_objective(args->objective);
        options.max_plans = args->max_plans;
        options.constraints.max_lead_time = args->max_lead_time;
        options.constraints.keep_current = args->keep_current;
        if (!parse_countries(m, args->domestic, options.constraints.domestic)) return 1;
        for (const std::string& id : args->exclude) {
          FirmIndex f = find_firm(m, id);
          if (f == kNone) return 1;
          options.constraints.excluded.push_back(f);
        }
        std::sort(options.constraints.excluded.begin(), options.constraints.excluded.end());

        ScenarioCuts cuts = apply_scenario(*loaded->graph, s, when->when);
        LossState state(*loaded->graph);
        state.apply(cuts);

        std::vector<ItemIndex> items;
        if (!args->item.empty()) {
          ItemIndex i = find_item(m, args->item);
          if (i == kNone) return 1;
          items.push_back(i);
        } else if (!args->vendor.empty()) {
          FirmIndex f = find_firm(m, args->vendor);
          if (f == kNone) return 1;
          for (ItemIndex i : loaded->graph->items_of(f))
            if (state.lost(i)) items.push_back(i);
        } else {
          items.assign(state.lost_items().begin(), state.lost_items().end());
        }
        // Items in id order, so output does not depend on the order of loss.
        std::sort(items.begin(), items.end(),
                  [&](ItemIndex a, ItemIndex b) { return m.items[a].id < m.items[b].id; });

        Recovery recovery = find_recovery_plans(*loaded->graph, state, options);
        RecoveryRequest request{s, items};
        return output->write(
            render_recovery(*loaded->graph, cuts, state, recovery, request, format->value()),
            model->path);
      };
    });

}  // namespace
}  // namespace decouple::app
