// Options shared by the chokepoint commands (chokepoints, rank, export-mef):
// the starting scenario, the acting jurisdiction, the targets and the
// decision-diagram node budget, resolved against a loaded model.
#ifndef DECOUPLE_APPS_CHOKEPOINT_OPTIONS_H_
#define DECOUPLE_APPS_CHOKEPOINT_OPTIONS_H_

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "command.h"
#include "decouple/chokepoints.h"
#include "decouple/scenario.h"

namespace decouple::app {

struct ChokepointArgs {
  std::string scenario;
  std::string by;
  std::vector<std::string> items;
  std::string vendor;
  bool end_items = false;
  bool all_items = false;
  size_t max_nodes = kDefaultMaxNodes;

  void add_to(CLI::App& app, bool targets) {
    app.add_option("--scenario,-s", scenario, "Start from the state after this scenario");
    add_by_to(app);
    if (targets) add_targets_to(app);
    app.add_option("--max-diagram-nodes", max_nodes, "Most decision-diagram nodes held at once")
        ->capture_default_str()
        ->group("Limits");
  }
  // The pieces, for commands that own --scenario themselves (export);
  // `group` names the help section (empty: the command's own options).
  void add_by_to(CLI::App& app, const std::string& group = "") {
    in_group(app.add_option("--by", by, "Only firms whose items are subject to this jurisdiction may be cut off"),
             group);
  }
  void add_targets_to(CLI::App& app, const std::string& group = "") {
    in_group(app.add_option("--item", items, "Target item (repeatable)"), group);
    in_group(app.add_option("--vendor", vendor, "Every item this firm makes is a target"), group);
    in_group(app.add_flag("--end-items", end_items, "Every end item (one nothing else needs) is a target"), group);
    in_group(app.add_flag("--all-items", all_items, "Every item is a target"), group);
  }
  static void in_group(CLI::Option* option, const std::string& group) {
    if (!group.empty()) option->group(group);
  }
  // How many of --item, --vendor, --end-items were given (0 or 1 is fine
  // for a caller that has another way to name targets).
  int target_kinds() const { return !items.empty() + !vendor.empty() + end_items + all_items; }

  // The scenario state and jurisdiction; false after printing an error.
  struct Resolved {
    std::optional<ScenarioIndex> scenario;
    ScenarioCuts cuts;
    std::optional<Country> by;
    std::vector<ItemIndex> targets;
  };
  // Exit code (0 = fine) in `code`.
  std::optional<Resolved> resolve(const Loaded& loaded, int& code) const {
    const Model& m = loaded.model;
    Resolved r;
    code = 1;
    if (!scenario.empty()) {
      ScenarioIndex s = find_scenario(m, scenario);
      if (s == kNone) return std::nullopt;
      r.scenario = s;
    }
    r.cuts = r.scenario ? apply_scenario(*loaded.graph, *r.scenario) : apply_actions(*loaded.graph, {}, "");
    if (!by.empty()) {
      r.by = Country::parse(by);
      if (!r.by) {
        std::cerr << fmt::format("error: --by '{}' is not an ISO 3166-1 alpha-2 country code\n", by);
        code = 2;
        return std::nullopt;
      }
    }
    for (const std::string& id : items) {
      ItemIndex i = find_item(m, id);
      if (i == kNone) return std::nullopt;
      if (std::find(r.targets.begin(), r.targets.end(), i) == r.targets.end()) r.targets.push_back(i);
    }
    if (!vendor.empty()) {
      FirmIndex f = find_firm(m, vendor);
      if (f == kNone) return std::nullopt;
      std::vector<ItemIndex> made(loaded.graph->items_of(f).begin(), loaded.graph->items_of(f).end());
      std::sort(made.begin(), made.end(), [&](ItemIndex a, ItemIndex b) { return m.items[a].id < m.items[b].id; });
      if (made.empty()) {
        std::cerr << fmt::format("error: firm '{}' makes no item in {}\n", vendor, m.file);
        return std::nullopt;
      }
      for (ItemIndex i : made)
        if (std::find(r.targets.begin(), r.targets.end(), i) == r.targets.end()) r.targets.push_back(i);
    }
    if (end_items || all_items) {
      // A mark per item: the end items of a big model are thousands.
      std::vector<uint8_t> listed(m.items.size(), 0);
      for (ItemIndex i : r.targets) listed[i] = 1;
      for (ItemIndex i = 0; i < m.items.size(); ++i)
        if ((all_items || loaded.graph->users_of(i).empty()) && !listed[i]) r.targets.push_back(i);
    }
    code = 0;
    return r;
  }
};

}  // namespace decouple::app

#endif  // DECOUPLE_APPS_CHOKEPOINT_OPTIONS_H_
