#include <doctest/doctest.h>

#include <algorithm>

#include <fmt/format.h>

#include "decouple/generate.h"
#include "decouple/model_fixture.h"
#include "decouple/random.h"
#include "decouple/random_model.h"
#include "decouple/what_if.h"

using namespace decouple;

namespace {

// A random model with no structure at all (random_model.h): any item may
// need any other, so cycles, diamonds, alternatives and optional needs all
// turn up, and (demote_first_options) so do critical needs with no current
// option, which the loader refuses but a Model built by hand may hold.
// Scenario 0 lists a random firm (by US) and, half the time, licenses one
// firm's supply to it.
Model random_model(uint64_t seed) {
  Random random(seed);
  testing::RandomModelSpec spec;
  spec.min_firms = 2;
  spec.max_firms = 7;
  spec.countries = {"US", "CN", "JP", "NL"};
  spec.min_items = 3;
  spec.max_items = 30;
  spec.origin = 0.2;
  spec.origins = spec.countries;
  spec.value = 0.5;
  spec.non_critical = 0.2;
  testing::RandomModel drawn = testing::random_model(spec, random);
  std::string text = drawn.yaml;
  const uint64_t listed = random.below(drawn.firms);
  text += fmt::format("scenarios:\n  - id: base\n    actions:\n      - entity_list: {{by: US, add: [f{}]}}\n",
                      listed);
  const uint64_t supplier = random.below(drawn.firms);
  if (random.chance(0.5))
    text += fmt::format("      - license: {{by: US, supplier: f{}, to: f{}}}\n", supplier, listed);
  Model m = testing::load_ok(text);
  testing::demote_first_options(m, spec.alternative, random);
  return m;
}

// Lost items of the base scenario plus `extra`, evaluated from scratch.
std::vector<ItemIndex> full_evaluation(const SupplyGraph& graph, const Action& extra,
                                       size_t* edges_cut_by_extra = nullptr) {
  std::vector<AppliedAction> applied = resolve_scenario(graph.model(), 0);
  applied.push_back({&extra, kNone, 0});
  ScenarioCuts cuts = apply_actions(graph, applied, "");
  LossState state(graph);
  state.apply(cuts);
  if (edges_cut_by_extra) {
    ScenarioCuts base = apply_scenario(graph, 0);
    *edges_cut_by_extra = 0;
    for (OptionIndex o = 0; o < graph.model().options.size(); ++o)
      *edges_cut_by_extra += cuts.is_cut(o) && !base.is_cut(o);
  }
  std::vector<ItemIndex> lost(state.lost_items().begin(), state.lost_items().end());
  std::sort(lost.begin(), lost.end());
  return lost;
}

std::vector<ItemIndex> lost_now(const LossState& state) {
  std::vector<ItemIndex> lost(state.lost_items().begin(), state.lost_items().end());
  std::sort(lost.begin(), lost.end());
  return lost;
}

// The whole observable state, to check rollback restores it exactly.
struct Snapshot {
  std::vector<uint32_t> order, live;
  std::vector<NeedIndex> killing;
  std::vector<bool> cut, banned;
  bool operator==(const Snapshot&) const = default;
};
Snapshot snapshot(const SupplyGraph& graph, const LossState& s) {
  const Model& m = graph.model();
  Snapshot out;
  for (ItemIndex i = 0; i < m.items.size(); ++i) {
    out.order.push_back(s.lost_order(i));
    out.killing.push_back(s.killing_need(i));
  }
  for (NeedIndex n = 0; n < m.needs.size(); ++n) out.live.push_back(s.live_current(n));
  for (OptionIndex o = 0; o < m.options.size(); ++o) out.cut.push_back(s.option_cut(o));
  for (FirmIndex f = 0; f < m.firms.size(); ++f) out.banned.push_back(s.banned(f));
  return out;
}

}  // namespace

TEST_CASE("what-if: banning one more firm agrees with a full evaluation (400 random models)") {
  size_t grew = 0, base_losses = 0, pairs = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    Model m = random_model(seed);
    SupplyGraph graph(m);
    ScenarioCuts base = apply_scenario(graph, 0);
    WhatIf what_if(graph, base);
    const Snapshot before = snapshot(graph, what_if.state());
    const size_t base_lost = what_if.state().lost_items().size();
    for (FirmIndex f = 0; f < m.firms.size(); ++f) {
      std::vector<Action> ban = blacklist_actions(std::vector<FirmIndex>{f});
      std::vector<ItemIndex> expected = full_evaluation(graph, ban[0]);

      what_if.apply_ban(std::vector<FirmIndex>{f});
      CHECK(lost_now(what_if.state()) == expected);
      what_if.undo();
      CHECK(snapshot(graph, what_if.state()) == before);

      WhatIfEffect effect = what_if.ban(f);
      CHECK(effect.items_lost == expected.size() - base_lost);
      CHECK(snapshot(graph, what_if.state()) == before);
      ++pairs;
      grew += effect.items_lost > 0;
    }
    base_losses += base_lost;
  }
  MESSAGE(fmt::format("{} bans, {} losing more than the base scenario; {} items lost by the base scenarios",
                      pairs, grew, base_losses));
  // The models are not all trivially lost or untouched.
  CHECK(grew > 1500);
  CHECK(pairs - grew > 150);
  CHECK(base_losses > 300);
}

TEST_CASE("what-if: entity-listing one more firm agrees with a full evaluation, licenses included") {
  size_t listings = 0, cutting = 0, losing = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    Model m = random_model(seed);
    SupplyGraph graph(m);
    ScenarioCuts base = apply_scenario(graph, 0);
    WhatIf what_if(graph, base);
    const Snapshot before = snapshot(graph, what_if.state());
    const size_t base_lost = what_if.state().lost_items().size();
    for (const char* by : {"US", "CN"}) {
      for (FirmIndex f = 0; f < m.firms.size(); ++f) {
        Action listing;
        listing.body = EntityListAction{*Country::parse(by), {f}, {}};
        size_t edges = 0;
        std::vector<ItemIndex> expected = full_evaluation(graph, listing, &edges);
        WhatIfEffect effect = what_if.entity_list(*Country::parse(by), f);
        CHECK(effect.items_lost == expected.size() - base_lost);
        CHECK(effect.edges_cut == edges);
        CHECK(snapshot(graph, what_if.state()) == before);
        ++listings;
        cutting += edges > 0;
        losing += effect.items_lost > 0;
      }
    }
  }
  MESSAGE(fmt::format("{} listings, {} cutting an edge, {} losing an item", listings, cutting, losing));
  CHECK(cutting > 1700);
  CHECK(losing > 900);
}

TEST_CASE("what-if: several firms at once, and the effect's firm and value counts") {
  GenerateOptions options;
  options.items = 3000;
  options.seed = 21;
  Model m = generate_model(options);
  SupplyGraph graph(m);
  ScenarioCuts base = apply_scenario(graph, m.find_scenario("embargo-cn-chips"));
  WhatIf what_if(graph, base);
  Random r(3);
  for (int trial = 0; trial < 30; ++trial) {
    std::vector<FirmIndex> firms;
    for (int k = 0; k < 4; ++k) firms.push_back(static_cast<FirmIndex>(r.below(m.firms.size())));
    what_if.apply_ban(firms);
    std::vector<bool> hit(m.firms.size());
    double value = 0;
    for (ItemIndex i : what_if.state().lost_since_mark()) {
      hit[m.items[i].maker] = true;
      if (m.items[i].value > 0) value += m.items[i].value;
    }
    size_t lost = what_if.state().lost_since_mark().size();
    what_if.undo();
    WhatIfEffect effect = what_if.ban(firms);
    CHECK(effect.items_lost == lost);
    CHECK(effect.firms_affected == std::count(hit.begin(), hit.end(), true));
    CHECK(effect.value_lost == doctest::Approx(value));
  }
}

#include "decouple/loader.h"

TEST_CASE("a ban and a cut of the same edge in one scenario kill the edge once, not never") {
  // x's maker is banned and the edge x -> y is cut by the same scenario:
  // y has no live option left and is lost (the edge must count once).
  const char* text = R"(decouple: 1
name: t
firms:
  - {id: a, country: US}
  - {id: b, country: CN}
items:
  - {id: x, maker: a, kind: chip}
  - id: y
    maker: b
    kind: product
    needs: [{name: soc, options: [x]}]
scenarios:
  - id: both
    actions:
      - ban: [a]
      - entity_list: {by: US, add: [b]}
)";
  const Model m = testing::load_ok(text);
  SupplyGraph graph(m);
  ScenarioCuts cuts = apply_scenario(graph, 0);
  LossState state(graph);
  state.apply(cuts);
  CHECK(state.lost(m.find_item("x")));
  CHECK(state.lost(m.find_item("y")));
  CHECK(state.live_current(0) == 0);
}
