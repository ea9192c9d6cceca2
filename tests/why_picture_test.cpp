// The classroom pictures (why_picture.h) and sentences (plain_words.h) on
// the small hand-built phone model of visual_fixture.h: what each draws
// and says, worked out by hand, and keys whose counts are what is drawn.
#include "decouple/why_picture.h"

#include <doctest/doctest.h>

#include <string>

#include "decouple/explain.h"
#include "decouple/graphviz.h"
#include "decouple/mini_model.h"
#include "decouple/model_fixture.h"
#include "decouple/plain_words.h"

using namespace decouple;
using decouple::testing::World;
using decouple::testing::kMini;

namespace {

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// Every count of the key is the number of drawn elements of its class,
// and the key prints it; rendered by dot, the SVG has as many.
void check_key(const Picture& p) {
  const PictureCounts& c = p.counts;
  CHECK(occurrences(p.dot, "class=\"cut\"") == c.cut_lines);
  CHECK(occurrences(p.dot, "class=\"upstream\"") == c.lost_supply_lines);
  CHECK(occurrences(p.dot, "class=\"action\"") == c.action_lines);
  CHECK(occurrences(p.dot, "class=\"more\"];") == c.more_lines);  // lines end with the class
  auto nodes = [&](const std::string& state) {
    return occurrences(p.dot, "class=\"" + state + "\"") + occurrences(p.dot, "class=\"" + state + " focus\"");
  };
  CHECK(nodes("lost") == c.lost_nodes);
  CHECK(nodes("degraded") == c.degraded_nodes);
  CHECK(nodes("live") == c.live_nodes);
  CHECK(occurrences(p.dot, "class=\"law\"") == c.action_nodes);
  auto says = [&](const std::string& meaning, size_t n) {
    if (n == 0)
      CHECK(p.dot.find(meaning + ":") == std::string::npos);
    else
      CHECK_MESSAGE(p.dot.find(meaning + ": " + std::to_string(n) + "<") != std::string::npos, meaning);
  };
  says("supply link cut by a law", c.cut_lines);
  says("supplier's own item is lost", c.lost_supply_lines);
  says("law that hit it", c.action_lines);
  says("red outline: lost", c.lost_nodes);
  says("grey outline: unchanged", c.live_nodes);
  if (graphviz_available()) {
    GraphvizResult svg = render_graphviz(p.dot, "svg", 20);
    REQUIRE_MESSAGE(svg.ok(), svg.error);
    CHECK(occurrences(svg.output, "class=\"edge cut\"") == c.cut_lines);
    CHECK(occurrences(svg.output, "class=\"edge upstream\"") == c.lost_supply_lines);
    CHECK(occurrences(svg.output, "class=\"edge action\"") == c.action_lines);
    CHECK(occurrences(svg.output, "class=\"node lost\"") + occurrences(svg.output, "class=\"node lost focus\"") ==
          c.lost_nodes);
  }
}

}  // namespace

TEST_CASE("why picture: only the chain from the law to the item") {
  World f(kMini);
  auto ev = f.run("list");
  // phone dies of soc: chip-b's link is cut (US-made), chip-a is lost
  // because its eda-tool link is cut. fancy is not critical: not drawn.
  Picture p = why_picture(*f.graph, *ev, f.item("phone"));
  check_key(p);
  CHECK(p.counts.cut_lines == 2);          // chip-b -> phone, eda-tool -> chip-a
  CHECK(p.counts.lost_supply_lines == 1);  // chip-a -> phone
  CHECK(p.counts.action_lines == 2);       // the listing -> phone, -> chip-a
  CHECK(p.counts.lost_nodes == 2);
  CHECK(p.counts.live_nodes == 2);
  CHECK(p.counts.action_nodes == 1);
  CHECK(p.counts.hidden == 0);
  CHECK(p.dot.find("rankdir=LR") != std::string::npos);
  CHECK(p.dot.find("class=\"lost focus\"") != std::string::npos);
  CHECK(p.dot.find("tooltip=\"phone (made by phoneco)\"") != std::string::npos);  // ids on hover
  CHECK(p.dot.find("US Entity List") != std::string::npos);
  CHECK(p.dot.find("n7") == std::string::npos);  // the foundry was not cut: not part of the story
  // Countries drawn, in the key: CN (phone, chip-a) and US (chip-b, eda-tool).
  REQUIRE(p.counts.countries.size() == 2);
  CHECK(p.dot.find("China (CN)") != std::string::npos);
  CHECK(p.dot.find("the US (US)") != std::string::npos);
}

TEST_CASE("why picture: past the cap, one +N more node") {
  World f(kMini);
  auto ev = f.run("list");
  PictureLimits limits;
  limits.max_items = 2;
  Picture p = why_picture(*f.graph, *ev, f.item("phone"), limits);
  check_key(p);
  CHECK(p.counts.lost_nodes + p.counts.live_nodes + p.counts.degraded_nodes == 2);
  CHECK(p.counts.hidden == 2);
  CHECK(p.dot.find("+2 more items") != std::string::npos);
  CHECK(p.dot.find("not drawn (in +N more): 2") != std::string::npos);
}

TEST_CASE("why picture of an item the scenario does not touch") {
  World f(kMini);
  auto ev = f.run("list");
  Picture p = why_picture(*f.graph, *ev, f.item("n7"));
  check_key(p);
  CHECK(p.counts.live_nodes == 1);
  CHECK(p.counts.cut_lines + p.counts.lost_supply_lines + p.counts.action_lines == 0);
  CHECK(p.dot.find("is not affected") != std::string::npos);
}

TEST_CASE("what-changed picture: firms by country, unchanged suppliers collapsed") {
  World f(kMini);
  auto ev = f.run("list");
  Picture p = changes_picture(*f.graph, *ev);
  check_key(p);
  // phoneco and chipco lost items; eda and qcom (US) lost nothing: one node.
  CHECK(p.counts.lost_nodes == 2);
  CHECK(p.counts.live_nodes == 1);
  CHECK(p.dot.find("2 US suppliers") != std::string::npos);
  CHECK(p.counts.cut_lines == 2);          // US suppliers -> phoneco, -> chipco
  CHECK(p.counts.lost_supply_lines == 1);  // chipco -> phoneco (chip-a)
  CHECK(p.dot.find("subgraph \"cluster_CN\"") != std::string::npos);

  PictureLimits limits;
  limits.max_firms = 1;
  Picture capped = changes_picture(*f.graph, *ev, limits);
  check_key(capped);
  CHECK(capped.counts.lost_nodes == 1);
  CHECK(capped.counts.hidden == 1);
  CHECK(capped.dot.find("+1 more firms hit") != std::string::npos);
}

TEST_CASE("what-changed picture under a ban: the law hits the banned firm") {
  World f(kMini);
  auto ev = f.run("ban-fab");
  Picture p = changes_picture(*f.graph, *ev);
  check_key(p);
  CHECK(p.dot.find("blacklisted") != std::string::npos);
  CHECK(p.counts.action_lines >= 1);
  CHECK(p.counts.lost_supply_lines >= 1);  // fab's n7 -> chipco
}

TEST_CASE("plain words: names, the law, the rule; a non-critical need is not a contradiction") {
  World f(kMini);
  auto ev = f.run("list");
  Explanation why = explain_item(*f.graph, ev->cuts, ev->state, f.item("phone"));
  std::vector<Sentence> words = explain_in_words(f.model, ev->cuts, why);
  REQUIRE(words.size() >= 3);
  CHECK(words[0].kind == Sentence::Kind::kVerdict);
  CHECK(words[0].text == "Phone \"Co\" <1> can no longer make the phone: nobody may supply its soc any more.");
  bool cut = false, upstream = false;
  for (const Sentence& s : words) {
    if (s.kind == Sentence::Kind::kCut && s.text.find("because the US listed") != std::string::npos &&
        s.text.find("made in the US") != std::string::npos) {
      cut = true;
      REQUIRE(!s.terms.empty());
      for (const Term& t : s.terms) CHECK(s.text.find(t.word) != std::string::npos);
    }
    upstream = upstream || (s.kind == Sentence::Kind::kUpstream && s.text.find("chipco cannot make it") != std::string::npos);
  }
  CHECK(cut);
  CHECK(upstream);

  // Under the licence chip-a is made again: the phone is still made, and
  // the lost non-critical need says so.
  auto lic = f.run("lic");
  Explanation live = explain_item(*f.graph, lic->cuts, lic->state, f.item("phone"));
  std::vector<Sentence> still = explain_in_words(f.model, lic->cuts, live);
  REQUIRE(!still.empty());
  CHECK(still[0].text == "Phone \"Co\" <1> still makes the phone.");
  bool not_essential = false;
  for (const Sentence& s : still) {
    CHECK(s.text.find("can no longer make") == std::string::npos);
    not_essential = not_essential || (s.kind == Sentence::Kind::kNotEssential &&
                                      s.text.find("fancy is not essential") != std::string::npos);
  }
  CHECK(not_essential);

  // The cap says how many it left out.
  std::vector<Sentence> short_list = explain_in_words(f.model, ev->cuts, why, 1);
  REQUIRE(short_list.size() == 2);
  CHECK(short_list[1].kind == Sentence::Kind::kMore);
}

TEST_CASE("plain words: months and country names") {
  CHECK(spoken_month("2019-05-16") == "May 2019");
  CHECK(spoken_month("not a date") == "not a date");
  CHECK(country_name(*Country::parse("US")) == "the US");
  CHECK(country_name(*Country::parse("TW")) == "Taiwan");
  CHECK(country_name(*Country::parse("BR")) == "BR");
  CHECK(country_name(Country()) == "an unknown country");
}
