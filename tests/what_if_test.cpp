#include <doctest/doctest.h>

#include <algorithm>

#include "decouple/generate.h"
#include "decouple/model_fixture.h"
#include "decouple/random.h"
#include "decouple/what_if.h"

using namespace decouple;

namespace {

// A random model with no structure at all: any item may need any other, so
// cycles, diamonds, alternatives and optional needs all turn up. Scenario 0
// lists a random firm (by US) and licenses one US firm's supply to it.
Model random_model(uint64_t seed) {
  Random r(seed);
  Model m;
  m.name = "random";
  const char* countries[] = {"US", "CN", "JP", "NL"};
  uint32_t firms = 2 + static_cast<uint32_t>(r.below(6));
  uint32_t items = 3 + static_cast<uint32_t>(r.below(28));
  for (uint32_t f = 0; f < firms; ++f) {
    Firm firm;
    firm.id = firm.name = m.text.add("f" + std::to_string(f));
    firm.country = *Country::parse(countries[r.below(4)]);
    m.firms.push_back(firm);
  }
  for (uint32_t i = 0; i < items; ++i) {
    Item item;
    item.id = item.name = m.text.add("i" + std::to_string(i));
    item.maker = static_cast<FirmIndex>(r.below(firms));
    item.origin = r.chance(0.8) ? m.firms[item.maker].country : *Country::parse(countries[r.below(4)]);
    item.value = r.chance(0.5) ? static_cast<double>(1 + r.below(100)) : -1;
    item.first_need = static_cast<NeedIndex>(m.needs.size());
    uint32_t needs = static_cast<uint32_t>(r.below(4));
    for (uint32_t k = 0; k < needs; ++k) {
      Need need;
      need.item = i;
      need.name = m.text.intern("n" + std::to_string(k));
      need.critical = r.chance(0.8);
      need.first_option = static_cast<OptionIndex>(m.options.size());
      uint32_t options = 1 + static_cast<uint32_t>(r.below(3));
      for (uint32_t o = 0; o < options; ++o) {
        Option option;
        option.need = static_cast<NeedIndex>(m.needs.size());
        option.item = static_cast<ItemIndex>(r.below(items));
        if (option.item == i) option.item = (i + 1) % items;
        if (r.chance(0.25)) option.status = OptionStatus::kAlternative;
        m.options.push_back(option);
      }
      need.option_count = options;
      m.needs.push_back(need);
    }
    item.need_count = needs;
    m.items.push_back(item);
  }
  Scenario s;
  s.id = s.name = "base";
  EntityListAction listing;
  listing.by = *Country::parse("US");
  listing.add = {static_cast<FirmIndex>(r.below(firms))};
  s.actions.push_back({listing, kNone, {}});
  LicenseAction license;
  license.by = listing.by;
  license.to = listing.add[0];
  license.supplier = static_cast<FirmIndex>(r.below(firms));
  if (r.chance(0.5)) s.actions.push_back({license, kNone, {}});
  m.scenarios.push_back(s);
  m.index_ids();
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
    }
  }
}

TEST_CASE("what-if: entity-listing one more firm agrees with a full evaluation, licenses included") {
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
      }
    }
  }
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
