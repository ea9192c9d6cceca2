// Scenarios: which supply edges each action cuts, which a license
// re-opens, and the order in which `extends` applies actions.
#include "decouple/scenario.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "decouple/model_fixture.h"

namespace decouple {
namespace {

using testing::World;
using Ids = std::vector<std::string>;

// A Chinese phone maker and a Russian one buy US, Japanese and Chinese
// parts; edges are written consumer/need/supplied item.
constexpr std::string_view kWorld = R"(decouple: 1
name: Scenario world
firms:
  - {id: huawei, country: CN}
  - {id: zte, country: CN}
  - {id: yadro, country: RU}
  - {id: qcom, country: US}
  - {id: kioxia, country: JP}
  - {id: smic, country: CN}
  - {id: tsmc, country: TW}
items:
  - id: mate
    maker: huawei
    kind: product
    needs:
      - name: soc
        options: [snapdragon, {item: kirin, status: alternative}]
      - name: flash
        options: [nand]
      - name: rf
        options: [rf-chip]
  - id: axon
    maker: zte
    kind: product
    needs:
      - name: soc
        options: [snapdragon]
      - name: flash
        options: [nand]
  - id: server
    maker: yadro
    kind: product
    needs:
      - name: cpu
        options: [snapdragon]
  - id: snapdragon
    maker: qcom
    kind: chip
    attributes: {node_nm: 7, tpp: 4800}
  - id: rf-chip
    maker: qcom
    kind: component
    attributes: {node_nm: 28}
  - id: nand
    maker: kioxia
    kind: chip
  - id: kirin
    maker: smic
    kind: chip
    needs:
      - name: foundry
        options: [n7]
  - id: n7
    maker: tsmc
    kind: service
    origin: US
scenarios:
  - id: list-huawei
    date: 2019-05-16
    actions:
      - entity_list: {by: US, add: [huawei]}
  - id: list-smic-chips
    actions:
      - entity_list: {by: US, add: [smic, huawei], kinds: [chip]}
  - id: list-advanced
    actions:
      - entity_list: {by: US, add: [huawei], where: {node_nm: "<= 10"}}
  - id: embargo-cn
    actions:
      - embargo: {by: US, to: [CN]}
  - id: embargo-components
    actions:
      - embargo: {by: US, to: [CN, RU], kinds: [component]}
  - id: embargo-items
    actions:
      - embargo: {by: US, to: [RU, CN], items: [snapdragon]}
  - id: embargo-where
    actions:
      - embargo: {by: US, to: [CN, RU], where: {tpp: ">= 4800", node_nm: "< 10"}}
  - id: embargo-jp
    actions:
      - embargo: {by: JP, to: [CN]}
  - id: ban-qcom
    actions:
      - ban: [qcom]
      - ban: {firms: [qcom, kioxia]}
)";

TEST_CASE("entity_list cuts edges from items subject to the actor into listed firms") {
  World w(kWorld);
  w.evaluate("list-huawei");
  // Current and alternative edges alike; the Japanese flash is not subject
  // to the US; ZTE is not listed. The alternative kirin is not US-made.
  CHECK(w.cut_edges() == Ids{"mate/rf/rf-chip", "mate/soc/snapdragon"});
  for (const Cut& cut : w.cuts.cuts) {
    CHECK(cut.why.rule == Subjection::Rule::kOrigin);
    CHECK(cut.action == 0);
  }
  CHECK(w.cuts.date == "2019-05-16");
  CHECK(w.cuts.restored.empty());
  for (FirmIndex f = 0; f < w.model.firms.size(); ++f) CHECK(w.cuts.banned[f] == kNone);

  // The tsmc service to SMIC is US-origin (its `origin` overrides TW), and
  // the kinds filter keeps only chips: n7 is a service, rf-chip a
  // component.
  w.evaluate("list-smic-chips");
  CHECK(w.cut_edges() == Ids{"mate/soc/snapdragon"});
}

TEST_CASE("entity_list and embargo cut alternative edges too") {
  World w(R"(decouple: 1
name: Alternatives are cut too
firms: [{id: a, country: CN}, {id: us, country: US}, {id: cn, country: CN}]
items:
  - id: x
    maker: a
    kind: product
    needs: [{name: n, options: [local, {item: imported, status: alternative}]}]
  - {id: local, maker: cn, kind: chip}
  - {id: imported, maker: us, kind: chip}
scenarios:
  - {id: s, actions: [{entity_list: {by: US, add: [a]}}]}
)");
  w.evaluate("s");
  CHECK(w.cut_edges() == Ids{"x/n/imported"});
  CHECK(w.lost_ids().empty());
}

TEST_CASE("where filters on the supplied item's attributes") {
  World w(kWorld);
  w.evaluate("list-advanced");
  CHECK(w.cut_edges() == Ids{"mate/soc/snapdragon"});  // rf-chip is 28 nm
  // Every condition must hold; an item without the attribute never matches.
  w.evaluate("embargo-where");
  CHECK(w.cut_edges() == Ids{"axon/soc/snapdragon", "mate/soc/snapdragon", "server/cpu/snapdragon"});
}

TEST_CASE("embargo cuts edges into every firm of the listed countries") {
  World w(kWorld);
  w.evaluate("embargo-cn");
  CHECK(w.cut_edges() ==
        Ids{"axon/soc/snapdragon", "kirin/foundry/n7", "mate/rf/rf-chip", "mate/soc/snapdragon"});
  CHECK(w.lost_ids() == Ids{"axon", "kirin", "mate"});
  w.evaluate("embargo-components");
  CHECK(w.cut_edges() == Ids{"mate/rf/rf-chip"});
  w.evaluate("embargo-items");
  CHECK(w.cut_edges() == Ids{"axon/soc/snapdragon", "mate/soc/snapdragon", "server/cpu/snapdragon"});
  // Japan's embargo reaches Japanese items only.
  w.evaluate("embargo-jp");
  CHECK(w.cut_edges() == Ids{"axon/flash/nand", "mate/flash/nand"});
}

TEST_CASE("ban records the first action that banned each firm and cuts no edge") {
  World w(kWorld);
  w.evaluate("ban-qcom");
  CHECK(w.cuts.cuts.empty());
  CHECK(w.cuts.banned[w.firm("qcom")] == 0);
  CHECK(w.cuts.banned[w.firm("kioxia")] == 1);
  CHECK(w.cuts.banned[w.firm("huawei")] == kNone);
  CHECK(w.lost_ids() == Ids{"axon", "mate", "nand", "rf-chip", "server", "snapdragon"});
}

TEST_CASE("an edge cut by two actions is listed under each, first_cut the earliest") {
  World w(std::string(kWorld) + std::string(R"(  - id: twice
    actions:
      - entity_list: {by: US, add: [zte]}
      - embargo: {by: US, to: [CN], items: [snapdragon]}
)"));
  w.evaluate("twice");
  OptionIndex o = w.option("axon", "soc", "snapdragon");
  REQUIRE(w.cuts.is_cut(o));
  const Cut& first = w.cuts.cuts[w.cuts.first_cut[o]];
  CHECK(first.action == 0);
  CHECK(w.cuts.cuts[w.cuts.first_cut[o] + 1].option == o);
  CHECK(w.cuts.cuts[w.cuts.first_cut[o] + 1].action == 1);
  // Cuts are sorted by option, then action.
  for (size_t k = 1; k < w.cuts.cuts.size(); ++k) {
    const Cut& a = w.cuts.cuts[k - 1];
    const Cut& b = w.cuts.cuts[k];
    CHECK(std::tie(a.option, a.action) < std::tie(b.option, b.action));
  }
}

// Licenses: the world above, plus scenarios that license parts of a
// listing back.
std::string with_licenses(std::string_view scenarios) {
  return std::string(kWorld) + std::string(scenarios);
}

TEST_CASE("a license re-opens the edges it names, and only those") {
  World w(with_licenses(R"(  - id: by-supplier
    extends: [list-huawei]
    actions: [{license: {by: US, supplier: qcom, to: huawei, items: [rf-chip]}}]
  - id: by-kind
    extends: [embargo-cn]
    actions: [{license: {by: US, to: huawei, kinds: [chip]}}]
  - id: by-recipient
    extends: [embargo-cn]
    actions: [{license: {by: US, to: zte}}]
  - id: by-supplier-only
    extends: [embargo-cn]
    actions: [{license: {by: US, supplier: tsmc}}]
)"));
  w.evaluate("by-supplier");
  CHECK(w.cut_edges() == Ids{"mate/soc/snapdragon"});
  REQUIRE(w.cuts.restored.size() == 1);
  CHECK(w.cuts.restored[0].first == w.option("mate", "rf", "rf-chip"));
  // The license is the second applied action: list-huawei's comes first.
  CHECK(w.cuts.restored[0].second == 1);
  CHECK(w.lost_ids() == Ids{"mate"});

  w.evaluate("by-kind");
  CHECK(w.cut_edges() == Ids{"axon/soc/snapdragon", "kirin/foundry/n7", "mate/rf/rf-chip"});
  w.evaluate("by-recipient");
  CHECK(w.cut_edges() == Ids{"kirin/foundry/n7", "mate/rf/rf-chip", "mate/soc/snapdragon"});
  w.evaluate("by-supplier-only");
  CHECK(w.cut_edges() == Ids{"axon/soc/snapdragon", "mate/rf/rf-chip", "mate/soc/snapdragon"});
  CHECK(w.lost_ids() == Ids{"axon", "mate"});  // kirin is made again
}

TEST_CASE("a license only lifts its own jurisdiction's cuts") {
  World w(with_licenses(R"(  - id: jp-license-for-us-cut
    extends: [list-huawei]
    actions: [{license: {by: JP, to: huawei}}]
  - id: both-cut-one-licensed
    actions:
      - embargo: {by: US, to: [CN]}
      - embargo: {by: CN, to: [CN]}
      - license: {by: US, to: huawei}
  - id: us-and-tw-cut-us-licensed
    actions:
      - embargo: {by: US, to: [CN]}
      - embargo: {by: TW, to: [CN]}
      - license: {by: US, supplier: tsmc}
)"));
  w.evaluate("jp-license-for-us-cut");
  CHECK(w.cut_edges() == Ids{"mate/rf/rf-chip", "mate/soc/snapdragon"});
  CHECK(w.cuts.restored.empty());

  // China's own embargo reaches the CN-made kirin (an alternative of the
  // Mate); the US license lifts the US cuts into Huawei but not China's.
  w.evaluate("both-cut-one-licensed");
  CHECK(w.cut_edges() == Ids{"axon/soc/snapdragon", "kirin/foundry/n7", "mate/soc/kirin"});

  // n7 is US-origin, so only the US embargo reaches it (TW's does not);
  // the US license alone re-opens it.
  w.evaluate("us-and-tw-cut-us-licensed");
  CHECK(w.cut_edges() == Ids{"axon/soc/snapdragon", "mate/rf/rf-chip", "mate/soc/snapdragon"});
}

TEST_CASE("one license lifts every cut of its jurisdiction on the edge") {
  // Under the origin rule an item is subject to one jurisdiction, so an
  // edge is cut twice only by two actions of the same actor.
  World w(R"(decouple: 1
name: Two cuts
firms: [{id: a, country: CN}, {id: us, country: US}]
items:
  - {id: x, maker: a, kind: product, needs: [{name: n, options: [chip]}]}
  - {id: chip, maker: us, kind: chip}
scenarios:
  - id: listed-and-embargoed
    actions:
      - entity_list: {by: US, add: [a]}
      - embargo: {by: US, to: [CN]}
  - id: one-license
    extends: [listed-and-embargoed]
    actions: [{license: {by: US, to: a}}]
)");
  w.evaluate("listed-and-embargoed");
  CHECK(w.cuts.cuts.size() == 2);
  CHECK(w.lost_ids() == Ids{"x"});
  // One license by the same jurisdiction matches both cuts.
  w.evaluate("one-license");
  CHECK(w.cuts.cuts.empty());
  REQUIRE(w.cuts.restored.size() == 1);
  CHECK(w.cuts.restored[0].second == 2);
  CHECK(w.lost_ids().empty());
}

TEST_CASE("licenses expire after `until`, judged on the scenario's date") {
  World w(with_licenses(R"(  - id: valid
    date: 2019-08-19
    extends: [list-huawei]
    actions: [{license: {by: US, to: huawei, until: 2019-08-19}}]
  - id: expired
    date: 2019-08-20
    extends: [list-huawei]
    actions: [{license: {by: US, to: huawei, until: 2019-08-19}}]
  - id: undated
    extends: [list-huawei]
    actions: [{license: {by: US, to: huawei, until: 2019-08-19}}]
)"));
  w.evaluate("valid");
  CHECK(w.cut_edges().empty());  // the last day of a license still counts
  w.evaluate("expired");
  CHECK(w.cut_edges() == Ids{"mate/rf/rf-chip", "mate/soc/snapdragon"});
  CHECK(w.cuts.restored.empty());
  // The date is the evaluated scenario's own, not that of what it extends:
  // an undated scenario never expires a license.
  w.evaluate("undated");
  CHECK(w.cuts.date.empty());
  CHECK(w.cut_edges().empty());
}

TEST_CASE("a denied license re-opens nothing") {
  World w(with_licenses(R"(  - id: denied
    extends: [list-huawei]
    actions: [{license: {by: US, supplier: qcom, to: huawei, policy: deny}}]
)"));
  w.evaluate("denied");
  CHECK(w.cut_edges() == Ids{"mate/rf/rf-chip", "mate/soc/snapdragon"});
  CHECK(w.cuts.restored.empty());
}

TEST_CASE("a license anywhere in the applied list lifts matching cuts") {
  // Licenses are exceptions, not steps: one applied before the listing
  // (from an extended scenario) still lifts it.
  World w(with_licenses(R"(  - id: license-first
    actions: [{license: {by: US, to: huawei}}]
  - id: then-list
    extends: [license-first, list-huawei]
)"));
  w.evaluate("then-list");
  CHECK(w.cut_edges().empty());
  CHECK(w.cuts.restored.size() == 2);
  CHECK(w.cuts.restored[0].second == 0);
}

TEST_CASE("extends applies parents first, depth first, each scenario once") {
  Model model = testing::load_ok(R"(decouple: 1
name: Extends
firms: [{id: a, country: CN}]
scenarios:
  - {id: top, extends: [left, right], actions: [{ban: [a]}]}
  - {id: left, extends: [base], actions: [{ban: [a]}, {ban: [a]}]}
  - {id: right, extends: [base, left], actions: [{ban: [a]}]}
  - {id: base, actions: [{ban: [a]}]}
  - {id: alone}
)");
  std::vector<AppliedAction> applied = resolve_scenario(model, model.find_scenario("top"));
  std::vector<std::string> order;
  for (const AppliedAction& a : applied)
    order.push_back(model.scenarios[a.scenario].id + "#" + std::to_string(a.index));
  CHECK(order == Ids{"base#0", "left#0", "left#1", "right#0", "top#0"});
  CHECK(applied[0].action == &model.scenarios[model.find_scenario("base")].actions[0]);
  CHECK(resolve_scenario(model, model.find_scenario("alone")).empty());
}

TEST_CASE("describe_action names the scenario, the position and the actor") {
  World w(kWorld);
  w.evaluate("ban-qcom");
  CHECK(describe_action(w.model, w.cuts.applied[1]) == "scenario 'ban-qcom' action 2 (ban)");
  w.evaluate("list-huawei");
  CHECK(describe_action(w.model, w.cuts.applied[0]) ==
        "scenario 'list-huawei' action 1 (entity_list by US)");
  CHECK(w.cuts.reach.describe(w.cuts.cuts[0].why, w.cuts.cuts[0].option) == "origin US");
}

TEST_CASE("an ad hoc blacklist bans firms outside any scenario") {
  World w(kWorld);
  std::vector<FirmIndex> firms = {w.firm("kioxia"), w.firm("tsmc")};
  std::vector<Action> actions = blacklist_actions(firms);
  REQUIRE(actions.size() == 1);
  ScenarioCuts cuts = apply_actions(*w.graph, {{&actions[0], kNone, 0}}, "");
  CHECK(cuts.banned[w.firm("kioxia")] == 0);
  CHECK(cuts.banned[w.firm("tsmc")] == 0);
  CHECK(cuts.banned[w.firm("qcom")] == kNone);
  CHECK(describe_action(w.model, cuts.applied[0]) == "ad hoc ban");
  LossState state(*w.graph);
  state.apply(cuts);
  CHECK(state.lost(w.item("axon")));
  CHECK(state.lost(w.item("n7")));
  CHECK(state.lost(w.item("kirin")));  // n7, its only foundry, is tsmc's
  CHECK(state.lost(w.item("mate")));   // no flash without kioxia
}

}  // namespace
}  // namespace decouple
