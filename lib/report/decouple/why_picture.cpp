#include "decouple/why_picture.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "decouple/dot_export.h"
#include "decouple/escape.h"
#include "decouple/explain.h"
#include "decouple/plain_words.h"

namespace decouple {
namespace {

constexpr std::string_view kLost = "#d32f2f";
constexpr std::string_view kDegraded = "#ffb300";
constexpr std::string_view kLive = "#90a4ae";
constexpr std::string_view kLostSupply = "#8e1b1b";
constexpr std::string_view kActionLine = "#455a64";
constexpr std::string_view kMoreLine = "#b0bec5";

// The styles, one meaning each; the key is drawn from the same table.
struct LineStyle {
  std::string_view cls, attrs, sample, meaning;
};
constexpr LineStyle kLineStyles[] = {
    {"cut", "color=\"#d32f2f\", penwidth=2.4", "———", "supply link cut by a law"},
    {"upstream", "color=\"#8e1b1b\", style=dashed, penwidth=1.6", "- - -", "supplier's own item is lost"},
    {"action", "color=\"#455a64\", style=dotted, penwidth=1.4", "·······", "law that hit it"},
    {"more", "color=\"#b0bec5\", penwidth=0.8", "———", "continues beyond the picture"},
};

// "US Entity List": who acted and how, in a reader's words.
std::string law_name(const AppliedAction& a) {
  std::string_view kind = action_kind(a.action->body);
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"entity_list", "Entity List"},    {"embargo", "embargo"},        {"ban", "blacklist"},
      {"license", "licence"},            {"de_minimis", "de minimis rule"},
      {"foreign_direct_product", "direct product rule"}};
  std::string words(kind);
  for (const auto& [k, w] : kWords)
    if (k == kind) words = w;
  Country by = action_actor(a.action->body);
  return by.empty() ? words : fmt::format("{} {}", by.view(), words);
}


// DOT text built node by node and line by line, counting what it draws.
class Drawing {
 public:
  Drawing(const Model& model, const ScenarioCuts& cuts) : model_(model), cuts_(cuts) {}

  bool has(const std::string& id) const { return nodes_.count(id) > 0; }

  // An item or firm node: `state` is "lost", "degraded" or "live".
  void thing(const std::string& id, const std::string& title, const std::string& subtitle, Country country,
             std::string_view state, const std::string& tooltip, bool focus = false,
             const std::string& cluster = {}) {
    if (has(id)) return;
    std::string_view border = state == "lost" ? kLost : state == "degraded" ? kDegraded : kLive;
    double pen = state == "live" ? 1.0 : 2.6;
    std::string text = fmt::format("<B>{}</B><BR/><FONT POINT-SIZE=\"9\">{}</FONT>", wrapped_label(title, 22),
                                   wrapped_label(subtitle, 28));
    add_node(id, fmt::format("label=<{}>, shape=box, style=\"rounded,filled\", fillcolor=\"{}\", color=\"{}\", "
                             "penwidth={}{}, class=\"{}{}\", tooltip={}",
                             text, country_colour(country), border, focus ? 4.0 : pen, focus ? ", peripheries=2" : "",
                             state, focus ? " focus" : "", dot_quoted(tooltip)),
             cluster);
    if (state == "lost") ++counts_.lost_nodes;
    else if (state == "degraded") ++counts_.degraded_nodes;
    else ++counts_.live_nodes;
    if (!country.empty()) countries_.insert(country);
  }

  // The node of applied action `applied`.
  std::string action(uint32_t applied) {
    std::string id = fmt::format("law {}", applied);
    if (has(id)) return id;
    const AppliedAction& a = cuts_.applied[applied];
    std::string tag = law_name(a);
    std::string when = action_month(model_, a);
    add_node(id, fmt::format("label=<<B>{}</B>{}>, shape=box, style=\"filled\", fillcolor=\"#37474f\", "
                             "fontcolor=\"white\", color=\"#37474f\", class=\"law\", tooltip={}",
                             dot_label_text(tag), when.empty() ? "" : "<BR/>" + dot_label_text(when),
                             dot_quoted(describe_action(model_, a))));
    ++counts_.action_nodes;
    return id;
  }

  // A "+N more WHAT" node standing for `hidden` things left out (each
  // named once, so one thing met twice counts once).
  void more(const std::string& id, const std::string& what, const std::string& hidden,
            const std::string& cluster = {}) {
    auto& m = more_[id];
    m.what = what;
    m.cluster = cluster;
    m.hidden.insert(hidden);
    nodes_.insert(id);
  }

  // One line of a style of kLineStyles; `weight` > 1 is written on it.
  void line(const std::string& from, const std::string& to, std::string_view cls, size_t weight = 1,
            const std::string& tooltip = {}) {
    const LineStyle& style = *std::find_if(std::begin(kLineStyles), std::end(kLineStyles),
                                           [&](const LineStyle& s) { return s.cls == cls; });
    lines_ += fmt::format("  {} -> {} [{}, class=\"{}\"{}{}];\n", dot_quoted(from), dot_quoted(to), style.attrs, cls,
                          weight > 1 ? fmt::format(", label=\"{}\", fontsize=9", weight) : "",
                          tooltip.empty() ? "" : ", tooltip=" + dot_quoted(tooltip));
    if (cls == "cut") ++counts_.cut_lines;
    else if (cls == "upstream") ++counts_.lost_supply_lines;
    else if (cls == "action") ++counts_.action_lines;
    else ++counts_.more_lines;
  }

  Picture finish(const std::string& title) {
    counts_.countries.assign(countries_.begin(), countries_.end());
    for (const auto& [id, m] : more_) {
      std::string tooltip;
      size_t listed = 0;
      for (const std::string& h : m.hidden)
        if (listed++ < 30) tooltip += (tooltip.empty() ? "" : ", ") + h;
      if (m.hidden.size() > 30) tooltip += ", ...";
      clusters_[m.cluster] += fmt::format(
          "  {} [label={}, shape=note, style=filled, fillcolor=\"#eceff1\", color=\"#90a4ae\", class=\"more\", "
          "tooltip={}];\n",
          dot_quoted(id), dot_quoted(fmt::format("+{} more {}", m.hidden.size(), m.what)), dot_quoted(tooltip));
      counts_.hidden += m.hidden.size();
    }
    std::string out = "digraph decouple {\n";
    out += "  graph [rankdir=LR, size=\"10.2,60\", nodesep=0.18, ranksep=0.45, "
           "fontname=\"Helvetica\", fontsize=13, labelloc=t, label=" + dot_quoted(title) + "];\n";
    out += "  node [fontname=\"Helvetica\", fontsize=11, margin=\"0.08,0.04\"];\n";
    out += "  edge [fontname=\"Helvetica\", arrowsize=0.7];\n";
    for (const auto& [cluster, body] : clusters_) {
      if (cluster.empty()) {
        out += body;
        continue;
      }
      Country c = *Country::parse(cluster);
      out += fmt::format("  subgraph {} {{\n    graph [label={}, style=\"rounded,filled\", fillcolor=\"{}\", "
                         "color=\"#cfd8dc\", fontsize=11];\n{}  }}\n",
                         dot_quoted("cluster_" + cluster), dot_quoted(country_name(c)), country_colour(c), body);
    }
    out += lines_;
    out += key();
    out += "  { rank=sink; \"key\"; }\n";
    out += "}\n";
    return Picture{std::move(out), counts_};
  }

 private:
  void add_node(const std::string& id, const std::string& attrs, const std::string& cluster = {}) {
    nodes_.insert(id);
    clusters_[cluster] += fmt::format("  {} [{}];\n", dot_quoted(id), attrs);
  }

  // The key: each line style drawn and each node state drawn, with its
  // count, and the countries.
  std::string key() const {
    std::string rows;
    auto row = [&](std::string_view cls, std::string_view sample, std::string_view colour, std::string_view meaning,
                   size_t n) {
      if (n == 0) return;
      rows += fmt::format("<TR><TD ALIGN=\"LEFT\"><FONT COLOR=\"{}\">{}</FONT></TD><TD ALIGN=\"LEFT\" "
                          "HREF=\"#\" TOOLTIP=\"{}\">{}: {}</TD></TR>",
                          colour, sample, cls, meaning, n);
    };
    const size_t lines[] = {counts_.cut_lines, counts_.lost_supply_lines, counts_.action_lines, counts_.more_lines};
    const std::string_view colours[] = {kLost, kLostSupply, kActionLine, kMoreLine};
    for (size_t k = 0; k < std::size(kLineStyles); ++k)
      row(kLineStyles[k].cls, kLineStyles[k].sample, colours[k], kLineStyles[k].meaning, lines[k]);
    row("lost", "▢", kLost, "red outline: lost", counts_.lost_nodes);
    row("degraded", "▢", kDegraded, "amber outline: degraded", counts_.degraded_nodes);
    row("live", "▢", kLive, "grey outline: unchanged", counts_.live_nodes);
    row("law", "■", "#37474f", "law", counts_.action_nodes);
    row("hidden", "…", "#607d8b", "not drawn (in +N more)", counts_.hidden);
    for (Country c : countries_)
      rows += fmt::format("<TR><TD BGCOLOR=\"{}\">    </TD><TD ALIGN=\"LEFT\">{} ({})</TD></TR>", country_colour(c),
                          dot_label_text(country_name(c)), c.view());
    return fmt::format("  \"key\" [shape=plaintext, class=\"key\", fontsize=10, label=<<TABLE BORDER=\"1\" "
                       "COLOR=\"#cfd8dc\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"2\"><TR><TD "
                       "COLSPAN=\"2\"><B>Key</B></TD></TR>{}</TABLE>>];\n",
                       rows);
  }

  struct More {
    std::string what, cluster;
    std::set<std::string> hidden;
  };
  const Model& model_;
  const ScenarioCuts& cuts_;
  std::map<std::string, More> more_;
  std::set<std::string> nodes_;
  std::map<std::string, std::string> clusters_;  // "" for nodes outside any cluster
  std::string lines_;
  std::set<Country> countries_;
  PictureCounts counts_;
};

std::string item_node(const Model& model, ItemIndex item) { return "item " + model.items[item].id; }

std::string_view item_state(const Evaluation& ev, ItemIndex item) {
  if (ev.state.lost(item)) return "lost";
  for (const VendorImpact& v : ev.impact.vendors)
    for (const DegradedNeed& d : v.degraded)
      if (d.item == item) return "degraded";
  return "live";
}

}  // namespace

Picture why_picture(const SupplyGraph& graph, const Evaluation& ev, ItemIndex focus, const PictureLimits& limits) {
  const Model& model = graph.model();
  Explanation why = explain_item(graph, ev.cuts, ev.state, focus);
  Drawing drawing(model, ev.cuts);
  const auto& reasons = why.reasons;
  size_t items_drawn = 0;
  std::set<std::pair<std::string, std::string>> drawn_lines;
  // Draws item `item` unless the cap is reached; false when left out.
  auto draw_item = [&](ItemIndex item, bool is_focus) {
    std::string id = item_node(model, item);
    if (drawing.has(id)) return true;
    if (items_drawn >= limits.max_items) return false;
    const Item& i = model.items[item];
    const Firm& maker = model.firms[i.maker];
    drawing.thing(id, i.name, fmt::format("{} · {}", maker.name, maker.country.view()), maker.country,
                  item_state(ev, item), fmt::format("{} (made by {})", i.id, maker.id), is_focus);
    ++items_drawn;
    return true;
  };
  auto once = [&](const std::string& from, const std::string& to, std::string_view cls) {
    if (drawn_lines.insert({from + "\x1f" + std::string(cls), to}).second) drawing.line(from, to, cls);
  };
  std::vector<uint32_t> laws;  // applied actions, in the order met
  auto law = [&](uint32_t applied, const std::string& to) {
    auto it = std::find(laws.begin(), laws.end(), applied);
    size_t rank = static_cast<size_t>(it - laws.begin());
    if (it == laws.end()) laws.push_back(applied);
    if (rank < limits.max_actions) {
      once(drawing.action(applied), to, "action");
    } else {
      drawing.more("more laws", "laws", describe_action(model, ev.cuts.applied[applied]));
      once("more laws", to, "more");
    }
  };

  draw_item(focus, true);
  std::deque<uint32_t> queue = {why.roots[0]};
  std::vector<uint8_t> seen(reasons.size(), 0);
  seen[why.roots[0]] = 1;
  while (!queue.empty()) {
    const Reason& r = reasons[queue.front()];
    queue.pop_front();
    std::string consumer = item_node(model, r.item);
    for (uint32_t c : r.children) {
      const Reason& child = reasons[c];
      if (child.kind == Reason::Kind::kMakerBanned && child.action != kNone) law(child.action, consumer);
      if (child.kind != Reason::Kind::kNeedDead && child.kind != Reason::Kind::kNeedDegraded) continue;
      for (uint32_t o : child.children) {
        const Reason& option = reasons[o];
        if (option.kind != Reason::Kind::kOptionCut && option.kind != Reason::Kind::kOptionItemLost) continue;
        std::string supplier = item_node(model, option.item);
        if (!draw_item(option.item, false)) {
          drawing.more("more items", "items", model.items[option.item].id);
          once("more items", consumer, "more");
          continue;
        }
        if (option.kind == Reason::Kind::kOptionCut) {
          once(supplier, consumer, "cut");
          const Cut& cut = ev.cuts.cuts[option.cut];
          law(cut.action, consumer);
          // The rule that let the law reach a foreign-made item (a direct
          // product rule) hit it too.
          if (cut.why.action != kNone && cut.why.action != cut.action) law(cut.why.action, consumer);
        } else {
          once(supplier, consumer, "upstream");
          for (uint32_t item_node_id : option.children)
            if (!seen[item_node_id]) {
              seen[item_node_id] = 1;
              queue.push_back(item_node_id);
            }
        }
      }
    }
  }
  const Item& item = model.items[focus];
  std::string title = fmt::format("Why {} {}", item.name,
                                  ev.state.lost(focus)              ? "is lost"
                                  : item_state(ev, focus) == "live" ? "is not affected"
                                                                    : "is still made, with less supply");
  Picture picture = drawing.finish(title);
  return picture;
}

Picture changes_picture(const SupplyGraph& graph, const Evaluation& ev, const PictureLimits& limits) {
  const Model& model = graph.model();
  Drawing drawing(model, ev.cuts);
  // The affected firms, most hit first; past the cap they share a node.
  std::vector<const VendorImpact*> vendors;
  for (const VendorImpact& v : ev.impact.vendors) vendors.push_back(&v);
  std::stable_sort(vendors.begin(), vendors.end(), [](const VendorImpact* a, const VendorImpact* b) {
    auto weight = [](const VendorImpact* v) {
      return std::tuple(v->banned || !v->lost.empty(), v->lost.size(), v->degraded.size(), v->cuts.size());
    };
    return weight(a) > weight(b);
  });
  std::vector<std::string> node(model.firms.size());  // empty: not affected
  for (size_t k = 0; k < vendors.size(); ++k) {
    const VendorImpact& v = *vendors[k];
    const Firm& firm = model.firms[v.firm];
    if (k >= limits.max_firms) {
      node[v.firm] = "more firms";
      drawing.more("more firms", "firms hit", firm.name);
      continue;
    }
    std::set<ItemIndex> degraded;
    for (const DegradedNeed& d : v.degraded) degraded.insert(d.item);
    std::vector<std::string> facts;
    if (v.banned) facts.push_back("blacklisted");
    if (!v.lost.empty()) facts.push_back(fmt::format("{} lost", v.lost.size()));
    if (!degraded.empty()) facts.push_back(fmt::format("{} degraded", degraded.size()));
    if (facts.empty()) facts.push_back(fmt::format("{} links cut, nothing lost", v.cuts.size()));
    std::string subtitle;
    for (const std::string& f : facts) subtitle += (subtitle.empty() ? "" : " · ") + f;
    std::string tooltip = firm.id + ":";
    for (ItemIndex i : v.lost) tooltip += " " + model.items[i].id + " (lost)";
    for (ItemIndex i : degraded) tooltip += " " + model.items[i].id + " (degraded)";
    node[v.firm] = "firm " + firm.id;
    drawing.thing(node[v.firm], firm.name, subtitle, firm.country,
                  v.banned || !v.lost.empty() ? "lost" : !degraded.empty() ? "degraded" : "live", tooltip, false,
                  firm.country.str());
  }
  // Suppliers that lost nothing: one node per country, drawn once known.
  std::map<Country, std::set<std::string>> unchanged;
  auto supplier = [&](FirmIndex f) {
    if (!node[f].empty()) return node[f];
    Country c = model.firms[f].country;
    unchanged[c].insert(short_firm_name(model, f));
    return "unchanged " + c.str();
  };
  std::map<std::tuple<std::string, std::string, std::string_view>, size_t> lines;
  std::vector<std::pair<uint32_t, std::string>> law_lines;  // (applied action, firm node)
  for (OptionIndex o = 0; o < model.options.size(); ++o) {
    if (!ev.cuts.is_cut(o)) continue;
    const std::string& to = node[model.recipient_of(o)];
    if (to.empty()) continue;
    std::string from = supplier(model.supplier_of(o));
    if (from != to) ++lines[{from, to, "cut"}];
    law_lines.emplace_back(ev.cuts.cuts[ev.cuts.first_cut[o]].action, to);
  }
  for (ItemIndex lost : ev.state.lost_items())
    for (OptionIndex o : graph.users_of(lost)) {
      if (!model.options[o].is_current() || ev.cuts.is_cut(o) || ev.state.option_absent(o)) continue;
      const std::string& to = node[model.recipient_of(o)];
      const std::string& from = node[model.items[lost].maker];
      if (!to.empty() && !from.empty() && from != to) ++lines[{from, to, "upstream"}];
    }
  for (FirmIndex f = 0; f < model.firms.size(); ++f)
    if (ev.cuts.banned[f] != kNone && !node[f].empty()) law_lines.emplace_back(ev.cuts.banned[f], node[f]);
  for (const auto& [country, names] : unchanged) {
    std::string list;
    size_t k = 0;
    for (const std::string& n : names) {
      if (k++ == 3) {
        list += fmt::format(" +{}", names.size() - 3);
        break;
      }
      list += (list.empty() ? "" : ", ") + n;
    }
    std::string all;
    for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
    drawing.thing("unchanged " + country.str(),
                  fmt::format("{} {} supplier{}", names.size(), country.empty() ? "other" : country.str(),
                              names.size() == 1 ? "" : "s"),
                  "unchanged: " + list, country, "live", "suppliers that lost nothing: " + all, false,
                  country.str());
  }
  // The firms past the cap are one node without lines: a line into it
  // would stand for links among firms the picture does not show.
  for (const auto& [key, n] : lines)
    if (std::get<0>(key) != "more firms" && std::get<1>(key) != "more firms")
      drawing.line(std::get<0>(key), std::get<1>(key), std::get<2>(key), n);
  // Laws, those that hit most first; past the cap they share a node.
  // Only hits on drawn firms count: a law whose firms are all behind
  // "+N more" would be a box without lines.
  std::erase_if(law_lines, [](const auto& hit) { return hit.second == "more firms"; });
  std::map<uint32_t, size_t> hits;
  for (const auto& [law, to] : law_lines) ++hits[law];
  std::vector<uint32_t> laws;
  for (const auto& [law, n] : hits) laws.push_back(law);
  std::stable_sort(laws.begin(), laws.end(), [&](uint32_t a, uint32_t b) { return hits[a] > hits[b]; });
  std::set<std::pair<std::string, std::string>> drawn;
  for (size_t k = 0; k < laws.size(); ++k) {
    std::string from = k < limits.max_actions ? drawing.action(laws[k]) : "more laws";
    if (k >= limits.max_actions) drawing.more("more laws", "laws", describe_action(model, ev.cuts.applied[laws[k]]));
    for (const auto& [law, to] : law_lines)
      if (law == laws[k] && drawn.insert({from, to}).second)
        drawing.line(from, to, k < limits.max_actions ? "action" : "more");
  }
  std::string title = ev.scenario ? "What changed: " + model.scenarios[*ev.scenario].name
                                  : std::string("What changed: your blacklist");
  if (vendors.empty()) title += " (nothing)";
  return drawing.finish(title);
}

}  // namespace decouple
