#include "decouple/ranking.h"

#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "decouple/cut_set_oracle.h"
#include "decouple/model_fixture.h"
#include "decouple/synthetic_model.h"

namespace decouple {
namespace {

using testing::World;

// phone lost = osco OR (qcom AND (chipco OR (tsmc AND smic)))
constexpr const char* kPhone = R"(
decouple: 1
name: phone
firms:
  - {id: vendor, country: CN, probability: 0.9}
  - {id: osco, country: US, probability: 0.1}
  - {id: chipco, country: CN, probability: 0.2}
  - {id: qcom, country: US, probability: 0.3}
  - {id: tsmc, country: TW, probability: 0.4}
  - {id: smic, country: CN}
items:
  - id: phone
    maker: vendor
    kind: product
    needs:
      - {name: soc, options: [chip-a, chip-b]}
      - {name: os, options: [os-x]}
  - id: chip-a
    maker: chipco
    kind: chip
    needs:
      - {name: foundry, options: [fab1, fab2]}
  - {id: chip-b, maker: qcom, kind: chip}
  - {id: os-x, maker: osco, kind: software}
  - {id: fab1, maker: tsmc, kind: service}
  - {id: fab2, maker: smic, kind: service}
)";

RankReport rank(const World& m, std::vector<ItemIndex> targets, double default_probability) {
  Chokepoints chokepoints(*m.graph, m.cuts_of(), std::nullopt);
  RankOptions options;
  options.default_probability = default_probability;
  auto result = rank_firms(chokepoints, targets, options);
  testing::require_ok(result);
  return result.value();
}

}  // namespace

TEST_CASE("rank: exact probability and the four importance measures, computed by hand") {
  World m(kPhone);
  // smic has no probability of its own: --probability 0.5 gives it one.
  RankReport r = rank(m, {m.item("phone")}, 0.5);
  REQUIRE(r.probabilities);
  CHECK(r.without_probability == 0);
  const TargetRisk& t = r.targets.at(0);
  CHECK(t.error.empty());
  // P(chip-a) = .2 + .8(.4)(.5) = .36; P(soc) = .3(.36) = .108;
  // P(phone) = 1 - .9(1 - .108) = .1972. The vendor's own 0.9 plays no part.
  CHECK(t.probability == doctest::Approx(0.1972).epsilon(1e-12));
  std::map<std::string, FirmImportance> by_id;
  for (const FirmImportance& f : t.firms) by_id[m.model.firms[f.firm].id] = f;
  REQUIRE(by_id.size() == 5);
  struct Expected {
    const char* id;
    double if_cut, if_kept;
  };
  for (Expected e : {Expected{"osco", 1.0, 0.108}, Expected{"qcom", 0.424, 0.1},
                     Expected{"chipco", 0.37, 0.154}, Expected{"tsmc", 0.262, 0.154},
                     Expected{"smic", 0.2404, 0.154}}) {
    INFO(e.id);
    const FirmImportance& f = by_id.at(e.id);
    CHECK(f.if_cut == doctest::Approx(e.if_cut).epsilon(1e-12));
    CHECK(f.if_kept == doctest::Approx(e.if_kept).epsilon(1e-12));
    CHECK(f.birnbaum == doctest::Approx(e.if_cut - e.if_kept).epsilon(1e-12));
    CHECK(f.fussell_vesely == doctest::Approx((0.1972 - e.if_kept) / 0.1972).epsilon(1e-12));
    CHECK(f.raw == doctest::Approx(e.if_cut / 0.1972).epsilon(1e-12));
    CHECK(f.rrw == doctest::Approx(0.1972 / e.if_kept).epsilon(1e-12));
  }
  // FV: qcom .4929, osco .4523, then chipco = tsmc = smic (.0432/.1972),
  // ordered by Birnbaum .216 > .108 > .0864.
  std::vector<std::string> order;
  for (const FirmImportance& f : t.firms) order.push_back(m.model.firms[f.firm].id);
  CHECK(order == std::vector<std::string>{"qcom", "osco", "chipco", "tsmc", "smic"});
}

TEST_CASE("rank: firms without a probability are never cut, and undefined ratios say so") {
  World m(kPhone);
  RankReport r = rank(m, {m.item("phone"), m.item("fab2")}, -1);
  CHECK(r.without_probability == 1);  // smic
  const TargetRisk& phone = r.targets.at(0);
  // smic never cut: chip-a = .2, soc = .06, phone = 1 - .9(.94) = .154.
  CHECK(phone.probability == doctest::Approx(0.154).epsilon(1e-12));
  const TargetRisk& fab2 = r.targets.at(1);
  CHECK(fab2.probability == 0);
  CHECK(fab2.firms.empty());  // smic's own item: nothing else can take it down

  World osco_only(R"(
decouple: 1
name: one
firms:
  - {id: vendor, country: CN}
  - {id: osco, country: US}
items:
  - id: phone
    maker: vendor
    kind: product
    needs: [{name: os, options: [os-x]}]
  - {id: os-x, maker: osco, kind: software}
)");
  RankReport zero = rank(osco_only, {osco_only.item("phone")}, 0);
  const FirmImportance& f = zero.targets.at(0).firms.at(0);
  CHECK(f.birnbaum == 1);
  CHECK(std::isnan(f.fussell_vesely));  // 0 / 0
  CHECK(std::isinf(f.raw));             // 1 / 0
  CHECK(std::isnan(f.rrw));             // 0 / 0
  RankReport none = rank(osco_only, {osco_only.item("phone")}, -1);
  CHECK_FALSE(none.probabilities);
  CHECK(none.targets.empty());
  REQUIRE(none.damage.size() == 2);
  CHECK(none.damage[0].items.size() == 1);
}

TEST_CASE("rank: probabilities and measures equal enumeration over every subset on random models") {
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    SyntheticSpec spec;
    spec.items = 16;
    spec.firms = 8;
    spec.back_edge = seed % 2 ? 0.2 : 0;
    spec.probabilities = true;
    spec.seed = seed;
    World m(synthetic_model_yaml(spec));
    ScenarioCuts cuts = m.cuts_of(seed % 3 ? "" : "listing");
    Chokepoints chokepoints(*m.graph, cuts, std::nullopt);
    std::vector<FirmIndex> firms;
    for (FirmIndex f = 0; f < m.model.firms.size(); ++f)
      if (chokepoints.candidates()[f]) firms.push_back(f);
    auto lost = testing::lost_by_subset(*m.graph, cuts, firms);
    std::vector<ItemIndex> targets;
    for (ItemIndex i = 0; i < m.model.items.size(); ++i) targets.push_back(i);
    auto result = rank_firms(chokepoints, targets);
    testing::require_ok(result);
    std::vector<double> p = cut_off_probabilities(m.model, -1);
    for (const TargetRisk& risk : result.value().targets) {
      ItemIndex t = risk.target;
      FirmIndex maker = m.model.items[t].maker;
      // P(T) and P(T | firm k fixed) by summing over every subset.
      double total = 0;
      std::vector<double> cut(firms.size(), 0), kept(firms.size(), 0);
      for (uint32_t mask = 0; mask < lost.size(); ++mask) {
        bool maker_cut = false;
        double w = 1;
        for (size_t k = 0; k < firms.size(); ++k) {
          if (firms[k] == maker) {
            maker_cut = mask >> k & 1;
            continue;
          }
          w *= (mask >> k & 1) ? p[firms[k]] : 1 - p[firms[k]];
        }
        if (maker_cut || !lost[mask][t]) continue;
        total += w;
        for (size_t k = 0; k < firms.size(); ++k) {
          if (firms[k] == maker) continue;
          double q = (mask >> k & 1) ? p[firms[k]] : 1 - p[firms[k]];
          ((mask >> k & 1) ? cut : kept)[k] += w / q;
        }
      }
      INFO("seed ", seed, " target ", m.model.items[t].id);
      CHECK(risk.probability == doctest::Approx(total).epsilon(1e-12));
      for (const FirmImportance& f : risk.firms) {
        size_t k = static_cast<size_t>(std::find(firms.begin(), firms.end(), f.firm) - firms.begin());
        REQUIRE(k < firms.size());
        CHECK(f.if_cut == doctest::Approx(cut[k]).epsilon(1e-12));
        CHECK(f.if_kept == doctest::Approx(kept[k]).epsilon(1e-12));
      }
    }
  }
}

}  // namespace decouple
