#include "decouple/risk_report.h"

#include <cmath>

#include <fmt/format.h>

#include "decouple/number.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

std::string shown(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : "-"; }
// Computed figures, rounded as every output rounds them (number.h).
json finite_or_null(double x) { return std::isfinite(x) ? json_number(x) : json(nullptr); }

struct LinkWords {
  std::string consumer, need, supplier;
  uint32_t position = 0;  // 1-based among the need's options
};

LinkWords words(const Model& model, OptionIndex o) {
  const Option& option = model.options[o];
  const Need& need = model.needs[option.need];
  return {model.items[need.item].id, need.name, model.items[option.item].id, o - need.first_option + 1};
}

std::string link_method(const LinkImportance& l, const RiskReport& r) {
  if (!l.sampled) return "exact";
  return r.bdd_nodes ? "mixed" : "monte-carlo";
}

size_t links_shown(const RiskSetting& s, const RiskReport& r) {
  return s.top == 0 ? r.links.size() : std::min(s.top, r.links.size());
}

std::string interval(const ItemRisk& r) {
  if (r.method != ItemMethod::kMonteCarlo) return "";
  return fmt::format("[{}, {}]", shown(r.low), shown(r.high));
}

}  // namespace

std::string render_risk(const RiskSetting& s, const RiskReport& r, Format format) {
  const Model& model = s.model;
  const size_t top = links_shown(s, r);
  if (format == Format::kJson) {
    json items = json::array();
    for (const ItemRisk& i : r.items) {
      bool sampled = i.method == ItemMethod::kMonteCarlo;
      items.push_back({{"item", model.items[i.item].id},
                       {"maker", model.firms[model.items[i.item].maker].id},
                       {"probability", i.method == ItemMethod::kNone ? json(nullptr) : json_number(i.probability)},
                       {"method", to_string(i.method)},
                       {"low", sampled ? json_number(i.low) : json(nullptr)},
                       {"high", sampled ? json_number(i.high) : json(nullptr)},
                       {"lost_samples", sampled ? json(i.lost_samples) : json(nullptr)},
                       {"error", i.error.empty() ? json(nullptr) : json(i.error)}});
    }
    json links = json::array();
    for (size_t k = 0; k < top; ++k) {
      const LinkImportance& l = r.links[k];
      LinkWords w = words(model, l.option);
      links.push_back({{"rank", k + 1},
                       {"consumer", w.consumer},
                       {"need", w.need},
                       {"supplier", w.supplier},
                       {"option", w.position},
                       {"confidence", json_number(1 - l.absent)},
                       {"absent", json_number(l.absent)},
                       {"importance", finite_or_null(l.birnbaum)},
                       {"if_absent", finite_or_null(l.if_absent)},
                       {"if_present", finite_or_null(l.if_present)},
                       {"half_width", l.sampled ? finite_or_null(l.half_width) : json(nullptr)},
                       {"method", link_method(l, r)}});
    }
    json out = {{"format", 1},
                {"schema_version", schema_version("risk")},
                {"command", "risk"},
                {"model", model.name},
                {"scenario", scenario_json(model, s.scenario, s.cuts)},
                {"focused", s.focused},
                {"uncertain_links", r.uncertain_links},
                {"open_links", r.open_links},
                {"bdd_nodes", r.bdd_nodes},
                {"samples", r.samples},
                {"seed", r.samples ? json(r.seed) : json(nullptr)},
                {"interval", r.samples ? json("wilson-95") : json(nullptr)},
                {"expected_lost", json_number(r.expected_lost)},
                {"items", std::move(items)},
                {"links", std::move(links)}};
    return out.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::string out = csv_row({"kind", "item", "need", "supplier", "method", "probability", "low", "high",
                               "confidence", "importance", "if_absent", "if_present", "half_width"});
    for (const ItemRisk& i : r.items) {
      bool sampled = i.method == ItemMethod::kMonteCarlo;
      out += csv_row({"item", model.items[i.item].id, "", "", std::string(to_string(i.method)),
                      i.method == ItemMethod::kNone ? "" : fmt::format("{}", i.probability),
                      sampled ? fmt::format("{}", i.low) : "", sampled ? fmt::format("{}", i.high) : "", "", "",
                      "", "", ""});
    }
    for (size_t k = 0; k < top; ++k) {
      const LinkImportance& l = r.links[k];
      LinkWords w = words(model, l.option);
      auto plain = [](double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); };
      out += csv_row({"link", w.consumer, w.need, w.supplier, link_method(l, r), "", "", "",
                      fmt::format("{}", 1 - l.absent), plain(l.birnbaum), plain(l.if_absent), plain(l.if_present),
                      l.sampled ? plain(l.half_width) : ""});
    }
    return out;
  }

  std::string out = fmt::format("Uncertain links: {} in the model, {} open and able to matter", r.uncertain_links,
                                r.open_links);
  out += s.scenario ? fmt::format(" under scenario {}.\n", model.scenarios[*s.scenario].id) : ".\n";
  out += "Each link exists with its confidence, independently; an absent link is dead like a cut edge.\n";
  if (r.bdd_nodes) out += fmt::format("Exact: binary decision diagram of {} nodes.\n", r.bdd_nodes);
  if (r.samples)
    out += fmt::format("Monte Carlo: {} worlds, seed {}; intervals are 95% Wilson score intervals.\n", r.samples,
                       r.seed);
  out += "\n";
  if (r.items.empty()) {
    out += "No item can be lost: nothing the scenario and the uncertain links do reaches one.\n";
  } else {
    TextTable items({"item", "maker", "P(lost)", "method", "95% interval"});
    for (const ItemRisk& i : r.items) {
      const Item& item = model.items[i.item];
      items.add_row({item.id, model.firms[item.maker].id,
                     i.method == ItemMethod::kNone ? "-" : shown(i.probability), std::string(to_string(i.method)),
                     i.method == ItemMethod::kNone ? i.error : interval(i)});
    }
    out += items.str();
    out += fmt::format("\nExpected items lost: {}\n", shown(r.expected_lost));
  }
  if (top == 0) return out;
  out += fmt::format(
      "\nLinks to verify first: Birnbaum importance, P(lost | absent) - P(lost | present), summed over the {} "
      "(top {} of {}).\n",
      s.focused ? "items named" : "items listed", top, r.links.size());
  bool any_sampled = r.links[0].sampled;
  std::vector<std::string> header = {"rank", "consumer", "need", "supplier", "confidence", "importance",
                                     "if absent", "if present"};
  if (any_sampled) header.push_back("+/- (95%)");
  TextTable links(header);
  for (size_t k = 0; k < top; ++k) {
    const LinkImportance& l = r.links[k];
    LinkWords w = words(model, l.option);
    std::vector<std::string> row = {std::to_string(k + 1), w.consumer,        w.need,
                                    w.supplier,            shown(1 - l.absent), shown(l.birnbaum),
                                    shown(l.if_absent),    shown(l.if_present)};
    if (any_sampled) row.push_back(shown(l.half_width));
    links.add_row(std::move(row));
  }
  out += links.str();
  return out;
}

}  // namespace decouple
