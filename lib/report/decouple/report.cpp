#include "decouple/report.h"

#include <future>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "decouple/number.h"
#include "decouple/output_fields.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

std::string percent(double share) { return fmt::format("{:.0f}%", share * 100); }

// Deepest indentation of a printed reason tree, in levels.
constexpr int kMaxIndent = 40;
// From this many rows on, an impact table is written by two threads.
constexpr size_t kParallelRows = 4096;

std::string_view reason_kind_name(Reason::Kind kind) {
  switch (kind) {
    case Reason::Kind::kItemLost: return "item_lost";
    case Reason::Kind::kItemLive: return "item_live";
    case Reason::Kind::kMakerBanned: return "maker_banned";
    case Reason::Kind::kNeedDead: return "need_dead";
    case Reason::Kind::kNeedDegraded: return "need_degraded";
    case Reason::Kind::kOptionCut: return "option_cut";
    case Reason::Kind::kOptionItemLost: return "option_item_lost";
    case Reason::Kind::kOptionLive: return "option_live";
    case Reason::Kind::kSeeAbove: return "see_above";
    case Reason::Kind::kItemAbsent: return "item_absent";
    case Reason::Kind::kOptionAbsent: return "option_absent";
  }
  return "";
}

std::string_view rule_name(Subjection::Rule rule) {
  switch (rule) {
    case Subjection::Rule::kNone: return "none";
    case Subjection::Rule::kOrigin: return "origin";
    case Subjection::Rule::kDeMinimis: return "de_minimis";
    case Subjection::Rule::kDirectProduct: return "foreign_direct_product";
  }
  return "";
}

json location_json(const Location& at) {
  if (at.line == 0) return nullptr;
  return json{{"line", at.line}, {"column", at.column}};
}

std::string source_id(const Model& model, SourceIndex s) {
  return s == kNone ? std::string() : model.sources[s].id;
}

// One supply edge in a rule's evidence: who needs what from whom.
json edge_json(const Model& model, OptionIndex o) {
  const Option& option = model.options[o];
  const Item& supplied = model.items[option.item];
  return json{{"item", model.items[model.consumer_of(o)].id},
              {"need", model.needs[option.need].name},
              {"option", supplied.id},
              {"supplier", model.firms[supplied.maker].id},
              {"origin", supplied.origin.str()}};
}

// The structured evidence of a cut's rule, added to `node`: the action
// that set the rule, and the de minimis numbers or the means path.
void add_rule_facts(const Model& model, const ScenarioCuts& cuts, const Cut& cut, json& node) {
  const Subjection& why = cut.why;
  node["rule_action"] = why.action == kNone ? json(nullptr) : action_json(model, cuts, why.action);
  if (why.rule == Subjection::Rule::kDeMinimis) {
    json inputs = json::array();
    for (const ContentContribution& c :
         cuts.reach.contributors(model.options[cut.option].item, why.jurisdiction)) {
      json input = edge_json(model, c.option);
      input["weight"] = json_number(c.weight, kFloatDigits);
      input["rule"] = std::string(rule_name(c.why.rule));
      inputs.push_back(std::move(input));
    }
    node["de_minimis"] = {{"jurisdiction", why.jurisdiction.str()},
                          {"share", json_number(why.share, kFloatDigits)},
                          {"threshold", json_number(why.threshold)},
                          {"destination", model.firms[model.recipient_of(cut.option)].country.str()},
                          {"contributors", std::move(inputs)}};
  } else if (why.rule == Subjection::Rule::kDirectProduct) {
    json path = json::array();
    for (OptionIndex p : cuts.reach.means_path(why, cut.option)) {
      json step = edge_json(model, p);
      step["rule"] = std::string(rule_name(cuts.reach.subject(p, why.jurisdiction).rule));
      path.push_back(std::move(step));
    }
    node["foreign_direct_product"] = {{"jurisdiction", why.jurisdiction.str()},
                                      {"depth", why.depth},
                                      {"means_path", std::move(path)}};
  }
}

}  // namespace

std::optional<Format> parse_format(std::string_view text) {
  if (text == "table") return Format::kTable;
  if (text == "json") return Format::kJson;
  if (text == "csv") return Format::kCsv;
  return std::nullopt;
}

std::string item_label(const Model& model, ItemIndex item) {
  const Item& i = model.items[item];
  const Firm& maker = model.firms[i.maker];
  if (i.origin.empty()) return fmt::format("{} ({})", i.id, maker.name);  // a pseudo-firm's item
  return fmt::format("{} ({}, {})", i.id, maker.name, i.origin.view());
}

json action_json(const Model& model, const ScenarioCuts& cuts, uint32_t applied) {
  const AppliedAction& a = cuts.applied[applied];
  Country by = action_actor(a.action->body);
  json out{{"kind", std::string(action_kind(a.action->body))},
           {"by", by.empty() ? json(nullptr) : json(by.str())},
           {"description", describe_action(model, a)}};
  if (a.scenario != kNone) {
    out["scenario"] = model.scenarios[a.scenario].id;
    out["index"] = a.index + 1;
  }
  out["source"] = a.action->source == kNone ? json(nullptr) : json(source_id(model, a.action->source));
  if (!a.action->from.empty()) out["from"] = a.action->from;
  if (!a.action->until.empty()) out["until"] = a.action->until;
  // Only said when false, so an undated evaluation prints what it did.
  if (!in_force(model, a, cuts.date)) out["in_force"] = false;
  out["location"] = location_json(a.action->location);
  return out;
}

std::array<std::string, 4> action_fields(const Model& model, const ScenarioCuts& cuts, uint32_t applied) {
  const AppliedAction& a = cuts.applied[applied];
  bool named = a.scenario != kNone;
  return {named ? model.scenarios[a.scenario].id : std::string(), named ? std::to_string(a.index + 1) : std::string(),
          std::string(action_kind(a.action->body)), action_actor(a.action->body).str()};
}

std::string render_check_failure(const std::string& file, const Diagnostics& errors, Format format) {
  if (format != Format::kJson) return {};
  json list = json::array();
  for (const Diagnostic& d : errors)
    list.push_back({{"file", d.file},
                    {"line", d.line == 0 ? json(nullptr) : json(d.line)},
                    {"column", d.column == 0 ? json(nullptr) : json(d.column)},
                    {"severity", d.severity == Diagnostic::Severity::kError ? "error" : "warning"},
                    {"message", d.message}});
  json out{{"format", 1},
           {"schema_version", schema_version("check")},
           {"file", file},
           {"valid", false},
           {"errors", std::move(list)}};
  return out.dump(2) + "\n";
}

std::string cut_reason(const Model& model, const ScenarioCuts& cuts, uint32_t cut) {
  const Cut& c = cuts.cuts[cut];
  std::string out = fmt::format("{}; {}", describe_action(model, cuts.applied[c.action]),
                                cuts.reach.describe(c.why, c.option));
  if (c.why.action != kNone)
    out += fmt::format(" [rule: {}]", describe_action(model, cuts.applied[c.why.action]));
  return out;
}

// Why `item` is not made at the evaluated date, for a line of text:
// "not yet made on 2019-10-09 (introduced 2022-11-01)".
std::string absence_words(const Model& model, const ScenarioCuts& cuts, ItemIndex item,
                          NeedIndex killing_need) {
  const Item& i = model.items[item];
  const bool later = cuts.presence && cuts.presence->item(item) == Absence::kNotYet;
  std::string out = fmt::format("{} made on {}", later ? "not yet" : "no longer", cuts.date);
  if (!i.introduced.empty() && i.introduced > cuts.date)
    return out + fmt::format(" (introduced {})", i.introduced);
  if (!i.discontinued.empty() && i.discontinued <= cuts.date)
    return out + fmt::format(" (discontinued {})", i.discontinued);
  if (killing_need != kNone)
    out += fmt::format(": need '{}' has no supply link then", model.needs[killing_need].name);
  return out;
}

// Why a link does not exist at the evaluated date.
std::string link_absence_words(const Model& model, const ScenarioCuts& cuts, OptionIndex option) {
  const Option& o = model.options[option];
  const Presence* p = cuts.presence.get();
  if (p && p->option_window(option) == Absence::kGone)
    return fmt::format("the link ended on {}", o.until);
  if (p && p->option_window(option) == Absence::kNotYet)
    return !o.from.empty() && o.from > cuts.date
               ? fmt::format("the link starts on {}", o.from)
               : fmt::format("the link was documented on {}, after {}", o.as_of, p->known_at());
  const ItemIndex consumer = model.needs[o.need].item;
  const ItemIndex absent = p && !p->item_present(o.item) ? o.item : consumer;
  return fmt::format("{} is {}", model.items[absent].id, absence_words(model, cuts, absent, kNone));
}

json cut_json(const Model& model, const ScenarioCuts& cuts, uint32_t cut) {
  const Cut& c = cuts.cuts[cut];
  const Option& o = model.options[c.option];
  const Need& need = model.needs[o.need];
  json out{{"item", model.items[need.item].id},
           {"need", need.name},
           {"option", model.items[o.item].id},
           {"supplier", model.firms[model.items[o.item].maker].id},
           {"status", o.is_current() ? "current" : "alternative"},
           {"action", action_json(model, cuts, c.action)},
           {"rule", std::string(rule_name(c.why.rule))},
           {"rule_detail", cuts.reach.describe(c.why, c.option)},
           {"location", location_json(o.location)}};
  add_rule_facts(model, cuts, c, out);
  return out;
}

json reasons_json(const Model& model, const ScenarioCuts& cuts, const Explanation& explanation) {
  // Flat: every node once, children by id, so neither building nor dumping
  // the JSON recurses however deep the chain runs.
  json nodes = json::array();
  for (uint32_t k = 0; k < explanation.reasons.size(); ++k) {
    const Reason& r = explanation.reasons[k];
    json node{{"id", k}, {"kind", std::string(reason_kind_name(r.kind))}};
    if (r.item != kNone) node["item"] = model.items[r.item].id;
    if (r.need != kNone) node["need"] = model.needs[r.need].name;
    if (r.option != kNone) {
      node["option"] = model.items[model.options[r.option].item].id;
      node["supplier"] = model.firms[model.supplier_of(r.option)].id;
    }
    if (r.cut != kNone) {
      node["action"] = action_json(model, cuts, cuts.cuts[r.cut].action);
      node["rule"] = std::string(rule_name(cuts.cuts[r.cut].why.rule));
      node["rule_detail"] = cuts.reach.describe(cuts.cuts[r.cut].why, r.option);
      add_rule_facts(model, cuts, cuts.cuts[r.cut], node);
    }
    if (r.kind == Reason::Kind::kMakerBanned && r.action != kNone)
      node["action"] = action_json(model, cuts, r.action);
    if (r.kind == Reason::Kind::kItemAbsent) {
      node["at"] = cuts.date;
      node["absence"] = cuts.presence && cuts.presence->item(r.item) == Absence::kNotYet ? "not_yet"
                                                                                          : "gone";
      node["detail"] = absence_words(model, cuts, r.item, r.need);
    }
    if (r.kind == Reason::Kind::kOptionAbsent) node["detail"] = link_absence_words(model, cuts, r.option);
    if (!r.children.empty()) node["because"] = r.children;
    nodes.push_back(std::move(node));
  }
  return nodes;
}

json scenario_json(const Model& model, std::optional<ScenarioIndex> scenario,
                   const ScenarioCuts& cuts) {
  json out;
  if (scenario) {
    const Scenario& s = model.scenarios[*scenario];
    out = {{"id", s.id}, {"name", s.name}, {"date", s.date.empty() ? json(nullptr) : json(s.date)}};
  } else {
    out = {{"id", nullptr}, {"name", "ad hoc"}, {"date", nullptr}};
  }
  json actions = json::array();
  for (uint32_t a = 0; a < cuts.applied.size(); ++a) actions.push_back(action_json(model, cuts, a));
  out["actions"] = std::move(actions);
  return out;
}

json scenario_list_json(const Model& model) {
  json scenarios = json::array();
  for (const Scenario& s : model.scenarios)
    scenarios.push_back({{"id", s.id},
                         {"name", s.name},
                         {"date", s.date.empty() ? json(nullptr) : json(s.date)},
                         {"actions", s.actions.size()}});
  return scenarios;
}

std::string render_check(const Model& model, const SupplyGraph& graph, Format format) {
  size_t alternatives = 0;
  for (const Option& o : model.options) alternatives += !o.is_current();
  size_t cyclic = 0;
  {
    std::vector<uint32_t> size(graph.component_count(), 0);
    for (uint32_t c : graph.components()) ++size[c];
    for (uint32_t c : graph.components()) cyclic += size[c] > 1;
  }
  if (format == Format::kJson) {
    json scenarios = scenario_list_json(model);
    json out{{"format", 1},
             {"schema_version", schema_version("check")},
             {"model", model.name},
             {"file", model.file},
             {"valid", true},
             {"firms", model.firms.size()},
             {"items", model.items.size()},
             {"needs", model.needs.size()},
             {"options", model.options.size()},
             {"alternatives", alternatives},
             {"items_on_cycles", cyclic},
             {"sources", model.sources.size()},
             {"scenarios", std::move(scenarios)}};
    return out.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::string out = csv_row({"what", "count"});
    out += csv_row({"firms", std::to_string(model.firms.size())});
    out += csv_row({"items", std::to_string(model.items.size())});
    out += csv_row({"needs", std::to_string(model.needs.size())});
    out += csv_row({"options", std::to_string(model.options.size())});
    out += csv_row({"alternatives", std::to_string(alternatives)});
    out += csv_row({"items_on_cycles", std::to_string(cyclic)});
    out += csv_row({"sources", std::to_string(model.sources.size())});
    out += csv_row({"scenarios", std::to_string(model.scenarios.size())});
    return out;
  }
  std::string out = fmt::format("{}: ok — {}\n", model.file, model.name);
  out += fmt::format("  {} firms, {} items, {} needs, {} options ({} alternatives), {} sources\n",
                     model.firms.size(), model.items.size(), model.needs.size(),
                     model.options.size(), alternatives, model.sources.size());
  if (cyclic) out += fmt::format("  {} items sit on supply cycles\n", cyclic);
  if (!model.scenarios.empty()) {
    TextTable table({"scenario", "date", "actions", "name"});
    for (const Scenario& s : model.scenarios)
      table.add_row({s.id, s.date.empty() ? "-" : s.date.str(), std::to_string(s.actions.size()), s.name});
    // Two appends, not "\n" + str: GCC 12 at -O3 warns (-Wrestrict) on the
    // inlined concatenation, a known false positive.
    out += '\n';
    out += table.str();
  }
  return out;
}

json impact_json(const SupplyGraph& graph, std::optional<ScenarioIndex> scenario,
                 const ScenarioCuts& cuts, const LossState& state, const Impact& impact) {
  const Model& model = graph.model();
  // Every lost item's chain in one shared graph: an item lost upstream of
  // a thousand others is explained once (per-item trees grew as n^2 nodes).
  std::vector<ItemIndex> lost_items;
  for (const VendorImpact& v : impact.vendors) lost_items.insert(lost_items.end(), v.lost.begin(), v.lost.end());
  const Explanation why = explain_items(graph, cuts, state, lost_items);
  size_t next_root = 0;
  json vendors = json::array();
  for (const VendorImpact& v : impact.vendors) {
    const Firm& firm = model.firms[v.firm];
    json cut = json::array();
    for (uint32_t c : v.cuts) cut.push_back(cut_json(model, cuts, c));
    json lost = json::array();
    json roots = json::object();
    for (ItemIndex item : v.lost) {
      lost.push_back(model.items[item].id);
      roots[model.items[item].id] = why.roots[next_root++];
    }
    json degraded = json::array();
    for (const DegradedNeed& d : v.degraded)
      degraded.push_back({{"item", model.items[d.item].id},
                          {"need", model.needs[d.need].name},
                          {"lost_share", json_number(d.lost_share, kFloatDigits)},
                          {"need_lost", d.need_lost}});
    vendors.push_back({{"firm", firm.id},
                       {"name", firm.name},
                       {"country", firm.country.str()},
                       {"banned", v.banned},
                       {"cut", std::move(cut)},
                       {"lost", std::move(lost)},
                       {"degraded", std::move(degraded)},
                       {"reasons", std::move(roots)}});
  }
  json out{{"format", 1},
          {"schema_version", schema_version("impact")},
          {"model", model.name},
          {"scenario", scenario_json(model, scenario, cuts)},
          {"summary",
           {{"vendors_affected", impact.vendors.size()},
            {"edges_cut", cuts.cuts.size()},
            {"edges_restored", cuts.restored.size()},
            {"items_lost", impact.items_lost},
            {"items_degraded", impact.items_degraded}}},
          {"vendors", std::move(vendors)},
          {"reasons", reasons_json(model, cuts, why)}};
  // Dated evaluations say when, and what was not made then (an undated
  // one prints exactly what it always did).
  if (!impact.at.empty() || !impact.known_at.empty()) {
    auto ids = [&](const std::vector<ItemIndex>& items) {
      json list = json::array();
      for (ItemIndex i : items) list.push_back(model.items[i].id);
      return list;
    };
    out["at"] = impact.at.empty() ? json(nullptr) : json(impact.at);
    if (!impact.known_at.empty()) out["known_at"] = impact.known_at;
    out["not_yet"] = ids(impact.not_yet);
    out["gone"] = ids(impact.gone);
  }
  return out;
}

std::string render_impact(const SupplyGraph& graph, std::optional<ScenarioIndex> scenario,
                          const ScenarioCuts& cuts, const LossState& state, const Impact& impact,
                          Format format) {
  const Model& model = graph.model();
  if (format == Format::kJson) return impact_json(graph, scenario, cuts, state, impact).dump(2) + "\n";
  if (format == Format::kCsv) {
    std::vector<std::string> header = {"firm", "country", "effect", "item", "need", "option", "supplier",
                                       "share"};
    header.insert(header.end(), kActionColumns.begin(), kActionColumns.end());
    header.push_back("reason");
    std::string out = csv_row(header);
    // Rows appended from views, into strings sized once: at 1M items a 1%
    // ban writes 53,000 rows (3.3 MB), and growing by doubling copies and
    // first-touches twice that.
    auto rows_of = [](const VendorImpact& v) { return v.cuts.size() + v.lost.size() + v.degraded.size(); };
    size_t rows = impact.not_yet.size() + impact.gone.size();
    for (const VendorImpact& v : impact.vendors) rows += rows_of(v);
    const std::array<std::string, 4> no_action;
    auto row = [&](std::string& to, const Firm& firm, std::string_view country, std::string_view effect,
                   std::string_view item, std::string_view need, std::string_view option,
                   std::string_view supplier, std::string_view share,
                   const std::array<std::string, 4>& action, std::string_view reason) {
      append_csv_row(to, {firm.id, country, effect, item, need, option, supplier, share, action[0],
                          action[1], action[2], action[3], reason});
    };
    auto vendor_rows = [&](std::string& to, const VendorImpact& v) {
      const Firm& firm = model.firms[v.firm];
      const std::string country = firm.country.str();
      for (uint32_t c : v.cuts) {
        const Option& o = model.options[cuts.cuts[c].option];
        const Need& need = model.needs[o.need];
        row(to, firm, country, "cut", model.items[need.item].id, need.name, model.items[o.item].id,
            model.firms[model.items[o.item].maker].id, "",
            action_fields(model, cuts, cuts.cuts[c].action),
            cuts.reach.describe(cuts.cuts[c].why, cuts.cuts[c].option));
      }
      for (ItemIndex item : v.lost) {
        NeedIndex n = state.killing_need(item);
        row(to, firm, country, "lost", model.items[item].id,
            n == kNone ? std::string_view() : model.needs[n].name.view(), "", "", "1", no_action,
            n == kNone ? "maker banned" : "no live current option");
      }
      for (const DegradedNeed& d : v.degraded)
        row(to, firm, country, "degraded", model.items[d.item].id, model.needs[d.need].name, "", "",
            number_text(d.lost_share, kFloatDigits), no_action,
            d.need_lost ? "non-critical need lost" : "part of current supply lost");
    };
    // A big answer is written in two halves, the second on another thread
    // (rendering is mostly waiting for records read at random: the ids of
    // 53,000 items), then joined; the bytes are the same.
    size_t split = impact.vendors.size();  // vendors from here on: the second half
    if (rows >= kParallelRows) {
      size_t first = 0;
      for (split = 0; split < impact.vendors.size() && 2 * first < rows; ++split)
        first += rows_of(impact.vendors[split]);
    }
    std::string second;
    std::future<void> second_half = std::async(
        split < impact.vendors.size() ? std::launch::async : std::launch::deferred, [&] {
          size_t n = 0;
          for (size_t k = split; k < impact.vendors.size(); ++k) n += rows_of(impact.vendors[k]);
          second.reserve(72 * n);
          for (size_t k = split; k < impact.vendors.size(); ++k) vendor_rows(second, impact.vendors[k]);
        });
    out.reserve(out.size() + 72 * rows);
    for (size_t k = 0; k < split; ++k) vendor_rows(out, impact.vendors[k]);
    second_half.get();
    out += second;
    for (auto [items, effect] : {std::pair{&impact.not_yet, "not_yet"}, {&impact.gone, "gone"}})
      for (ItemIndex item : *items) {
        const Firm& firm = model.firms[model.items[item].maker];
        row(out, firm, firm.country.str(), effect, model.items[item].id, "", "", "", "", no_action,
            absence_words(model, cuts, item, state.killing_need(item)));
      }
    return out;
  }

  std::string out;
  if (scenario) {
    const Scenario& s = model.scenarios[*scenario];
    out += fmt::format("Scenario {}: {}{}", s.id, s.name, s.date.empty() ? "" : " (" + s.date.str() + ")");
    if (!impact.at.empty() && impact.at != s.date) out += ", evaluated at " + impact.at;
    out += "\n";
  } else {
    out += impact.at.empty() ? "Ad hoc scenario\n" : "Ad hoc scenario, evaluated at " + impact.at + "\n";
  }
  // Actions out of force at the date are named by count (an undated
  // evaluation has none, and its line reads as it always did).
  size_t idle = 0;
  for (const AppliedAction& a : cuts.applied) idle += in_force(model, a, cuts.date) ? 0 : 1;
  out += fmt::format("{} actions applied{}; {} supply edges cut, {} restored by license; {} items "
                     "lost, {} degraded; {} firms affected\n\n",
                     cuts.applied.size(),
                     idle ? fmt::format(" ({} not in force on {})", idle, cuts.date) : "",
                     cuts.cuts.size(), cuts.restored.size(), impact.items_lost,
                     impact.items_degraded, impact.vendors.size());
  if (!impact.not_yet.empty() || !impact.gone.empty()) {
    // One line: absent items are not losses, so they are only counted here.
    auto some = [&](const std::vector<ItemIndex>& items) {
      std::vector<std::string_view> ids;
      for (size_t k = 0; k < items.size() && k < 8; ++k) ids.push_back(model.items[items[k]].id);
      return fmt::format("{}{}", fmt::join(ids, ", "), items.size() > 8 ? ", ..." : "");
    };
    std::vector<std::string> parts;
    if (!impact.not_yet.empty())
      parts.push_back(fmt::format("{} not yet made ({})", impact.not_yet.size(), some(impact.not_yet)));
    if (!impact.gone.empty())
      parts.push_back(fmt::format("{} no longer made ({})", impact.gone.size(), some(impact.gone)));
    out.insert(out.size() - 1, fmt::format("Left out of the counts, not made on {}: {}\n",
                                           impact.at, fmt::join(parts, "; ")));
  }
  if (impact.vendors.empty()) return out + "No firm is affected.\n";
  TextTable summary({"firm", "country", "cut in", "lost", "degraded", "name"});
  for (const VendorImpact& v : impact.vendors) {
    const Firm& firm = model.firms[v.firm];
    summary.add_row({firm.id, firm.country.str(), std::to_string(v.cuts.size()),
                     v.banned ? fmt::format("{} (banned)", v.lost.size()) : std::to_string(v.lost.size()),
                     std::to_string(v.degraded.size()), firm.name});
  }
  out += summary.str();
  for (const VendorImpact& v : impact.vendors) {
    const Firm& firm = model.firms[v.firm];
    out += fmt::format("\n{} — {} ({})\n", firm.id, firm.name, firm.country.view());
    for (uint32_t c : v.cuts) {
      const Option& o = model.options[cuts.cuts[c].option];
      const Need& need = model.needs[o.need];
      out += fmt::format("  cut       {} -> {} [{}{}]: {}\n", item_label(model, o.item),
                         model.items[need.item].id, need.name,
                         o.is_current() ? "" : ", alternative", cut_reason(model, cuts, c));
    }
    for (ItemIndex item : v.lost) {
      NeedIndex n = state.killing_need(item);
      std::string why = n == kNone ? "its maker is banned"
                                   : fmt::format("need '{}' has no live current option",
                                                 model.needs[n].name);
      if (n != kNone) {
        // Name the upstream losses so the cascade reads without `explain`.
        std::vector<std::string> via;
        const Need& need = model.needs[n];
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
          if (model.options[o].is_current() && !cuts.is_cut(o) && state.lost(model.options[o].item))
            via.push_back(model.items[model.options[o].item].id);
        if (!via.empty()) why += fmt::format(" ({} lost upstream)", fmt::join(via, ", "));
      }
      out += fmt::format("  lost      {}: {}\n", model.items[item].id, why);
    }
    for (const DegradedNeed& d : v.degraded)
      out += fmt::format("  degraded  {} [{}]: {}\n", model.items[d.item].id,
                         model.needs[d.need].name,
                         d.need_lost ? "non-critical need lost"
                                     : fmt::format("{} of current supply lost", percent(d.lost_share)));
  }
  return out;
}

std::string render_explanation(const Model& model, const ScenarioCuts& cuts,
                               const Explanation& explanation, Format format) {
  if (explanation.reasons.empty()) return format == Format::kJson ? "null\n" : std::string();
  const uint32_t root = explanation.roots.empty() ? 0 : explanation.roots[0];
  if (format == Format::kJson) {
    const Reason& r = explanation.reasons[root];
    json out{{"format", 1},
             {"schema_version", schema_version("explain")},
             {"item", model.items[r.item].id},
             {"lost", r.kind == Reason::Kind::kItemLost},
             {"root", root},
             {"reasons", reasons_json(model, cuts, explanation)}};
    return out.dump(2) + "\n";
  }
  std::string out;
  if (format == Format::kCsv) out = csv_row({"depth", "kind", "item", "need", "option", "detail"});
  // Depth-first over the reason graph, children in order: the tree a reader
  // expects, with a lost item shared by several branches shown in full the
  // first time and as "see above" after (so the text stays linear too).
  std::vector<uint8_t> shown(explanation.reasons.size(), 0);
  std::vector<std::pair<uint32_t, int>> stack = {{root, 0}};
  while (!stack.empty()) {
    auto [k, depth] = stack.back();
    stack.pop_back();
    Reason r = explanation.reasons[k];
    if (r.kind == Reason::Kind::kItemLost && shown[k]) {
      r.kind = Reason::Kind::kSeeAbove;
      r.children.clear();
    }
    shown[k] = 1;
    std::string line;
    std::string detail;
    switch (r.kind) {
      case Reason::Kind::kItemLost:
        line = fmt::format("{} is lost", item_label(model, r.item));
        if (k == 0 && explanation.dead_needs.size() > 1) {
          std::vector<std::string_view> names;
          for (NeedIndex n : explanation.dead_needs) names.push_back(model.needs[n].name);
          line += fmt::format(": {} critical needs have no live current option ({})", names.size(),
                              fmt::join(names, ", "));
        }
        break;
      case Reason::Kind::kItemLive:
        line = fmt::format("{} is still made{}", item_label(model, r.item),
                           r.children.empty() ? ", with all its supply" : "");
        break;
      case Reason::Kind::kMakerBanned:
        detail = r.action == kNone ? std::string() : describe_action(model, cuts.applied[r.action]);
        line = fmt::format("its maker {} is banned: {}", model.firms[model.items[r.item].maker].id, detail);
        break;
      case Reason::Kind::kNeedDead:
        line = fmt::format("need '{}'{} has no live current option", model.needs[r.need].name,
                           model.needs[r.need].critical ? "" : " (non-critical)");
        break;
      case Reason::Kind::kNeedDegraded:
        line = fmt::format("need '{}' lost part of its current supply", model.needs[r.need].name);
        break;
      case Reason::Kind::kOptionCut:
        detail = cut_reason(model, cuts, r.cut);
        line = fmt::format("{}: edge cut by {}", item_label(model, r.item), detail);
        break;
      case Reason::Kind::kOptionItemLost:
        line = fmt::format("{}: the supplied item is lost", item_label(model, r.item));
        break;
      case Reason::Kind::kOptionLive:
        line = fmt::format("{}: still supplied", item_label(model, r.item));
        break;
      case Reason::Kind::kSeeAbove:
        line = fmt::format("{} is lost (explained above)", model.items[r.item].id);
        break;
      case Reason::Kind::kItemAbsent:
        line = fmt::format("{} is {}: not a loss, left out of the counts", item_label(model, r.item),
                           absence_words(model, cuts, r.item, r.need));
        break;
      case Reason::Kind::kOptionAbsent:
        line = fmt::format("{}: no such link on {} ({})", item_label(model, r.item), cuts.date,
                           link_absence_words(model, cuts, r.option));
        break;
    }
    if (format == Format::kCsv) {
      out += csv_row({std::to_string(depth), std::string(reason_kind_name(r.kind)),
                      r.item == kNone ? std::string() : model.items[r.item].id,
                      r.need == kNone ? std::string() : model.needs[r.need].name,
                      r.option == kNone ? std::string() : model.items[model.options[r.option].item].id, line});
    } else if (depth <= kMaxIndent) {
      out += std::string(2 * depth, ' ') + line + "\n";
    } else {
      // Indentation stops growing, or a chain n deep would print n^2 spaces.
      out += fmt::format("{}[depth {}] {}\n", std::string(2 * kMaxIndent, ' '), depth, line);
    }
    for (size_t c = r.children.size(); c-- > 0;) stack.emplace_back(r.children[c], depth + 1);
  }
  return out;
}

}  // namespace decouple
