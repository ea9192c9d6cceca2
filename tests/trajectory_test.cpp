// Trajectories: hand-computed small models for each rule of stock, lead
// time and dated events, then property tests of StockClock against a
// day-by-day simulation on random models, and of build_trajectory against
// plain impact when a model has no stock and no lead times.
#include "decouple/trajectory.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "decouple/date.h"
#include "decouple/evaluation.h"
#include "decouple/model_fixture.h"
#include "decouple/random_model.h"

namespace decouple {
namespace {

using testing::World;

Day day(std::string_view date) { return *parse_date(date); }

// The state of `item_id` on `date`, read from the trajectory ("ok" when it
// is not listed or no segment covers the date).
std::string state_on(const Model& model, const Trajectory& t, std::string_view item_id,
                     std::string_view date) {
  Day d = day(date);
  for (const ItemTrajectory& it : t.items) {
    if (model.items[it.item].id != item_id) continue;
    for (const Segment& s : it.segments)
      if (s.from <= d && d < s.until) return std::string(to_string(s.state));
  }
  return "ok";
}

const ItemTrajectory* find(const Model& model, const Trajectory& t, std::string_view item_id) {
  for (const ItemTrajectory& it : t.items)
    if (model.items[it.item].id == item_id) return &it;
  return nullptr;
}

// "state from until" of every segment of the item, dates as text.
std::vector<std::string> segments_of(const Model& model, const Trajectory& t, std::string_view item_id) {
  std::vector<std::string> out;
  const ItemTrajectory* it = find(model, t, item_id);
  if (!it) return out;
  for (const Segment& s : it->segments)
    out.push_back(std::string(to_string(s.state)) + " " + format_date(s.from) + " " +
                  (s.until == kNever ? std::string("-") : format_date(s.until)));
  return out;
}

// A phone whose SoC comes from a US chip (nine months of stock) and whose
// board needs the phone's SoC... A chain: us-ip -> soc -> phone. The 2020
// step entity-lists the phone maker; the soc needs the US IP (3 months of
// link stock), the phone needs the soc (9 months of need stock).
constexpr std::string_view kChain = R"(decouple: 1
name: Chain
firms:
  - {id: us, country: US}
  - {id: hisi, country: CN}
  - {id: huawei, country: CN}
  - {id: cn-fab, country: CN}
items:
  - {id: ip, maker: us, kind: ip, origin: US}
  - {id: fab, maker: cn-fab, kind: service}
  - id: soc
    maker: hisi
    kind: chip
    needs:
      - name: design
        options:
          - {item: ip, stock: 3}
  - id: phone
    maker: huawei
    kind: product
    needs:
      - name: soc
        stock: 9
        options:
          - {item: soc}
scenarios:
  - id: rule
    date: 2020-01-01
    actions:
      - entity_list: {by: US, add: [hisi]}
)";

TEST_CASE("trajectory: a cut runs out through link stock, then need stock downstream") {
  World w(kChain);
  Trajectory t = build_trajectory(*w.graph, {});
  const Model& m = w.model;
  // soc: the link's 3 months (91 days) run from the cut; the phone's 9
  // months (274 days) from the day the soc stopped, not from the cut.
  CHECK(segments_of(m, t, "soc") ==
        std::vector<std::string>{"degraded 2020-01-01 2020-04-01", "lost 2020-04-01 -"});
  CHECK(segments_of(m, t, "phone") ==
        std::vector<std::string>{"ok 2020-01-01 2020-04-01", "degraded 2020-04-01 2020-12-31",
                                 "lost 2020-12-31 -"});
  const ItemTrajectory* phone = find(m, t, "phone");
  REQUIRE(phone);
  CHECK(phone->cut == day("2020-01-01"));
  CHECK(phone->survive == day("2020-12-31") - day("2020-01-01"));
  CHECK(phone->recover == kNever);
}

// Two critical needs cut on one day: the item runs out at the earlier
// depletion. A cycle of mutual supply stays alive until cut, then both
// members run out in turn.
constexpr std::string_view kTwoNeedsAndCycle = R"(decouple: 1
name: Two needs and a cycle
firms:
  - {id: us, country: US}
  - {id: cn, country: CN}
items:
  - {id: a, maker: us, kind: chip, origin: US}
  - {id: b, maker: us, kind: chip, origin: US}
  - id: gadget
    maker: cn
    kind: product
    needs:
      - {name: first, stock: 6, options: [a]}
      - {name: second, stock: 2, options: [b]}
  - id: x
    maker: cn
    kind: product
    needs:
      - {name: from-y, stock: 1, options: [y]}
      - {name: from-a, stock: 4, options: [a]}
  - id: y
    maker: cn
    kind: product
    needs:
      - {name: from-x, stock: 2, options: [x]}
scenarios:
  - id: cut
    date: 2021-01-01
    actions:
      - embargo: {by: US, to: [CN]}
)";

TEST_CASE("trajectory: the earliest depletion among critical needs; a cycle runs out in turn") {
  World w(kTwoNeedsAndCycle);
  Trajectory t = build_trajectory(*w.graph, {});
  const Model& m = w.model;
  // gadget: the second need's 2 months (61 days) come first.
  CHECK(segments_of(m, t, "gadget") ==
        std::vector<std::string>{"degraded 2021-01-01 2021-03-03", "lost 2021-03-03 -"});
  // x runs out when its 4 months of a are gone (122 days); y holds 2 more
  // months of x (61 days); x is then lost anyway.
  CHECK(segments_of(m, t, "x") == std::vector<std::string>{"degraded 2021-01-01 2021-05-03", "lost 2021-05-03 -"});
  CHECK(segments_of(m, t, "y") == std::vector<std::string>{"ok 2021-01-01 2021-05-03", "degraded 2021-05-03 2021-07-03",
                                                       "lost 2021-07-03 -"});
  // Nothing else is listed: a and b are made as before.
  CHECK(t.items.size() == 3);
}

// A link cut by a rule and licensed back: before its stock ran out (no
// loss), and after (lost, then back when the licence comes).
constexpr std::string_view kLicence = R"(decouple: 1
name: Licence
firms:
  - {id: us, country: US}
  - {id: cn, country: CN}
items:
  - {id: chip, maker: us, kind: chip, origin: US}
  - id: early
    maker: cn
    kind: product
    needs:
      - {name: chip, stock: 6, options: [chip]}
  - id: late
    maker: cn
    kind: product
    needs:
      - {name: chip, stock: 1, options: [chip]}
scenarios:
  - id: cut
    date: 2021-01-01
    actions:
      - embargo: {by: US, to: [CN]}
  - id: licensed
    date: 2021-04-01
    extends: [cut]
    actions:
      - license: {by: US, supplier: us}
)";

TEST_CASE("trajectory: a licence restores a link; restored before the stock ran out, nothing is lost") {
  World w(kLicence);
  Trajectory t = build_trajectory(*w.graph, {});
  const Model& m = w.model;
  CHECK(segments_of(m, t, "early") ==
        std::vector<std::string>{"degraded 2021-01-01 2021-04-01", "ok 2021-04-01 -"});
  CHECK(segments_of(m, t, "late") == std::vector<std::string>{"degraded 2021-01-01 2021-01-31",
                                                              "lost 2021-01-31 2021-04-01", "ok 2021-04-01 -"});
  const ItemTrajectory* late = find(m, t, "late");
  REQUIRE(late);
  CHECK(late->segments[2].reason.find("licensed") != std::string::npos);
  CHECK(state_on(m, t, "early", "2021-03-31") == "degraded");
}

// Recovery: an alternative with a lead time lands at cut + lead time; one
// the same action cuts never does; one a later action cuts stops helping
// then. A substitute introduced later is usable from its date.
constexpr std::string_view kRecovery = R"(decouple: 1
name: Recovery
firms:
  - {id: us, country: US}
  - {id: cn, country: CN}
  - {id: jp, country: JP}
items:
  - {id: us-chip, maker: us, kind: chip, origin: US}
  - {id: us-chip-2, maker: us, kind: chip, origin: US}
  - {id: jp-chip, maker: jp, kind: chip, origin: JP}
  - {id: cn-chip, maker: cn, kind: chip, introduced: 2022-01-01}
  - id: lead
    maker: cn
    kind: product
    needs:
      - name: chip
        stock: 2
        options:
          - us-chip
          - {item: jp-chip, status: alternative, lead_time: 6}
  - id: same
    maker: cn
    kind: product
    needs:
      - name: chip
        options:
          - us-chip
          - {item: us-chip-2, status: alternative}
  - id: later
    maker: cn
    kind: product
    needs:
      - name: chip
        options:
          - us-chip
          - {item: jp-chip, status: alternative, lead_time: 1}
  - id: substitute
    maker: cn
    kind: product
    needs:
      - name: chip
        options:
          - us-chip
          - {item: cn-chip, status: alternative}
scenarios:
  - id: cut
    date: 2021-01-01
    actions:
      - embargo: {by: US, to: [CN]}
  - id: japan-too
    date: 2021-07-01
    extends: [cut]
    actions:
      - ban: [jp]
)";

TEST_CASE("trajectory: recovery by lead time, alternatives cut now or later, a later substitute") {
  World w(kRecovery);
  Trajectory t = build_trajectory(*w.graph, {});
  const Model& m = w.model;
  // lead: stock 2 months, jp alternative 6 months (183 days) after the cut,
  // until Japan is banned on 2021-07-01 (the plan would have landed on
  // 2021-07-03): lost from then on.
  CHECK(segments_of(m, t, "lead") ==
        std::vector<std::string>{"degraded 2021-01-01 2021-03-03", "lost 2021-03-03 -"});
  // same: the alternative is cut by the same action: lost for good.
  CHECK(segments_of(m, t, "same") == std::vector<std::string>{"lost 2021-01-01 -"});
  const ItemTrajectory* same = find(m, t, "same");
  REQUIRE(same);
  CHECK(same->survive == 0);
  CHECK(same->recover == kNever);
  // later: recovered after a month, lost again when Japan is banned, then
  // the lead time runs again from the new trouble? No: the trouble goes on
  // since 2021-01-01, and no plan is left.
  CHECK(segments_of(m, t, "later") == std::vector<std::string>{"lost 2021-01-01 2021-01-31",
                                                               "recovered 2021-01-31 2021-07-01",
                                                               "lost 2021-07-01 -"});
  // substitute: usable from its introduction.
  CHECK(segments_of(m, t, "substitute") ==
        std::vector<std::string>{"lost 2021-01-01 2022-01-01", "recovered 2022-01-01 -"});
  const ItemTrajectory* sub = find(m, t, "substitute");
  REQUIRE(sub);
  CHECK(sub->recover == day("2022-01-01") - day("2021-01-01"));
}

// An action in force for a window only (a temporary rule): the link is
// cut from its start to its end, included.
constexpr std::string_view kWindow = R"(decouple: 1
name: Window
firms:
  - {id: us, country: US}
  - {id: cn, country: CN}
items:
  - {id: chip, maker: us, kind: chip, origin: US}
  - id: phone
    maker: cn
    kind: product
    needs:
      - {name: chip, options: [chip]}
scenarios:
  - id: rule
    date: 2021-01-01
    actions:
      - embargo: {by: US, to: [CN]}
        until: 2021-03-31
)";

TEST_CASE("trajectory: an action's until ends its cut the day after") {
  World w(kWindow);
  Trajectory t = build_trajectory(*w.graph, {});
  CHECK(segments_of(w.model, t, "phone") ==
        std::vector<std::string>{"lost 2021-01-01 2021-04-01", "ok 2021-04-01 -"});
  // --until before the end: the lost interval is open at the horizon.
  TrajectoryOptions options;
  options.until = day("2021-02-01");
  Trajectory clipped = build_trajectory(*w.graph, options);
  CHECK(segments_of(w.model, clipped, "phone") == std::vector<std::string>{"lost 2021-01-01 -"});
}

// The tutorial phone: nine months of Kirin chips after the 2020 rule cuts
// TSMC; SMIC's alternative is cut by the same rule (it is made with US
// tools), so nothing brings the Kirin back.
TEST_CASE("trajectory: the tutorial phone's Kirin holds nine months, then is lost") {
  Result<Model> loaded = load_model(DECOUPLE_SOURCE_DIR "/models/tutorial/phone.yaml");
  REQUIRE(loaded.ok());
  const Model& model = loaded.value();
  SupplyGraph graph(model);
  Trajectory t = build_trajectory(graph, {});
  CHECK(segments_of(model, t, "kirin-990") ==
        std::vector<std::string>{"degraded 2019-05-16 2021-05-18", "lost 2021-05-18 -"});
}

// ---------------------------------------------------------------------------
// Property: StockClock against a day-by-day simulation of the definition
// (trajectory.h) on random models with random stock and random closures.

struct Oracle {
  const Model& model;
  const StockClock& clock;  // for the stock in days (one rounding rule)
  std::vector<Day> dead_since, dry_since;  // per option / need, kNever: live
  std::vector<bool> made;

  Oracle(const Model& m, const StockClock& c)
      : model(m), clock(c), dead_since(m.options.size(), kNever), dry_since(m.needs.size(), kNever) {}

  // Simulates day `d` under `closure`; `made` is the greatest fixpoint.
  void step(Day d, const Closure& closure) {
    std::vector<bool> closed(model.options.size(), false), stopped(model.items.size(), false);
    for (OptionIndex o : closure.closed) closed[o] = true;
    for (ItemIndex i : closure.stopped) stopped[i] = true;
    made.assign(model.items.size(), true);
    for (ItemIndex i = 0; i < model.items.size(); ++i) made[i] = !stopped[i];
    auto alive = [&](OptionIndex o) { return !closed[o] && made[model.options[o].item]; };
    auto delivers = [&](OptionIndex o) {
      if (alive(o)) return true;
      Day since = dead_since[o] != kNever ? dead_since[o] : d;
      return d - since < clock.option_stock(o);
    };
    auto supplied = [&](NeedIndex n) {
      const Need& need = model.needs[n];
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
        if (model.options[o].is_current() && delivers(o)) return true;
      return false;
    };
    for (bool changed = true; changed;) {
      changed = false;
      for (ItemIndex i = 0; i < model.items.size(); ++i) {
        if (!made[i]) continue;
        const Item& item = model.items[i];
        for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
          if (!model.needs[n].critical || supplied(n)) continue;
          Day since = dry_since[n] != kNever ? dry_since[n] : d;
          if (d - since < clock.need_stock(n)) continue;
          made[i] = false;
          changed = true;
          break;
        }
      }
    }
    for (OptionIndex o = 0; o < model.options.size(); ++o)
      dead_since[o] = alive(o) ? kNever : dead_since[o] != kNever ? dead_since[o] : d;
    for (NeedIndex n = 0; n < model.needs.size(); ++n)
      dry_since[n] = supplied(n) ? kNever : dry_since[n] != kNever ? dry_since[n] : d;
  }
  // Some current option of the item's needs is dead on the day just simulated.
  bool degraded(ItemIndex i) const {
    const Item& item = model.items[i];
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
      const Need& need = model.needs[n];
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
        if (model.options[o].is_current() && dead_since[o] != kNever) return true;
    }
    return false;
  }
};

TEST_CASE("property: StockClock equals a day-by-day simulation") {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    CAPTURE(seed);
    Random draw(seed);
    testing::RandomModel random = testing::random_model({}, draw);
    std::mt19937 rng(seed);
    CAPTURE(random.yaml);
    Model model = testing::load_ok(random.yaml);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    // Stock in whole months, 0 to 3 (0 to 91 days), on some needs and links.
    for (Need& n : model.needs) n.stock = pick(0, 2) == 0 ? static_cast<float>(pick(1, 3)) : 0;
    for (Option& o : model.options) o.stock = pick(0, 2) == 0 ? static_cast<float>(pick(1, 3)) : 0;
    SupplyGraph graph(model);
    StockClock clock(graph);
    Oracle oracle(model, clock);
    // Three to six intervals within 400 days, each closing random links and
    // stopping random items (a link may close, reopen and close again).
    int intervals = pick(3, 6);
    std::vector<Closure> closures;
    Day start = 0;
    for (int k = 0; k < intervals; ++k) {
      Closure c;
      c.start = start;
      for (OptionIndex o = 0; o < model.options.size(); ++o)
        if (pick(0, 4) == 0) c.closed.push_back(o);
      for (ItemIndex i = 0; i < model.items.size(); ++i)
        if (pick(0, 9) == 0) c.stopped.push_back(i);
      closures.push_back(std::move(c));
      start += pick(1, 120);
    }
    Day end = start + 200;
    for (size_t k = 0; k < closures.size(); ++k) {
      clock.advance(closures[k]);
      Day until = k + 1 < closures.size() ? closures[k + 1].start : end;
      for (Day d = closures[k].start; d < until; ++d) {
        oracle.step(d, closures[k]);
        for (ItemIndex i = 0; i < model.items.size(); ++i) {
          CAPTURE(d);
          CAPTURE(i);
          REQUIRE(oracle.made[i] == (d < clock.stops(i)));
          if (oracle.made[i]) REQUIRE(oracle.degraded(i) == (clock.degraded(i) <= d));
        }
      }
    }
  }
}

// Without stock, lead times or windows, each step's state is the plain
// evaluation of its scenario: an item stops (lost, or recovered at once
// through a plan with no lead time) exactly when impact says it is lost.
TEST_CASE("property: without stock or lead times the trajectory is each step's impact") {
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    CAPTURE(seed);
    Random draw(seed);
    testing::RandomModel random = testing::random_model({}, draw);
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::string yaml = random.yaml + "scenarios:\n";
    int steps = pick(1, 3);
    for (int k = 0; k < steps; ++k) {
      yaml += "  - id: s" + std::to_string(k) + "\n    date: 202" + std::to_string(k) + "-0" +
              std::to_string(pick(1, 9)) + "-01\n    actions:\n      - ban: [";
      std::string firms;
      for (size_t f = 0; f < random.firms; ++f)
        if (pick(0, 2) == 0) firms += (firms.empty() ? "f" : ", f") + std::to_string(f);
      yaml += (firms.empty() ? std::string("f0") : firms) + "]\n";
    }
    CAPTURE(yaml);
    World w(yaml);
    const Model& m = w.model;
    Trajectory t = build_trajectory(*w.graph, {});
    for (int k = 0; k < steps; ++k) {
      ScenarioIndex s = m.find_scenario("s" + std::to_string(k));
      auto evaluation = evaluate(*w.graph, s);
      for (ItemIndex i = 0; i < m.items.size(); ++i) {
        std::string state = state_on(m, t, m.items[i].id, m.scenarios[s].date.str());
        CAPTURE(m.items[i].id);
        CHECK((state == "lost" || state == "recovered") == evaluation->state.lost(i));
      }
    }
  }
}

}  // namespace
}  // namespace decouple
