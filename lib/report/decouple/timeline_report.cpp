#include "decouple/timeline_report.h"

#include <fmt/format.h>

#include "decouple/output_fields.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

json edge_json(const Model& model, OptionIndex o) {
  const Option& option = model.options[o];
  return json{{"item", model.items[model.consumer_of(o)].id},
              {"need", model.needs[option.need].name},
              {"option", model.items[option.item].id},
              {"supplier", model.firms[model.supplier_of(o)].id}};
}

// "n7 (TSMC, TW) -> kirin-990 [foundry]"
std::string edge_label(const Model& model, OptionIndex o) {
  const Option& option = model.options[o];
  return fmt::format("{} -> {} [{}{}]", item_label(model, option.item),
                     model.items[model.consumer_of(o)].id, model.needs[option.need].name,
                     option.is_current() ? "" : ", alternative");
}

std::string lost_reason(const Model& model, NeedIndex need) {
  return need == kNone ? "its maker is banned"
                       : fmt::format("need '{}' has no live current option", model.needs[need].name);
}

// Why an edge cut at the previous step is open now.
std::string reopened_reason(const Model& model, const TimelineStep& step, OptionIndex o) {
  for (const auto& [option, license] : step.cuts.restored)
    if (option == o)
      return fmt::format("licensed by {}", describe_action(model, step.cuts.applied[license]));
  return "no action of this step cuts it";
}

bool is_licensed(const TimelineStep& step, OptionIndex o) {
  for (const auto& [option, license] : step.cuts.restored)
    if (option == o) return true;
  return false;
}

std::vector<std::string> banned_ids(const Model& model, const Timeline& timeline) {
  std::vector<std::string> out;
  for (FirmIndex f : timeline.banned) out.push_back(model.firms[f].id);
  return out;
}

std::string step_title(const Model& model, const TimelineStep& step) {
  const Scenario& s = model.scenarios[step.scenario];
  return fmt::format("{} {}: {}", s.date, s.id, s.name);
}

}  // namespace

json timeline_json(const SupplyGraph& graph, const Timeline& timeline) {
  const Model& model = graph.model();
  json steps = json::array();
  for (const TimelineStep& step : timeline.steps) {
    json vendors = json::array();
    for (const VendorChange& v : step.vendors) {
      const Firm& firm = model.firms[v.firm];
      json newly_cut = json::array();
      for (uint32_t c : v.newly_cut) newly_cut.push_back(cut_json(model, step.cuts, c));
      json licensed = json::array();
      for (uint32_t r : v.licensed) {
        json edge = edge_json(model, step.cuts.restored[r].first);
        edge["license"] = action_json(model, step.cuts, step.cuts.restored[r].second);
        licensed.push_back(std::move(edge));
      }
      json reopened = json::array();
      for (OptionIndex o : v.reopened) {
        json edge = edge_json(model, o);
        edge["licensed"] = is_licensed(step, o);
        reopened.push_back(std::move(edge));
      }
      json newly_lost = json::array();
      for (size_t k = 0; k < v.newly_lost.size(); ++k)
        newly_lost.push_back(
            {{"item", model.items[v.newly_lost[k]].id},
             {"need", v.killing_need[k] == kNone ? json(nullptr)
                                                 : json(model.needs[v.killing_need[k]].name)}});
      json recovered = json::array();
      for (ItemIndex item : v.recovered) recovered.push_back(model.items[item].id);
      vendors.push_back({{"firm", firm.id},
                         {"name", firm.name},
                         {"country", firm.country.str()},
                         {"edges_cut", v.edges_cut},
                         {"items_lost", v.items_lost},
                         {"newly_cut", std::move(newly_cut)},
                         {"licensed", std::move(licensed)},
                         {"reopened", std::move(reopened)},
                         {"newly_lost", std::move(newly_lost)},
                         {"recovered", std::move(recovered)}});
    }
    steps.push_back({{"scenario", scenario_json(model, step.scenario, step.cuts)},
                     {"summary",
                      {{"edges_cut", step.edges_cut},
                       {"edges_restored", step.cuts.restored.size()},
                       {"items_lost", step.items_lost},
                       {"newly_cut", step.newly_cut},
                       {"reopened", step.reopened},
                       {"licensed", step.licensed},
                       {"newly_lost", step.newly_lost},
                       {"recovered", step.recovered}}},
                     {"vendors", std::move(vendors)}});
  }
  return json{{"format", 1},
              {"schema_version", schema_version("timeline")},
              {"model", model.name},
              {"cumulative", timeline.cumulative},
              {"banned", banned_ids(model, timeline)},
              {"steps", std::move(steps)}};
}

std::string render_timeline(const SupplyGraph& graph, const Timeline& timeline, Format format) {
  const Model& model = graph.model();
  if (format == Format::kJson) return timeline_json(graph, timeline).dump(2) + "\n";
  if (format == Format::kCsv) {
    std::vector<std::string> header = {"step", "date", "scenario", "firm", "country", "change", "item",
                                       "need", "option", "supplier"};
    header.insert(header.end(), kActionColumns.begin(), kActionColumns.end());
    header.push_back("reason");
    std::string out = csv_row(header);
    for (size_t k = 0; k < timeline.steps.size(); ++k) {
      const TimelineStep& step = timeline.steps[k];
      const Scenario& s = model.scenarios[step.scenario];
      for (const VendorChange& v : step.vendors) {
        const Firm& firm = model.firms[v.firm];
        auto row = [&](std::string_view change, ItemIndex item, NeedIndex need, OptionIndex o,
                       uint32_t applied, std::string reason) {
          std::vector<std::string> fields = {
              std::to_string(k + 1), s.date.str(), s.id, firm.id, firm.country.str(), std::string(change),
              item == kNone ? std::string() : model.items[item].id, need == kNone ? std::string() : model.needs[need].name,
              o == kNone ? std::string() : model.items[model.options[o].item].id,
              o == kNone ? std::string() : model.firms[model.supplier_of(o)].id};
          std::array<std::string, 4> action;
          if (applied != kNone) action = action_fields(model, step.cuts, applied);
          fields.insert(fields.end(), action.begin(), action.end());
          fields.push_back(std::move(reason));
          out += csv_row(fields);
        };
        for (uint32_t c : v.newly_cut) {
          const Cut& cut = step.cuts.cuts[c];
          row("cut", model.consumer_of(cut.option), model.options[cut.option].need, cut.option,
              cut.action, step.cuts.reach.describe(cut.why, cut.option));
        }
        for (uint32_t r : v.licensed) {
          OptionIndex o = step.cuts.restored[r].first;
          row("licensed", model.consumer_of(o), model.options[o].need, o,
              step.cuts.restored[r].second, "an approved license re-opens the edge");
        }
        for (OptionIndex o : v.reopened)
          if (!is_licensed(step, o))
            row("reopened", model.consumer_of(o), model.options[o].need, o, kNone,
                reopened_reason(model, step, o));
        for (size_t i = 0; i < v.newly_lost.size(); ++i)
          row("lost", v.newly_lost[i], v.killing_need[i], kNone, kNone,
              lost_reason(model, v.killing_need[i]));
        for (ItemIndex item : v.recovered) row("recovered", item, kNone, kNone, kNone, "");
      }
    }
    return out;
  }

  std::string out = fmt::format("Timeline of {}: {} dated step{}{}\n", model.name,
                                timeline.steps.size(), timeline.steps.size() == 1 ? "" : "s",
                                timeline.cumulative ? ", each cumulative over earlier dates"
                                                    : ", each over its extends chain");
  if (!timeline.banned.empty())
    out += fmt::format("Every step also bans (--ban): {}; step 1 is compared with the ban alone\n",
                       fmt::join(banned_ids(model, timeline), ", "));
  if (timeline.steps.empty()) return out + "No scenario has a date.\n";
  for (size_t k = 0; k < timeline.steps.size(); ++k) {
    const TimelineStep& step = timeline.steps[k];
    out += fmt::format("\nStep {}  {}\n", k + 1, step_title(model, step));
    out += fmt::format(
        "  {} edges cut ({} new, {} re-opened), {} restored by license ({} new); {} items lost "
        "({} new, {} recovered)\n",
        step.edges_cut, step.newly_cut, step.reopened, step.cuts.restored.size(), step.licensed,
        step.items_lost, step.newly_lost, step.recovered);
    if (step.vendors.empty()) {
      out += "  No change for any firm.\n";
      continue;
    }
    TextTable table({"firm", "country", "new cuts", "licensed", "re-opened", "new losses",
                     "recovered", "cut in", "lost"});
    for (const VendorChange& v : step.vendors) {
      const Firm& firm = model.firms[v.firm];
      table.add_row({firm.id, firm.country.str(), std::to_string(v.newly_cut.size()),
                     std::to_string(v.licensed.size()), std::to_string(v.reopened.size()),
                     std::to_string(v.newly_lost.size()), std::to_string(v.recovered.size()),
                     std::to_string(v.edges_cut), std::to_string(v.items_lost)});
    }
    std::string rows = table.str();
    // Indent the table under its step.
    for (size_t start = 0; start < rows.size();) {
      size_t end = rows.find('\n', start);
      if (end == std::string::npos) end = rows.size() - 1;
      out += "  " + rows.substr(start, end - start + 1);
      start = end + 1;
    }
    for (const VendorChange& v : step.vendors) {
      const Firm& firm = model.firms[v.firm];
      out += fmt::format("\n  {} — {} ({})\n", firm.id, firm.name, firm.country.view());
      for (uint32_t c : v.newly_cut)
        out += fmt::format("    cut        {}: {}\n", edge_label(model, step.cuts.cuts[c].option),
                           cut_reason(model, step.cuts, c));
      for (uint32_t r : v.licensed)
        out += fmt::format(
            "    licensed   {}: {}\n", edge_label(model, step.cuts.restored[r].first),
            describe_action(model, step.cuts.applied[step.cuts.restored[r].second]));
      for (OptionIndex o : v.reopened)
        if (!is_licensed(step, o))
          out += fmt::format("    re-opened  {}: {}\n", edge_label(model, o),
                             reopened_reason(model, step, o));
      for (size_t i = 0; i < v.newly_lost.size(); ++i)
        out += fmt::format("    lost       {}: {}\n", model.items[v.newly_lost[i]].id,
                           lost_reason(model, v.killing_need[i]));
      for (ItemIndex item : v.recovered)
        out += fmt::format("    recovered  {}\n", model.items[item].id);
    }
  }
  return out;
}

}  // namespace decouple
