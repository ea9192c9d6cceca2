#include "decouple/alternatives_report.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include <fmt/format.h>

#include "decouple/escape.h"
#include "decouple/number.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

std::string number(double v) { return fmt::format("{:.3g}", v); }

// One node of a plan or blockage tree, in depth-first order.
struct Row {
  enum class Kind : uint8_t { kPlan, kStep, kBlockedItem, kBlockedNeed, kOption };
  Kind kind = Kind::kPlan;
  uint32_t depth = 0;
  uint32_t parent = kNone;  // index into the rows
  bool see_above = false;   // shown earlier in this output: a reference only
  bool cut_off = false;     // its children lie deeper than the depth limit
  uint32_t plan = kNone;    // kPlan
  const PlanStep* step = nullptr;
  uint32_t blocked = kNone;  // kBlockedItem: index into Blockage::items
  const BlockedNeed* need = nullptr;
  const OptionFailure* failure = nullptr;
};

// What one output has shown in full so far, shared by its trees: a sub-plan
// or an explanation met again (in the same tree or a later one) becomes a
// reference, so the output stays linear in the plans however much they
// share. Trees deeper than max_depth rows are cut there (an indented or
// nested rendering of a 10,000-long chain would be quadratic).
struct Shown {
  std::unordered_set<uint32_t> plans;
  std::unordered_set<ItemIndex> items;
  uint32_t max_depth = UINT32_MAX;
};

// Depth-first, with an explicit stack: plans can be as deep as the model.
// `seen(row)` marks a row's subject as shown and says whether it already
// was (the root is always expanded); `expand(row, child)` lists its children.
template <typename Seen, typename Expand>
std::vector<Row> walk(Row root, uint32_t max_depth, Seen&& seen, Expand&& expand) {
  std::vector<Row> rows;
  std::vector<Row> stack = {root};
  std::vector<Row> children;
  seen(root);
  while (!stack.empty()) {
    Row row = stack.back();
    stack.pop_back();
    if (row.parent != kNone) row.see_above = seen(row);
    uint32_t here = static_cast<uint32_t>(rows.size());
    rows.push_back(row);
    if (row.see_above) continue;
    children.clear();
    expand(row, [&](Row child) {
      child.depth = row.depth + 1;
      child.parent = here;
      children.push_back(child);
    });
    if (children.empty()) continue;
    if (row.depth + 1 > max_depth) {
      rows[here].cut_off = true;
      continue;
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return rows;
}

std::vector<Row> plan_rows(const Recovery& recovery, uint32_t root, Shown& shown) {
  Row first;
  first.plan = root;
  auto seen = [&](const Row& row) {
    return row.kind == Row::Kind::kPlan && !shown.plans.insert(row.plan).second;
  };
  return walk(first, shown.max_depth, seen, [&](const Row& row, auto&& child) {
    if (row.kind == Row::Kind::kPlan) {
      for (const PlanStep& step : recovery.plan(row.plan).steps) {
        Row c;
        c.kind = Row::Kind::kStep;
        c.step = &step;
        child(c);
      }
    } else if (row.step->sub_plan != kNone) {
      Row c;
      c.plan = row.step->sub_plan;
      child(c);
    }
  });
}

std::vector<Row> blockage_rows(const Blockage& blockage, uint32_t root, Shown& shown) {
  Row first;
  first.kind = Row::Kind::kBlockedItem;
  first.blocked = root;
  auto seen = [&](const Row& row) {
    return row.kind == Row::Kind::kBlockedItem &&
           !shown.items.insert(blockage.items[row.blocked].item).second;
  };
  return walk(first, shown.max_depth, seen, [&](const Row& row, auto&& child) {
    if (row.kind == Row::Kind::kBlockedItem) {
      for (const BlockedNeed& need : blockage.items[row.blocked].needs) {
        Row c;
        c.kind = Row::Kind::kBlockedNeed;
        c.need = &need;
        child(c);
      }
    } else if (row.kind == Row::Kind::kBlockedNeed) {
      for (const OptionFailure& failure : row.need->options) {
        Row c;
        c.kind = Row::Kind::kOption;
        c.failure = &failure;
        child(c);
      }
    } else if (row.failure->sub_item != kNone) {
      Row c;
      c.kind = Row::Kind::kBlockedItem;
      c.blocked = row.failure->sub_item;
      child(c);
    }
  });
}

// Depth limit of the indented table and of nested JSON, in rows (a plan
// level is two: the need and the sub-plan). CSV is flat and has none.
constexpr uint32_t kMaxShownDepth = 64;

class Renderer {
 public:
  Renderer(const SupplyGraph& graph, const ScenarioCuts& cuts, const LossState& state,
           const Recovery& recovery, const RecoveryRequest& request)
      : model_(graph.model()),
        cuts_(cuts),
        state_(state),
        recovery_(recovery),
        request_(request),
        vendors_(summarize_recovery(model_, state, recovery, request.items)),
        blockage_(explain_unrecoverable(graph, cuts, state, recovery, request.items)) {}

  json to_json() const {
    const RecoveryConstraints& c = recovery_.options().constraints;
    json domestic = json::array();
    for (Country country : c.domestic) domestic.push_back(country.str());
    json excluded = json::array();
    for (FirmIndex f : c.excluded) excluded.push_back(model_.firms[f].id);
    size_t lost = 0, recoverable = 0;
    json vendors = json::array();
    PlanGraph graph;
    for (const VendorRecovery& v : vendors_) {
      lost += v.items.size();
      recoverable += v.recoverable;
      const Firm& firm = model_.firms[v.firm];
      json unrecoverable = json::array();
      for (ItemIndex i : v.unrecoverable) unrecoverable.push_back(model_.items[i].id);
      json items = json::array();
      for (ItemIndex i : v.items) items.push_back(item_json(i, graph));
      bool some = v.recoverable > 0;
      vendors.push_back({{"firm", firm.id},
                         {"name", firm.name},
                         {"country", firm.country.str()},
                         {"lost", v.items.size()},
                         {"recoverable", v.recoverable},
                         {"months_to_full_recovery",
                          v.unrecoverable.empty() ? json_number(v.months, kFloatDigits) : json(nullptr)},
                         {"months_to_recover_recoverable", some ? json_number(v.months, kFloatDigits) : json(nullptr)},
                         {"capability_kept", some ? json_number(v.capability, kFloatDigits) : json(nullptr)},
                         {"cost_premium", some ? json_number(v.cost, kFloatDigits) : json(nullptr)},
                         {"unrecoverable", std::move(unrecoverable)},
                         {"truncated", v.truncated},
                         {"items", std::move(items)}});
    }
    json not_lost = json::array();
    for (ItemIndex i : request_.items)
      if (!state_.lost(i)) not_lost.push_back(model_.items[i].id);
    json criteria = json::array();
    for (Objective o : recovery_.order()) criteria.push_back(std::string(to_string(o)));
    bool pareto = recovery_.objective() == Objective::kPareto;
    return json{{"format", 2},
                {"schema_version", schema_version("alternatives")},
                {"model", model_.name},
                {"scenario", scenario_json(model_, request_.scenario, cuts_)},
                {"objective", pareto ? std::string("pareto") : objective_text(recovery_.order())},
                {"criteria", std::move(criteria)},
                {"max_plans", recovery_.options().max_plans},
                {"constraints",
                 {{"domestic", std::move(domestic)},
                  {"exclude", std::move(excluded)},
                  {"max_lead_time", c.max_lead_time < 0 ? json(nullptr) : json_number(c.max_lead_time)},
                  {"keep_current", c.keep_current}}},
                {"summary",
                 {{"items_lost", lost},
                  {"recoverable", recoverable},
                  {"unrecoverable", lost - recoverable}}},
                {"not_lost", std::move(not_lost)},
                {"vendors", std::move(vendors)},
                {"nodes", std::move(graph.nodes)},
                {"edges", std::move(graph.edges)}};
  }

  std::string table() const {
    std::string out = header();
    if (vendors_.empty()) return out + not_lost_text() + "Nothing to recover.\n";
    TextTable summary({"firm", "country", "lost", "recoverable", "months", "capability", "cost",
                       "unrecoverable"});
    for (const VendorRecovery& v : vendors_) {
      const Firm& firm = model_.firms[v.firm];
      bool some = v.recoverable > 0;
      std::string unrecoverable;
      for (ItemIndex i : v.unrecoverable)
        unrecoverable += (unrecoverable.empty() ? "" : " ") + model_.items[i].id;
      summary.add_row({firm.id, firm.country.str(), std::to_string(v.items.size()),
                       std::to_string(v.recoverable), some ? number(v.months) : "-",
                       some ? number(v.capability) : "-", some ? "+" + number(v.cost) : "-",
                       unrecoverable.empty() ? "-" : unrecoverable});
    }
    out += summary.str();
    out += not_lost_text();
    Shown shown;
    shown.max_depth = kMaxShownDepth;
    for (const VendorRecovery& v : vendors_) {
      const Firm& firm = model_.firms[v.firm];
      out += fmt::format("\n{} — {} ({}): {} of {} lost item{} recoverable", firm.id, firm.name,
                         firm.country.view(), v.recoverable, v.items.size(),
                         v.items.size() == 1 ? "" : "s");
      if (v.unrecoverable.empty())
        out += fmt::format("; full recovery in {} months\n", number(v.months));
      else if (v.recoverable > 0)
        out += fmt::format("; no full recovery; the recoverable back in {} months\n",
                           number(v.months));
      else
        out += "; no full recovery\n";
      for (ItemIndex item : v.items) out += item_text(item, shown);
    }
    return out;
  }

  ReportSection section(size_t max_rows) const {
    ReportSection out;
    out.title = "Recovery plans";
    std::string intro = fmt::format(
        "How each lost item could be made again, objective {}: the plan optimal on the first "
        "criterion, then on the next among those. Months until back, capability kept (0..1), cost "
        "premium as a share of the item's value. Items that cannot be fully recovered show the best "
        "plan for the needs that can be met and what blocks the others. More: decouple alternatives.",
        recovery_.objective() == Objective::kPareto ? std::string("pareto") : objective_text(recovery_.order()));
    out.html = "<p>" + html_escape(intro) + "</p>\n";
    out.markdown = intro + "\n\n";
    const std::vector<std::string> head = {"item", "recovery", "months", "capability", "cost", "plan", "blocked"};
    out.html += "<table>\n<tr>";
    for (const std::string& h : head) out.html += "<th>" + h + "</th>";
    out.html += "</tr>\n";
    out.markdown += fmt::format("| {} |\n|", fmt::join(head, " | "));
    for (size_t k = 0; k < head.size(); ++k) out.markdown += "---|";
    out.markdown += "\n";
    size_t rows = 0, lost = 0;
    for (ItemIndex item : request_.items) {
      if (!state_.lost(item)) continue;
      if (++lost > max_rows) continue;
      ++rows;
      std::vector<std::string> cells = {model_.items[item].id};
      auto plans = recovery_.plans_of(item);
      auto partial = recovery_.partial_plans_of(item);
      const Plan* plan = !plans.empty() ? &recovery_.plan(plans[0])
                         : !partial.empty() ? &recovery_.plan(partial[0]) : nullptr;
      if (!plans.empty())
        cells.push_back("yes");
      else if (plan)
        cells.push_back(fmt::format("partial: {} of {} lost needs", plan->steps.size(),
                                    plan->steps.size() + plan->blocked.size()));
      else
        cells.push_back("no");
      bool values = plan && !plan->steps.empty();
      cells.push_back(values ? number(plan->value.time) : "-");
      cells.push_back(values ? number(plan->value.capability) : "-");
      cells.push_back(values ? "+" + number(plan->value.cost) : "-");
      std::vector<std::string> chosen;
      if (plan)
        for (const PlanStep& step : plan->steps)
          chosen.push_back(fmt::format("{} → {}", model_.needs[step.need].name,
                                       model_.items[model_.options[step.option].item].id));
      cells.push_back(chosen.empty() ? "-" : fmt::format("{}", fmt::join(chosen, "; ")));
      std::vector<std::string> blocked;
      uint32_t b = blockage_.find(item);
      if (b != kNone) {
        const BlockedItem& why = blockage_.items[b];
        if (why.maker_banned != kNone || (why.needs.empty() && state_.banned(model_.items[item].maker)))
          blocked.push_back(fmt::format("its maker {} is banned", model_.firms[model_.items[item].maker].id));
        for (const BlockedNeed& need : why.needs) {
          std::vector<std::string> options;
          for (const OptionFailure& f : need.options)
            options.push_back(fmt::format("{}: {}", model_.items[model_.options[f.option].item].id,
                                          fmt::join(failure_reasons(f, true), "; ")));
          blocked.push_back(fmt::format("{} ({})", model_.needs[need.need].name, fmt::join(options, "; ")));
        }
      }
      cells.push_back(blocked.empty() ? "-" : fmt::format("{}", fmt::join(blocked, "; ")));
      out.html += "<tr>";
      for (const std::string& c : cells) out.html += "<td>" + html_escape(c) + "</td>";
      out.html += "</tr>\n";
      out.markdown += "|";
      for (const std::string& c : cells) out.markdown += " " + markdown_cell(c) + " |";
      out.markdown += "\n";
    }
    out.html += "</table>\n";
    if (lost == 0) {
      out.html = "<p>No item is lost: nothing to recover.</p>\n";
      out.markdown = "No item is lost: nothing to recover.\n";
    } else if (lost > rows) {
      std::string more = fmt::format("{} more lost items are not shown: see decouple alternatives.", lost - rows);
      out.html += "<p>" + html_escape(more) + "</p>\n";
      out.markdown += "\n" + more + "\n";
    }
    return out;
  }

  std::string csv() const {
    std::string out = csv_row({"firm", "item", "plan", "kind", "depth", "recovers", "need", "option",
                               "supplier", "country", "status", "lead_time", "capability", "cost",
                               "reason"});
    Shown shown;
    for (const VendorRecovery& v : vendors_) {
      const std::string& firm = model_.firms[v.firm].id;
      for (ItemIndex item : v.items) {
        const std::string& id = model_.items[item].id;
        auto plans = recovery_.plans_of(item);
        if (plans.empty()) {
          auto partial = recovery_.partial_plans_of(item);
          for (size_t p = 0; p < partial.size(); ++p)
            for (const Row& row : plan_rows(recovery_, partial[p], shown))
              out += csv_line(firm, id, std::to_string(p + 1), row);
          for (const Row& row : blockage_rows(blockage_, blockage_.find(item), shown))
            out += csv_line(firm, id, "", row);
          continue;
        }
        for (size_t p = 0; p < plans.size(); ++p)
          for (const Row& row : plan_rows(recovery_, plans[p], shown))
            out += csv_line(firm, id, std::to_string(p + 1), row);
      }
    }
    return out;
  }

 private:
  std::string header() const {
    std::string out;
    if (request_.scenario) {
      const Scenario& s = model_.scenarios[*request_.scenario];
      out += fmt::format("Scenario {}: {}{}\n", s.id, s.name, s.date.empty() ? "" : " (" + s.date.str() + ")");
    } else {
      out += "Ad hoc scenario\n";
    }
    if (!request_.banned.empty()) {
      std::vector<std::string_view> ids;
      for (FirmIndex f : request_.banned) ids.push_back(model_.firms[f].id);
      out += fmt::format("Also banned (--ban): {}\n", fmt::join(ids, ", "));
    }
    const RecoveryOptions& o = recovery_.options();
    std::string_view goal;
    switch (o.objective) {
      case Objective::kTime: goal = "fewest months until back, then the others in turn"; break;
      case Objective::kCapability: goal = "highest capability kept, then the others in turn"; break;
      case Objective::kCost: goal = "lowest cost premium, then the others in turn"; break;
      case Objective::kPareto: goal = "every plan not dominated on time, capability and cost"; break;
    }
    out += o.objective == Objective::kPareto
               ? fmt::format("Recovery plans, objective pareto ({})", goal)
               : fmt::format("Recovery plans, objective {} ({})", objective_text(recovery_.order()), goal);
    if (o.objective == Objective::kPareto) out += fmt::format(", at most {} per item", o.max_plans);
    std::vector<std::string> limits;
    const RecoveryConstraints& c = o.constraints;
    if (!c.domestic.empty()) {
      std::string list;
      for (Country country : c.domestic) list += (list.empty() ? "" : ",") + country.str();
      limits.push_back("suppliers from " + list);
    }
    if (!c.excluded.empty()) {
      std::string list;
      for (FirmIndex f : c.excluded) list += (list.empty() ? "" : ",") + model_.firms[f].id;
      limits.push_back("excluding " + list);
    }
    if (c.max_lead_time >= 0) limits.push_back(fmt::format("lead time <= {} months", number(c.max_lead_time)));
    if (c.keep_current) limits.push_back("current suppliers first");
    if (!limits.empty()) out += "; " + fmt::format("{}", fmt::join(limits, "; "));
    size_t lost = 0, recoverable = 0;
    for (const VendorRecovery& v : vendors_) {
      lost += v.items.size();
      recoverable += v.recoverable;
    }
    out += fmt::format("\n{} lost item{}: {} recoverable, {} unrecoverable\n\n", lost,
                       lost == 1 ? "" : "s", recoverable, lost - recoverable);
    return out;
  }

  std::string not_lost_text() const {
    std::string out;
    for (ItemIndex i : request_.items)
      if (!state_.lost(i))
        out += fmt::format("{} is not lost under this scenario: nothing to recover.\n",
                           model_.items[i].id);
    return out;
  }

  std::string values(const PlanValue& v) const {
    return fmt::format("back in {} months, capability {}, cost premium +{}", number(v.time),
                       number(v.capability), number(v.cost));
  }

  // "6 of 7 needs to replace can be recovered, back in ...; audio cannot:"
  std::string partial_summary(const Plan& plan) const {
    size_t met = plan.steps.size(), total = met + plan.blocked.size();
    std::vector<std::string_view> blocked;
    for (NeedIndex n : plan.blocked) blocked.push_back(model_.needs[n].name);
    std::string out = fmt::format("{} of {} lost need{} can be recovered", met, total, total == 1 ? "" : "s");
    if (met > 0) out += fmt::format(" ({})", values(plan.value));
    return out + fmt::format("; {} cannot:", fmt::join(blocked, ", "));
  }

  std::string option_text(OptionIndex o) const {
    const Option& option = model_.options[o];
    return fmt::format("{}, {}", item_label(model_, option.item),
                       option.is_current() ? "current" : "alternative");
  }

  std::vector<std::string> failure_reasons(const OptionFailure& f, bool with_sub_item) const {
    std::vector<std::string> reasons;
    FirmIndex supplier = model_.supplier_of(f.option);
    const Firm& firm = model_.firms[supplier];
    const RecoveryConstraints& c = recovery_.options().constraints;
    if (f.cut != kNone) reasons.push_back("cut by " + cut_reason(model_, cuts_, f.cut));
    if (f.supplier_banned != kNone)
      reasons.push_back(fmt::format("supplier {} is banned by {}", firm.id,
                                    describe_action(model_, cuts_.applied[f.supplier_banned])));
    if (f.excluded) reasons.push_back(fmt::format("supplier {} is excluded", firm.id));
    if (f.not_domestic) {
      std::string list;
      for (Country country : c.domestic) list += (list.empty() ? "" : ",") + country.str();
      reasons.push_back(fmt::format("supplier {} ({}) is not from {}", firm.id,
                                    firm.country.view(), list));
    }
    if (f.too_slow)
      reasons.push_back(fmt::format("lead time {} months > {}", number(model_.options[f.option].lead_time),
                                    number(c.max_lead_time)));
    if (f.absent) reasons.push_back(fmt::format("no such link on {}", cuts_.date));
    if (with_sub_item && f.sub_item != kNone)
      reasons.push_back(fmt::format("{} cannot be recovered", model_.items[model_.options[f.option].item].id));
    return reasons;
  }

  // The text of one row, without indentation.
  std::string row_text(const Row& row) const {
    std::string text = row_body(row);
    if (row.cut_off)
      text += fmt::format(" [continues deeper than {} levels: see --format csv]", kMaxShownDepth / 2);
    return text;
  }

  std::string row_body(const Row& row) const {
    const Blockage& blockage = blockage_;
    switch (row.kind) {
      case Row::Kind::kPlan: {
        const Plan& plan = recovery_.plan(row.plan);
        return fmt::format("{}: {}{}", model_.items[plan.item].id, values(plan.value),
                           row.see_above ? " (plan shown above)" : "");
      }
      case Row::Kind::kStep: {
        const Option& option = model_.options[row.step->option];
        return fmt::format("need {} -> {}: lead {}, capability {}, cost {}",
                           model_.needs[row.step->need].name, option_text(row.step->option),
                           number(option.lead_time), number(option.capability), number(option.cost));
      }
      case Row::Kind::kBlockedItem: {
        const BlockedItem& b = blockage.items[row.blocked];
        const std::string& id = model_.items[b.item].id;
        if (row.see_above) return fmt::format("{}: unrecoverable (explained above)", id);
        if (!state_.lost(b.item)) return fmt::format("{}: live", id);
        FirmIndex maker = model_.items[b.item].maker;
        if (state_.banned(maker))
          return fmt::format("{}: unrecoverable: its maker {} is banned{}", id, model_.firms[maker].id,
                             b.maker_banned == kNone
                                 ? std::string()
                                 : " by " + describe_action(model_, cuts_.applied[b.maker_banned]));
        return fmt::format("{}: unrecoverable", id);
      }
      case Row::Kind::kBlockedNeed:
        return fmt::format("need {}: no option can be used", model_.needs[row.need->need].name);
      case Row::Kind::kOption:
        return fmt::format("{}: {}", option_text(row.failure->option),
                           fmt::join(failure_reasons(*row.failure, true), "; "));
    }
    return "";
  }

  std::string item_text(ItemIndex item, Shown& shown) const {
    const std::string indent = "    ";
    std::string out;
    const Item& i = model_.items[item];
    std::string name = i.name == i.id ? i.id : fmt::format("{} ({})", i.id, i.name);
    auto lines = [&](const std::vector<Row>& rows, const std::string& base) {
      for (size_t k = 1; k < rows.size(); ++k)
        out += base + std::string(2 * (rows[k].depth - 1), ' ') + row_text(rows[k]) + "\n";
    };
    auto plans = recovery_.plans_of(item);
    auto partial = recovery_.partial_plans_of(item);
    if (plans.empty() && !partial.empty()) {
      out += fmt::format("  {}: no full recovery; {}\n", name, partial_summary(recovery_.plan(partial[0])));
      for (size_t p = 0; p < partial.size(); ++p) {
        if (partial.size() > 1)
          out += fmt::format("    partial plan {}: {}\n", p + 1, values(recovery_.plan(partial[p]).value));
        lines(plan_rows(recovery_, partial[p], shown), partial.size() > 1 ? indent + "  " : indent);
      }
      std::vector<Row> rows = blockage_rows(blockage_, blockage_.find(item), shown);
      lines(rows, indent);
      return out;
    }
    if (plans.empty()) {
      std::vector<Row> rows = blockage_rows(blockage_, blockage_.find(item), shown);
      out += fmt::format("  {}\n", row_text(rows[0]).replace(0, i.id.size(), name));
      lines(rows, indent);
      return out;
    }
    bool pareto = recovery_.objective() == Objective::kPareto;
    if (pareto) {
      out += fmt::format("  {}: {} plan{} on the front{}\n", name, plans.size(),
                         plans.size() == 1 ? "" : "s",
                         recovery_.truncated(item)
                             ? fmt::format(" (truncated at --max-plans {}: more may exist)",
                                           recovery_.options().max_plans)
                             : "");
    }
    for (size_t p = 0; p < plans.size(); ++p) {
      std::vector<Row> rows = plan_rows(recovery_, plans[p], shown);
      const PlanValue& value = recovery_.plan(plans[p]).value;
      if (pareto)
        out += fmt::format("    plan {}: {}\n", p + 1, values(value));
      else
        out += fmt::format("  {}: {}\n", name, values(value));
      lines(rows, pareto ? indent + "  " : indent);
    }
    return out;
  }

  std::string csv_line(const std::string& firm, const std::string& item, const std::string& plan,
                       const Row& row) const {
    const Blockage& blockage = blockage_;
    std::vector<std::string> f = {firm, item, plan, "", std::to_string(row.depth), "", "", "", "", "",
                                  "", "", "", "", ""};
    auto fill_option = [&](OptionIndex o) {
      const Option& option = model_.options[o];
      const Firm& supplier = model_.firms[model_.supplier_of(o)];
      f[7] = model_.items[option.item].id;
      f[8] = supplier.id;
      f[9] = supplier.country.str();
      f[10] = option.is_current() ? "current" : "alternative";
      f[11] = number_text(option.lead_time);
      f[12] = number_text(option.capability);
      f[13] = number_text(option.cost);
    };
    switch (row.kind) {
      case Row::Kind::kPlan: {
        const Plan& p = recovery_.plan(row.plan);
        f[3] = p.partial() ? "partial_plan" : "plan";
        f[5] = model_.items[p.item].id;
        f[11] = number_text(p.value.time, kFloatDigits);
        f[12] = number_text(p.value.capability, kFloatDigits);
        f[13] = number_text(p.value.cost, kFloatDigits);
        if (row.see_above) f[14] = "plan shown above";
        break;
      }
      case Row::Kind::kStep:
        f[3] = "step";
        f[5] = model_.items[model_.needs[row.step->need].item].id;
        f[6] = model_.needs[row.step->need].name;
        fill_option(row.step->option);
        break;
      case Row::Kind::kBlockedItem:
        f[3] = "unrecoverable";
        f[5] = model_.items[blockage.items[row.blocked].item].id;
        f[14] = row_text(row);
        break;
      case Row::Kind::kBlockedNeed:
        f[3] = "blocked_need";
        f[5] = model_.items[model_.needs[row.need->need].item].id;
        f[6] = model_.needs[row.need->need].name;
        break;
      case Row::Kind::kOption: {
        const Option& option = model_.options[row.failure->option];
        f[3] = "blocked_option";
        f[5] = model_.items[model_.needs[option.need].item].id;
        f[6] = model_.needs[option.need].name;
        fill_option(row.failure->option);
        f[14] = fmt::format("{}", fmt::join(failure_reasons(*row.failure, true), "; "));
        break;
      }
    }
    return csv_row(f);
  }

  json option_json(OptionIndex o) const {
    const Option& option = model_.options[o];
    const Firm& supplier = model_.firms[model_.supplier_of(o)];
    return json{{"option", model_.items[option.item].id},
                {"supplier", supplier.id},
                {"country", supplier.country.str()},
                {"status", option.is_current() ? "current" : "alternative"},
                {"lead_time", json_number(option.lead_time)},
                {"capability", json_number(option.capability)},
                {"cost", json_number(option.cost)},
                {"source", option.source == kNone ? json(nullptr) : json(model_.sources[option.source].id)}};
  }

  json value_json(const PlanValue& v) const {
    return json{{"time", json_number(v.time, kFloatDigits)},
                {"capability", json_number(v.capability, kFloatDigits)},
                {"cost", json_number(v.cost, kFloatDigits)}};
  }

  json failure_json(const OptionFailure& f) const {
    json reasons = json::array();
    FirmIndex supplier = model_.supplier_of(f.option);
    if (f.cut != kNone)
      reasons.push_back({{"kind", "cut"}, {"cut", cut_json(model_, cuts_, f.cut)}});
    if (f.supplier_banned != kNone)
      reasons.push_back({{"kind", "supplier_banned"},
                         {"supplier", model_.firms[supplier].id},
                         {"action", action_json(model_, cuts_, f.supplier_banned)}});
    if (f.excluded) reasons.push_back({{"kind", "excluded"}, {"supplier", model_.firms[supplier].id}});
    if (f.not_domestic)
      reasons.push_back({{"kind", "not_domestic"},
                         {"supplier", model_.firms[supplier].id},
                         {"country", model_.firms[supplier].country.str()}});
    if (f.too_slow)
      reasons.push_back({{"kind", "lead_time"},
                         {"lead_time", json_number(model_.options[f.option].lead_time)},
                         {"max_lead_time", json_number(recovery_.options().constraints.max_lead_time)}});
    if (f.absent) reasons.push_back({{"kind", "absent"}, {"at", cuts_.date}});
    if (f.sub_item != kNone) reasons.push_back({{"kind", "item_unrecoverable"}});
    json out = option_json(f.option);
    out["reasons"] = std::move(reasons);
    return out;
  }

  // The plans as one graph: nodes are plans (full or partial), the
  // unrecoverable items that block them and the items they draw on; edges
  // are the options chosen (kind "step") and the options that cannot be
  // used (kind "blocked", with reasons). Each node appears once however
  // many plans use it, so the output stays linear, and ids are list
  // positions: a script needs no lookups.
  struct PlanGraph {
    json nodes = json::array();
    json edges = json::array();
    std::unordered_map<uint32_t, uint32_t> plan_node;     // plan -> node
    std::unordered_map<ItemIndex, uint32_t> item_node;    // supplied item, no plan -> node
    std::unordered_map<uint32_t, uint32_t> blocked_node;  // Blockage::items index -> node
  };

  uint32_t add_node(PlanGraph& g, json node) const {
    uint32_t id = static_cast<uint32_t>(g.nodes.size());
    node["id"] = id;
    g.nodes.push_back(std::move(node));
    return id;
  }

  json item_fields(ItemIndex item, std::string_view kind) const {
    const Item& i = model_.items[item];
    return json{{"kind", kind}, {"item", i.id}, {"name", i.name}, {"maker", model_.firms[i.maker].id}};
  }

  // A node for `item` drawn on without a plan of its own (live, or lost
  // and reached only through a blocked option).
  uint32_t supplied_node(PlanGraph& g, ItemIndex item) const {
    auto it = g.item_node.find(item);
    if (it != g.item_node.end()) return it->second;
    json node = item_fields(item, "item");
    node["lost"] = state_.lost(item);
    if (!state_.lost(item)) node.update(value_json(PlanValue{}));
    uint32_t id = add_node(g, std::move(node));
    g.item_node.emplace(item, id);
    return id;
  }

  json edge_json(uint32_t from, uint32_t to, std::string_view kind, NeedIndex need, OptionIndex o) const {
    json edge = option_json(o);
    // "source" and "target" are the node ids, as networkx reads them; the
    // model's source of the option moves aside.
    edge["source_id"] = std::move(edge["source"]);
    edge["source"] = from;
    edge["target"] = to;
    edge["kind"] = kind;
    edge["need"] = model_.needs[need].name;
    edge["weight"] = json_number(recovery_.cost_weight(need));
    return edge;
  }

  // The node of plan `root`, adding it and everything below it.
  uint32_t plan_node(PlanGraph& g, uint32_t root) const {
    if (auto it = g.plan_node.find(root); it != g.plan_node.end()) return it->second;
    // Post-order with an explicit stack: sub-plans get their nodes first.
    std::vector<std::pair<uint32_t, bool>> stack = {{root, false}};
    while (!stack.empty()) {
      auto [p, children_done] = stack.back();
      stack.pop_back();
      if (g.plan_node.count(p)) continue;
      const Plan& plan = recovery_.plan(p);
      if (!children_done) {
        stack.push_back({p, true});
        for (const PlanStep& step : plan.steps)
          if (step.sub_plan != kNone && !g.plan_node.count(step.sub_plan)) stack.push_back({step.sub_plan, false});
        continue;
      }
      json node = item_fields(plan.item, plan.partial() ? "partial_plan" : "plan");
      node.update(value_json(plan.value));
      json chosen = json::object();
      for (const PlanStep& step : plan.steps)
        chosen[model_.needs[step.need].name] = model_.items[model_.options[step.option].item].id;
      node["chosen"] = std::move(chosen);
      node["needs_recovered"] = plan.steps.size();
      json blocked = json::array();
      for (NeedIndex n : plan.blocked) blocked.push_back(model_.needs[n].name);
      node["needs_blocked"] = std::move(blocked);
      uint32_t id = add_node(g, std::move(node));
      g.plan_node.emplace(p, id);
      for (const PlanStep& step : plan.steps) {
        ItemIndex supplied = model_.options[step.option].item;
        uint32_t to = step.sub_plan != kNone ? g.plan_node.at(step.sub_plan) : supplied_node(g, supplied);
        g.edges.push_back(edge_json(id, to, "step", step.need, step.option));
      }
    }
    return g.plan_node.at(root);
  }

  // Adds the blocked edges of Blockage item `root` (and the unrecoverable
  // items they reach) from node `from`, or from a new "unrecoverable" node
  // when `from` is kNone. Returns the node.
  uint32_t blocked_node(PlanGraph& g, uint32_t root, uint32_t from = kNone) const {
    if (auto it = g.blocked_node.find(root); it != g.blocked_node.end()) return it->second;
    auto node_of = [&](uint32_t b) {
      json node = item_fields(blockage_.items[b].item, "unrecoverable");
      uint32_t maker = blockage_.items[b].maker_banned;
      node["maker_banned"] = maker == kNone ? json(nullptr) : action_json(model_, cuts_, maker);
      json blocked = json::array();
      for (const BlockedNeed& need : blockage_.items[b].needs) blocked.push_back(model_.needs[need.need].name);
      node["needs_blocked"] = std::move(blocked);
      return add_node(g, std::move(node));
    };
    g.blocked_node.emplace(root, from == kNone ? node_of(root) : from);
    std::vector<uint32_t> work = {root};
    while (!work.empty()) {
      uint32_t b = work.back();
      work.pop_back();
      uint32_t id = g.blocked_node.at(b);
      for (const BlockedNeed& need : blockage_.items[b].needs)
        for (const OptionFailure& f : need.options) {
          uint32_t to;
          if (f.sub_item != kNone) {
            auto [it, fresh] = g.blocked_node.emplace(f.sub_item, kNone);
            if (fresh) {
              it->second = node_of(f.sub_item);
              work.push_back(f.sub_item);
            }
            to = it->second;
          } else {
            to = supplied_node(g, model_.options[f.option].item);
          }
          json edge = edge_json(id, to, "blocked", need.need, f.option);
          edge["reasons"] = failure_json(f)["reasons"];
          g.edges.push_back(std::move(edge));
        }
    }
    return g.blocked_node.at(root);
  }

  json item_json(ItemIndex item, PlanGraph& g) const {
    json out{{"item", model_.items[item].id}};
    auto plans = recovery_.plans_of(item);
    out["recoverable"] = !plans.empty();
    out["truncated"] = recovery_.truncated(item);
    json list = json::array();
    for (uint32_t p : plans) list.push_back(plan_node(g, p));
    out["plans"] = std::move(list);
    json partial = json::array();
    uint32_t blocked = kNone;
    if (plans.empty()) {
      for (uint32_t p : recovery_.partial_plans_of(item)) partial.push_back(plan_node(g, p));
      uint32_t from = partial.empty() ? kNone : partial[0].get<uint32_t>();
      blocked = blocked_node(g, blockage_.find(item), from);
    }
    out["partial_plans"] = std::move(partial);
    out["blocked"] = blocked == kNone ? json(nullptr) : json(blocked);
    return out;
  }

  const Model& model_;
  const ScenarioCuts& cuts_;
  const LossState& state_;
  const Recovery& recovery_;
  const RecoveryRequest& request_;
  std::vector<VendorRecovery> vendors_;
  Blockage blockage_;  // every unrecoverable item asked about, explained once
};

}  // namespace

json recovery_json(const SupplyGraph& graph, const ScenarioCuts& cuts, const LossState& state,
                   const Recovery& recovery, const RecoveryRequest& request) {
  return Renderer(graph, cuts, state, recovery, request).to_json();
}

ReportSection recovery_section(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               const LossState& state, const Recovery& recovery,
                               const RecoveryRequest& request, size_t max_rows) {
  return Renderer(graph, cuts, state, recovery, request).section(max_rows);
}

std::string render_recovery(const SupplyGraph& graph, const ScenarioCuts& cuts,
                            const LossState& state, const Recovery& recovery,
                            const RecoveryRequest& request, Format format) {
  Renderer renderer(graph, cuts, state, recovery, request);
  switch (format) {
    case Format::kJson: return renderer.to_json().dump(2) + "\n";
    case Format::kCsv: return renderer.csv();
    case Format::kTable: break;
  }
  return renderer.table();
}

}  // namespace decouple
