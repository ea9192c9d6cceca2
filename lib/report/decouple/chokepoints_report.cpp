#include "decouple/chokepoints_report.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "decouple/number.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

std::string count_text(uint64_t n) { return n == UINT64_MAX ? "18446744073709551615+" : std::to_string(n); }

json count_json(uint64_t n) { return n == UINT64_MAX ? json("18446744073709551615+") : json(n); }

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count_text(n), n == 1 ? one : many);
}

json header(const ChokepointSetting& s, std::string_view command) {
  return json{{"format", 1},
              {"schema_version", schema_version(command)},
              {"command", command},
              {"model", s.model.name},
              {"scenario", s.scenario ? scenario_json(s.model, s.scenario, s.cuts) : json(nullptr)},
              {"by", s.by ? json(s.by->str()) : json(nullptr)}};
}

std::string setting_line(const ChokepointSetting& s, size_t candidates) {
  std::string out = fmt::format("{} candidate firm{}", candidates, candidates == 1 ? "" : "s");
  if (s.by) out += fmt::format(" (within the reach of {})", s.by->view());
  if (s.scenario) out += fmt::format(", after scenario {}", s.model.scenarios[*s.scenario].id);
  return out;
}

std::string join_ids(const Model& model, const std::vector<FirmIndex>& firms, std::string_view sep) {
  std::string out;
  for (size_t k = 0; k < firms.size(); ++k) {
    if (k) out += sep;
    out += model.firms[firms[k]].id;
  }
  return out;
}

// Per order 0..: listed sets and, when counted, all minimal sets.
struct OrderCounts {
  std::vector<uint64_t> listed;
  std::vector<uint64_t> all;  // empty when not counted
  uint64_t left_out_total = 0;
};

OrderCounts order_counts(const TargetBlacklists& t, uint32_t max_order) {
  OrderCounts c;
  for (const auto& set : t.sets) {
    if (c.listed.size() <= set.size()) c.listed.resize(set.size() + 1, 0);
    ++c.listed[set.size()];
  }
  if (t.counted) {
    c.all = t.all_by_order;
    for (size_t order = max_order + size_t{1}; order < c.all.size(); ++order)
      c.left_out_total = c.left_out_total > UINT64_MAX - c.all[order] ? UINT64_MAX : c.left_out_total + c.all[order];
  }
  size_t size = std::max(c.listed.size(), c.all.size());
  c.listed.resize(size, 0);
  if (t.counted) c.all.resize(size, 0);
  return c;
}

std::string left_out_sentence(const Model& model, const TargetBlacklists& t, uint32_t max_order,
                              const std::string& not_counted) {
  const std::string& id = model.items[t.target].id;
  if (!t.counted)
    return not_counted.empty() ? std::string() : fmt::format("{}: {}.\n", id, not_counted);
  OrderCounts c = order_counts(t, max_order);
  if (c.left_out_total == 0) return {};
  std::vector<std::string> parts;
  for (size_t order = max_order + size_t{1}; order < c.all.size(); ++order)
    if (c.all[order]) parts.push_back(fmt::format("{} of order {}", plural(c.all[order], "set", "sets"), order));
  std::string list;
  for (size_t k = 0; k < parts.size(); ++k) list += (k ? ", " : "") + parts[k];
  return fmt::format("{}: left out by --max-order {}: {}.\n", id, max_order, list);
}

std::string number(double x) {
  if (std::isnan(x)) return "-";
  if (std::isinf(x)) return "inf";
  return fmt::format("{:.6g}", x);
}


}  // namespace

// ---- blacklists ----

std::string left_out_summary(const Model& model, const BlacklistReport& report) {
  constexpr size_t kOneByOne = 5;
  if (report.targets.size() <= kOneByOne) {
    std::string out;
    for (const TargetBlacklists& t : report.targets)
      out += left_out_sentence(model, t, report.max_order, report.not_counted);
    return out;
  }
  // Many targets: one sentence with totals per order.
  std::vector<uint64_t> total;
  size_t targets = 0, uncounted = 0;
  for (const TargetBlacklists& t : report.targets) {
    if (!t.counted) {
      ++uncounted;
      continue;
    }
    OrderCounts c = order_counts(t, report.max_order);
    if (c.left_out_total == 0) continue;
    ++targets;
    if (total.size() < c.all.size()) total.resize(c.all.size(), 0);
    for (size_t order = report.max_order + size_t{1}; order < c.all.size(); ++order)
      total[order] = total[order] > UINT64_MAX - c.all[order] ? UINT64_MAX : total[order] + c.all[order];
  }
  std::string out;
  if (targets) {
    std::string list;
    for (size_t order = report.max_order + size_t{1}; order < total.size(); ++order)
      if (total[order])
        list += fmt::format("{}{} of order {}", list.empty() ? "" : ", ", plural(total[order], "set", "sets"), order);
    out += fmt::format("left out by --max-order {}, over {} of {} targets: {} (per target: --format table or json).\n",
                       report.max_order, targets, report.targets.size(), list);
  }
  if (uncounted) out += fmt::format("{} targets: {}.\n", uncounted, report.not_counted);
  return out;
}

std::string render_blacklists_text(const Model& model, const BlacklistReport& report, bool prefix_target) {
  std::string out;
  for (const TargetBlacklists& t : report.targets)
    for (const auto& set : t.sets) {
      if (prefix_target) out += model.items[t.target].id + "\t";
      out += join_ids(model, set, " ") + "\n";
    }
  return out;
}

std::string render_blacklists(const ChokepointSetting& s, const BlacklistReport& report, Format format) {
  const Model& model = s.model;
  if (format == Format::kJson) {
    json out = header(s, "chokepoints");
    out["max_order"] = report.max_order;
    out["candidates"] = report.candidates;
    out["verified"] = report.verified;
    out["not_counted"] = report.not_counted.empty() ? json(nullptr) : json(report.not_counted);
    json targets = json::array();
    for (const TargetBlacklists& t : report.targets) {
      OrderCounts c = order_counts(t, report.max_order);
      json sets = json::array();
      for (const auto& set : t.sets) {
        json ids = json::array();
        for (FirmIndex f : set) ids.push_back(model.firms[f].id);
        sets.push_back(std::move(ids));
      }
      json counts = json::array();
      for (size_t order = 0; order < c.listed.size(); ++order) {
        uint64_t all = t.counted ? c.all[order] : c.listed[order];
        if (all == 0 && c.listed[order] == 0) continue;
        counts.push_back({{"order", order},
                          {"minimal", t.counted ? count_json(all) : json(nullptr)},
                          {"listed", c.listed[order]},
                          {"left_out", t.counted ? count_json(all - c.listed[order]) : json(nullptr)}});
      }
      const Item& item = model.items[t.target];
      targets.push_back({{"item", item.id},
                         {"maker", model.firms[item.maker].id},
                         {"already_lost", t.already_lost},
                         {"blacklists", std::move(sets)},
                         {"counts", std::move(counts)},
                         {"left_out", t.counted ? count_json(c.left_out_total) : json(nullptr)}});
    }
    out["targets"] = std::move(targets);
    return out.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::string out = csv_row({"target", "order", "blacklist", "left_out"});
    for (const TargetBlacklists& t : report.targets) {
      const std::string& id = model.items[t.target].id;
      for (const auto& set : t.sets)
        out += csv_row({id, std::to_string(set.size()), join_ids(model, set, " "), ""});
      OrderCounts c = order_counts(t, report.max_order);
      if (!t.counted) {
        out += csv_row({id, fmt::format(">{}", report.max_order), "", "not counted"});
        continue;
      }
      for (size_t order = report.max_order + size_t{1}; order < c.all.size(); ++order)
        if (c.all[order]) out += csv_row({id, std::to_string(order), "", count_text(c.all[order])});
    }
    return out;
  }
  std::string out;
  for (size_t k = 0; k < report.targets.size(); ++k) {
    const TargetBlacklists& t = report.targets[k];
    const Item& item = model.items[t.target];
    if (k) out += "\n";
    out += fmt::format("Minimal blacklists of {}, up to {} firms; {}\n", item_label(model, t.target),
                       report.max_order, setting_line(s, report.candidates));
    if (t.already_lost) {
      out += fmt::format("{} is already lost{}: the empty blacklist is its only minimal one.\n", item.id,
                         s.scenario ? " under the scenario" : "");
      continue;
    }
    OrderCounts c = order_counts(t, report.max_order);
    if (t.sets.empty()) {
      out += fmt::format("No blacklist of at most {} candidate firms takes {} down.\n", report.max_order,
                         item.id);
    } else {
      TextTable counts({"order", "minimal", "listed", "left out"});
      for (size_t order = 1; order < c.listed.size(); ++order) {
        uint64_t all = t.counted ? c.all[order] : c.listed[order];
        if (all == 0) continue;
        counts.add_row({std::to_string(order), t.counted ? count_text(all) : "?",
                        std::to_string(c.listed[order]),
                        t.counted ? count_text(all - c.listed[order]) : "?"});
      }
      out += counts.str();
      TextTable sets({"order", "blacklist"});
      for (const auto& set : t.sets) sets.add_row({std::to_string(set.size()), join_ids(model, set, ", ")});
      out += "\n";
      out += sets.str();
    }
    out += left_out_sentence(model, t, report.max_order, report.not_counted);
    if (t.counted && c.left_out_total == 0 && !t.sets.empty())
      out += "Nothing left out: these are all its minimal blacklists.\n";
  }
  if (report.verified)
    out += fmt::format("\nEach blacklist was checked by propagation ({}): it takes the target down, and "
                       "none with one firm fewer does.\n",
                       plural(report.verified, "set", "sets"));
  return out;
}

// ---- single points of failure ----

std::string render_spof_text(const Model& model, const SpofReport& report) {
  std::string out;
  for (const ItemSpof& s : report.items)
    for (FirmIndex f : s.firms) out += model.items[s.item].id + "\t" + model.firms[f].id + "\n";
  return out;
}

std::string render_spof(const ChokepointSetting& s, const SpofReport& report, Format format) {
  const Model& model = s.model;
  if (format == Format::kJson) {
    json out = header(s, "spof");
    out["candidates"] = report.candidates;
    out["already_lost"] = report.already_lost;
    out["verified"] = report.verified;
    json items = json::array();
    for (const ItemSpof& spof : report.items) {
      json firms = json::array();
      for (FirmIndex f : spof.firms) firms.push_back(model.firms[f].id);
      items.push_back({{"item", model.items[spof.item].id},
                       {"vendor", model.firms[model.items[spof.item].maker].id},
                       {"firms", std::move(firms)}});
    }
    out["items"] = std::move(items);
    json firms = json::array();
    for (const FirmDamage& d : report.damage) {
      if (d.items.empty()) continue;
      json lost = json::array();
      for (ItemIndex i : d.items) lost.push_back(model.items[i].id);
      firms.push_back({{"firm", model.firms[d.firm].id},
                       {"items", d.items.size()},
                       {"vendors", d.vendors},
                       {"value", d.valued ? json_number(d.value) : json(nullptr)},
                       {"items_lost", std::move(lost)}});
    }
    out["firms"] = std::move(firms);
    return out.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    std::string out = csv_row({"vendor", "item", "firm"});
    for (const ItemSpof& spof : report.items)
      for (FirmIndex f : spof.firms)
        out += csv_row({model.firms[model.items[spof.item].maker].id, model.items[spof.item].id,
                        model.firms[f].id});
    return out;
  }
  std::string out = fmt::format("Single points of failure: firms that alone take an item down; {}\n",
                                setting_line(s, report.candidates));
  if (report.already_lost)
    out += fmt::format("({} already lost under the scenario, left out.)\n",
                       plural(report.already_lost, "item", "items"));
  if (report.items.empty()) return out + "\nNo item has a single point of failure.\n";
  TextTable items({"vendor", "item", "cut off by"});
  for (const ItemSpof& spof : report.items)
    items.add_row({model.firms[model.items[spof.item].maker].id, model.items[spof.item].id,
                   join_ids(model, spof.firms, ", ")});
  out += "\n";
  out += items.str();
  TextTable firms({"firm", "country", "items", "vendors", "value"});
  for (const FirmDamage& d : report.damage) {
    if (d.items.empty()) continue;
    const Firm& firm = model.firms[d.firm];
    firms.add_row({firm.id, firm.country.str(), std::to_string(d.items.size()), std::to_string(d.vendors),
                   d.valued ? number(d.value) : "-"});
  }
  out += "\nWhat each firm alone takes down (other firms' items):\n" + firms.str();
  if (report.verified)
    out += "\nChecked by propagation: each firm's ban alone loses exactly these items.\n";
  return out;
}

// ---- rank ----

std::string render_rank(const ChokepointSetting& s, const RankReport& report, Format format,
                        RankTable table) {
  const Model& model = s.model;
  if (format == Format::kJson) {
    json out = header(s, "rank");
    json damage = json::array();
    for (const FirmDamage& d : report.damage) {
      json lost = json::array();
      for (ItemIndex i : d.items) lost.push_back(model.items[i].id);
      damage.push_back({{"firm", model.firms[d.firm].id},
                        {"country", model.firms[d.firm].country.str()},
                        {"items", d.items.size()},
                        {"vendors", d.vendors},
                        {"value", d.valued ? json_number(d.value) : json(nullptr)},
                        {"items_lost", std::move(lost)}});
    }
    out["damage"] = std::move(damage);
    out["probabilities"] = report.probabilities;
    out["without_probability"] = report.without_probability;
    json targets = json::array();
    for (const TargetRisk& r : report.targets) {
      json firms = json::array();
      for (const FirmImportance& f : r.firms)
        firms.push_back({{"firm", model.firms[f.firm].id},
                         {"probability", json_number(f.probability)},
                         {"if_cut", json_number(f.if_cut)},
                         {"if_kept", json_number(f.if_kept)},
                         {"birnbaum", json_number(f.birnbaum)},
                         {"fussell_vesely", json_number(f.fussell_vesely)},
                         {"raw", json_number(f.raw)},
                         {"rrw", json_number(f.rrw)}});
      targets.push_back({{"item", model.items[r.target].id},
                         {"already_lost", r.already_lost},
                         {"probability", r.error.empty() ? json_number(r.probability) : json(nullptr)},
                         {"bdd_nodes", r.bdd_nodes},
                         {"error", r.error.empty() ? json(nullptr) : json(r.error)},
                         {"firms", std::move(firms)}});
    }
    out["targets"] = std::move(targets);
    return out.dump(2) + "\n";
  }
  if (format == Format::kCsv) {
    // One table per file, so any CSV reader takes it as it is.
    if (table == RankTable::kDamage) {
      std::string out = csv_row({"firm", "country", "items_lost", "vendors_hit", "value_lost"});
      for (const FirmDamage& d : report.damage)
        out += csv_row({model.firms[d.firm].id, model.firms[d.firm].country.str(), std::to_string(d.items.size()),
                        std::to_string(d.vendors), d.valued ? number_text(d.value) : ""});
      return out;
    }
    std::string out = csv_row({"target", "target_probability", "firm", "probability", "birnbaum",
                               "fussell_vesely", "raw", "rrw"});
    for (const TargetRisk& r : report.targets)
      for (const FirmImportance& f : r.firms)
        out += csv_row({model.items[r.target].id, r.error.empty() ? number_text(r.probability) : "",
                        model.firms[f.firm].id, number_text(f.probability), number_text(f.birnbaum),
                        number_text(f.fussell_vesely), number_text(f.raw), number_text(f.rrw)});
    return out;
  }
  std::string out = fmt::format("Damage if cut off alone (other firms' items); {}\n",
                                setting_line(s, report.damage.size()));
  TextTable damage({"rank", "firm", "country", "items lost", "vendors hit", "value lost"});
  for (size_t k = 0; k < report.damage.size(); ++k) {
    const FirmDamage& d = report.damage[k];
    damage.add_row({std::to_string(k + 1), model.firms[d.firm].id, model.firms[d.firm].country.str(),
                    std::to_string(d.items.size()), std::to_string(d.vendors),
                    d.valued ? number(d.value) : "-"});
  }
  out += "\n";
  out += damage.str();
  if (!report.probabilities) {
    out += "\nNo cut-off probabilities: give firms a `probability:` or pass --probability P for exact "
           "loss probabilities and importance measures.\n";
    return out;
  }
  if (report.without_probability)
    out += fmt::format("\n{} without a probability count as never cut off.\n",
                       plural(report.without_probability, "candidate", "candidates"));
  for (const TargetRisk& r : report.targets) {
    out += fmt::format("\nP({} lost) = ", item_label(model, r.target));
    if (!r.error.empty()) {
      out += "not computed: " + r.error + "\n";
      continue;
    }
    out += number(r.probability) + (r.already_lost ? " (already lost)\n" : "\n");
    if (r.firms.empty()) continue;
    TextTable table({"firm", "p", "Birnbaum", "Fussell-Vesely", "RAW", "RRW"});
    for (const FirmImportance& f : r.firms)
      table.add_row({model.firms[f.firm].id, number(f.probability), number(f.birnbaum),
                     number(f.fussell_vesely), number(f.raw), number(f.rrw)});
    out += table.str();
  }
  return out;
}

}  // namespace decouple
