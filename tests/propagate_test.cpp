// Loss propagation: hand-computed small models for every rule, then a
// property test against a brute-force greatest fixpoint on random models.
#include "decouple/propagate.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "decouple/generate.h"
#include "decouple/loss_oracle.h"
#include "decouple/model_fixture.h"
#include "decouple/random_model.h"

namespace decouple {
namespace {

using testing::World;
using Ids = std::vector<std::string>;

// A phone with two critical needs (AND), the first with two current
// sources (OR) and an alternative; a camera with a non-critical need.
// Everything US-made is reachable by an entity listing of `acme`.
constexpr std::string_view kPhone = R"(decouple: 1
name: Phone
firms:
  - {id: acme, country: CN}
  - {id: us-chips, country: US}
  - {id: tw-chips, country: TW}
  - {id: cn-chips, country: CN}
items:
  - id: phone
    maker: acme
    kind: product
    needs:
      - name: soc
        options:
          - us-soc
          - tw-soc
          - {item: cn-soc, status: alternative}
      - name: modem
        options: [us-modem]
      - name: nfc
        critical: false
        options: [us-nfc]
  - {id: us-soc, maker: us-chips, kind: chip}
  - {id: us-modem, maker: us-chips, kind: chip}
  - {id: us-nfc, maker: us-chips, kind: chip}
  - {id: tw-soc, maker: tw-chips, kind: chip}
  - {id: cn-soc, maker: cn-chips, kind: chip}
scenarios:
  - id: nothing
  - id: list-soc
    actions: [{entity_list: {by: US, add: [acme], items: [us-soc]}}]
  - id: list-modem
    actions: [{entity_list: {by: US, add: [acme], items: [us-modem]}}]
  - id: list-nfc
    actions: [{entity_list: {by: US, add: [acme], items: [us-nfc]}}]
  - id: list-all
    actions: [{entity_list: {by: US, add: [acme]}}]
  - id: no-soc
    actions:
      - entity_list: {by: US, add: [acme], items: [us-soc]}
      - ban: [tw-chips]
)";

TEST_CASE("nothing cut: everything is made") {
  World w(kPhone);
  w.evaluate("nothing");
  CHECK(w.lost_ids().empty());
  for (NeedIndex n = 0; n < w.model.needs.size(); ++n) CHECK(w.state->live_current(n) >= 1);
}

TEST_CASE("OR over options: one live current source keeps the need alive") {
  World w(kPhone);
  w.evaluate("list-soc");
  CHECK(w.lost_ids().empty());
  NeedIndex soc = w.model.items[w.item("phone")].first_need;
  CHECK(w.state->live_current(soc) == 1);
  CHECK(w.state->option_cut(w.option("phone", "soc", "us-soc")));
  CHECK(w.state->option_dead(w.option("phone", "soc", "us-soc")));
  CHECK(!w.state->option_dead(w.option("phone", "soc", "tw-soc")));
}

TEST_CASE("AND over needs: one dead critical need loses the item") {
  World w(kPhone);
  w.evaluate("list-modem");
  CHECK(w.lost_ids() == Ids{"phone"});
  CHECK(w.model.needs[w.state->killing_need(w.item("phone"))].name == "modem");
}

TEST_CASE("a dead non-critical need does not lose the item") {
  World w(kPhone);
  w.evaluate("list-nfc");
  CHECK(w.lost_ids().empty());
  NeedIndex nfc = w.model.items[w.item("phone")].first_need + 2;
  CHECK(w.model.needs[nfc].name == "nfc");
  CHECK(w.state->live_current(nfc) == 0);
}

TEST_CASE("alternatives never keep an item alive") {
  // cn-soc is live and not cut, but it is only an alternative.
  World w(kPhone);
  w.evaluate("no-soc");
  CHECK(!w.lost("cn-soc"));
  CHECK(w.lost_ids() == Ids{"phone", "tw-soc"});
  CHECK(w.model.needs[w.state->killing_need(w.item("phone"))].name == "soc");
  CHECK(w.state->killing_need(w.item("tw-soc")) == kNone);  // banned maker
  CHECK(w.state->banned(w.firm("tw-chips")));
  CHECK(!w.state->banned(w.firm("acme")));
}

TEST_CASE("losses cascade through the chain, in order") {
  World w(R"(decouple: 1
name: Chain
firms:
  - {id: a, country: CN}
  - {id: b, country: CN}
  - {id: c, country: CN}
  - {id: us, country: US}
items:
  - {id: top, maker: a, kind: product, needs: [{name: n, options: [mid]}]}
  - {id: mid, maker: b, kind: component, needs: [{name: n, options: [low]}]}
  - {id: low, maker: c, kind: chip, needs: [{name: eda, role: means, options: [tool]}]}
  - {id: tool, maker: us, kind: software}
  - {id: side, maker: a, kind: product, needs: [{name: n, critical: false, options: [mid]}]}
scenarios:
  - id: s
    actions: [{entity_list: {by: US, add: [c]}}]
)");
  w.evaluate("s");
  CHECK(w.lost_ids() == Ids{"low", "mid", "top"});
  CHECK(w.state->lost_order(w.item("low")) == 0);
  CHECK(w.state->lost_order(w.item("mid")) == 1);
  CHECK(w.state->lost_order(w.item("top")) == 2);
  CHECK(w.state->lost_order(w.item("side")) == kNone);
  CHECK(!w.lost("side"));
  // The options naming a lost item are dead without being cut.
  OptionIndex mid_to_top = w.option("top", "n", "mid");
  CHECK(!w.state->option_cut(mid_to_top));
  CHECK(w.state->option_dead(mid_to_top));
}

// chip needs a tool, the tool needs the chip: a supply cycle. Each also has
// an outside input, so cuts can reach the cycle from two sides.
constexpr std::string_view kCycle = R"(decouple: 1
name: Cycle
firms:
  - {id: fab, country: CN}
  - {id: toolco, country: CN}
  - {id: us, country: US}
  - {id: jp, country: JP}
items:
  - id: chip
    maker: fab
    kind: chip
    needs:
      - {name: litho, options: [tool]}
  - id: tool
    maker: toolco
    kind: tool
    needs:
      - {name: controller, options: [chip, jp-controller]}
      - {name: laser, options: [us-laser]}
  - {id: us-laser, maker: us, kind: component}
  - {id: jp-controller, maker: jp, kind: chip}
  - {id: phone, maker: fab, kind: product, needs: [{name: soc, options: [chip]}]}
scenarios:
  - id: nothing
  - id: cut-laser
    actions: [{entity_list: {by: US, add: [toolco]}}]
  - id: cut-controller
    actions: [{entity_list: {by: JP, add: [toolco]}}]
  - id: cut-inside
    actions: [{embargo: {by: CN, to: [CN], items: [tool]}}]
)";

TEST_CASE("a supply cycle keeps itself alive until a cut breaks it") {
  World w(kCycle);
  w.evaluate("nothing");
  CHECK(w.lost_ids().empty());
  // Cutting a second source of the cycle leaves the cycle feeding itself.
  w.evaluate("cut-controller");
  CHECK(w.lost_ids().empty());
  NeedIndex controller = w.model.items[w.item("tool")].first_need;
  CHECK(w.state->live_current(controller) == 1);
  // Cutting an input every member needs loses the whole cycle and what
  // hangs off it.
  w.evaluate("cut-laser");
  CHECK(w.lost_ids() == Ids{"chip", "phone", "tool"});
  CHECK(w.model.needs[w.state->killing_need(w.item("tool"))].name == "laser");
  CHECK(w.model.needs[w.state->killing_need(w.item("chip"))].name == "litho");
  // Cutting the edge inside the cycle works too.
  w.evaluate("cut-inside");
  CHECK(w.lost_ids() == Ids{"chip", "phone"});
  CHECK(!w.lost("tool"));  // it still gets controllers from Japan
}

TEST_CASE("a pure cycle with no outside input is alive (greatest fixpoint)") {
  World w(R"(decouple: 1
name: Pure cycle
firms: [{id: a, country: CN}, {id: b, country: US}]
items:
  - {id: x, maker: a, kind: chip, needs: [{name: n, options: [y]}]}
  - {id: y, maker: b, kind: tool, needs: [{name: n, options: [x]}]}
scenarios:
  - id: nothing
  - id: cut
    actions: [{entity_list: {by: US, add: [a]}}]
)");
  w.evaluate("nothing");
  CHECK(w.lost_ids().empty());
  w.evaluate("cut");
  CHECK(w.lost_ids() == Ids{"x", "y"});
  CHECK(w.state->lost_order(w.item("x")) < w.state->lost_order(w.item("y")));
}

TEST_CASE("a ban loses every item of the firm and what depends on them") {
  World w(kCycle);
  LossState& state = *w.state;
  state.ban_firm(w.firm("us"));
  CHECK(w.lost_ids() == Ids{"chip", "phone", "tool", "us-laser"});
  CHECK(state.killing_need(w.item("us-laser")) == kNone);
  CHECK(state.banned(w.firm("us")));
  // Banning again changes nothing; reset starts over.
  state.ban_firm(w.firm("us"));
  CHECK(state.lost_items().size() == 4);
  state.reset();
  CHECK(w.lost_ids().empty());
  CHECK(!state.banned(w.firm("us")));
}

TEST_CASE("incremental cuts equal a full evaluation, and repeats change nothing") {
  World w(kCycle);
  w.evaluate("cut-laser");
  Ids full = w.lost_ids();

  LossState step(*w.graph);
  OptionIndex laser = w.option("tool", "laser", "us-laser");
  step.cut_option(laser);
  step.cut_option(laser);
  Ids incremental;
  for (ItemIndex i : step.lost_items()) incremental.push_back(w.model.items[i].id);
  std::sort(incremental.begin(), incremental.end());
  CHECK(incremental == full);
  // Cutting an option whose supplied item is already lost is no new loss.
  step.cut_option(w.option("phone", "soc", "chip"));
  CHECK(step.lost_items().size() == full.size());
}

// Regression: apply() marked an edge cut without counting it dead when its
// supplied item had just been lost in the same apply() (banned, or killed
// by an earlier cut) but not yet propagated; the later propagation skipped
// it as already cut, so the consumer kept a phantom live option.
TEST_CASE("a cut edge from an item lost in the same scenario still counts") {
  World w(R"(decouple: 1
name: Double hit
firms:
  - {id: huawei, country: CN}
  - {id: hisilicon, country: CN}
  - {id: arm, country: GB}
  - {id: cadence, country: US}
items:
  - {id: eda, maker: cadence, kind: software}
  - id: kirin
    maker: hisilicon
    kind: chip
    origin: US
    needs: [{name: design, role: means, options: [eda]}]
  - {id: mate, maker: huawei, kind: product, needs: [{name: soc, options: [kirin]}]}
  - {id: core, maker: arm, kind: ip, origin: US}
  - {id: kirin2, maker: hisilicon, kind: chip, needs: [{name: ip, options: [core]}]}
  - {id: mate2, maker: huawei, kind: product, needs: [{name: soc, options: [kirin2]}]}
scenarios:
  # kirin dies from the cut of eda; the kirin -> mate edge is cut as well.
  - id: cut-then-cut
    actions: [{entity_list: {by: US, add: [huawei, hisilicon]}}]
  # arm is banned, and the core -> kirin2 edge is cut as well.
  - id: ban-and-cut
    actions:
      - ban: [arm]
      - entity_list: {by: US, add: [hisilicon]}
)");
  w.evaluate("cut-then-cut");
  CHECK(w.state->option_cut(w.option("mate", "soc", "kirin")));
  CHECK(w.lost("kirin"));
  CHECK(w.lost("mate"));
  w.evaluate("ban-and-cut");
  CHECK(w.state->option_cut(w.option("kirin2", "ip", "core")));
  CHECK(w.lost("kirin2"));
  CHECK(w.lost("mate2"));
}

// ---------------------------------------------------------------------------
// Property test: random small models against a brute-force fixpoint.

// Every lost item's explanation must point back in time: its killing need
// is critical and each current option of it is cut or supplies an item
// lost earlier.
void check_killing_needs(const Model& model, const LossState& state) {
  for (ItemIndex i : state.lost_items()) {
    NeedIndex n = state.killing_need(i);
    if (n == kNone) {
      CHECK(state.banned(model.items[i].maker));
      continue;
    }
    const Need& need = model.needs[n];
    CHECK(need.item == i);
    CHECK(need.critical);
    CHECK(state.live_current(n) == 0);
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
      const Option& opt = model.options[o];
      if (!opt.is_current()) continue;
      CHECK((state.option_cut(o) || state.lost_order(opt.item) < state.lost_order(i)));
    }
  }
}

TEST_CASE("property: LossState equals the brute-force greatest fixpoint") {
  for (uint32_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    Random draw(seed);
    testing::RandomModel random = testing::random_model({}, draw);
    std::mt19937 rng(seed);
    CAPTURE(random.yaml);
    Model model = testing::load_ok(random.yaml);
    SupplyGraph graph(model);

    // Random cuts and bans, applied all at once through apply().
    std::bernoulli_distribution cut_coin(0.15), ban_coin(0.15);
    ScenarioCuts cuts;
    cuts.banned.assign(model.firms.size(), kNone);
    cuts.first_cut = FirstCut(model.options.size());
    std::vector<bool> cut(model.options.size(), false), banned(model.firms.size(), false);
    for (OptionIndex o = 0; o < model.options.size(); ++o) {
      if (!cut_coin(rng)) continue;
      cut[o] = true;
      cuts.first_cut.set(o, static_cast<uint32_t>(cuts.cuts.size()));
      cuts.cuts.push_back({o, 0, {}});
    }
    for (FirmIndex f = 0; f < model.firms.size(); ++f)
      if (ban_coin(rng)) {
        banned[f] = true;
        cuts.banned[f] = 0;
      }

    LossState full(graph);
    full.apply(cuts);
    std::vector<bool> live = testing::brute_force_live(model, cut, banned);
    for (ItemIndex i = 0; i < model.items.size(); ++i) {
      CAPTURE(model.items[i].id);
      CHECK(full.lost(i) == !live[i]);
    }
    check_killing_needs(model, full);

    // The same cuts one at a time, in random order, checked after each
    // step against the brute force of what has been applied so far.
    std::vector<std::pair<bool, uint32_t>> steps;  // (is ban, index)
    for (OptionIndex o = 0; o < cut.size(); ++o)
      if (cut[o]) steps.push_back({false, o});
    for (FirmIndex f = 0; f < banned.size(); ++f)
      if (banned[f]) steps.push_back({true, f});
    std::shuffle(steps.begin(), steps.end(), rng);
    LossState incremental(graph);
    std::vector<bool> cut_so_far(cut.size(), false), banned_so_far(banned.size(), false);
    for (auto [is_ban, index] : steps) {
      if (is_ban) {
        incremental.ban_firm(index);
        banned_so_far[index] = true;
      } else {
        incremental.cut_option(index);
        cut_so_far[index] = true;
      }
      std::vector<bool> expected = testing::brute_force_live(model, cut_so_far, banned_so_far);
      for (ItemIndex i = 0; i < model.items.size(); ++i) CHECK(incremental.lost(i) == !expected[i]);
    }
    for (ItemIndex i = 0; i < model.items.size(); ++i) CHECK(incremental.lost(i) == full.lost(i));
    for (NeedIndex n = 0; n < model.needs.size(); ++n)
      CHECK(incremental.live_current(n) == full.live_current(n));
    check_killing_needs(model, incremental);
  }
}

// Cutting an option redirects its entry in LossState's per-user array;
// reset() and rollback() must put every entry back, or a later evaluation
// on the same state would skip (or double count) that option.
TEST_CASE("property: reset() and rollback() after cuts leave a state equal to a fresh one") {
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    Random draw(seed);
    testing::RandomModel random = testing::random_model({}, draw);
    std::mt19937 rng(seed);
    CAPTURE(random.yaml);
    Model model = testing::load_ok(random.yaml);
    SupplyGraph graph(model);
    std::bernoulli_distribution coin(0.2);
    auto random_steps = [&] {
      std::vector<std::pair<bool, uint32_t>> steps;  // (is ban, index)
      for (OptionIndex o = 0; o < model.options.size(); ++o)
        if (coin(rng)) steps.push_back({false, o});
      for (FirmIndex f = 0; f < model.firms.size(); ++f)
        if (coin(rng)) steps.push_back({true, f});
      std::shuffle(steps.begin(), steps.end(), rng);
      return steps;
    };
    auto run = [](LossState& state, const std::vector<std::pair<bool, uint32_t>>& steps) {
      for (auto [is_ban, index] : steps) is_ban ? state.ban_firm(index) : state.cut_option(index);
    };
    auto check_same = [&](const LossState& a, const LossState& b) {
      for (ItemIndex i = 0; i < model.items.size(); ++i) {
        CHECK(a.lost_order(i) == b.lost_order(i));
        CHECK(a.killing_need(i) == b.killing_need(i));
      }
      for (NeedIndex n = 0; n < model.needs.size(); ++n) CHECK(a.live_current(n) == b.live_current(n));
      for (OptionIndex o = 0; o < model.options.size(); ++o) CHECK(a.option_cut(o) == b.option_cut(o));
    };
    auto first = random_steps(), second = random_steps(), third = random_steps();

    LossState reused(graph);
    run(reused, first);
    reused.reset();
    run(reused, second);
    LossState fresh(graph);
    run(fresh, second);
    check_same(reused, fresh);

    // On top of `second`: mark, make other changes, roll back, then
    // `third` must give what it gives on a state that never saw them.
    reused.mark();
    run(reused, first);
    reused.rollback();
    run(reused, third);
    run(fresh, third);
    check_same(reused, fresh);
  }
}

// The property tests above draw models far below kCowMinBytes, so their
// states are heap copies. Generated models of 30,000 items put every array
// of a LossState on copy-on-write pages (cow_array.h): the same answers,
// through apply(), reset(), mark()/rollback() and a copy.
TEST_CASE("property: on a model big enough for copy-on-write pages, LossState equals the brute force") {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    CAPTURE(seed);
    GenerateOptions options;
    options.items = 30'000;
    options.seed = seed;
    options.scenarios = false;
    Model model = generate_model(options);
    SupplyGraph graph(model);
#ifdef __linux__
    REQUIRE(graph.user_needs().file() >= 0);  // the big path is the one under test
#endif
    std::mt19937 rng(static_cast<uint32_t>(seed));
    std::bernoulli_distribution cut_coin(0.004), ban_coin(0.004);
    auto draw = [&](std::vector<bool>& cut, std::vector<bool>& banned) {
      cut.assign(model.options.size(), false);
      banned.assign(model.firms.size(), false);
      for (OptionIndex o = 0; o < cut.size(); ++o) cut[o] = cut_coin(rng);
      for (FirmIndex f = 0; f < banned.size(); ++f) banned[f] = ban_coin(rng);
    };
    auto run = [&](LossState& state, const std::vector<bool>& cut, const std::vector<bool>& banned) {
      for (FirmIndex f = 0; f < banned.size(); ++f)
        if (banned[f]) state.ban_firm(f);
      for (OptionIndex o = 0; o < cut.size(); ++o)
        if (cut[o]) state.cut_option(o);
    };
    auto matches = [&](const LossState& state, const std::vector<bool>& cut, const std::vector<bool>& banned) {
      std::vector<bool> live = testing::brute_force_live(model, cut, banned);
      size_t wrong = 0, lost = 0;
      for (ItemIndex i = 0; i < model.items.size(); ++i) {
        wrong += state.lost(i) == live[i];
        lost += !live[i];
      }
      CHECK(lost > 0);  // the draw reaches something
      return wrong == 0;
    };
    std::vector<bool> cut, banned, cut2, banned2;
    draw(cut, banned);
    draw(cut2, banned2);

    LossState state(graph);
    run(state, cut, banned);
    CHECK(matches(state, cut, banned));
    check_killing_needs(model, state);

    LossState copy(state);  // a copy answers the same and moves on by itself
    state.reset();
    run(state, cut2, banned2);
    CHECK(matches(state, cut2, banned2));
    CHECK(matches(copy, cut, banned));

    state.mark();  // cut2 and cut together, then back to cut2
    run(state, cut, banned);
    std::vector<bool> both_cut(cut.size()), both_banned(banned.size());
    for (size_t k = 0; k < cut.size(); ++k) both_cut[k] = cut[k] || cut2[k];
    for (size_t k = 0; k < banned.size(); ++k) both_banned[k] = banned[k] || banned2[k];
    CHECK(matches(state, both_cut, both_banned));
    state.rollback();
    CHECK(matches(state, cut2, banned2));
    LossState fresh(graph);
    run(fresh, cut2, banned2);
    for (NeedIndex n = 0; n < model.needs.size(); ++n) {
      if (state.live_current(n) == fresh.live_current(n)) continue;
      FAIL_CHECK("need " << n << ": " << state.live_current(n) << " live after rollback, "
                         << fresh.live_current(n) << " fresh");
      break;
    }
  }
}

}  // namespace
}  // namespace decouple
