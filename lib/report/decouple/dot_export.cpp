#include "decouple/dot_export.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "decouple/escape.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

constexpr std::string_view kLost = "#d32f2f";
constexpr std::string_view kDegraded = "#ffb300";
constexpr std::string_view kRecovered = "#2e7d32";
constexpr std::string_view kLicensed = "#1e88e5";
constexpr std::string_view kDeadEdge = "#ef9a9a";
constexpr std::string_view kLiveEdge = "#607d8b";

}  // namespace

std::string wrapped_label(std::string_view text, size_t width) {
  std::string out, line;
  size_t start = 0;
  while (start <= text.size()) {
    size_t space = std::min(text.find(' ', start), text.size());
    std::string_view word = text.substr(start, space - start);
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      out += dot_label_text(line) + "<BR/>";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    start = space + 1;
  }
  return out + dot_label_text(line);
}

namespace {

// "entity list US": the action's kind and actor, short enough for an edge.
std::string action_tag(const AppliedAction& applied) {
  std::string kind(action_kind(applied.action->body));
  std::replace(kind.begin(), kind.end(), '_', ' ');
  Country by = action_actor(applied.action->body);
  return by.empty() ? kind : fmt::format("{} {}", kind, by.view());
}

// The state of one item in the picture, strongest first.
enum class Paint : uint8_t { kPlain, kDegraded, kLost, kRecovered };

// One drawn edge: every option between the same supplier and consumer item.
struct Edge {
  ItemIndex supplier = kNone;
  ItemIndex consumer = kNone;
  bool any_current = false;
  bool cut = false;
  bool dead = false;      // some option's supplied item is lost
  bool licensed = false;  // some option re-opened by a license
  bool recovery = false;  // the recovery plan switches to one of the options
  bool same_tier = false; // on a supply cycle: drawn without bending ranks
  std::set<std::string> labels;
  std::set<std::string> needs;
};

// Calls f(supplied item) for every option (current or alternative) of every
// need of `item`.
template <typename F>
void for_each_supplier(const Model& model, ItemIndex item, F&& f) {
  const Item& i = model.items[item];
  for (NeedIndex n = i.first_need; n < i.first_need + i.need_count; ++n) {
    const Need& need = model.needs[n];
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
      f(model.options[o].item);
  }
}

}  // namespace

std::string country_colour(Country country) {
  // Pale fills, far from the red, amber and green of item states.
  static const std::map<std::string_view, std::string_view> kKnown = {
      {"US", "#dde8f7"}, {"CN", "#fbe9e1"}, {"TW", "#e3f1de"}, {"JP", "#f1e4f3"},
      {"KR", "#e7e4f7"}, {"NL", "#fdf3d4"}, {"DE", "#ebebeb"}, {"GB", "#dcf0ee"},
      {"FR", "#e4ecf2"}, {"IL", "#eef4da"}, {"SG", "#f5e6e9"}, {"IN", "#f7ecd9"}};
  static constexpr std::string_view kOthers[] = {"#e9f3f7", "#f3efe4", "#efe9f5", "#e6f2ea",
                                                 "#f6ebe6", "#eaeaf4", "#f0f4e6", "#f4e9ef"};
  if (country.empty()) return "#f2f2f2";
  auto it = kKnown.find(country.view());
  if (it != kKnown.end()) return std::string(it->second);
  std::string_view code = country.view();
  unsigned hash = static_cast<unsigned char>(code[0]) * 31u + static_cast<unsigned char>(code[1]);
  return std::string(kOthers[hash % std::size(kOthers)]);
}

std::vector<uint32_t> supply_tiers(const SupplyGraph& graph) {
  const Model& model = graph.model();
  const std::vector<uint32_t>& component = graph.components();
  // Components are numbered so suppliers come after their users; walking
  // from the highest number down sees every supplier's tier first.
  std::vector<std::vector<ItemIndex>> members(graph.component_count());
  for (ItemIndex i = 0; i < model.items.size(); ++i) members[component[i]].push_back(i);
  std::vector<uint32_t> tier_of_component(graph.component_count(), 0);
  for (uint32_t c = graph.component_count(); c-- > 0;) {
    uint32_t tier = 0;
    for (ItemIndex i : members[c])
      for_each_supplier(model, i, [&](ItemIndex s) {
        if (component[s] != c) tier = std::max(tier, tier_of_component[component[s]] + 1);
      });
    tier_of_component[c] = tier;
  }
  std::vector<uint32_t> tiers(model.items.size());
  for (ItemIndex i = 0; i < model.items.size(); ++i) tiers[i] = tier_of_component[component[i]];
  return tiers;
}

std::vector<ItemIndex> focus_neighbourhood(const SupplyGraph& graph, std::span<const ItemIndex> seeds,
                                           uint32_t depth) {
  const Model& model = graph.model();
  std::vector<uint8_t> kept(model.items.size(), 0);
  // Two breadth-first searches, one per direction, so "up then down"
  // (a supplier's other customers) does not flood the picture.
  for (bool upstream : {true, false}) {
    std::vector<uint32_t> distance(model.items.size(), kNone);
    std::vector<ItemIndex> frontier;
    for (ItemIndex s : seeds) {
      if (distance[s] == kNone) frontier.push_back(s);
      distance[s] = 0;
      kept[s] = 1;
    }
    for (uint32_t step = 0; step < depth && !frontier.empty(); ++step) {
      std::vector<ItemIndex> next;
      auto reach = [&](ItemIndex to) {
        if (distance[to] != kNone) return;
        distance[to] = step + 1;
        kept[to] = 1;
        next.push_back(to);
      };
      for (ItemIndex i : frontier) {
        if (upstream) {
          for_each_supplier(model, i, reach);
        } else {
          for (OptionIndex o : graph.users_of(i)) reach(model.consumer_of(o));
        }
      }
      frontier = std::move(next);
    }
  }
  std::vector<ItemIndex> out;
  for (ItemIndex i = 0; i < model.items.size(); ++i)
    if (kept[i]) out.push_back(i);
  return out;
}

std::vector<ItemIndex> affected_items(const Model& model, const Evaluation& evaluation) {
  std::vector<ItemIndex> out;
  for (const VendorImpact& v : evaluation.impact.vendors) {
    out.insert(out.end(), v.lost.begin(), v.lost.end());
    for (const DegradedNeed& d : v.degraded) out.push_back(d.item);
  }
  for (const Cut& cut : evaluation.cuts.cuts) {
    out.push_back(model.options[cut.option].item);
    out.push_back(model.consumer_of(cut.option));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

DotOptions picture_options(const SupplyGraph& graph, const Evaluation* evaluation, PictureView view) {
  DotOptions options;
  options.evaluation = evaluation;
  size_t items = graph.model().items.size();
  bool whole = view == PictureView::kWhole ? items <= kWholeModelItems : items <= kSmallModelItems;
  if (!whole && evaluation) {
    // What changed and what explains it: the affected items plus every
    // supplier of a lost or degraded item, and nothing downstream of a
    // supplier (its other customers are not part of the story).
    const Model& model = graph.model();
    std::vector<ItemIndex> shown = affected_items(model, *evaluation);
    auto add_suppliers = [&](ItemIndex item) { for_each_supplier(model, item, [&](ItemIndex s) { shown.push_back(s); }); };
    for (const VendorImpact& v : evaluation->impact.vendors) {
      for (ItemIndex i : v.lost) add_suppliers(i);
      for (const DegradedNeed& d : v.degraded) add_suppliers(d.item);
    }
    std::sort(shown.begin(), shown.end());
    shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
    options.focus = std::move(shown);
    options.depth = 0;
    options.mark_focus = false;
    if (options.focus.empty()) options.title = graph.model().name + " — nothing affected";
  }
  return options;
}

std::string to_dot(const SupplyGraph& graph, const DotOptions& options) {
  const Model& model = graph.model();
  const Evaluation* ev = options.evaluation;
  const size_t item_count = model.items.size();

  std::vector<uint8_t> shown(item_count, options.focus.empty() ? 1 : 0);
  if (!options.focus.empty())
    for (ItemIndex i : focus_neighbourhood(graph, options.focus, options.depth)) shown[i] = 1;
  std::vector<uint8_t> is_focus(item_count, 0);
  if (options.mark_focus)
    for (ItemIndex i : options.focus) is_focus[i] = 1;

  // Item states.
  std::vector<Paint> paint(item_count, Paint::kPlain);
  std::vector<std::string> note(item_count);  // tooltip: why it is painted
  if (ev) {
    for (const VendorImpact& v : ev->impact.vendors)
      for (const DegradedNeed& d : v.degraded) {
        paint[d.item] = Paint::kDegraded;
        std::string& n = note[d.item];
        n += fmt::format("{}degraded: {}", n.empty() ? "" : "; ",
                         d.need_lost ? fmt::format("need '{}' lost", model.needs[d.need].name)
                                     : fmt::format("{:.0f}% of '{}' lost", d.lost_share * 100,
                                                   model.needs[d.need].name));
      }
    for (ItemIndex i : ev->state.lost_items()) {
      paint[i] = Paint::kLost;
      NeedIndex n = ev->state.killing_need(i);
      note[i] = n == kNone ? "lost: its maker is banned"
                           : fmt::format("lost: need '{}' has no live current option", model.needs[n].name);
    }
  }
  std::vector<uint8_t> recovery_option(model.options.size(), 0);
  if (options.recovery) {
    for (ItemIndex i : options.recovery->items) {
      paint[i] = Paint::kRecovered;
      note[i] = "recovered by the plan";
    }
    for (OptionIndex o : options.recovery->options) recovery_option[o] = 1;
  }

  // Merge options into drawn edges, keyed by (supplier, consumer).
  const std::vector<uint32_t>& component = graph.components();
  std::map<std::pair<ItemIndex, ItemIndex>, Edge> edges;
  std::vector<uint8_t> boundary(item_count, 0);  // has neighbours left out of view
  std::vector<uint8_t> licensed(model.options.size(), 0);
  if (ev)
    for (const auto& [o, license] : ev->cuts.restored) licensed[o] = 1;
  for (OptionIndex o = 0; o < model.options.size(); ++o) {
    const Option& option = model.options[o];
    ItemIndex consumer = model.consumer_of(o);
    if (!shown[option.item] || !shown[consumer]) {
      if (shown[option.item]) boundary[option.item] = 1;
      if (shown[consumer]) boundary[consumer] = 1;
      continue;
    }
    Edge& e = edges[{option.item, consumer}];
    e.supplier = option.item;
    e.consumer = consumer;
    e.any_current = e.any_current || option.is_current();
    e.same_tier = component[option.item] == component[consumer];
    e.needs.insert(model.needs[option.need].name);
    e.recovery = e.recovery || recovery_option[o];
    e.licensed = e.licensed || licensed[o];
    if (ev) {
      if (ev->cuts.is_cut(o)) {
        e.cut = true;
        for (uint32_t c = ev->cuts.first_cut[o]; c < ev->cuts.cuts.size() && ev->cuts.cuts[c].option == o; ++c)
          e.labels.insert(action_tag(ev->cuts.applied[ev->cuts.cuts[c].action]));
      }
      if (ev->state.lost(option.item)) e.dead = true;
    }
  }

  std::vector<uint32_t> tiers = supply_tiers(graph);
  std::string out;
  out += "digraph decouple {\n";
  out += "  graph [rankdir=LR, newrank=true, nodesep=0.12, ranksep=0.7, fontname=\"Helvetica,Arial,sans-serif\","
         " fontsize=11, labelloc=t, labeljust=l, outputorder=edgesfirst, remincross=true];\n";
  out += "  node [shape=box, style=\"rounded,filled\", fillcolor=white, color=\"#455a64\", penwidth=1,"
         " fontname=\"Helvetica,Arial,sans-serif\", fontsize=10, height=0.3, margin=\"0.08,0.03\"];\n";
  out += fmt::format("  edge [color=\"{}\", arrowsize=0.6, penwidth=1, fontname=\"Helvetica,Arial,sans-serif\","
                     " fontsize=8];\n",
                     kLiveEdge);

  // Title and legend as the graph label.
  std::string title = options.title;
  if (title.empty()) {
    title = model.name;
    if (ev && ev->scenario) {
      const Scenario& s = model.scenarios[*ev->scenario];
      title += fmt::format(" — {}{}", s.name, s.date.empty() ? "" : " (" + s.date.str() + ")");
    }
    if (ev && !ev->blacklist.empty()) {
      std::string names;
      for (FirmIndex f : ev->blacklist) names += (names.empty() ? "" : ", ") + model.firms[f].id;
      title += fmt::format(" + blacklist: {}", names);
    }
  }
  // Label cut edges only when several actions cut: with one, the legend
  // names it once instead of on every red edge.
  std::set<std::string> cut_tags;
  for (const auto& [key, e] : edges) cut_tags.insert(e.labels.begin(), e.labels.end());
  const bool label_cuts = cut_tags.size() > 1;
  std::string legend;
  if (ev) {
    size_t cut_edges = 0;
    for (uint32_t c = 0; c < ev->cuts.cuts.size(); ++c)
      cut_edges += ev->cuts.first_cut[ev->cuts.cuts[c].option] == c;
    legend = fmt::format("red: lost ({}) · amber: degraded ({}) · red edges: cut ({}{})",
                         ev->impact.items_lost, ev->impact.items_degraded, cut_edges,
                         cut_tags.size() == 1 ? " by " + *cut_tags.begin() : std::string());
    if (!ev->cuts.restored.empty()) legend += fmt::format(" · blue: licensed ({})", ev->cuts.restored.size());
    if (options.recovery) legend += fmt::format(" · green: recovered ({})", options.recovery->items.size());
    legend += " · ";
  }
  legend += "dashed: alternative not used today";
  if (!options.focus.empty())
    legend += options.mark_focus
                  ? fmt::format(" · bold: focus, dashed outline: more beyond (depth {})", options.depth)
                  : " · only what changed and the suppliers that explain it";
  out += fmt::format("  label=<<B>{}</B><BR/><FONT POINT-SIZE=\"9\">{}</FONT>>;\n", dot_label_text(title),
                     dot_label_text(legend));

  // Clusters: one per firm with items in view, in model order.
  std::vector<std::vector<ItemIndex>> by_firm(model.firms.size());
  for (ItemIndex i = 0; i < item_count; ++i)
    if (shown[i]) by_firm[model.items[i].maker].push_back(i);
  for (FirmIndex f = 0; f < model.firms.size(); ++f) {
    if (by_firm[f].empty()) continue;
    const Firm& firm = model.firms[f];
    bool banned = ev && ev->state.banned(f);
    out += fmt::format("  subgraph {} {{\n", dot_quoted("cluster_" + firm.id));
    out += fmt::format("    label=<{} <FONT POINT-SIZE=\"8\">{}</FONT>{}>; style=\"rounded,filled\"; "
                       "fillcolor=\"{}\"; color=\"{}\"; penwidth={}; fontsize=10; tooltip={};\n",
                       wrapped_label(firm.name, 36), firm.country.view(),
                       banned ? fmt::format(" <FONT COLOR=\"{}\"><B>banned</B></FONT>", kLost) : "",
                       country_colour(firm.country), banned ? kLost : "#b0bec5", banned ? 2.5 : 1,
                       dot_quoted(fmt::format("{} ({})", firm.id, firm.country.view())));
    for (ItemIndex i : by_firm[f]) {
      const Item& item = model.items[i];
      std::string_view fill = "white", font = "black", sub = "#607d8b";
      switch (paint[i]) {
        case Paint::kPlain: break;
        case Paint::kDegraded: fill = kDegraded; sub = "#5d4037"; break;
        case Paint::kLost: fill = kLost; font = "white"; sub = "#ffebee"; break;
        case Paint::kRecovered: fill = kRecovered; font = "white"; sub = "#e8f5e9"; break;
      }
      std::string style = "rounded,filled";
      if (boundary[i] && options.mark_focus) style += ",dashed";
      if (is_focus[i]) style += ",bold";
      std::string tooltip = fmt::format("{} ({}, {})", item.id, to_string(item.kind), item.origin.view());
      if (!note[i].empty()) tooltip += " — " + note[i];
      out += fmt::format("    {} [label=<{}<BR/><FONT POINT-SIZE=\"7\" COLOR=\"{}\">{}</FONT>>, fillcolor=\"{}\","
                         " fontcolor=\"{}\", style=\"{}\"{}, tooltip={}];\n",
                         dot_quoted(item.id), wrapped_label(item.name, 24), sub, to_string(item.kind), fill, font, style,
                         is_focus[i] ? ", penwidth=2.5" : "", dot_quoted(tooltip));
    }
    out += "  }\n";
  }

  // Rank by tier: one column per supply tier, across clusters (newrank).
  std::map<uint32_t, std::vector<ItemIndex>> by_tier;
  for (ItemIndex i = 0; i < item_count; ++i)
    if (shown[i]) by_tier[tiers[i]].push_back(i);
  for (const auto& [tier, items] : by_tier) {
    out += "  { rank=same;";
    for (ItemIndex i : items) {
      // Appended piece by piece: GCC 12 at -O3 warns falsely
      // (-Wrestrict, GCC bug 105651) on " " + string + ";" here.
      out += ' ';
      out += dot_quoted(model.items[i].id);
      out += ';';
    }
    out += " }\n";
  }

  // Context first, the story last: later edges are drawn on top, so the
  // red and green paths are never hidden under grey ones.
  auto layer = [](const Edge& e) { return e.recovery ? 4 : e.cut ? 3 : e.licensed ? 2 : e.dead ? 1 : 0; };
  std::vector<const Edge*> ordered;
  for (const auto& [key, e] : edges) ordered.push_back(&e);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](const Edge* a, const Edge* b) { return layer(*a) < layer(*b); });
  // Under a scenario on a big picture, unaffected supply recedes.
  const bool recede = ev && edges.size() > 120;
  for (const Edge* edge : ordered) {
    const Edge& e = *edge;
    std::vector<std::string> attrs;
    if (!e.any_current) attrs.push_back("style=dashed");
    if (e.recovery) {
      attrs.push_back(fmt::format("color=\"{}\"", kRecovered));
      attrs.push_back("penwidth=2.2");
      attrs.push_back("style=bold");
    } else if (e.cut) {
      attrs.push_back(fmt::format("color=\"{}\"", kLost));
      attrs.push_back(fmt::format("fontcolor=\"{}\"", kLost));
      attrs.push_back("penwidth=1.8");
      if (label_cuts) {
        std::string label;
        for (const std::string& l : e.labels) label += (label.empty() ? "" : "\n") + l;
        attrs.push_back("label=" + dot_quoted(label));
      }
    } else if (e.licensed) {
      attrs.push_back(fmt::format("color=\"{}\"", kLicensed));
      attrs.push_back(fmt::format("fontcolor=\"{}\"", kLicensed));
      attrs.push_back("penwidth=1.5");
      attrs.push_back("label=\"licensed\"");
    } else if (e.dead) {
      attrs.push_back(fmt::format("color=\"{}\"", kDeadEdge));
    } else if (recede) {
      attrs.push_back("color=\"#cfd8dc\"");
      attrs.push_back("penwidth=0.7");
    }
    if (e.same_tier) attrs.push_back("constraint=false");
    std::string needs;
    for (const std::string& n : e.needs) needs += (needs.empty() ? "" : ", ") + n;
    attrs.push_back("tooltip=" + dot_quoted(fmt::format("{} -> {} [{}]", model.items[e.supplier].id,
                                                    model.items[e.consumer].id, needs)));
    std::string joined;
    for (const std::string& a : attrs) joined += (joined.empty() ? "" : ", ") + a;
    out += fmt::format("  {} -> {} [{}];\n", dot_quoted(model.items[e.supplier].id),
                       dot_quoted(model.items[e.consumer].id), joined);
  }
  out += "}\n";
  return out;
}

}  // namespace decouple
