#include "decouple/chokepoints.h"

#include <doctest/doctest.h>

#include <fmt/format.h>

#include <map>

#include "decouple/cut_set_oracle.h"
#include "decouple/impact.h"
#include "decouple/model_fixture.h"
#include "decouple/synthetic_model.h"

namespace decouple {
namespace {

using testing::ids_of;
using testing::World;
using Sets = std::vector<std::vector<std::string>>;

// phone = (chip-a OR chip-b) AND os; chip-a = fab1 OR fab2.
constexpr const char* kPhone = R"(
decouple: 1
name: phone
firms:
  - {id: vendor, country: CN}
  - {id: chipco, country: CN}
  - {id: qcom, country: US}
  - {id: osco, country: US}
  - {id: tsmc, country: TW}
  - {id: smic, country: CN}
items:
  - id: phone
    maker: vendor
    kind: product
    value: 500
    needs:
      - {name: soc, options: [chip-a, chip-b]}
      - {name: os, options: [os-x]}
      - {name: case, critical: false, options: [case-x]}
  - id: chip-a
    maker: chipco
    kind: chip
    needs:
      - {name: foundry, options: [fab1, fab2, {item: fab3, status: alternative}]}
  - {id: chip-b, maker: qcom, kind: chip}
  - {id: os-x, maker: osco, kind: software}
  - {id: fab1, maker: tsmc, kind: service}
  - {id: fab2, maker: smic, kind: service}
  - {id: fab3, maker: tsmc, kind: service}
  - {id: case-x, maker: chipco, kind: component}
scenarios:
  - id: no-qcom
    actions:
      - ban: [qcom]
  - id: listed
    actions:
      - entity_list: {by: US, add: [vendor]}
)";

BlacklistReport blacklists(const World& m, const ScenarioCuts& cuts, std::vector<std::string> targets,
                           uint32_t max_order = 3, std::optional<Country> by = std::nullopt) {
  Chokepoints chokepoints(*m.graph, cuts, by);
  std::vector<ItemIndex> items;
  for (const auto& t : targets) items.push_back(m.item(t));
  BlacklistOptions options;
  options.max_order = max_order;
  Result<BlacklistReport> result = minimal_blacklists(chokepoints, items, options);
  testing::require_ok(result);
  return result.value();
}

}  // namespace

TEST_CASE("blacklists: an AND of ORs, counted per order") {
  World m(kPhone);
  BlacklistReport r = blacklists(m, m.cuts_of(), {"phone"});
  REQUIRE(r.targets.size() == 1);
  const TargetBlacklists& t = r.targets[0];
  CHECK_FALSE(t.already_lost);
  // The vendor is never its own supplier; the non-critical case and the
  // alternative fab never matter.
  CHECK(ids_of(m.model, t.sets) == Sets{{"osco"}, {"chipco", "qcom"}, {"qcom", "smic", "tsmc"}});
  CHECK(t.counted);
  CHECK(t.all_by_order == std::vector<uint64_t>{0, 1, 1, 1});
  CHECK(r.candidates == 6);
  CHECK(r.verified == 3);
}

TEST_CASE("blacklists: the order limit lists fewer and counts what it left out") {
  World m(kPhone);
  BlacklistReport r = blacklists(m, m.cuts_of(), {"phone"}, 2);
  const TargetBlacklists& t = r.targets[0];
  CHECK(ids_of(m.model, t.sets) == Sets{{"osco"}, {"chipco", "qcom"}});
  CHECK(t.all_by_order == std::vector<uint64_t>{0, 1, 1, 1});
  CHECK(r.not_counted.empty());

  Chokepoints chokepoints(*m.graph, m.cuts_of(), std::nullopt);
  BlacklistOptions options;
  options.max_order = 1;
  options.count_left_out = false;
  std::vector<ItemIndex> targets = {m.item("phone")};
  auto uncounted = minimal_blacklists(chokepoints, targets, options);
  REQUIRE(uncounted.ok());
  CHECK(ids_of(m.model, uncounted.value().targets[0].sets) == Sets{{"osco"}});
  CHECK_FALSE(uncounted.value().targets[0].counted);
  CHECK(uncounted.value().not_counted == "sets larger than 1 firms were not counted");
}

constexpr size_t kBudget = 12;

TEST_CASE("blacklists: a node budget too small for the full family still lists within the limit") {
  World m(kPhone);
  Chokepoints chokepoints(*m.graph, m.cuts_of(), std::nullopt);
  std::vector<ItemIndex> targets = {m.item("phone")};
  BlacklistOptions options;
  options.max_order = 1;
  options.max_nodes = kBudget;
  auto r = minimal_blacklists(chokepoints, targets, options);
  testing::require_ok(r);
  CHECK(ids_of(m.model, r.value().targets[0].sets) == Sets{{"osco"}});
  CHECK(r.value().not_counted ==
        "sets larger than 1 firms were not counted: the complete families need more than 12 "
        "decision-diagram nodes (raise --max-diagram-nodes)");
  options.max_nodes = 2;
  auto failed = minimal_blacklists(chokepoints, targets, options);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.errors()[0].str() ==
        "error: decision diagram exceeded its budget of 2 nodes while computing blacklists up to 1 "
        "firms; lower --max-order or raise --max-diagram-nodes");
}

TEST_CASE("blacklists: --by keeps only firms within the jurisdiction's reach") {
  World m(kPhone);
  BlacklistReport r = blacklists(m, m.cuts_of(), {"phone"}, 3, *Country::parse("US"));
  CHECK(r.candidates == 2);  // qcom, osco
  CHECK(ids_of(m.model, r.targets[0].sets) == Sets{{"osco"}});
}

TEST_CASE("blacklists: a scenario is the starting point") {
  World m(kPhone);
  BlacklistReport r = blacklists(m, m.cuts_of("no-qcom"), {"phone", "chip-b"});
  CHECK(ids_of(m.model, r.targets[0].sets) == Sets{{"chipco"}, {"osco"}, {"smic", "tsmc"}});
  // chip-b is already lost: the empty blacklist.
  CHECK(r.targets[1].already_lost);
  CHECK(ids_of(m.model, r.targets[1].sets) == Sets{{}});
  CHECK(r.targets[1].all_by_order == std::vector<uint64_t>{1});

  BlacklistReport listed = blacklists(m, m.cuts_of("listed"), {"phone"});
  CHECK(listed.targets[0].already_lost);
}

TEST_CASE("blacklists: a supplier shared by both options is a single point of failure") {
  World m(R"(
decouple: 1
name: shared
firms:
  - {id: vendor, country: CN}
  - {id: chipco, country: CN}
  - {id: qcom, country: US}
  - {id: tsmc, country: TW}
items:
  - id: phone
    maker: vendor
    kind: product
    needs:
      - {name: soc, options: [chip-a, chip-b]}
  - id: chip-a
    maker: chipco
    kind: chip
    needs: [{name: fab, options: [n7]}]
  - id: chip-b
    maker: qcom
    kind: chip
    needs: [{name: fab, options: [n7]}]
  - {id: n7, maker: tsmc, kind: service}
)");
  BlacklistReport r = blacklists(m, m.cuts_of(), {"phone", "chip-a"});
  CHECK(ids_of(m.model, r.targets[0].sets) == Sets{{"tsmc"}, {"chipco", "qcom"}});
  CHECK(ids_of(m.model, r.targets[1].sets) == Sets{{"tsmc"}});
}

TEST_CASE("blacklists: every maker along a single-sourced chain is a single point of failure") {
  std::string yaml = "decouple: 1\nname: chain\nfirms:\n";
  // fmt::format, not "text" + std::to_string(k): GCC 12 at -O3 warns
  // falsely (-Wstringop-overflow) on that string concatenation.
  for (int k = 0; k < 12; ++k) yaml += fmt::format("  - {{id: m{}, country: JP}}\n", k);
  yaml += "items:\n";
  for (int k = 0; k < 12; ++k) {
    yaml += fmt::format("  - id: i{0}\n    maker: m{0}\n    kind: component\n", k);
    if (k + 1 < 12) yaml += fmt::format("    needs: [{{name: in, options: [i{}]}}]\n", k + 1);
  }
  World m(yaml);
  BlacklistReport r = blacklists(m, m.cuts_of(), {"i0"}, 2);
  Sets expected;
  for (int k = 1; k < 12; ++k) expected.push_back({fmt::format("m{}", k)});
  std::sort(expected.begin(), expected.end());
  CHECK(ids_of(m.model, r.targets[0].sets) == expected);
  CHECK(r.targets[0].all_by_order == std::vector<uint64_t>{0, 11});
}

TEST_CASE("blacklists: a supply cycle keeps itself alive, as impact says") {
  World m(R"(
decouple: 1
name: cycle
firms:
  - {id: vendor, country: CN}
  - {id: chipco, country: CN}
  - {id: toolco, country: US}
  - {id: tool2co, country: JP}
items:
  - id: phone
    maker: vendor
    kind: product
    needs: [{name: chip, options: [chip-x]}]
  - id: chip-x
    maker: chipco
    kind: chip
    needs: [{name: tool, options: [tool-a, tool-b]}]
  - id: tool-a
    maker: toolco
    kind: tool
    needs: [{name: chip, options: [chip-x]}]
  - {id: tool-b, maker: tool2co, kind: tool}
)");
  BlacklistReport r = blacklists(m, m.cuts_of(), {"phone"});
  CHECK(ids_of(m.model, r.targets[0].sets) == Sets{{"chipco"}, {"tool2co", "toolco"}});
  // impact agrees: tool2co alone leaves the phone alive, with toolco too it is lost.
  for (auto [bans, lost] : std::vector<std::pair<std::vector<std::string>, bool>>{
           {{"tool2co"}, false}, {{"tool2co", "toolco"}, true}, {{"toolco"}, false}}) {
    std::vector<FirmIndex> firms;
    for (const auto& id : bans) firms.push_back(m.firm(id));
    std::vector<Action> actions = blacklist_actions(firms);
    ScenarioCuts cuts = apply_actions(*m.graph, {{&actions[0], kNone, 0}}, "");
    LossState state(*m.graph);
    state.apply(cuts);
    Impact impact = compute_impact(*m.graph, cuts, state);
    bool phone_lost = false;
    for (const VendorImpact& v : impact.vendors)
      for (ItemIndex i : v.lost) phone_lost |= i == m.item("phone");
    CHECK(phone_lost == lost);
  }
}

TEST_CASE("blacklists: equal the brute force over every subset of firms on random models") {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    SyntheticSpec spec;
    spec.items = 16;
    spec.firms = 8;
    spec.tiers = 4;
    spec.back_edge = seed % 2 ? 0.2 : 0;
    spec.seed = seed;
    World m(synthetic_model_yaml(spec));
    const char* scenario = seed % 3 == 0 ? "listing" : seed % 3 == 1 ? "" : "ban";
    std::optional<Country> by;
    if (seed % 5 == 0) by = *Country::parse("US");
    ScenarioCuts cuts = m.cuts_of(scenario);
    Chokepoints chokepoints(*m.graph, cuts, by);
    std::vector<FirmIndex> firms;
    for (FirmIndex f = 0; f < m.model.firms.size(); ++f)
      if (chokepoints.candidates()[f]) firms.push_back(f);
    auto lost = testing::lost_by_subset(*m.graph, cuts, firms);
    std::vector<ItemIndex> targets;
    for (ItemIndex i = 0; i < m.model.items.size(); ++i) targets.push_back(i);
    BlacklistOptions options;
    options.max_order = static_cast<uint32_t>(seed % 4);
    auto result = minimal_blacklists(chokepoints, targets, options);
    testing::require_ok(result);
    for (const TargetBlacklists& t : result.value().targets) {
      uint32_t forbidden = 0;
      for (size_t k = 0; k < firms.size(); ++k)
        if (firms[k] == m.model.items[t.target].maker) forbidden |= 1u << k;
      std::vector<std::vector<FirmIndex>> expected;
      std::vector<uint64_t> counts;
      for (uint32_t mask : testing::minimal_masks(lost, t.target, forbidden)) {
        std::vector<FirmIndex> set;
        for (size_t k = 0; k < firms.size(); ++k)
          if (mask >> k & 1) set.push_back(firms[k]);
        if (counts.size() <= set.size()) counts.resize(set.size() + 1, 0);
        ++counts[set.size()];
        if (set.size() <= options.max_order) expected.push_back(set);
      }
      INFO("seed ", seed, " target ", m.model.items[t.target].id);
      CHECK(ids_of(m.model, t.sets) == ids_of(m.model, expected));
      REQUIRE(t.counted);
      CHECK(t.all_by_order == counts);
      CHECK(t.already_lost == static_cast<bool>(lost[0][t.target]));
    }
  }
}

TEST_CASE("cone replay: agrees with propagation over the whole model") {
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    SyntheticSpec spec;
    spec.items = 18;
    spec.firms = 7;
    spec.back_edge = 0.2;
    spec.seed = seed;
    World m(synthetic_model_yaml(spec));
    ScenarioCuts cuts = m.cuts_of(seed % 2 ? "listing" : "ban");
    LossState base(*m.graph);
    base.apply(cuts);
    std::vector<FirmIndex> firms;
    for (FirmIndex f = 0; f < m.model.firms.size(); ++f) firms.push_back(f);
    auto lost = testing::lost_by_subset(*m.graph, cuts, firms);
    for (ItemIndex i = 0; i < m.model.items.size(); ++i) {
      ConeReplay replay(*m.graph, base, i);
      for (uint32_t mask = 0; mask < lost.size(); mask += 7) {
        std::vector<FirmIndex> banned;
        for (size_t k = 0; k < firms.size(); ++k)
          if (mask >> k & 1) banned.push_back(firms[k]);
        REQUIRE(replay.lost_with(banned) == static_cast<bool>(lost[mask][i]));
      }
    }
  }
}

TEST_CASE("single points of failure and damage match single bans, for every item at once") {
  World m(kPhone);
  Chokepoints chokepoints(*m.graph, m.cuts_of("no-qcom"), std::nullopt);
  auto result = single_points_of_failure(chokepoints);
  testing::require_ok(result);
  const SpofReport& r = result.value();
  CHECK(r.verified);
  CHECK(r.already_lost == 1);  // chip-b
  std::map<std::string, std::vector<std::string>> spof;
  for (const ItemSpof& s : r.items)
    for (FirmIndex f : s.firms) spof[m.model.items[s.item].id].push_back(m.model.firms[f].id);
  CHECK(spof == std::map<std::string, std::vector<std::string>>{{"phone", {"chipco", "osco"}}});
  // chipco takes the phone down (value 500); nobody else but osco does anything.
  REQUIRE(r.damage.size() == 5);  // qcom is already banned
  CHECK(m.model.firms[r.damage[0].firm].id == "chipco");  // ties on items and value: by id
  CHECK(m.model.firms[r.damage[1].firm].id == "osco");
  CHECK(r.damage[0].items.size() == 1);
  CHECK(r.damage[1].value == 500);
  CHECK(r.damage[1].vendors == 1);
  CHECK(r.damage[2].items.empty());

  for (uint64_t seed = 1; seed <= 100; ++seed) {
    SyntheticSpec spec;
    spec.items = 30;
    spec.firms = 9;
    spec.back_edge = seed % 2 ? 0.15 : 0;
    spec.seed = seed;
    World rm(synthetic_model_yaml(spec));
    ScenarioCuts cuts = rm.cuts_of(seed % 3 ? "listing" : "");
    Chokepoints c(*rm.graph, cuts, seed % 4 == 0 ? std::optional<Country>(*Country::parse("US")) : std::nullopt);
    // verify = true compares each firm's order-1 sets with its ban propagated.
    auto checked = single_points_of_failure(c);
    REQUIRE(checked.ok());
    CHECK(checked.value().verified);
  }
}

}  // namespace decouple
