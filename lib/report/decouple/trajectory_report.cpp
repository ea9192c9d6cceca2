#include "decouple/trajectory_report.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "decouple/date.h"
#include "decouple/escape.h"
#include "decouple/html_report.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

std::string date_or_empty(Day d) { return d == kNever ? std::string() : format_date(d); }
json date_json(Day d) { return d == kNever ? json(nullptr) : json(format_date(d)); }

// Months with one decimal, the way the report prints them.
double months(Day days) { return std::round(static_cast<double>(days) / kDaysPerMonth * 10) / 10; }
std::string months_cell(Day days) { return days == kNever ? "never" : fmt::format("{:.1f}", months(days)); }
json months_json(Day days) { return days == kNever ? json(nullptr) : json(months(days)); }

// Months the item is without product: from running out to its plan landing
// (0 when the plan lands first); kNever when it runs out and never recovers.
Day exposure(const ItemTrajectory& t) {
  if (t.survive == kNever) return 0;
  if (t.recover == kNever) return kNever;
  return std::max<Day>(0, t.recover - t.survive);
}

}  // namespace

json trajectory_json(const Model& model, const Trajectory& trajectory) {
  json events = json::array();
  for (const DatedEvent& e : trajectory.events) events.push_back({{"date", format_date(e.day)}, {"what", e.what}});
  json items = json::array();
  for (const ItemTrajectory& t : trajectory.items) {
    const Item& item = model.items[t.item];
    json segments = json::array();
    for (const Segment& s : t.segments)
      segments.push_back({{"state", to_string(s.state)}, {"from", format_date(s.from)},
                          {"until", date_json(s.until)}, {"reason", s.reason}});
    bool hit = t.cut != kNever;
    items.push_back({{"item", item.id},
                     {"name", item.name},
                     {"firm", model.firms[item.maker].id},
                     {"cut", date_json(t.cut)},
                     {"time_to_survive_months", hit ? months_json(t.survive) : json(nullptr)},
                     {"time_to_recover_months", hit ? months_json(t.recover) : json(nullptr)},
                     {"exposure_months", hit ? months_json(exposure(t)) : json(nullptr)},
                     {"segments", std::move(segments)}});
  }
  return json{{"format", 1},
              {"schema_version", schema_version("trajectory")},
              {"first", format_date(trajectory.first)},
              {"until", date_json(trajectory.until)},
              {"intervals", trajectory.intervals},
              {"events", std::move(events)},
              {"items", std::move(items)}};
}

std::string render_trajectory(const Model& model, const Trajectory& trajectory, Format format) {
  if (format == Format::kJson) return trajectory_json(model, trajectory).dump(2) + "\n";
  if (format == Format::kCsv) {
    std::string out = csv_row({"item", "firm", "state", "from", "until", "reason"});
    for (const ItemTrajectory& t : trajectory.items) {
      const Item& item = model.items[t.item];
      for (const Segment& s : t.segments)
        out += csv_row({item.id, model.firms[item.maker].id, std::string(to_string(s.state)),
                        format_date(s.from), date_or_empty(s.until), s.reason});
    }
    return out;
  }
  if (trajectory.events.empty()) return "No dated scenario: nothing happens over time.\n";
  std::string out = "Events\n";
  TextTable events({"date", "event"});
  for (const DatedEvent& e : trajectory.events) events.add_row({format_date(e.day), e.what});
  out += events.str();
  if (trajectory.items.empty()) return out + "\nNo item is ever degraded, lost or recovered.\n";
  out += "\nTime to survive and time to recover (months after the trouble began)\n";
  TextTable summary({"firm", "item", "trouble", "survive", "recover", "exposure"});
  for (const ItemTrajectory& t : trajectory.items) {
    if (t.cut == kNever) continue;
    const Item& item = model.items[t.item];
    summary.add_row({model.firms[item.maker].id, item.id, format_date(t.cut), months_cell(t.survive),
                     months_cell(t.recover), months_cell(exposure(t))});
  }
  if (!summary.empty()) out += summary.str();
  out += "\nIntervals (until: first day of the next state; empty: onwards)\n";
  TextTable table({"item", "firm", "state", "from", "until", "reason"});
  for (const ItemTrajectory& t : trajectory.items) {
    const Item& item = model.items[t.item];
    for (const Segment& s : t.segments)
      table.add_row({item.id, model.firms[item.maker].id, std::string(to_string(s.state)), format_date(s.from),
                     date_or_empty(s.until), s.reason});
  }
  return out + table.str();
}

namespace {

std::string_view state_colour(ItemState state) {
  switch (state) {
    case ItemState::kOk: return "#e9ecef";
    case ItemState::kDegraded: return "#f4a93b";
    case ItemState::kLost: return "#d1362f";
    case ItemState::kRecovered: return "#3a9a4a";
    case ItemState::kNotYet: return "#b9d3ee";
    case ItemState::kGone: return "#8c8c8c";
  }
  return "#ffffff";
}

std::string_view state_label(ItemState state) {
  switch (state) {
    case ItemState::kOk: return "made as before";
    case ItemState::kDegraded: return "degraded (supply cut, on stock)";
    case ItemState::kLost: return "lost";
    case ItemState::kRecovered: return "recovered (plan landed)";
    case ItemState::kNotYet: return "not yet introduced";
    case ItemState::kGone: return "discontinued";
  }
  return "";
}

}  // namespace

std::string trajectory_svg(const Model& model, const Trajectory& trajectory) {
  constexpr int kWidth = 1200, kRight = 40, kRow = 26, kBar = 18;
  // Labels "name (maker)", cut at 48 columns; the chart starts after the
  // longest (about 7 px a column at 13 px).
  auto label_of = [&](const ItemTrajectory& t) {
    const Item& item = model.items[t.item];
    std::string name = item.name;
    if (display_width(name) > 48) name = name.substr(0, 45) + "...";
    return std::pair{name, model.firms[item.maker].name};
  };
  size_t widest = 10;
  for (const ItemTrajectory& t : trajectory.items) {
    auto [name, maker] = label_of(t);
    widest = std::max(widest, display_width(name) + display_width(maker) + 3);
  }
  const int kLeft = static_cast<int>(std::min<size_t>(widest, 70) * 7 + 24);
  // The time span: first event to the horizon, else a little past the last change.
  Day first = trajectory.first, last = first;
  for (const DatedEvent& e : trajectory.events) last = std::max(last, e.day);
  for (const ItemTrajectory& t : trajectory.items)
    for (const Segment& s : t.segments) {
      last = std::max(last, s.from);
      if (s.until != kNever) last = std::max(last, s.until);
    }
  if (trajectory.until != kNever) last = trajectory.until + 1;
  else last += std::max<Day>(90, (last - first) / 10);
  if (last <= first) last = first + 365;
  const double span = static_cast<double>(last - first);
  auto x_of = [&](Day d) {
    d = std::clamp(d, first, last);
    return kLeft + (kWidth - kLeft - kRight) * static_cast<double>(d - first) / span;
  };
  // Events sharing a day share a number in the key.
  std::map<Day, std::vector<std::string>> by_day;
  for (const DatedEvent& e : trajectory.events) by_day[e.day].push_back(e.what);

  const int title_h = 40, legend_h = 34, axis_h = 30;
  const int rows_top = title_h + legend_h + 24;
  const int rows = static_cast<int>(std::max<size_t>(1, trajectory.items.size()));
  const int axis_y = rows_top + rows * kRow + 6;
  const int key_top = axis_y + axis_h + 16;
  const int height = key_top + 20 * static_cast<int>(by_day.size()) + 20;

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n",
      kWidth, height);
  out += fmt::format("<text x=\"16\" y=\"26\" font-size=\"18\" font-weight=\"bold\">{}</text>\n",
                     html_escape(model.name.empty() ? std::string("Trajectory") : model.name + ": trajectory"));
  // Legend.
  int lx = 16;
  for (ItemState s : {ItemState::kOk, ItemState::kDegraded, ItemState::kLost, ItemState::kRecovered,
                      ItemState::kNotYet, ItemState::kGone}) {
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\" stroke=\"#555\" stroke-width=\"0.5\"/>"
                       "<text x=\"{}\" y=\"{}\">{}</text>\n",
                       lx, title_h + 8, state_colour(s), lx + 19, title_h + 20, html_escape(state_label(s)));
    lx += 34 + static_cast<int>(state_label(s).size()) * 8;
  }
  // Year (or quarter) grid and axis labels.
  CivilDate from = civil_from_days(first), to = civil_from_days(last);
  bool quarters = to.year - from.year < 3;
  for (int y = from.year; y <= to.year; ++y)
    for (unsigned m = 1; m <= 12; m += quarters ? 3 : 12) {
      Day d = days_from_civil(y, m, 1);
      if (d < first || d > last) continue;
      double x = x_of(d);
      bool year = m == 1;
      out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"{3}\" stroke-width=\"1\"/>\n",
                         x, rows_top - 6, axis_y, year ? "#bbbbbb" : "#e4e4e4");
      out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#333\"{}>{}</text>\n", x, axis_y + 18,
                         year ? " font-weight=\"bold\"" : "", year ? fmt::format("{}", y) : fmt::format("{}-{:02}", y, m));
    }
  out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#333\"/>\n", kLeft, axis_y,
                     kWidth - kRight);
  // Bars.
  int row = 0;
  for (const ItemTrajectory& t : trajectory.items) {
    const Item& item = model.items[t.item];
    int y = rows_top + row * kRow;
    auto [name, maker] = label_of(t);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} <tspan fill=\"#666\">({})</tspan></text>\n",
                       kLeft - 8, y + kBar - 4, html_escape(name), html_escape(maker));
    for (const Segment& s : t.segments) {
      double x0 = x_of(s.from), x1 = x_of(s.until == kNever ? last : s.until);
      if (x1 <= x0) continue;
      out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}: {} from {}{}{}</title></rect>\n",
                         x0, y, x1 - x0, kBar, state_colour(s.state), html_escape(item.id), to_string(s.state),
                         format_date(s.from), s.until == kNever ? "" : " until " + format_date(s.until),
                         s.reason.empty() ? "" : html_escape(": " + s.reason));
    }
    ++row;
  }
  // Event lines, numbered, and their key.
  int number = 1, key_y = key_top;
  out += fmt::format("<text x=\"16\" y=\"{}\" font-weight=\"bold\">Events</text>\n", key_y - 4);
  for (const auto& [d, whats] : by_day) {
    double x = x_of(d);
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1}\" x2=\"{0:.1f}\" y2=\"{2}\" stroke=\"#1f3b73\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\n"
                       "<circle cx=\"{0:.1f}\" cy=\"{3}\" r=\"8\" fill=\"#1f3b73\"/>"
                       "<text x=\"{0:.1f}\" y=\"{4}\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"11\" font-weight=\"bold\">{5}</text>\n",
                       x, rows_top - 10, axis_y, rows_top - 14, rows_top - 10, number);
    std::string text = fmt::format("{}  {}", format_date(d), whats.front());
    if (whats.size() > 1) text += fmt::format(" (and {} more)", whats.size() - 1);
    out += fmt::format("<circle cx=\"24\" cy=\"{}\" r=\"8\" fill=\"#1f3b73\"/><text x=\"24\" y=\"{}\" text-anchor=\"middle\" fill=\"#fff\" font-size=\"11\" font-weight=\"bold\">{}</text>"
                       "<text x=\"40\" y=\"{}\">{}</text>\n",
                       key_y + 10, key_y + 14, number, key_y + 14, html_escape(text));
    key_y += 20;
    ++number;
  }
  return out + "</svg>\n";
}

}  // namespace decouple
