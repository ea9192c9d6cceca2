#include "decouple/dot_export.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "decouple/mini_model.h"
#include "decouple/model_fixture.h"
#include "decouple/random_model.h"

using namespace decouple;
using decouple::testing::World;
using decouple::testing::kMini;

namespace {

// The attribute list of the line drawing `from -> to`, or "" when absent.
std::string edge_line(const std::string& dot, const std::string& from, const std::string& to) {
  std::string head = fmt::format("\"{}\" -> \"{}\" [", from, to);
  size_t at = dot.find(head);
  if (at == std::string::npos) return {};
  CHECK_MESSAGE(dot.find(head, at + 1) == std::string::npos, "edge drawn twice: " << head);
  return dot.substr(at, dot.find('\n', at) - at);
}

std::string node_line(const std::string& dot, const std::string& id) {
  std::string head = fmt::format("    \"{}\" [", id);
  size_t at = dot.find(head);
  if (at == std::string::npos) return {};
  return dot.substr(at, dot.find('\n', at) - at);
}

}  // namespace

TEST_CASE("supply tiers count the longest supply path from items that need nothing") {
  World f(kMini);
  std::vector<uint32_t> tiers = supply_tiers(*f.graph);
  CHECK(tiers[f.item("n7")] == 0);
  CHECK(tiers[f.item("eda-tool")] == 0);
  CHECK(tiers[f.item("chip-b")] == 0);
  CHECK(tiers[f.item("chip-a")] == 1);
  CHECK(tiers[f.item("phone")] == 2);  // chip-b is one step away, chip-a two
}

TEST_CASE("items on one supply cycle share a tier, and their users sit above it") {
  World f(R"(decouple: 1
name: cycle
firms: [{id: a, country: US}]
items:
  - {id: raw, maker: a, kind: material}
  - {id: tool, maker: a, kind: tool, needs: [{name: chip, options: [chip]}]}
  - {id: chip, maker: a, kind: chip, needs: [{name: tool, options: [tool]}, {name: raw, options: [raw]}]}
  - {id: phone, maker: a, kind: product, needs: [{name: chip, options: [chip]}]}
)");
  std::vector<uint32_t> tiers = supply_tiers(*f.graph);
  CHECK(tiers[f.item("raw")] == 0);
  CHECK(tiers[f.item("tool")] == 1);
  CHECK(tiers[f.item("chip")] == 1);
  CHECK(tiers[f.item("phone")] == 2);
  // The edges inside the cycle do not pull ranks apart.
  std::string dot = to_dot(*f.graph, {});
  CHECK(edge_line(dot, "tool", "chip").find("constraint=false") != std::string::npos);
  CHECK(edge_line(dot, "chip", "phone").find("constraint=false") == std::string::npos);
}

TEST_CASE("focus keeps the items within depth steps upstream or downstream") {
  World f(kMini);
  auto ids = [&](std::vector<ItemIndex> items) {
    std::vector<std::string> out;
    for (ItemIndex i : items) out.push_back(f.model.items[i].id);
    std::sort(out.begin(), out.end());
    return out;
  };
  ItemIndex chip_a = f.item("chip-a");
  CHECK(ids(focus_neighbourhood(*f.graph, std::vector{chip_a}, 0)) == std::vector<std::string>{"chip-a"});
  CHECK(ids(focus_neighbourhood(*f.graph, std::vector{chip_a}, 1)) ==
        std::vector<std::string>{"chip-a", "eda-tool", "n7", "phone", "smic-n14"});
  // chip-b is a supplier of chip-a's user, not of chip-a: up-then-down is not followed.
  CHECK(ids(focus_neighbourhood(*f.graph, std::vector{chip_a}, 5)) ==
        std::vector<std::string>{"chip-a", "eda-tool", "n7", "phone", "smic-n14"});
  CHECK(ids(focus_neighbourhood(*f.graph, std::vector{f.item("phone")}, 1)) ==
        std::vector<std::string>{"chip-a", "chip-b", "phone"});
}

TEST_CASE("focus agrees with brute-force distances on random models") {
  // One firm, two to ten items of up to two needs of up to four options
  // (alternatives and optional needs too: focus follows every option).
  testing::RandomModelSpec spec;
  spec.min_firms = 1;
  spec.max_firms = 1;
  spec.countries = {"US"};
  spec.min_items = 2;
  spec.max_items = 10;
  spec.max_needs = 2;
  spec.max_options = 4;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    Random random(seed);
    testing::RandomModel drawn = testing::random_model(spec, random);
    CAPTURE(drawn.yaml);
    World f(drawn.yaml);
    const int n = static_cast<int>(f.model.items.size());
    // Directed distances by Floyd-Warshall, both ways.
    const int kFar = 1000;
    std::vector<std::vector<int>> up(n, std::vector<int>(n, kFar));  // up[a][b]: steps from a to supplier b
    for (int i = 0; i < n; ++i) up[i][i] = 0;
    for (OptionIndex o = 0; o < f.model.options.size(); ++o)
      up[f.model.consumer_of(o)][f.model.options[o].item] = 1;
    for (int k = 0; k < n; ++k)
      for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) up[a][b] = std::min(up[a][b], up[a][k] + up[k][b]);
    const ItemIndex s = static_cast<ItemIndex>(random.below(n));
    const uint32_t depth = static_cast<uint32_t>(random.below(4));
    std::vector<ItemIndex> got = focus_neighbourhood(*f.graph, std::vector{s}, depth);
    for (int b = 0; b < n; ++b) {
      bool expected = up[s][b] <= static_cast<int>(depth) || up[b][s] <= static_cast<int>(depth);
      bool kept = std::find(got.begin(), got.end(), static_cast<ItemIndex>(b)) != got.end();
      CHECK_MESSAGE(kept == expected, "seed " << seed << " item " << f.model.items[b].id);
    }
  }
}

TEST_CASE("without a scenario the picture shows firms, items and options, alternatives dashed") {
  World f(kMini);
  std::string dot = to_dot(*f.graph, {});
  CHECK(dot.starts_with("digraph decouple {"));
  CHECK(dot.find("subgraph \"cluster_phoneco\"") != std::string::npos);
  // The firm name is escaped inside the HTML-like label.
  CHECK(dot.find("Phone &quot;Co&quot; &lt;1&gt;") != std::string::npos);
  CHECK(edge_line(dot, "smic-n14", "chip-a").find("style=dashed") != std::string::npos);
  CHECK(edge_line(dot, "n7", "chip-a").find("style=dashed") == std::string::npos);
  CHECK(dot.find("#d32f2f") == std::string::npos);  // nothing red
  // Clusters coloured by country: both CN firms share a fill.
  CHECK(dot.find(fmt::format("fillcolor=\"{}\"", country_colour(*Country::parse("CN")))) != std::string::npos);
  CHECK(country_colour(*Country::parse("CN")) != country_colour(*Country::parse("US")));
  CHECK(to_dot(*f.graph, {}) == dot);  // deterministic
}

TEST_CASE("under a scenario: lost red, cut edges red, parallel options merged, one action named once") {
  World f(kMini);
  auto ev = f.run("list");
  DotOptions options;
  options.evaluation = ev.get();
  std::string dot = to_dot(*f.graph, options);
  CHECK(node_line(dot, "chip-a").find("fillcolor=\"#d32f2f\"") != std::string::npos);
  CHECK(node_line(dot, "phone").find("fillcolor=\"#d32f2f\"") != std::string::npos);
  CHECK(node_line(dot, "n7").find("fillcolor=\"white\"") != std::string::npos);
  // chip-b serves two needs of phone: one edge, both needs in its tooltip.
  std::string merged = edge_line(dot, "chip-b", "phone");
  CHECK(merged.find("[fancy, soc]") != std::string::npos);
  CHECK(merged.find("color=\"#d32f2f\"") != std::string::npos);
  // One cutting action: named in the legend, not on each edge.
  CHECK(merged.find("label=") == std::string::npos);
  CHECK(dot.find("cut (3 by entity list US)") != std::string::npos);
  // The alternative (of CN origin, out of US reach) stays open and dashed.
  std::string alternative = edge_line(dot, "smic-n14", "chip-a");
  CHECK(alternative.find("style=dashed") != std::string::npos);
  CHECK(alternative.find("#d32f2f") == std::string::npos);
  // chip-a -> phone is dead because chip-a is lost, not cut.
  CHECK(edge_line(dot, "chip-a", "phone").find("color=\"#ef9a9a\"") != std::string::npos);
}

TEST_CASE("several cutting actions label their edges; a license shows blue; a ban outlines the firm") {
  World f(kMini);
  auto two = f.run("two");
  DotOptions options;
  options.evaluation = two.get();
  std::string dot = to_dot(*f.graph, options);
  CHECK(edge_line(dot, "chip-b", "phone").find("label=\"entity list US\"") != std::string::npos);
  CHECK(edge_line(dot, "n7", "chip-a").find("label=\"entity list TW\"") != std::string::npos);

  auto lic = f.run("lic");
  options.evaluation = lic.get();
  dot = to_dot(*f.graph, options);
  CHECK(edge_line(dot, "eda-tool", "chip-a").find("label=\"licensed\"") != std::string::npos);
  CHECK(node_line(dot, "phone").find("fillcolor=\"#ffb300\"") != std::string::npos);  // degraded
  CHECK(dot.find("blue: licensed (1)") != std::string::npos);

  auto ban = f.run("ban-fab");
  options.evaluation = ban.get();
  dot = to_dot(*f.graph, options);
  size_t cluster = dot.find("subgraph \"cluster_fab\"");
  REQUIRE(cluster != std::string::npos);
  CHECK(dot.substr(cluster, 300).find("banned") != std::string::npos);
  CHECK(node_line(dot, "n7").find("fillcolor=\"#d32f2f\"") != std::string::npos);
}

TEST_CASE("a recovery overlay paints recovered items and the switched-to edges green") {
  World f(kMini);
  auto ev = f.run("list");
  RecoveryOverlay plan;
  plan.items = {f.item("chip-a")};
  plan.options = {f.model.needs[f.model.items[f.item("chip-a")].first_need].first_option + 1};  // smic-n14
  DotOptions options;
  options.evaluation = ev.get();
  options.recovery = &plan;
  std::string dot = to_dot(*f.graph, options);
  CHECK(node_line(dot, "chip-a").find("fillcolor=\"#2e7d32\"") != std::string::npos);
  CHECK(edge_line(dot, "smic-n14", "chip-a").find("color=\"#2e7d32\"") != std::string::npos);
  CHECK(dot.find("green: recovered (1)") != std::string::npos);
  // Story edges come after context edges, so they are drawn on top.
  CHECK(dot.find("\"smic-n14\" -> \"chip-a\"") > dot.find("\"n7\" -> \"chip-a\""));
}

TEST_CASE("a focused picture leaves the rest out and marks items with more beyond") {
  World f(kMini);
  DotOptions options;
  options.focus = {f.item("chip-a")};
  options.depth = 1;
  std::string dot = to_dot(*f.graph, options);
  CHECK(node_line(dot, "chip-b").empty());
  CHECK(dot.find("cluster_qcom") == std::string::npos);
  CHECK(node_line(dot, "chip-a").find("bold") != std::string::npos);
  CHECK(node_line(dot, "phone").find("dashed") != std::string::npos);  // chip-b, out of view, feeds it
  CHECK(node_line(dot, "n7").find("dashed") == std::string::npos);
}

TEST_CASE("big models are drawn around what the scenario touched") {
  World f(kMini);
  auto ev = f.run("list");
  std::vector<ItemIndex> touched = affected_items(f.model, *ev);
  std::vector<std::string> ids;
  for (ItemIndex i : touched) ids.push_back(f.model.items[i].id);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"chip-a", "chip-b", "eda-tool", "phone"});
  // A small model is drawn whole.
  CHECK(picture_options(*f.graph, ev.get()).focus.empty());
}
