// Uncertain links (risk.h): probabilities and importance computed by hand on
// small models, the exact method against enumeration of every world of
// links on random models, and the Monte Carlo intervals' coverage.
#include "decouple/risk.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "decouple/model_fixture.h"
#include "decouple/propagate.h"
#include "decouple/random.h"
#include "decouple/random_model.h"
#include "decouple/synthetic_model.h"

namespace decouple {
namespace {

using testing::World;

// phone <- soc (0.8) <- wafer (0.5): a series of two uncertain links.
constexpr const char* kSeries = R"(
decouple: 1
name: t
firms:
  - {id: vendor, country: CN}
  - {id: chipco, country: CN}
  - {id: fab, country: TW}
items:
  - id: phone
    maker: vendor
    kind: product
    needs:
      - {name: soc, options: [{item: soc, confidence: 0.8}]}
  - id: soc
    maker: chipco
    kind: chip
    needs:
      - {name: wafer, options: [{item: wafer, confidence: 0.5}]}
  - {id: wafer, maker: fab, kind: material}
)";

// Two current sources of one need, and an alternative that never counts.
constexpr const char* kParallel = R"(
decouple: 1
name: t
firms:
  - {id: vendor, country: CN}
  - {id: a-co, country: US}
  - {id: b-co, country: KR}
  - {id: c-co, country: JP}
items:
  - id: phone
    maker: vendor
    kind: product
    needs:
      - name: memory
        options:
          - {item: mem-a, confidence: 0.9}
          - {item: mem-b, confidence: 0.6}
          - {item: mem-c, status: alternative, confidence: 0.1}
  - {id: mem-a, maker: a-co, kind: chip}
  - {id: mem-b, maker: b-co, kind: chip}
  - {id: mem-c, maker: c-co, kind: chip}
)";

// chip <-> tool-a is a supply cycle; tool-b is the other way to the tool.
constexpr const char* kCycle = R"(
decouple: 1
name: t
firms:
  - {id: vendor, country: CN}
  - {id: chipco, country: CN}
  - {id: toolco, country: US}
  - {id: tool2co, country: JP}
items:
  - id: phone
    maker: vendor
    kind: product
    needs:
      - {name: chip, options: [chip]}
  - id: chip
    maker: chipco
    kind: chip
    needs:
      - name: tool
        options:
          - {item: tool-a, confidence: 0.5}
          - {item: tool-b, confidence: 0.5}
  - id: tool-a
    maker: toolco
    kind: tool
    needs:
      - {name: chip, options: [chip]}
  - {id: tool-b, maker: tool2co, kind: tool}
)";

// The scenario cuts the certain modem; the uncertain one is all that is left.
constexpr const char* kCutAndLink = R"(
decouple: 1
name: t
firms:
  - {id: vendor, country: CN}
  - {id: qcom, country: US}
  - {id: cnmodem, country: CN}
items:
  - id: phone
    maker: vendor
    kind: product
    needs:
      - name: modem
        options:
          - us-modem
          - {item: cn-modem, confidence: 0.7}
  - {id: us-modem, maker: qcom, kind: chip, origin: US}
  - {id: cn-modem, maker: cnmodem, kind: chip}
scenarios:
  - id: list-vendor
    actions:
      - entity_list: {by: US, add: [vendor]}
)";

RiskReport run(const World& m, const ScenarioCuts& cuts, std::vector<ItemIndex> targets,
               RiskOptions options = {}) {
  Result<RiskReport> report = assess_risk(*m.graph, cuts, targets, options);
  testing::require_ok(report);
  return std::move(report).value();
}

const ItemRisk* find(const RiskReport& r, ItemIndex item) {
  for (const ItemRisk& i : r.items)
    if (i.item == item) return &i;
  return nullptr;
}

double probability(const RiskReport& r, ItemIndex item) {
  const ItemRisk* i = find(r, item);
  return i ? i->probability : 0.0;
}

// Importance of the link consumer <- supplier.
const LinkImportance& link(const World& m, const RiskReport& r, std::string_view consumer,
                           std::string_view supplier) {
  for (const LinkImportance& l : r.links)
    if (m.model.items[m.model.consumer_of(l.option)].id == consumer &&
        m.model.items[m.model.options[l.option].item].id == supplier)
      return l;
  FAIL("no link " << consumer << " <- " << supplier);
  return r.links.front();
}

}  // namespace

TEST_CASE("risk: a series of two uncertain links, by hand") {
  World m(kSeries);
  RiskReport all = run(m, m.cuts_of(), {});
  CHECK(all.uncertain_links == 2);
  CHECK(all.open_links == 2);
  // soc is lost when the wafer link is absent; phone when either is.
  CHECK(probability(all, m.item("soc")) == doctest::Approx(0.5).epsilon(1e-15));
  CHECK(probability(all, m.item("phone")) == doctest::Approx(1 - 0.8 * 0.5).epsilon(1e-15));
  CHECK(find(all, m.item("wafer")) == nullptr);  // never lost: not listed
  CHECK(all.expected_lost == doctest::Approx(1.1));

  RiskReport phone = run(m, m.cuts_of(), {m.item("phone")});
  REQUIRE(phone.items.size() == 1);
  CHECK(phone.items[0].method == ItemMethod::kExact);
  // P(phone lost | soc link absent) = 1, | present = 0.5.
  const LinkImportance& soc = link(m, phone, "phone", "soc");
  CHECK(soc.if_absent == doctest::Approx(1));
  CHECK(soc.if_present == doctest::Approx(0.5));
  CHECK(soc.birnbaum == doctest::Approx(0.5));
  // P(phone lost | wafer absent) = 1, | present = 0.2.
  const LinkImportance& wafer = link(m, phone, "soc", "wafer");
  CHECK(wafer.birnbaum == doctest::Approx(0.8));
  CHECK(phone.links[0].option == wafer.option);  // verify the wafer first
  // Over both items: the wafer link decides soc and phone (0.8 + 1).
  CHECK(link(m, all, "soc", "wafer").birnbaum == doctest::Approx(1.8));
  CHECK(link(m, all, "phone", "soc").birnbaum == doctest::Approx(0.5));
}

TEST_CASE("risk: two current options in parallel; alternatives never count") {
  World m(kParallel);
  RiskReport r = run(m, m.cuts_of(), {m.item("phone")});
  CHECK(r.uncertain_links == 2);  // the alternative's confidence cannot change anything
  CHECK(r.open_links == 2);
  CHECK(probability(r, m.item("phone")) == doctest::Approx(0.1 * 0.4).epsilon(1e-15));
  CHECK(link(m, r, "phone", "mem-a").birnbaum == doctest::Approx(0.4));  // P(b absent)
  CHECK(link(m, r, "phone", "mem-b").birnbaum == doctest::Approx(0.1));  // P(a absent)
}

TEST_CASE("risk: a supply cycle keeps itself alive in every world no absent link breaks") {
  World m(kCycle);
  RiskReport r = run(m, m.cuts_of(), {});
  // chip is lost only when tool-b's link is absent and tool-a's too: with
  // tool-a's link present, chip and tool-a keep each other alive.
  CHECK(probability(r, m.item("chip")) == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(probability(r, m.item("tool-a")) == doctest::Approx(0.25).epsilon(1e-15));
  CHECK(probability(r, m.item("phone")) == doctest::Approx(0.25).epsilon(1e-15));
  RiskReport phone = run(m, m.cuts_of(), {m.item("phone")});
  CHECK(link(m, phone, "chip", "tool-a").birnbaum == doctest::Approx(0.5));
  CHECK(link(m, phone, "chip", "tool-b").birnbaum == doctest::Approx(0.5));
  // Monte Carlo sees the same cycle semantics.
  RiskOptions mc;
  mc.method = RiskMethod::kMonteCarlo;
  mc.samples = 20000;
  RiskReport sampled = run(m, m.cuts_of(), {m.item("phone")}, mc);
  REQUIRE(sampled.items.size() == 1);
  CHECK(sampled.items[0].method == ItemMethod::kMonteCarlo);
  CHECK(sampled.items[0].low <= 0.25);
  CHECK(sampled.items[0].high >= 0.25);
}

TEST_CASE("risk: a scenario cut leaves an uncertain link as the only source") {
  World m(kCutAndLink);
  RiskReport before = run(m, m.cuts_of(), {m.item("phone")});
  CHECK(probability(before, m.item("phone")) == 0);  // the US modem is certain
  CHECK(before.open_links == 1);
  CHECK(before.links.empty());  // zero importance: nothing to verify
  RiskReport after = run(m, m.cuts_of("list-vendor"), {m.item("phone")});
  CHECK(probability(after, m.item("phone")) == doctest::Approx(0.3).epsilon(1e-15));
  CHECK(after.links[0].birnbaum == doctest::Approx(1));
  CHECK(after.links[0].if_absent == doctest::Approx(1));
  CHECK(after.links[0].if_present == doctest::Approx(0));
}

TEST_CASE("risk: items the scenario loses are certain; confidence 1 is no uncertainty") {
  World m(kCutAndLink);
  for (Option& o : m.model.options) o.confidence = 1;
  RiskReport r = run(m, m.cuts_of("list-vendor"), {});
  CHECK(r.uncertain_links == 0);
  CHECK(r.links.empty());
  CHECK(r.items.empty());  // the CN modem keeps the phone alive for sure
  m.model.options[1].confidence = 1;
  World cut(kSeries);
  cut.model.options[1].confidence = 0;  // soc <- wafer: never there
  RiskReport gone = run(cut, cut.cuts_of(), {});
  CHECK(probability(gone, cut.item("soc")) == 1);
  CHECK(probability(gone, cut.item("phone")) == 1);
}

namespace {

// Enumerates every world of the open uncertain links: P(lost) per item and,
// per link, sum over items of P(lost | absent) - P(lost | present).
struct Enumeration {
  std::vector<double> lost;                    // per item
  std::map<OptionIndex, double> birnbaum;      // per link, summed over `targets`
};

Enumeration enumerate(const World& m, const ScenarioCuts& cuts, const std::vector<OptionIndex>& links,
                      const std::vector<ItemIndex>& targets) {
  Enumeration e;
  e.lost.assign(m.model.items.size(), 0.0);
  std::vector<double> given_absent(links.size(), 0.0), given_present(links.size(), 0.0);
  LossState state(*m.graph);
  for (uint32_t mask = 0; mask < (1u << links.size()); ++mask) {
    state.reset();
    state.apply(cuts);
    double weight = 1;
    for (size_t k = 0; k < links.size(); ++k) {
      double q = absence_probability(m.model.options[links[k]]);
      if (mask & (1u << k)) {
        weight *= q;
        state.cut_option(links[k]);
      } else {
        weight *= 1 - q;
      }
    }
    double lost_targets = 0;
    for (ItemIndex t : targets) lost_targets += state.lost(t);
    for (ItemIndex i = 0; i < m.model.items.size(); ++i)
      if (state.lost(i)) e.lost[i] += weight;
    for (size_t k = 0; k < links.size(); ++k) {
      double q = absence_probability(m.model.options[links[k]]);
      // Weight of the world without link k's factor, i.e. conditioned on it.
      if (mask & (1u << k)) {
        if (q > 0) given_absent[k] += weight / q * lost_targets;
      } else if (q < 1) {
        given_present[k] += weight / (1 - q) * lost_targets;
      }
    }
  }
  for (size_t k = 0; k < links.size(); ++k) e.birnbaum[links[k]] = given_absent[k] - given_present[k];
  return e;
}

// Gives up to `count` current options random confidences (multiples of
// 0.05; the others stay certain); returns them.
std::vector<OptionIndex> make_uncertain(Model& model, uint64_t seed, size_t count) {
  Random random(seed);
  return testing::make_uncertain(model, random, count, 0.5, 20);
}

}  // namespace

TEST_CASE("risk: exact probabilities and importance equal enumeration of every world, on random models") {
  size_t checked_items = 0, cyclic_models = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    SyntheticSpec spec;
    spec.items = 14;
    spec.firms = 6;
    spec.max_options = 2;
    spec.back_edge = seed % 3 == 0 ? 0.25 : 0;
    spec.seed = seed;
    World m(synthetic_model_yaml(spec));
    cyclic_models += spec.back_edge > 0;
    std::vector<OptionIndex> links = make_uncertain(m.model, seed, 9);
    ScenarioCuts cuts = m.cuts_of(seed % 2 ? "listing" : "");
    INFO("seed ", seed);
    // Every item at once, and one item alone (its own importance).
    RiskReport all = run(m, cuts, {});
    std::vector<ItemIndex> every;
    for (ItemIndex i = 0; i < m.model.items.size(); ++i) every.push_back(i);
    Enumeration e = enumerate(m, cuts, links, every);
    for (ItemIndex i = 0; i < m.model.items.size(); ++i) {
      INFO("item ", m.model.items[i].id);
      const ItemRisk* r = find(all, i);
      if (e.lost[i] < 1e-15) {
        CHECK(r == nullptr);
        continue;
      }
      REQUIRE(r != nullptr);
      CHECK(r->method != ItemMethod::kMonteCarlo);
      CHECK(std::fabs(r->probability - e.lost[i]) <= 1e-12);
      ++checked_items;
    }
    double expected = 0;
    for (double p : e.lost) expected += p;
    CHECK(std::fabs(all.expected_lost - expected) <= 1e-11);
    for (const LinkImportance& l : all.links) {
      INFO("option ", l.option);
      REQUIRE(e.birnbaum.count(l.option));
      CHECK(std::fabs(l.birnbaum - e.birnbaum[l.option]) <= 1e-11);
    }
    // Links left out of the ranking matter to no item.
    for (const auto& [option, b] : e.birnbaum) {
      bool listed = std::any_of(all.links.begin(), all.links.end(),
                                [&, o = option](const LinkImportance& l) { return l.option == o; });
      if (!listed) CHECK(std::fabs(b) <= 1e-12);
    }
    ItemIndex one = static_cast<ItemIndex>(seed % m.model.items.size());
    RiskReport single = run(m, cuts, {one});
    Enumeration f = enumerate(m, cuts, links, {one});
    for (const LinkImportance& l : single.links) CHECK(std::fabs(l.birnbaum - f.birnbaum[l.option]) <= 1e-12);
    REQUIRE(single.items.size() == 1);
    CHECK(std::fabs(single.items[0].probability - f.lost[one]) <= 1e-12);
  }
  CHECK(checked_items > 500);
  CHECK(cyclic_models == 100);
}

TEST_CASE("risk: a node budget too small falls back to Monte Carlo, or reports it with --exact-only") {
  SyntheticSpec spec;
  spec.items = 40;
  spec.seed = 5;
  World m(synthetic_model_yaml(spec));
  make_uncertain(m.model, 5, 30);
  RiskOptions tiny;
  tiny.max_nodes = 16;
  tiny.samples = 2000;
  RiskReport fallback = run(m, m.cuts_of(), {}, tiny);
  REQUIRE(!fallback.items.empty());
  bool sampled = false;
  for (const ItemRisk& r : fallback.items) sampled |= r.method == ItemMethod::kMonteCarlo;
  CHECK(sampled);
  tiny.method = RiskMethod::kExact;
  RiskReport exact_only = run(m, m.cuts_of(), {}, tiny);
  bool failed = false;
  for (const ItemRisk& r : exact_only.items) failed |= r.method == ItemMethod::kNone && !r.error.empty();
  CHECK(failed);
  CHECK(exact_only.samples == 0);
}

TEST_CASE("risk: Monte Carlo depends on the seed and sample count only, not on the threads") {
  World m(kCycle);
  RiskOptions options;
  options.method = RiskMethod::kMonteCarlo;
  options.samples = 5000;  // not a multiple of the block size
  options.seed = 42;
  options.threads = 1;
  RiskReport one = run(m, m.cuts_of(), {}, options);
  options.threads = 3;
  RiskReport three = run(m, m.cuts_of(), {}, options);
  REQUIRE(one.items.size() == three.items.size());
  for (size_t k = 0; k < one.items.size(); ++k) {
    CHECK(one.items[k].item == three.items[k].item);
    CHECK(one.items[k].lost_samples == three.items[k].lost_samples);
  }
  for (size_t k = 0; k < one.links.size(); ++k) CHECK(one.links[k].birnbaum == three.links[k].birnbaum);
  options.seed = 43;
  RiskReport other = run(m, m.cuts_of(), {}, options);
  CHECK(other.items[0].lost_samples != one.items[0].lost_samples);
}

TEST_CASE("risk: the 95% Wilson intervals hold the exact value about 95% of the time") {
  // Fixed seeds: the rate is a deterministic number; its bounds are about
  // three standard deviations of a binomial rate around 0.95.
  SyntheticSpec spec;
  spec.items = 30;
  spec.seed = 11;
  World m(synthetic_model_yaml(spec));
  make_uncertain(m.model, 11, 12);
  RiskReport exact = run(m, m.cuts_of(), {});
  std::map<ItemIndex, double> truth;
  for (const ItemRisk& r : exact.items)
    if (r.method == ItemMethod::kExact && r.probability > 0.02 && r.probability < 0.98) truth[r.item] = r.probability;
  REQUIRE(truth.size() >= 5);
  size_t inside = 0, total = 0;
  double importance_inside = 0, importance_total = 0;
  RiskOptions mc;
  mc.method = RiskMethod::kMonteCarlo;
  mc.samples = 500;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    mc.seed = seed;
    RiskReport r = run(m, m.cuts_of(), {}, mc);
    for (const auto& [item, p] : truth) {
      const ItemRisk* s = find(r, item);
      double low = s ? s->low : 0, high = s ? s->high : wilson_interval(0, mc.samples).second;
      inside += low <= p && p <= high;
      ++total;
    }
    // The importance half-widths are normal approximations: looser bounds.
    for (const LinkImportance& l : r.links) {
      const LinkImportance* e = nullptr;
      for (const LinkImportance& x : exact.links)
        if (x.option == l.option) e = &x;
      if (!e || !std::isfinite(l.half_width)) continue;
      importance_inside += std::fabs(l.birnbaum - e->birnbaum) <= l.half_width;
      ++importance_total;
    }
  }
  double rate = static_cast<double>(inside) / static_cast<double>(total);
  MESSAGE("Wilson coverage " << rate << " over " << total << " intervals; importance coverage "
                             << importance_inside / importance_total << " over " << importance_total);
  CHECK(rate >= 0.93);
  CHECK(rate <= 0.97);
  CHECK(importance_inside / importance_total >= 0.9);
}

TEST_CASE("risk: Wilson's interval") {
  auto [low, high] = wilson_interval(0, 100);
  CHECK(low == 0);
  CHECK(high == doctest::Approx(0.036995).epsilon(1e-4));
  auto [l2, h2] = wilson_interval(50, 100);
  CHECK(l2 == doctest::Approx(0.403832).epsilon(1e-5));
  CHECK(h2 == doctest::Approx(0.596168).epsilon(1e-5));
}

}  // namespace decouple
