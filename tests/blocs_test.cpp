// Bloc analysis: withheld supply with its chain effect, and autarky, on
// hand-worked models and against brute-force fixpoints on random models.
#include "decouple/blocs.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "decouple/blocs_report.h"
#include "decouple/loader.h"
#include "decouple/model_fixture.h"
#include "decouple/random_model.h"
#include "decouple/scenario.h"

using namespace decouple;

namespace {

using testing::load_ok;

Country c(const char* code) { return *Country::parse(code); }

// A Chinese phone with a Chinese SoC made at a Taiwanese foundry that uses
// US design software, a Korean memory, and an optional US case.
const char* kPhone = R"(decouple: 1
name: Phone
firms:
  - {id: cnphone, country: CN}
  - {id: cnchip, country: CN}
  - {id: twfab, country: TW}
  - {id: useda, country: US}
  - {id: usqc, country: US}
  - {id: krmem, country: KR}
items:
  - id: phone
    maker: cnphone
    kind: product
    needs:
      - name: soc
        options: [{item: cn-soc, share: 0.6}, {item: us-soc, share: 0.4}]
      - name: memory
        options: [kr-mem, {item: cn-mem, status: alternative}]
      - name: case
        critical: false
        options: [us-case]
  - id: cn-soc
    maker: cnchip
    kind: chip
    needs:
      - name: foundry
        options: [tw-n7]
      - name: eda
        options: [{item: us-eda, share: 0.9}, {item: cn-eda, share: 0.1}]
  - {id: cn-eda, maker: cnchip, kind: software}
  - {id: cn-mem, maker: cnchip, kind: chip}
  - id: tw-n7
    maker: twfab
    kind: service
    needs:
      - name: eda
        options: [us-eda]
  - {id: us-eda, maker: useda, kind: software}
  - {id: us-soc, maker: usqc, kind: chip}
  - {id: us-case, maker: usqc, kind: component}
  - {id: kr-mem, maker: krmem, kind: chip}
scenarios:
  - id: no-korea
    actions:
      - ban: [krmem]
blocs:
  - {id: greater-china, name: Greater China, countries: [CN, TW]}
)";

const NeedSupply& need_of(const Model& m, const BlocSupply& s, const std::string& item,
                          const std::string& need) {
  for (const NeedSupply& n : s.needs)
    if (m.items[m.needs[n.need].item].id == item && m.needs[n.need].name == need) return n;
  FAIL("no such need in the bloc's production");
  return s.needs.front();
}

}  // namespace

TEST_CASE("blocs: third countries keep buying; the bloc's own items lose what is withheld") {
  Model m = load_ok(kPhone);
  SupplyGraph g(m);
  BlocSupply s = bloc_supply(g, {{c("CN")}, {c("US")}, 0, nullptr, {}});
  // The Taiwanese foundry is not the bloc: its US software is not withheld,
  // so it still makes the SoC's wafers.
  CHECK_FALSE(s.lost[m.find_item("tw-n7")]);
  CHECK(need_of(m, s, "cn-soc", "eda").left == doctest::Approx(0.1));
  CHECK(need_of(m, s, "cn-soc", "eda").status == NeedStatus::kReduced);
  CHECK(need_of(m, s, "phone", "soc").left == doctest::Approx(0.6));
  CHECK(need_of(m, s, "phone", "soc").withheld == doctest::Approx(0.4));
  // Alternatives are not today's supply.
  CHECK(need_of(m, s, "phone", "memory").listed == doctest::Approx(1));
  // A non-critical need withheld does not take the phone down.
  CHECK(need_of(m, s, "phone", "case").status == NeedStatus::kWithheld);
  CHECK_FALSE(s.lost[m.find_item("phone")]);
  // Sorted by gap: case (1), the SoC's software (.9), the phone's SoC (.4).
  CHECK(m.needs[s.needs[0].need].name == "case");
  CHECK(m.needs[s.needs[1].need].name == "eda");
  CHECK(m.needs[s.needs[2].need].name == "soc");
  // The bloc's production is the phone and the SoC (and the raw CN items):
  // five needs, of which the case fails; shares left .6 + 1 + 0 + 1 + .1.
  REQUIRE(s.headlines.size() == 1);
  CHECK(m.items[s.headlines[0].item].id == "phone");
  CHECK(s.headlines[0].makeable);
  CHECK(s.headlines[0].inputs == 5);
  CHECK(s.headlines[0].inputs_met == 4);
  CHECK(s.headlines[0].mean_left == doctest::Approx(2.7 / 5));
}

TEST_CASE("blocs: below the threshold a need fails, and the chain takes the phone down") {
  Model m = load_ok(kPhone);
  SupplyGraph g(m);
  BlocSupply s = bloc_supply(g, {{c("CN")}, {c("US")}, 0.2, nullptr, {}});
  CHECK(need_of(m, s, "cn-soc", "eda").status == NeedStatus::kBelowThreshold);
  CHECK(s.lost[m.find_item("cn-soc")]);
  const NeedSupply& soc = need_of(m, s, "phone", "soc");
  CHECK(soc.status == NeedStatus::kCutOff);
  CHECK(soc.lost_upstream == doctest::Approx(0.6));
  CHECK(soc.withheld == doctest::Approx(0.4));
  CHECK(soc.left == doctest::Approx(0));
  CHECK(s.fate[m.needs[soc.need].first_option] == OptionFate::kLostUpstream);
  CHECK(s.lost[m.find_item("phone")]);
  CHECK_FALSE(s.headlines[0].makeable);
}

TEST_CASE("blocs: a wider bloc is withheld from as one; scenarios cut and ban on top") {
  Model m = load_ok(kPhone);
  SupplyGraph g(m);
  Result<Bloc> bloc = find_bloc(m, "greater-china");
  REQUIRE(bloc.ok());
  CHECK(bloc.value().countries == std::vector<Country>{c("CN"), c("TW")});
  // Taiwan in the bloc: its foundry loses US software, and the SoC with it.
  BlocSupply s = bloc_supply(g, {bloc.value().countries, {c("US")}, 0, nullptr, {}});
  CHECK(s.lost[m.find_item("tw-n7")]);
  CHECK(need_of(m, s, "cn-soc", "foundry").status == NeedStatus::kCutOff);
  CHECK(s.lost[m.find_item("phone")]);

  // Nothing withheld, but the scenario bans the Korean memory maker.
  ScenarioCuts cuts = apply_scenario(g, m.find_scenario("no-korea"));
  s = bloc_supply(g, {{c("CN")}, {}, 0, &cuts, {}});
  CHECK(need_of(m, s, "phone", "memory").status == NeedStatus::kWithheld);
  CHECK(s.fate[m.needs[need_of(m, s, "phone", "memory").need].first_option] ==
        OptionFate::kScenarioCut);
  CHECK(s.lost[m.find_item("phone")]);
  CHECK(s.lost[m.find_item("kr-mem")]);
}

TEST_CASE("blocs: autarky is a least fixpoint, with chokepoints and blocked needs") {
  Model m = load_ok(kPhone);
  SupplyGraph g(m);
  Autarky a = bloc_autarky(g, {c("CN")});
  CHECK(a.made[m.find_item("cn-eda")]);
  CHECK(a.made[m.find_item("cn-mem")]);
  CHECK_FALSE(a.made[m.find_item("cn-soc")]);
  CHECK_FALSE(a.made[m.find_item("phone")]);
  REQUIRE(a.gaps.size() == 3);
  // Chokepoints (all foreign) first, by their largest foreign share; the
  // phone's memory has an alternative of the bloc's own, which does not count.
  CHECK(m.needs[a.gaps[0].need].name == "foundry");
  CHECK(a.gaps[0].root);
  CHECK(m.items[m.options[a.gaps[0].foreign[0]].item].id == "tw-n7");
  CHECK(a.gaps[0].foreign_share[0] == doctest::Approx(1));
  CHECK(m.needs[a.gaps[1].need].name == "memory");
  CHECK(a.gaps[1].root);
  CHECK(m.needs[a.gaps[2].need].name == "soc");
  CHECK_FALSE(a.gaps[2].root);
  CHECK(m.items[m.options[a.gaps[2].blocked[0]].item].id == "cn-soc");
  CHECK(m.items[m.options[a.gaps[2].foreign[0]].item].id == "us-soc");
  // Met on its own: only the SoC's software (.1 of it); the case is
  // optional but still an input.
  CHECK(a.headlines[0].inputs == 5);
  CHECK(a.headlines[0].inputs_met == 1);
  CHECK(a.headlines[0].mean_left == doctest::Approx(0.1 / 5));
}

TEST_CASE("blocs: a supply cycle lives on in supply but is never made from nothing") {
  Model m = load_ok(R"(decouple: 1
name: Cycle
firms: [{id: a, country: CN}]
items:
  - {id: tool, maker: a, kind: tool, needs: [{name: chips, options: [chip]}]}
  - {id: chip, maker: a, kind: chip, needs: [{name: tools, options: [tool]}]}
)");
  SupplyGraph g(m);
  BlocSupply s = bloc_supply(g, {{c("CN")}, {c("US")}, 0, nullptr, {}});
  CHECK_FALSE(s.lost[0]);
  CHECK_FALSE(s.lost[1]);
  CHECK(s.headlines.empty());  // everything is used by something
  Autarky a = bloc_autarky(g, {c("CN")});
  CHECK_FALSE(a.made[0]);
  CHECK_FALSE(a.made[1]);
  CHECK(a.gaps.size() == 2);
  CHECK_FALSE(a.gaps[0].root);
}

TEST_CASE("blocs: pseudo-firms (country: none) belong to every bloc and are never withheld") {
  Model m = load_ok(R"(decouple: 1
name: Market
firms:
  - {id: market, country: none}
  - {id: us, country: US}
  - {id: cn, country: CN}
items:
  - id: tools
    maker: market
    kind: tool
    needs: [{name: supply, options: [{item: us-tool, share: 0.75}, {item: cn-tool, share: 0.25}]}]
  - {id: us-tool, maker: us, kind: tool}
  - {id: cn-tool, maker: cn, kind: tool}
  - {id: fab, maker: market, kind: product, needs: [{name: tools, options: [tools]}]}
)");
  CHECK(m.firms[0].country.empty());
  CHECK(m.items[0].origin.empty());
  // `none` is the one word; anything else must be a code. EU and ZZ are
  // reserved codes datasets need (Europe as one provider; unknown country).
  Result<Model> bad = load_model_from_string(
      "decouple: 1\nname: x\nfirms:\n  - {id: a, country: NONE}\n", "bad.yaml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors()[0].str() ==
        "bad.yaml:4:22: error: 'country' of firm 'a': unknown country code 'NONE' (use ISO 3166-1 "
        "alpha-2, e.g. CN, US)");
  CHECK(Country::parse("EU").has_value());
  CHECK(Country::parse("ZZ").has_value());
  CHECK_FALSE(Country::parse("XX").has_value());
  CHECK_FALSE(Country::from_alpha3("").has_value());
  SupplyGraph g(m);
  BlocSupply s = bloc_supply(g, {{c("CN")}, {c("US")}, 0, nullptr, {}});
  CHECK(need_of(m, s, "tools", "supply").left == doctest::Approx(0.25));
  CHECK(s.headlines[0].makeable);
  CHECK(s.headlines[0].mean_left == doctest::Approx(0.625));
  s = bloc_supply(g, {{c("JP")}, {c("US"), c("CN")}, 0, nullptr, {}});
  CHECK(need_of(m, s, "tools", "supply").status == NeedStatus::kWithheld);
  CHECK(s.lost[m.find_item("fab")]);
  Autarky a = bloc_autarky(g, {c("CN")});
  CHECK(a.made[m.find_item("fab")]);
  a = bloc_autarky(g, {c("JP")});
  CHECK_FALSE(a.made[m.find_item("fab")]);
}

TEST_CASE("blocs: shares not given split what the given ones leave, and say so") {
  Model m = load_ok(R"(decouple: 1
name: Split
firms: [{id: cn, country: CN}, {id: us, country: US}, {id: jp, country: JP}]
items:
  - id: x
    maker: cn
    kind: product
    needs:
      - {name: two, options: [a, b]}
      - {name: one, options: [a]}
      - {name: rest, options: [{item: a, share: 0.5}, b, c]}
  - {id: a, maker: us, kind: chip}
  - {id: b, maker: jp, kind: chip}
  - {id: c, maker: cn, kind: chip}
)");
  SupplyGraph g(m);
  BlocSupply s = bloc_supply(g, {{c("CN")}, {c("US")}, 0, nullptr, {}});
  CHECK(need_of(m, s, "x", "two").left == doctest::Approx(0.5));
  CHECK(need_of(m, s, "x", "two").estimated);
  CHECK(need_of(m, s, "x", "one").status == NeedStatus::kWithheld);
  CHECK_FALSE(need_of(m, s, "x", "one").estimated);  // one option: the whole supply, no guess
  CHECK(need_of(m, s, "x", "rest").left == doctest::Approx(0.5));
}

TEST_CASE("blocs: a bloc named on the command line") {
  Model m = load_ok(kPhone);
  CHECK(find_bloc(m, "CN").value().countries == std::vector<Country>{c("CN")});
  CHECK(find_bloc(m, "US,CN,US").value().countries == std::vector<Country>{c("CN"), c("US")});
  CHECK(find_bloc(m, "greater-china").value().name == "Greater China");
  CHECK(find_bloc(m, "greater-chna").errors()[0].str() ==
        "error: 'greater-chna' is neither a bloc of t.yaml nor a country code (ISO 3166-1 "
        "alpha-2, e.g. CN); did you mean 'greater-china'?");
  CHECK(find_bloc(m, "CN,XX").errors()[0].str() ==
        "error: 'XX' is not a country code (ISO 3166-1 alpha-2, e.g. CN, US)");
  CHECK(find_bloc(m, "cn").errors().size() == 1);
}

TEST_CASE("blocs: reports render in every format") {
  Model m = load_ok(kPhone);
  SupplyGraph g(m);
  BlocReportContext context{find_bloc(m, "CN").value(), {c("US")}, 0, std::nullopt};
  BlocSupply s = bloc_supply(g, {{c("CN")}, {c("US")}, 0, nullptr, {}});
  std::string table = render_bloc_supply(g, context, s, Format::kTable);
  CHECK(table.find("Bloc CN: what it can still obtain when US withholds its items") == 0);
  CHECK(table.find("phone: still makeable. The bloc still has 4 of its 5 inputs (80.0%)") !=
        std::string::npos);
  CHECK(table.find("case (optional)") != std::string::npos);
  nlohmann::json j = nlohmann::json::parse(render_bloc_supply(g, context, s, Format::kJson));
  CHECK(j["format"] == 1);
  CHECK(j["analysis"] == "supply");
  CHECK(j["cut_by"] == nlohmann::json::array({"US"}));
  CHECK(j["headlines"][0]["inputs_met"] == 4);
  CHECK(j["needs"][0]["status"] == "withheld");
  CHECK(j["needs"][0]["options"][0]["fate"] == "withheld");
  CHECK(j["fully_withheld"][0]["held_by"][0]["country"] == "US");
  std::string csv = render_bloc_supply(g, context, s, Format::kCsv);
  CHECK(csv.find("item,need,critical,listed,withheld,lost_upstream,left,gap,status,estimated\n") == 0);
  CHECK(csv.find("\nphone,soc,true,1,0.4,0,0.6,0.4,reduced,false\n") != std::string::npos);

  Autarky a = bloc_autarky(g, {c("CN")});
  j = nlohmann::json::parse(render_autarky(g, context, a, Format::kJson));
  CHECK(j["analysis"] == "autarky");
  CHECK(j["gaps"][0]["chokepoint"] == true);
  CHECK(j["gaps"][0]["foreign"][0]["supplier"] == "twfab");
  CHECK(render_autarky(g, context, a, Format::kTable).find("Chokepoints (2") != std::string::npos);
  CHECK(render_autarky(g, context, a, Format::kCsv).find("cn-soc,foundry,true,tw-n7,twfab,TW,1,foreign\n") !=
        std::string::npos);
}

// ---------------------------------------------------------------------------
// Random models against brute force.

namespace {

// Three to six firms of four countries or none, four to thirteen items;
// option shares in twentieths, so thresholds are met exactly now and then.
testing::RandomModelSpec bloc_spec() {
  testing::RandomModelSpec spec;
  spec.min_firms = 3;
  spec.max_firms = 6;
  spec.countries = {"CN", "US", "JP", "TW", "none"};
  spec.min_items = 4;
  spec.max_items = 13;
  spec.max_needs = 3;
  spec.non_critical = 0.2;
  spec.alternative = 1.0 / 6;
  spec.option_share = 2.0 / 3;
  spec.share_parts = 20;
  return spec;
}

using Units = int64_t;
Units units(double share) { return std::llround(share * 1e6); }

// Greatest fixpoint by rescanning until nothing changes.
std::vector<uint8_t> brute_lost(const Model& m, const BlocQuery& q) {
  std::vector<uint8_t> lost(m.items.size(), 0);
  auto withheld = [&](OptionIndex o) {
    return in_bloc_production(m, q.bloc, m.needs[m.options[o].need].item) &&
           std::binary_search(q.cut_by.begin(), q.cut_by.end(), m.items[m.options[o].item].origin);
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (ItemIndex i = 0; i < m.items.size(); ++i) {
      if (lost[i]) continue;
      for (NeedIndex n = m.items[i].first_need; n < m.items[i].first_need + m.items[i].need_count; ++n) {
        if (!m.needs[n].critical) continue;
        std::vector<double> shares = current_shares(m, n);
        Units left = 0;
        int live = 0;
        for (uint32_t k = 0; k < m.needs[n].option_count; ++k) {
          OptionIndex o = m.needs[n].first_option + k;
          if (!m.options[o].is_current() || withheld(o) || lost[m.options[o].item]) continue;
          ++live;
          left += units(shares[k]);
        }
        if (live == 0 || (q.threshold > 0 && left < units(q.threshold))) {
          lost[i] = 1;
          changed = true;
          break;
        }
      }
    }
  }
  return lost;
}

// Least fixpoint by rescanning until nothing changes.
std::vector<uint8_t> brute_made(const Model& m, const std::vector<Country>& bloc) {
  std::vector<uint8_t> made(m.items.size(), 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (ItemIndex i = 0; i < m.items.size(); ++i) {
      if (made[i] || !in_bloc_production(m, bloc, i)) continue;
      bool all = true;
      for (NeedIndex n = m.items[i].first_need; n < m.items[i].first_need + m.items[i].need_count; ++n) {
        if (!m.needs[n].critical) continue;
        bool any = false;
        for (OptionIndex o = m.needs[n].first_option; o < m.needs[n].first_option + m.needs[n].option_count; ++o)
          any |= m.options[o].is_current() && made[m.options[o].item];
        all &= any;
      }
      if (all) {
        made[i] = 1;
        changed = true;
      }
    }
  }
  return made;
}

}  // namespace

TEST_CASE("blocs: worklist fixpoints agree with brute force on random models") {
  const std::vector<Country> blocs[] = {{c("CN")}, {c("CN"), c("TW")}, {c("JP")}};
  const std::vector<Country> cuts[] = {{c("US")}, {c("JP"), c("US")}, {}};
  const double thresholds[] = {0, 0.1, 0.35};
  size_t lost = 0, made = 0;  // so the comparison is not vacuous
  const testing::RandomModelSpec spec = bloc_spec();
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    Random random(seed);
    Model m = load_ok(testing::random_model(spec, random).yaml);
    SupplyGraph g(m);
    BlocQuery q{blocs[seed % 3], cuts[(seed / 3) % 3], thresholds[(seed / 9) % 3], nullptr, {}};
    bool overlap = false;
    for (Country x : q.cut_by) overlap |= std::binary_search(q.bloc.begin(), q.bloc.end(), x);
    if (overlap) continue;
    INFO("seed " << seed);
    BlocSupply s = bloc_supply(g, q);
    CHECK(s.lost == brute_lost(m, q));
    lost += std::count(s.lost.begin(), s.lost.end(), 1);
    for (const NeedSupply& n : s.needs) {
      Units live = 0;
      std::vector<double> shares = current_shares(m, n.need);
      for (uint32_t k = 0; k < m.needs[n.need].option_count; ++k)
        if (s.fate[m.needs[n.need].first_option + k] == OptionFate::kLive) live += units(shares[k]);
      CHECK(units(n.left) == live);
      CHECK(units(n.listed) == units(n.withheld) + units(n.lost_upstream) + units(n.left));
    }
    Autarky a = bloc_autarky(g, q.bloc);
    CHECK(a.made == brute_made(m, q.bloc));
    made += a.made_items.size();
  }
  CHECK(lost > 300);
  CHECK(made > 300);
}
