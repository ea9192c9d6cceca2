#include "decouple/html_report.h"

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "decouple/mini_model.h"
#include "decouple/model_fixture.h"
#include "decouple/report.h"

using namespace decouple;
using decouple::testing::World;
using decouple::testing::kMini;
using nlohmann::json;

namespace {

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("reason lines read like `decouple explain`") {
  CHECK(reason_line({{"kind", "item_lost"}, {"item", "phone"}}) == "phone is lost");
  CHECK(reason_line({{"kind", "need_dead"}, {"need", "soc"}}) == "need 'soc' has no live current option");
  CHECK(reason_line({{"kind", "option_cut"},
                     {"option", "chip-b"},
                     {"supplier", "qcom"},
                     {"action", {{"description", "scenario 'list' action 1 (entity_list by US)"}}},
                     {"rule_detail", "origin US"}}) ==
        "chip-b (qcom): edge cut by scenario 'list' action 1 (entity_list by US); origin US");
  CHECK(reason_line({{"kind", "option_item_lost"}, {"option", "n7"}, {"supplier", "fab"}}) ==
        "n7 (fab): the supplied item is lost");
  CHECK(reason_line({{"kind", "maker_banned"}, {"action", {{"description", "ad hoc ban"}}}}) ==
        "its maker is banned: ad hoc ban");
  CHECK(reason_line({{"kind", "see_above"}, {"item", "n7"}}) == "n7 is lost (explained above)");
  CHECK(reason_line({{"kind", "need_degraded"}, {"need", "soc"}}) == "need 'soc' lost part of its current supply");
  CHECK(reason_line({{"kind", "option_live"}, {"option", "x"}}) == "x: still supplied");
  CHECK(reason_line({{"kind", "item_live"}, {"item", "x"}}) == "x is still made");
}

TEST_CASE("the HTML report is one self-contained page with the table, chains and pictures") {
  World f(kMini);
  auto ev = f.run("list");
  ReportContent content;
  content.pictures.push_back({"The picture", "<svg id=\"pic\"></svg>", "caption"});
  content.sections.push_back({"Recovery plan", "<p id=\"plan\">switch</p>", "switch"});
  std::string html = render_html_report(*f.graph, *ev, content);
  CHECK(html.starts_with("<!DOCTYPE html>"));
  CHECK(contains(html, "<svg id=\"pic\"></svg>"));
  CHECK(contains(html, "<p id=\"plan\">switch</p>"));
  // The firm name with quotes and angle brackets arrives escaped.
  CHECK(contains(html, "Phone &quot;Co&quot; &lt;1&gt;"));
  CHECK_FALSE(contains(html, "Phone \"Co\" <1>"));
  CHECK(contains(html, "<a href=\"#vendor-phoneco\"><code>phoneco</code></a>"));
  CHECK(contains(html, "<span class=\"pill lost\">chip-a</span>"));
  CHECK(contains(html, "need &#39;design&#39; has no live current option"));
  CHECK(contains(html, "eda-tool (eda): edge cut by scenario &#39;list&#39; action 1 (entity_list by US); origin US"));
  // Each lost item's chain once: phone's links to chip-a's instead of
  // repeating it (issue 15: per-item trees grew as n^3 on a chain).
  CHECK(contains(html, "<details id=\"why-chip-a\""));
  CHECK(contains(html, "<a href=\"#why-chip-a\">chip-a is lost</a>"));
  CHECK(html.find("eda-tool (eda): edge cut") == html.rfind("eda-tool (eda): edge cut"));
  // Nothing to fetch: no scripts, no external references.
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "http:"));
  CHECK_FALSE(contains(html, "https:"));
  CHECK_FALSE(contains(html, "src=\"//"));
  CHECK_FALSE(contains(html, "@import"));
}

TEST_CASE("the report says the same numbers as impact_json") {
  World f(kMini);
  auto ev = f.run("lic");
  json impact = impact_json(*f.graph, ev->scenario, ev->cuts, ev->state, ev->impact);
  std::string html = render_html_report(*f.graph, *ev, {});
  std::string md = render_markdown_report(*f.graph, *ev, {});
  const json& s = impact["summary"];
  CHECK(contains(html, fmt::format("<b>{}</b>items degraded", s["items_degraded"].get<int>())));
  CHECK(contains(html, fmt::format("<b>{}</b>restored by license", s["edges_restored"].get<int>())));
  CHECK(contains(md, fmt::format("| {} | {} | {} | {} | {} |", s["items_lost"].get<int>(),
                                 s["items_degraded"].get<int>(), s["edges_cut"].get<int>(),
                                 s["edges_restored"].get<int>(), s["vendors_affected"].get<int>())));
}

TEST_CASE("the Markdown report has the tables and chains, with cells escaped") {
  World f(kMini);
  auto ev = f.run("list");
  ReportContent content;
  content.pictures.push_back({"The picture", "", "draw it with: decouple export"});
  std::string md = render_markdown_report(*f.graph, *ev, content);
  CHECK(md.starts_with("# list\n"));
  CHECK(contains(md, "| firm | name | country | edges cut in | lost | degraded |"));
  CHECK(contains(md, "| `phoneco` | Phone \"Co\" <1> | CN | 2 | 1 | 0 |"));
  CHECK(contains(md, "Why `phone` is lost:\n\n- phone is lost\n  - need 'soc' has no live current option\n"));
  CHECK(contains(md, "- chip-a is lost (see why `chip-a` is lost)\n"));
  CHECK(contains(md, "_The picture: no picture (draw it with: decouple export)._"));
}

TEST_CASE("a report of a scenario that touches nobody says so") {
  World f(R"(decouple: 1
name: calm
firms: [{id: a, country: CN}]
items: [{id: x, maker: a, kind: chip}]
scenarios: [{id: none, actions: [{entity_list: {by: US, add: [a]}}]}]
)");
  auto ev = f.run("none");
  CHECK(contains(render_html_report(*f.graph, *ev, {}), "No firm is affected."));
  CHECK(contains(render_markdown_report(*f.graph, *ev, {}), "No firm is affected."));
}
