#include "decouple/blocs_report.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

std::string percent(double share) { return fmt::format("{:.1f}%", share * 100); }

// Shares in JSON and CSV: rounded to millionths, the precision they are
// summed in, so output does not show binary noise.
double exact(double share) { return std::round(share * 1e6) / 1e6; }

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(separator) : "") + parts[i];
  return out;
}

std::vector<std::string> codes(const std::vector<Country>& countries) {
  std::vector<std::string> out;
  for (Country c : countries) out.push_back(c.str());
  return out;
}

// "US, JP and NL"
std::string spoken_list(const std::vector<Country>& countries) {
  std::vector<std::string> c = codes(countries);
  if (c.size() <= 1) return join(c, "");
  return join({c.begin(), c.end() - 1}, ", ") + " and " + c.back();
}

std::string bloc_title(const Bloc& bloc) {
  std::string countries = join(codes(bloc.countries), ", ");
  if (bloc.name == bloc.id && bloc.id == join(codes(bloc.countries), ","))
    return "Bloc " + countries;
  return fmt::format("Bloc {} ({})", bloc.name, countries);
}

std::string_view status_name(NeedStatus status) {
  switch (status) {
    case NeedStatus::kOk: return "ok";
    case NeedStatus::kReduced: return "reduced";
    case NeedStatus::kBelowThreshold: return "below threshold";
    case NeedStatus::kWithheld: return "withheld";
    case NeedStatus::kCutOff: return "cut off";
  }
  return "";
}

std::string status_key(NeedStatus status) {
  std::string s(status_name(status));
  std::replace(s.begin(), s.end(), ' ', '_');
  return s;
}

std::string_view fate_name(OptionFate fate) {
  switch (fate) {
    case OptionFate::kLive: return "live";
    case OptionFate::kWithheld: return "withheld";
    case OptionFate::kScenarioCut: return "scenario_cut";
    case OptionFate::kLostUpstream: return "lost_upstream";
    case OptionFate::kAlternative: return "alternative";
  }
  return "";
}

json bloc_json(const BlocReportContext& context) {
  return json{{"id", context.bloc.id},
              {"name", context.bloc.name},
              {"countries", codes(context.bloc.countries)}};
}

json scenario_ref(const Model& model, const BlocReportContext& context) {
  if (!context.scenario) return nullptr;
  const Scenario& s = model.scenarios[*context.scenario];
  return json{{"id", s.id}, {"name", s.name}};
}

json headline_json(const Model& model, const Headline& h, const char* makeable_key) {
  return json{{"item", model.items[h.item].id},
              {"name", model.items[h.item].name},
              {makeable_key, h.makeable},
              {"inputs", h.inputs},
              {"inputs_met", h.inputs_met},
              {"share_met", h.inputs ? exact(double(h.inputs_met) / h.inputs) : 0.0},
              {"mean_left", exact(h.mean_left)}};
}

// Per country, the share of a need's supply whose options met `fate`,
// largest first.
std::vector<std::pair<std::string, double>> share_by_country(const Model& model,
                                                              const BlocSupply& supply,
                                                              NeedIndex n, OptionFate fate) {
  const Need& need = model.needs[n];
  std::vector<double> shares = current_shares(model, n);
  std::map<std::string, double> by;
  for (uint32_t k = 0; k < need.option_count; ++k) {
    OptionIndex o = need.first_option + k;
    if (supply.fate[o] == fate) by[model.items[model.options[o].item].origin.str()] += shares[k];
  }
  std::vector<std::pair<std::string, double>> out(by.begin(), by.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string headline_line(const Model& model, const Headline& h, bool autarky) {
  std::string name = model.items[h.item].name == model.items[h.item].id
                         ? model.items[h.item].id
                         : fmt::format("{} ({})", model.items[h.item].id, model.items[h.item].name);
  double met = h.inputs ? double(h.inputs_met) / h.inputs : 0;
  if (autarky)
    return fmt::format(
        "{}: {}. The bloc meets {} of its {} inputs from its own production ({}); on average it "
        "makes {} of world supply of each.\n",
        name, h.makeable ? "the bloc makes it on its own" : "the bloc cannot make it on its own",
        h.inputs_met, h.inputs, percent(met), percent(h.mean_left));
  return fmt::format(
      "{}: {}. The bloc still has {} of its {} inputs ({}); on average {} of world supply of "
      "each is left to it.\n",
      name, h.makeable ? "still makeable" : "no longer makeable", h.inputs_met, h.inputs,
      percent(met), percent(h.mean_left));
}

std::string wrap(const std::vector<std::string>& words, size_t width, std::string_view indent) {
  std::string out, line(indent);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string word = words[i] + (i + 1 < words.size() ? "," : "");
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(indent);
    }
    if (line.size() > indent.size()) line += ' ';
    line += word;
  }
  if (line.size() > indent.size()) out += line + "\n";
  return out;
}

std::string supplier_text(const Model& model, OptionIndex o, double share) {
  const Item& item = model.items[model.options[o].item];
  const Firm& firm = model.firms[item.maker];
  return fmt::format("{} ({}) {}", firm.name, item.origin.empty() ? "-" : item.origin.str(),
                     percent(share));
}

}  // namespace

std::string render_bloc_supply(const SupplyGraph& graph, const BlocReportContext& context,
                               const BlocSupply& supply, Format format) {
  const Model& model = graph.model();
  std::vector<const NeedSupply*> fully_withheld;
  size_t failing = 0;
  for (const NeedSupply& s : supply.needs) {
    if (s.fails()) ++failing;
    if (s.status == NeedStatus::kWithheld && s.withheld > 0) fully_withheld.push_back(&s);
  }
  std::vector<std::string> items_lost;
  for (ItemIndex i = 0; i < model.items.size(); ++i)
    if (supply.lost[i] && in_bloc_production(model, context.bloc.countries, i))
      items_lost.push_back(model.items[i].id);
  std::sort(items_lost.begin(), items_lost.end());

  if (format == Format::kJson) {
    json needs = json::array();
    for (const NeedSupply& s : supply.needs) {
      const Need& need = model.needs[s.need];
      std::vector<double> shares = current_shares(model, s.need);
      json options = json::array();
      for (uint32_t k = 0; k < need.option_count; ++k) {
        OptionIndex o = need.first_option + k;
        const Item& item = model.items[model.options[o].item];
        options.push_back({{"item", item.id},
                           {"supplier", model.firms[item.maker].id},
                           {"country", item.origin.empty() ? json(nullptr) : json(item.origin.str())},
                           {"share", exact(shares[k])},
                           {"fate", std::string(fate_name(supply.fate[o]))}});
      }
      needs.push_back({{"item", model.items[need.item].id},
                       {"need", need.name},
                       {"critical", s.critical},
                       {"listed", exact(s.listed)},
                       {"withheld", exact(s.withheld)},
                       {"lost_upstream", exact(s.lost_upstream)},
                       {"left", exact(s.left)},
                       {"gap", exact(s.gap())},
                       {"status", status_key(s.status)},
                       {"estimated", s.estimated},
                       {"options", options}});
    }
    json withheld = json::array();
    for (const NeedSupply* s : fully_withheld) {
      json held = json::array();
      for (const auto& [country, share] :
           share_by_country(model, supply, s->need, OptionFate::kWithheld))
        held.push_back({{"country", country}, {"share", exact(share)}});
      withheld.push_back({{"item", model.items[model.needs[s->need].item].id},
                          {"need", model.needs[s->need].name},
                          {"held_by", held}});
    }
    json headlines = json::array();
    for (const Headline& h : supply.headlines) headlines.push_back(headline_json(model, h, "makeable"));
    json out{{"format", 1},
             {"schema_version", schema_version("blocs")},
             {"model", model.name},
             {"analysis", "supply"},
             {"bloc", bloc_json(context)},
             {"cut_by", codes(context.cut_by)},
             {"threshold", context.threshold},
             {"scenario", scenario_ref(model, context)},
             {"headlines", headlines},
             {"summary",
              {{"needs", supply.needs.size()},
               {"needs_failing", failing},
               {"fully_withheld", fully_withheld.size()},
               {"items_lost", items_lost.size()}}},
             {"fully_withheld", withheld},
             {"needs", needs},
             {"items_lost", items_lost}};
    return out.dump(2) + "\n";
  }

  if (format == Format::kCsv) {
    std::string out = csv_row({"item", "need", "critical", "listed", "withheld", "lost_upstream",
                               "left", "gap", "status", "estimated"});
    for (const NeedSupply& s : supply.needs) {
      const Need& need = model.needs[s.need];
      out += csv_row({model.items[need.item].id, need.name, s.critical ? "true" : "false",
                      fmt::format("{}", exact(s.listed)), fmt::format("{}", exact(s.withheld)),
                      fmt::format("{}", exact(s.lost_upstream)), fmt::format("{}", exact(s.left)),
                      fmt::format("{}", exact(s.gap())), status_key(s.status),
                      s.estimated ? "true" : "false"});
    }
    return out;
  }

  std::string out = bloc_title(context.bloc) + ": what it can still obtain";
  if (!context.cut_by.empty())
    out += fmt::format(" when {} withhold{} {} items", spoken_list(context.cut_by),
                       context.cut_by.size() == 1 ? "s" : "",
                       context.cut_by.size() == 1 ? "its" : "their");
  if (context.scenario)
    out += fmt::format("{} under scenario '{}'", context.cut_by.empty() ? "" : ",",
                       model.scenarios[*context.scenario].id);
  out += "\n";
  out += context.threshold > 0
             ? fmt::format("A need fails when less than {} of world supply is left to the bloc.\n",
                           percent(context.threshold))
             : "A need fails when no supplier is left to the bloc.\n";
  out += "\n";
  for (const Headline& h : supply.headlines) out += headline_line(model, h, false);
  if (!supply.headlines.empty()) out += "\n";

  if (!fully_withheld.empty()) {
    out += fmt::format("Whole supply withheld ({} need{}: every supplier is in {}):\n",
                       fully_withheld.size(), fully_withheld.size() == 1 ? "" : "s",
                       spoken_list(context.cut_by));
    TextTable table({"item", "need", "held by"});
    for (const NeedSupply* s : fully_withheld) {
      std::vector<std::string> held;
      for (const auto& [country, share] :
           share_by_country(model, supply, s->need, OptionFate::kWithheld))
        held.push_back(fmt::format("{} {}", country, percent(share)));
      table.add_row({model.items[model.needs[s->need].item].id, model.needs[s->need].name,
                     join(held, ", ")});
    }
    out += table.str() + "\n";
  }

  out += fmt::format(
      "Needs of the bloc's production, largest gap first ({} needs, {} failing, {} items lost "
      "to the bloc; ~ marks shares split equally where the model gives none):\n",
      supply.needs.size(), failing, items_lost.size());
  TextTable table({"item", "need", "world", "withheld", "lost upstream", "left", "status"});
  for (const NeedSupply& s : supply.needs) {
    const Need& need = model.needs[s.need];
    std::string mark = s.estimated ? "~" : "";
    table.add_row({model.items[need.item].id, need.critical ? need.name : need.name + " (optional)",
                   mark + percent(s.listed), mark + percent(s.withheld),
                   mark + percent(s.lost_upstream), mark + percent(s.left),
                   std::string(status_name(s.status))});
  }
  return out + table.str();
}

std::string render_autarky(const SupplyGraph& graph, const BlocReportContext& context,
                           const Autarky& autarky, Format format) {
  const Model& model = graph.model();
  if (format == Format::kJson) {
    json gaps = json::array();
    for (const AutarkyGap& g : autarky.gaps) {
      json foreign = json::array();
      for (size_t k = 0; k < g.foreign.size(); ++k) {
        const Item& item = model.items[model.options[g.foreign[k]].item];
        foreign.push_back({{"item", item.id},
                           {"supplier", model.firms[item.maker].id},
                           {"country", item.origin.empty() ? json(nullptr) : json(item.origin.str())},
                           {"share", exact(g.foreign_share[k])}});
      }
      json blocked = json::array();
      for (OptionIndex o : g.blocked) blocked.push_back(model.items[model.options[o].item].id);
      gaps.push_back({{"item", model.items[model.needs[g.need].item].id},
                      {"need", model.needs[g.need].name},
                      {"chokepoint", g.root},
                      {"foreign", foreign},
                      {"blocked", blocked}});
    }
    json made = json::array();
    for (ItemIndex i : autarky.made_items) made.push_back(model.items[i].id);
    json headlines = json::array();
    for (const Headline& h : autarky.headlines) headlines.push_back(headline_json(model, h, "made"));
    json out{{"format", 1},
             {"schema_version", schema_version("autarky")},
             {"model", model.name},
             {"analysis", "autarky"},
             {"bloc", bloc_json(context)},
             {"scenario", scenario_ref(model, context)},
             {"headlines", headlines},
             {"made", made},
             {"gaps", gaps}};
    return out.dump(2) + "\n";
  }

  if (format == Format::kCsv) {
    std::string out = csv_row({"item", "need", "chokepoint", "option", "supplier", "country",
                               "share", "kind"});
    for (const AutarkyGap& g : autarky.gaps) {
      std::string item = model.items[model.needs[g.need].item].id;
      const std::string& need = model.needs[g.need].name;
      for (size_t k = 0; k < g.foreign.size(); ++k) {
        const Item& option = model.items[model.options[g.foreign[k]].item];
        out += csv_row({item, need, g.root ? "true" : "false", option.id,
                        model.firms[option.maker].id, option.origin.str(),
                        fmt::format("{}", exact(g.foreign_share[k])), "foreign"});
      }
      for (OptionIndex o : g.blocked) {
        const Item& option = model.items[model.options[o].item];
        out += csv_row({item, need, g.root ? "true" : "false", option.id,
                        model.firms[option.maker].id, option.origin.str(), "", "blocked"});
      }
    }
    return out;
  }

  std::string out = bloc_title(context.bloc) + " on its own: what it makes with no supplier from "
                    "outside the bloc";
  if (context.scenario)
    out += fmt::format(", under scenario '{}'", model.scenarios[*context.scenario].id);
  out += "\n\n";
  for (const Headline& h : autarky.headlines) out += headline_line(model, h, true);
  if (!autarky.headlines.empty()) out += "\n";

  std::vector<std::string> intermediate;
  for (ItemIndex i : autarky.made_items)
    if (model.items[i].need_count > 0) intermediate.push_back(model.items[i].id);
  out += fmt::format("Makes on its own: {} item{}, {} of them from inputs of its own:\n",
                     autarky.made_items.size(), autarky.made_items.size() == 1 ? "" : "s",
                     intermediate.size());
  out += wrap(intermediate, 100, "  ") + "\n";

  size_t roots = 0;
  for (const AutarkyGap& g : autarky.gaps) roots += g.root;
  constexpr size_t kShown = 5;
  if (roots > 0) {
    out += fmt::format("Chokepoints ({}: needs no item of the bloc can meet), largest foreign "
                       "share first:\n",
                       roots);
    TextTable table({"item", "need", "foreign suppliers"});
    for (const AutarkyGap& g : autarky.gaps) {
      if (!g.root) continue;
      std::vector<std::string> suppliers;
      for (size_t k = 0; k < g.foreign.size() && k < kShown; ++k)
        suppliers.push_back(supplier_text(model, g.foreign[k], g.foreign_share[k]));
      if (g.foreign.size() > kShown)
        suppliers.push_back(fmt::format("{} more", g.foreign.size() - kShown));
      table.add_row({model.items[model.needs[g.need].item].id, model.needs[g.need].name,
                     suppliers.empty() ? std::string("(none left)") : join(suppliers, ", ")});
    }
    out += table.str() + "\n";
  }
  if (autarky.gaps.size() > roots) {
    out += fmt::format("Blocked ({}: the bloc could make an option but a gap further up stops "
                       "it):\n",
                       autarky.gaps.size() - roots);
    TextTable table({"item", "need", "waits for"});
    for (const AutarkyGap& g : autarky.gaps) {
      if (g.root) continue;
      std::vector<std::string> waits;
      for (OptionIndex o : g.blocked) waits.push_back(model.items[model.options[o].item].id);
      table.add_row({model.items[model.needs[g.need].item].id, model.needs[g.need].name,
                     join(waits, ", ")});
    }
    out += table.str();
  }
  return out;
}

}  // namespace decouple
