#include "decouple/html_report.h"

#include <fmt/format.h>

#include "decouple/escape.h"
#include "decouple/report.h"

namespace decouple {
namespace {

using nlohmann::json;

std::string text_of(const json& node, const char* key) {
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string percent(double share) { return fmt::format("{:.0f}%", share * 100); }

}  // namespace

// Markdown table cells: pipes and line breaks would end the cell.
std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

namespace {

std::string scenario_title(const json& scenario) {
  std::string title = text_of(scenario, "name");
  std::string date = text_of(scenario, "date");
  if (!date.empty()) title += " (" + date + ")";
  return title;
}

// What a degraded entry says, e.g. "30% of current supply lost".
std::string degraded_effect(const json& d) {
  if (d.value("need_lost", false)) return "non-critical need lost";
  return fmt::format("{} of current supply lost", percent(d.value("lost_share", 0.0)));
}

std::string cut_text(const json& c) {
  return fmt::format("{} ({}) → {} [{}{}]: {}; {}", text_of(c, "option"), text_of(c, "supplier"),
                     text_of(c, "item"), text_of(c, "need"),
                     text_of(c, "status") == "alternative" ? ", alternative" : "",
                     text_of(c["action"], "description"), text_of(c, "rule_detail"));
}

// One lost item's own reasons, from the shared graph of impact_json: the
// item, the need that died, its options. A lost supplied item is a link to
// that item's own chain, never a copy of it, so the page holds each reason
// once and nests at most three lists deep however long the chain.
void html_chain(const json& nodes, size_t id, bool top, std::string& out) {
  const json& node = nodes.at(id);
  if (!top && text_of(node, "kind") == "item_lost") {
    std::string item = text_of(node, "item");
    out += fmt::format("<li><a href=\"#why-{0}\">{0} is lost</a> (its own chain)</li>", html_escape(item));
    return;
  }
  out += "<li>" + html_escape(reason_line(node));
  auto because = node.find("because");
  if (because != node.end() && !because->empty()) {
    out += "<ul>";
    for (const json& child : *because) html_chain(nodes, child.get<size_t>(), false, out);
    out += "</ul>";
  }
  out += "</li>";
}

void markdown_chain(const json& nodes, size_t id, int depth, std::string& out) {
  const json& node = nodes.at(id);
  std::string indent(2 * depth, ' ');
  if (depth > 0 && text_of(node, "kind") == "item_lost") {
    out += fmt::format("{}- {} is lost (see why `{}` is lost)\n", indent, text_of(node, "item"), text_of(node, "item"));
    return;
  }
  out += indent + "- " + reason_line(node) + "\n";
  auto because = node.find("because");
  if (because != node.end())
    for (const json& child : *because) markdown_chain(nodes, child.get<size_t>(), depth + 1, out);
}

// The citations of the sources the applied actions name, in order.
std::vector<std::pair<std::string, std::string>> cited_sources(const Model& model, const json& actions) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const json& a : actions) {
    std::string id = text_of(a, "source");
    if (id.empty()) continue;
    SourceIndex s = model.find_source(id);
    if (s == kNone) continue;
    bool seen = false;
    for (const auto& [known, text] : out) seen = seen || known == id;
    if (!seen) out.emplace_back(id, model.sources[s].citation);
  }
  return out;
}

constexpr std::string_view kStyle = R"css(
:root { --lost:#d32f2f; --degraded:#ffb300; --ok:#2e7d32; --ink:#263238; --muted:#607d8b; --rule:#cfd8dc; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "WenQuanYi Micro Hei", sans-serif;
       color: var(--ink); max-width: 72rem; margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
.sub { color: var(--muted); margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid var(--rule); border-radius: .5rem; padding: .5rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.6rem; } .card.lost b { color: var(--lost); } .card.degraded b { color: #b37800; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eceff1; } .n { text-align: right; font-variant-numeric: tabular-nums; }
.pill { display: inline-block; border-radius: 1rem; padding: 0 .5rem; margin: .1rem; font-size: .85rem; }
.pill.lost { background: var(--lost); color: white; } .pill.degraded { background: var(--degraded); }
.pill.banned { border: 2px solid var(--lost); color: var(--lost); font-weight: bold; }
details { margin: .3rem 0; } summary { cursor: pointer; }
ul.chain, ul.chain ul { list-style: none; padding-left: 1.1rem; border-left: 2px solid var(--rule); margin: .2rem 0; }
ul.chain li { margin: .15rem 0; }
figure { margin: 1rem 0; overflow: auto; border: 1px solid var(--rule); border-radius: .5rem; padding: .5rem; }
figure svg { height: auto; } figcaption { color: var(--muted); font-size: .9rem; }
.note { color: var(--muted); font-style: italic; }
code { background: #eceff1; padding: 0 .25rem; border-radius: .2rem; }
)css";

}  // namespace


std::string reason_line(const json& r) {
  const std::string kind = text_of(r, "kind");
  const std::string item = text_of(r, "item");
  const std::string option =
      text_of(r, "supplier").empty() ? text_of(r, "option")
                                     : fmt::format("{} ({})", text_of(r, "option"), text_of(r, "supplier"));
  std::string action = r.contains("action") ? text_of(r["action"], "description") : std::string();
  if (kind == "item_lost") return item + " is lost";
  if (kind == "item_live") return item + " is still made";
  if (kind == "maker_banned") return "its maker is banned" + (action.empty() ? "" : ": " + action);
  if (kind == "need_dead") return fmt::format("need '{}' has no live current option", text_of(r, "need"));
  if (kind == "need_degraded") return fmt::format("need '{}' lost part of its current supply", text_of(r, "need"));
  if (kind == "option_cut") {
    std::string detail = text_of(r, "rule_detail");
    return fmt::format("{}: edge cut by {}{}", option, action, detail.empty() ? "" : "; " + detail);
  }
  if (kind == "option_item_lost") return option + ": the supplied item is lost";
  if (kind == "option_live") return option + ": still supplied";
  if (kind == "see_above") return item + " is lost (explained above)";
  return kind;
}

std::string render_html_report(const SupplyGraph& graph, const Evaluation& ev, const ReportContent& content) {
  const Model& model = graph.model();
  const json impact = impact_json(graph, ev.scenario, ev.cuts, ev.state, ev.impact);
  const json& scenario = impact["scenario"];
  const json& summary = impact["summary"];
  std::string title = scenario_title(scenario);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may be fetched: the report is read offline, attached to mail.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">\n";
  out += fmt::format("<title>{} — {}</title>\n<style>{}</style>\n</head>\n<body>\n", html_escape(title),
                     html_escape(model.name), kStyle);
  out += fmt::format("<h1>{}</h1>\n<p class=\"sub\">{} · scenario <code>{}</code> · decouple report</p>\n",
                     html_escape(title), html_escape(model.name),
                     html_escape(scenario["id"].is_string() ? scenario["id"].get<std::string>() : "ad hoc"));

  out += "<h2>Summary</h2>\n<div class=\"cards\">\n";
  out += fmt::format("<div class=\"card lost\"><b>{}</b>items lost</div>\n", summary.value("items_lost", 0));
  out += fmt::format("<div class=\"card degraded\"><b>{}</b>items degraded</div>\n",
                     summary.value("items_degraded", 0));
  out += fmt::format("<div class=\"card\"><b>{}</b>supply edges cut</div>\n", summary.value("edges_cut", 0));
  out += fmt::format("<div class=\"card\"><b>{}</b>restored by license</div>\n", summary.value("edges_restored", 0));
  out += fmt::format("<div class=\"card\"><b>{}</b>firms affected</div>\n</div>\n",
                     summary.value("vendors_affected", 0));
  out += "<p>Actions applied, in order:</p>\n<ol>\n";
  for (const json& a : scenario["actions"]) {
    std::string source = text_of(a, "source");
    out += "<li>" + html_escape(text_of(a, "description"));
    if (!source.empty()) out += fmt::format(" <small>[<a href=\"#src-{0}\">{0}</a>]</small>", html_escape(source));
    out += "</li>\n";
  }
  out += "</ol>\n";

  out += "<h2>What each vendor loses</h2>\n";
  if (impact["vendors"].empty()) {
    out += "<p>No firm is affected.</p>\n";
  } else {
    out += "<table>\n<thead><tr><th>firm</th><th>name</th><th>country</th><th class=\"n\">edges cut in</th>"
           "<th class=\"n\">lost</th><th class=\"n\">degraded</th></tr></thead>\n<tbody>\n";
    for (const json& v : impact["vendors"]) {
      std::string firm = text_of(v, "firm");
      out += fmt::format("<tr><td><a href=\"#vendor-{0}\"><code>{0}</code></a>{1}</td><td>{2}</td><td>{3}</td>"
                         "<td class=\"n\">{4}</td><td class=\"n\">{5}</td><td class=\"n\">{6}</td></tr>\n",
                         html_escape(firm), v.value("banned", false) ? " <span class=\"pill banned\">banned</span>" : "",
                         html_escape(text_of(v, "name")), html_escape(text_of(v, "country")), v["cut"].size(),
                         v["lost"].size(), v["degraded"].size());
    }
    out += "</tbody>\n</table>\n";
  }

  if (!content.pictures.empty()) out += "<h2>Pictures</h2>\n";
  for (const ReportPicture& p : content.pictures) {
    if (p.folded) out += "<details><summary>" + html_escape(p.title) + "</summary>\n";
    out += "<figure>\n";
    if (!p.svg.empty()) out += p.svg + "\n";
    else out += "<p class=\"note\">No picture: " + html_escape(p.note) + "</p>\n";
    out += "<figcaption>" + html_escape(p.title);
    if (!p.svg.empty() && !p.note.empty()) out += " — " + html_escape(p.note);
    out += "</figcaption>\n</figure>\n";
    if (p.folded) out += "</details>\n";
  }

  // A short report opens its reason chains (it may be printed); a long one
  // keeps them folded so the page stays navigable.
  const bool open_chains = summary.value("items_lost", 0) <= 12;
  for (const json& v : impact["vendors"]) {
    std::string firm = text_of(v, "firm");
    out += fmt::format("<h2 id=\"vendor-{}\">{} <small>({}, {})</small></h2>\n", html_escape(firm),
                       html_escape(text_of(v, "name")), html_escape(firm), html_escape(text_of(v, "country")));
    if (v.value("banned", false)) out += "<p><span class=\"pill banned\">banned</span> the firm supplies nobody.</p>\n";
    if (!v["lost"].empty()) {
      out += "<p>Lost: ";
      for (const json& item : v["lost"]) out += "<span class=\"pill lost\">" + html_escape(item.get<std::string>()) + "</span>";
      out += "</p>\n";
    }
    if (!v["degraded"].empty()) {
      out += "<p>Degraded:</p>\n<ul>\n";
      for (const json& d : v["degraded"])
        out += fmt::format("<li><span class=\"pill degraded\">{}</span> {}</li>\n", html_escape(text_of(d, "item")),
                           html_escape(text_of(d, "need") + ": " + degraded_effect(d)));
      out += "</ul>\n";
    }
    if (!v["cut"].empty()) {
      out += fmt::format("<details><summary>{} supply edge{} cut into {}</summary>\n<ul>\n", v["cut"].size(),
                         v["cut"].size() == 1 ? "" : "s", html_escape(firm));
      for (const json& c : v["cut"]) out += "<li>" + html_escape(cut_text(c)) + "</li>\n";
      out += "</ul>\n</details>\n";
    }
    for (const auto& [item, root] : v["reasons"].items()) {
      out += fmt::format("<details id=\"why-{1}\"{0}><summary>Why <b>{1}</b> is lost</summary>\n<ul class=\"chain\">",
                         open_chains ? " open" : "", html_escape(item));
      html_chain(impact["reasons"], root.get<size_t>(), true, out);
      out += "</ul>\n</details>\n";
    }
  }

  for (const ReportSection& s : content.sections)
    out += fmt::format("<h2>{}</h2>\n{}\n", html_escape(s.title), s.html);

  auto sources = cited_sources(model, scenario["actions"]);
  if (!sources.empty()) {
    out += "<h2>Sources</h2>\n<ul>\n";
    for (const auto& [id, citation] : sources)
      out += fmt::format("<li id=\"src-{0}\"><code>{0}</code>: {1}</li>\n", html_escape(id), html_escape(citation));
    out += "</ul>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string render_markdown_report(const SupplyGraph& graph, const Evaluation& ev, const ReportContent& content) {
  const Model& model = graph.model();
  const json impact = impact_json(graph, ev.scenario, ev.cuts, ev.state, ev.impact);
  const json& scenario = impact["scenario"];
  const json& summary = impact["summary"];
  std::string out = fmt::format("# {}\n\n{} · scenario `{}`\n\n", markdown_cell(scenario_title(scenario)),
                                markdown_cell(model.name),
                                scenario["id"].is_string() ? scenario["id"].get<std::string>() : "ad hoc");
  out += "## Summary\n\n| items lost | items degraded | edges cut | restored by license | firms affected |\n";
  out += "|---:|---:|---:|---:|---:|\n";
  out += fmt::format("| {} | {} | {} | {} | {} |\n\n", summary.value("items_lost", 0),
                     summary.value("items_degraded", 0), summary.value("edges_cut", 0),
                     summary.value("edges_restored", 0), summary.value("vendors_affected", 0));
  out += "Actions applied, in order:\n\n";
  int n = 0;
  for (const json& a : scenario["actions"]) {
    std::string source = text_of(a, "source");
    out += fmt::format("{}. {}{}\n", ++n, text_of(a, "description"), source.empty() ? "" : " [" + source + "]");
  }
  out += "\n## What each vendor loses\n\n";
  if (impact["vendors"].empty()) {
    out += "No firm is affected.\n";
  } else {
    out += "| firm | name | country | edges cut in | lost | degraded |\n|---|---|---|---:|---:|---:|\n";
    for (const json& v : impact["vendors"])
      out += fmt::format("| `{}`{} | {} | {} | {} | {} | {} |\n", text_of(v, "firm"),
                         v.value("banned", false) ? " (banned)" : "", markdown_cell(text_of(v, "name")),
                         text_of(v, "country"), v["cut"].size(), v["lost"].size(), v["degraded"].size());
  }
  for (const json& v : impact["vendors"]) {
    out += fmt::format("\n### {} (`{}`, {})\n\n", markdown_cell(text_of(v, "name")), text_of(v, "firm"),
                       text_of(v, "country"));
    if (!v["lost"].empty()) {
      out += "Lost:";
      for (const json& item : v["lost"]) out += " `" + item.get<std::string>() + "`";
      out += "\n\n";
    }
    if (!v["degraded"].empty()) {
      out += "| degraded item | need | effect |\n|---|---|---|\n";
      for (const json& d : v["degraded"])
        out += fmt::format("| `{}` | {} | {} |\n", text_of(d, "item"), markdown_cell(text_of(d, "need")),
                           markdown_cell(degraded_effect(d)));
      out += "\n";
    }
    if (!v["cut"].empty()) {
      out += "| cut: supplied item | supplier | into | need | action | rule |\n|---|---|---|---|---|---|\n";
      for (const json& c : v["cut"])
        out += fmt::format("| `{}` | `{}` | `{}` | {}{} | {} | {} |\n", text_of(c, "option"), text_of(c, "supplier"),
                           text_of(c, "item"), markdown_cell(text_of(c, "need")),
                           text_of(c, "status") == "alternative" ? " (alternative)" : "",
                           markdown_cell(text_of(c["action"], "description")), markdown_cell(text_of(c, "rule_detail")));
      out += "\n";
    }
    for (const auto& [item, root] : v["reasons"].items()) {
      out += fmt::format("Why `{}` is lost:\n\n", item);
      markdown_chain(impact["reasons"], root.get<size_t>(), 0, out);
      out += "\n";
    }
  }
  for (const ReportPicture& p : content.pictures)
    if (p.svg.empty() && !p.note.empty()) out += fmt::format("\n_{}: no picture ({})._\n", p.title, p.note);
  for (const ReportSection& s : content.sections) out += fmt::format("\n## {}\n\n{}\n", s.title, s.markdown);
  auto sources = cited_sources(model, scenario["actions"]);
  if (!sources.empty()) {
    out += "\n## Sources\n\n";
    for (const auto& [id, citation] : sources) out += fmt::format("- `{}`: {}\n", id, markdown_cell(citation));
  }
  return out;
}

}  // namespace decouple
