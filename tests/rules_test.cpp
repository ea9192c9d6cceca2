// The rules engine on small hand-computed models: de minimis, the foreign
// direct product rule, licenses with conditions, retaliation and `where`
// filters. Every number below is worked out by hand in the comments.
#include <doctest/doctest.h>

#include <string>

#include "decouple/model_fixture.h"
#include "decouple/report.h"
#include "decouple/rules.h"

namespace decouple {
namespace {

using testing::World;

std::string with(std::string text, std::string_view placeholder, std::string_view value) {
  for (size_t at = text.find(placeholder); at != std::string::npos;
       at = text.find(placeholder, at + value.size()))
    text.replace(at, placeholder.size(), value);
  return text;
}

// A Taiwanese module with a US chip worth @S@ of its value; the rest is a
// Japanese part. A Chinese phone maker and a German one are listed.
constexpr std::string_view kModule = R"(decouple: 1
name: de minimis
firms:
  - {id: usco, country: US}
  - {id: jpco, country: JP}
  - {id: twco, country: TW}
  - {id: cnco, country: CN}
  - {id: deco, country: DE}
items:
  - {id: us-chip, maker: usco, kind: chip}
  - {id: jp-part, maker: jpco, kind: component}
  - id: module
    maker: twco
    kind: component
    needs:
      - {name: chip, share: @S@, options: [us-chip]}
      - {name: rest, options: [jp-part]}
  - id: phone
    maker: cnco
    kind: product
    needs:
      - {name: module, options: [module]}
  - id: car
    maker: deco
    kind: product
    needs:
      - {name: module, options: [module]}
scenarios:
  - id: listed
    actions:
      - entity_list: {by: US, add: [cnco, deco]}
  - id: dm
    extends: [listed]
    actions:
      - de_minimis: {by: US, threshold: 0.25}
  - id: dm-cn
    extends: [listed]
    actions:
      - de_minimis: {by: US, threshold: {CN: 0.1, default: 0.25}}
)";

TEST_CASE("de minimis: content exactly at, below and above the threshold") {
  struct Case {
    const char* share;
    bool subject;
  } cases[] = {{"0.2", false}, {"0.25", false}, {"0.2500001", false}, {"0.26", true}, {"0.3", true}};
  for (const Case& c : cases) {
    CAPTURE(c.share);
    World w(with(std::string(kModule), "@S@", c.share));
    ScenarioCuts listed = w.cuts_of("listed");
    CHECK_FALSE(w.cut(listed, "phone", "module", "module"));  // origin TW: not reached
    CHECK(w.cut(listed, "module", "chip", "us-chip") == false);  // twco is not listed
    ScenarioCuts dm = w.cuts_of("dm");
    CHECK(w.cut(dm, "phone", "module", "module") == c.subject);
    CHECK(w.cut(dm, "car", "module", "module") == c.subject);
    CHECK(dm.reach.controlled_content(w.item("module"), *Country::parse("US")) ==
          doctest::Approx(std::stod(c.share)));
    CHECK(w.lost(dm, "phone") == c.subject);
  }
}

TEST_CASE("de minimis: per-destination thresholds") {
  // 20% US content: above China's 10%, below the default 25%.
  World w(with(std::string(kModule), "@S@", "0.2"));
  ScenarioCuts dm = w.cuts_of("dm-cn");
  CHECK(w.cut(dm, "phone", "module", "module"));
  CHECK_FALSE(w.cut(dm, "car", "module", "module"));
  const Cut& cut = dm.cuts[dm.first_cut[w.option("phone", "module", "module")]];
  CHECK(cut.why.rule == Subjection::Rule::kDeMinimis);
  CHECK(cut.why.share == doctest::Approx(0.2));
  CHECK(cut.why.threshold == doctest::Approx(0.1));
  CHECK(dm.reach.describe(cut.why, cut.option) ==
        "de minimis: US-controlled content of module is 20.0% > 10.0% threshold for CN "
        "(us-chip 20.0% (origin))");
  CHECK(cut_reason(w.model, dm, dm.first_cut[cut.option]) ==
        "scenario 'listed' action 1 (entity_list by US); de minimis: US-controlled content of "
        "module is 20.0% > 10.0% threshold for CN (us-chip 20.0% (origin)) [rule: scenario "
        "'dm-cn' action 1 (de_minimis by US)]");
  nlohmann::json json = cut_json(w.model, dm, dm.first_cut[cut.option]);
  CHECK(json["rule"] == "de_minimis");
  CHECK(json["rule_action"]["scenario"] == "dm-cn");
  CHECK(json["de_minimis"]["share"] == doctest::Approx(0.2));
  CHECK(json["de_minimis"]["threshold"] == doctest::Approx(0.1));
  CHECK(json["de_minimis"]["destination"] == "CN");
  REQUIRE(json["de_minimis"]["contributors"].size() == 1);
  CHECK(json["de_minimis"]["contributors"][0]["option"] == "us-chip");
  CHECK(json["de_minimis"]["contributors"][0]["item"] == "module");
  CHECK(json["de_minimis"]["contributors"][0]["rule"] == "origin");
  CHECK_FALSE(json.contains("foreign_direct_product"));
}

TEST_CASE("de minimis: shares that add up to the threshold count as at it") {
  // 0.1 + 0.15 is not 0.25 in binary; the tolerance makes it so.
  World w(R"(decouple: 1
name: sum
firms:
  - {id: usco, country: US}
  - {id: twco, country: TW}
  - {id: cnco, country: CN}
items:
  - {id: a, maker: usco, kind: chip}
  - {id: b, maker: usco, kind: chip}
  - {id: c, maker: twco, kind: component}
  - id: module
    maker: twco
    kind: component
    needs:
      - {name: a, share: 0.1, options: [a]}
      - {name: b, share: 0.15, options: [b]}
      - {name: c, share: 0.75, options: [c]}
  - {id: phone, maker: cnco, kind: product, needs: [{name: m, options: [module]}]}
scenarios:
  - id: dm
    actions:
      - entity_list: {by: US, add: [cnco]}
      - de_minimis: {by: US, threshold: 0.25}
)");
  ScenarioCuts dm = w.cuts_of("dm");
  CHECK_FALSE(w.cut(dm, "phone", "m", "module"));
  CHECK(dm.reach.controlled_content(w.item("module"), *Country::parse("US")) ==
        doctest::Approx(0.25));
}

TEST_CASE("de minimis: value splits across supply shares, unshared needs split the rest") {
  World w(R"(decouple: 1
name: split
firms:
  - {id: usco, country: US}
  - {id: krco, country: KR}
  - {id: twco, country: TW}
  - {id: cnco, country: CN}
items:
  - {id: us-mem, maker: usco, kind: chip}
  - {id: kr-mem, maker: krco, kind: chip}
  - {id: us-alt, maker: usco, kind: chip}
  - id: board
    maker: twco
    kind: component
    needs:
      # 0.6 of the value, half of it bought from the US: 0.3.
      - name: memory
        share: 0.6
        options:
          - {item: us-mem, share: 0.5}
          - {item: kr-mem, share: 0.5}
          - {item: us-alt, status: alternative}
  - id: equal
    maker: twco
    kind: component
    needs:
      # No shares at all: two content needs take half each, and the two
      # current options of the first split it: 0.25 from the US.
      - {name: memory, options: [us-mem, kr-mem]}
      - {name: case, options: [kr-mem]}
      # Means are not content.
      - {name: test, role: means, options: [us-alt]}
  - {id: phone, maker: cnco, kind: product, needs: [{name: b, options: [board]}, {name: e, options: [equal]}]}
scenarios:
  - id: dm
    actions:
      - entity_list: {by: US, add: [cnco]}
      - de_minimis: {by: US, threshold: 0.25}
)");
  ScenarioCuts dm = w.cuts_of("dm");
  const Country us = *Country::parse("US");
  CHECK(dm.reach.controlled_content(w.item("board"), us) == doctest::Approx(0.3));
  CHECK(dm.reach.controlled_content(w.item("equal"), us) == doctest::Approx(0.25));
  CHECK(w.cut(dm, "phone", "b", "board"));
  CHECK_FALSE(w.cut(dm, "phone", "e", "equal"));
  auto inputs = dm.reach.contributors(w.item("board"), us);
  REQUIRE(inputs.size() == 1);
  CHECK(w.model.items[w.model.options[inputs[0].option].item].id == "us-mem");
  CHECK(inputs[0].weight == doctest::Approx(0.3));
}

// Nested subassemblies: a Korean board inside a Taiwanese module inside a
// Chinese phone. The board is @B@ US chip; the module is 0.3 board.
constexpr std::string_view kNested = R"(decouple: 1
name: nested
firms:
  - {id: usco, country: US}
  - {id: krco, country: KR}
  - {id: twco, country: TW}
  - {id: cnco, country: CN}
items:
  - {id: us-chip, maker: usco, kind: chip}
  - {id: kr-part, maker: krco, kind: component}
  - id: board
    maker: krco
    kind: component
    needs:
      - {name: chip, share: @B@, options: [us-chip]}
  - id: module
    maker: twco
    kind: component
    needs:
      - {name: board, share: 0.3, options: [board]}
      - {name: other, share: 0.7, options: [kr-part]}
  - {id: phone, maker: cnco, kind: product, needs: [{name: m, options: [module]}]}
scenarios:
  - id: dm
    actions:
      - entity_list: {by: US, add: [cnco]}
      - de_minimis: {by: US, threshold: 0.25}
)";

TEST_CASE("de minimis: a subassembly above the threshold counts in full") {
  // Board 50% US: subject, so it counts as 30% of the module: subject too.
  World w(with(std::string(kNested), "@B@", "0.5"));
  ScenarioCuts dm = w.cuts_of("dm");
  const Country us = *Country::parse("US");
  CHECK(dm.reach.controlled_content(w.item("board"), us) == doctest::Approx(0.5));
  CHECK(dm.reach.controlled_content(w.item("module"), us) == doctest::Approx(0.3));
  CHECK(w.cut(dm, "phone", "m", "module"));
  auto inputs = dm.reach.contributors(w.item("module"), us);
  REQUIRE(inputs.size() == 1);
  CHECK(inputs[0].why.rule == Subjection::Rule::kDeMinimis);
}

TEST_CASE("de minimis: a subassembly below the threshold counts as foreign") {
  // Board 20% US: not subject, so it adds nothing to the module (not 6%).
  World w(with(std::string(kNested), "@B@", "0.2"));
  ScenarioCuts dm = w.cuts_of("dm");
  const Country us = *Country::parse("US");
  CHECK(dm.reach.controlled_content(w.item("board"), us) == doctest::Approx(0.2));
  CHECK(dm.reach.controlled_content(w.item("module"), us) == 0);
  CHECK_FALSE(w.cut(dm, "phone", "m", "module"));
}

TEST_CASE("de minimis: content cycles get the least fixpoint") {
  // x and y each contain the other (half their value). With 30% US content
  // x is subject, so y is 50% controlled, so x is 80%. With 20%, nothing
  // else is: a cycle does not make itself controlled.
  constexpr std::string_view kCycle = R"(decouple: 1
name: cycle
firms:
  - {id: usco, country: US}
  - {id: twco, country: TW}
  - {id: jpco, country: JP}
  - {id: cnco, country: CN}
items:
  - {id: us-chip, maker: usco, kind: chip}
  - id: x
    maker: twco
    kind: component
    needs:
      - {name: chip, share: @S@, options: [us-chip]}
      - {name: y, share: 0.5, options: [y]}
  - id: y
    maker: jpco
    kind: component
    needs:
      - {name: x, share: 0.5, options: [x]}
  - id: p
    maker: twco
    kind: component
    needs:
      - {name: q, share: 1, options: [q]}
  - id: q
    maker: jpco
    kind: component
    needs:
      - {name: p, share: 1, options: [p]}
  - {id: phone, maker: cnco, kind: product, needs: [{name: x, options: [x]}, {name: p, options: [p]}]}
scenarios:
  - id: dm
    actions:
      - entity_list: {by: US, add: [cnco]}
      - de_minimis: {by: US, threshold: 0.25}
)";
  const Country us = *Country::parse("US");
  {
    World w(with(std::string(kCycle), "@S@", "0.3"));
    ScenarioCuts dm = w.cuts_of("dm");
    CHECK(dm.reach.controlled_content(w.item("x"), us) == doctest::Approx(0.8));
    CHECK(dm.reach.controlled_content(w.item("y"), us) == doctest::Approx(0.5));
    CHECK(w.cut(dm, "phone", "x", "x"));
    CHECK(dm.reach.controlled_content(w.item("p"), us) == 0);
    CHECK_FALSE(w.cut(dm, "phone", "p", "p"));
  }
  {
    World w(with(std::string(kCycle), "@S@", "0.2"));
    ScenarioCuts dm = w.cuts_of("dm");
    CHECK(dm.reach.controlled_content(w.item("x"), us) == doctest::Approx(0.2));
    CHECK(dm.reach.controlled_content(w.item("y"), us) == 0);
    CHECK_FALSE(w.cut(dm, "phone", "x", "x"));
  }
}

TEST_CASE("de minimis: the last rule of a jurisdiction replaces earlier ones") {
  World w(with(std::string(kModule), "@S@", "0.2") + R"(  - id: lowered
    extends: [dm]
    actions:
      - de_minimis: {by: US, threshold: 0.1}
  - id: raised
    extends: [dm-cn]
    actions:
      - de_minimis: {by: US, threshold: 0.25}
)");
  CHECK_FALSE(w.cut(w.cuts_of("dm"), "phone", "module", "module"));
  CHECK(w.cut(w.cuts_of("lowered"), "phone", "module", "module"));
  CHECK(w.cut(w.cuts_of("lowered"), "car", "module", "module"));
  CHECK(w.cut(w.cuts_of("dm-cn"), "phone", "module", "module"));
  CHECK_FALSE(w.cut(w.cuts_of("raised"), "phone", "module", "module"));
}

// The foundry chain: HiSilicon's chip is made from TSMC wafers; TSMC's N7
// process uses a Japanese etcher (and, in the @ONE@ variant, a US tool);
// the etcher is designed with US software.
constexpr std::string_view kFoundry = R"(decouple: 1
name: fdp
firms:
  - {id: huawei, country: CN}
  - {id: hisilicon, country: CN}
  - {id: tsmc, country: TW}
  - {id: tel, country: JP}
  - {id: amat, country: US}
  - {id: cadence, country: US}
  - {id: other, country: CN}
items:
  - {id: virtuoso, maker: cadence, kind: software}
  - {id: us-dep, maker: amat, kind: tool}
  - id: etcher
    maker: tel
    kind: tool
    needs:
      - {name: design, role: means, options: [virtuoso]}
  - id: n7
    maker: tsmc
    kind: service
    needs:
      - name: tools
        role: means
        options: [etcher, @TOOL@]
  - id: kirin
    maker: hisilicon
    kind: chip
    needs:
      - {name: wafers, options: [n7]}
  - id: router
    maker: other
    kind: product
    needs:
      - {name: wafers, options: [n7]}
  - id: phone
    maker: huawei
    kind: product
    needs:
      - {name: soc, options: [kirin]}
      - {name: wafers, critical: false, options: [n7]}
scenarios:
  - id: listed
    date: 2019-05-16
    actions:
      - entity_list: {by: US, add: [huawei, hisilicon]}
  - id: fdp-1
    date: 2020-05-15
    extends: [listed]
    actions:
      - foreign_direct_product: {by: US, targets: [huawei, hisilicon], depth: 1}
  - id: fdp-2
    date: 2020-08-17
    extends: [listed]
    actions:
      - foreign_direct_product: {by: US, targets: [huawei, hisilicon], depth: 2}
  - id: mixed
    extends: [listed]
    actions:
      - foreign_direct_product: {by: US, targets: [hisilicon], depth: 1}
      - foreign_direct_product: {by: US, targets: [huawei], depth: 2}
)";

TEST_CASE("direct product at depth 1: made with US-origin means") {
  World w(with(std::string(kFoundry), "@TOOL@", "{item: us-dep, status: current}"));
  CHECK_FALSE(w.cut(w.cuts_of("listed"), "kirin", "wafers", "n7"));
  ScenarioCuts fdp = w.cuts_of("fdp-1");
  CHECK(w.cut(fdp, "kirin", "wafers", "n7"));
  CHECK(w.cut(fdp, "phone", "wafers", "n7"));
  CHECK_FALSE(w.cut(fdp, "router", "wafers", "n7"));  // not a target
  // The kirin itself has no means: HiSilicon's own chip is not captured.
  CHECK_FALSE(w.cut(fdp, "phone", "soc", "kirin"));
  CHECK(w.lost(fdp, "kirin"));
  CHECK(w.lost(fdp, "phone"));
  OptionIndex edge = w.option("kirin", "wafers", "n7");
  const Cut& cut = fdp.cuts[fdp.first_cut[edge]];
  CHECK(cut.why.rule == Subjection::Rule::kDirectProduct);
  CHECK(cut.why.depth == 1);
  std::vector<OptionIndex> path = fdp.reach.means_path(cut.why, edge);
  REQUIRE(path.size() == 1);
  CHECK(path[0] == w.option("n7", "tools", "us-dep"));
  CHECK(fdp.reach.describe(cut.why, edge) ==
        "foreign direct product rule of US: n7 is made with us-dep (US) [means 'tools'], which "
        "is of origin US");
}

TEST_CASE("direct product at depth 2: the plant's tools are made with US means") {
  World w(with(std::string(kFoundry), "@TOOL@", "{item: us-dep, status: alternative}"));
  // Depth 1 does not reach: the etcher is Japanese, the US tool unused.
  CHECK_FALSE(w.cut(w.cuts_of("fdp-1"), "kirin", "wafers", "n7"));
  ScenarioCuts fdp = w.cuts_of("fdp-2");
  OptionIndex edge = w.option("kirin", "wafers", "n7");
  REQUIRE(fdp.is_cut(edge));
  const Cut& cut = fdp.cuts[fdp.first_cut[edge]];
  CHECK(cut.why.rule == Subjection::Rule::kDirectProduct);
  CHECK(cut.why.depth == 2);
  CHECK(fdp.reach.means_path(cut.why, edge) ==
        std::vector<OptionIndex>{w.option("n7", "tools", "etcher"),
                                 w.option("etcher", "design", "virtuoso")});
  CHECK(fdp.reach.describe(cut.why, edge) ==
        "foreign direct product rule of US: n7 is made with etcher (JP) [means 'tools'], made "
        "with virtuoso (US) [means 'design'], which is of origin US");
  // The etcher itself is a depth-1 direct product, but TEL ships to TSMC,
  // which is not a target.
  CHECK_FALSE(w.cut(fdp, "n7", "tools", "etcher"));

  // Per-target depths: HiSilicon at depth 1 is not reached, Huawei at 2 is.
  ScenarioCuts mixed = w.cuts_of("mixed");
  CHECK_FALSE(w.cut(mixed, "kirin", "wafers", "n7"));
  CHECK(w.cut(mixed, "phone", "wafers", "n7"));
}

TEST_CASE("direct product: content is not means, and alternatives are not used") {
  World w(R"(decouple: 1
name: fdp content
firms:
  - {id: hisilicon, country: CN}
  - {id: tsmc, country: TW}
  - {id: amat, country: US}
items:
  - {id: us-gas, maker: amat, kind: material}
  - {id: us-tool, maker: amat, kind: tool}
  - id: n7
    maker: tsmc
    kind: service
    needs:
      - {name: gas, options: [us-gas]}
      - {name: tools, role: means, critical: false, options: [{item: us-tool, status: alternative}]}
  - {id: kirin, maker: hisilicon, kind: chip, needs: [{name: wafers, options: [n7]}]}
scenarios:
  - id: fdp
    actions:
      - entity_list: {by: US, add: [hisilicon]}
      - foreign_direct_product: {by: US, targets: [hisilicon], depth: 3}
)");
  CHECK_FALSE(w.cut(w.cuts_of("fdp"), "kirin", "wafers", "n7"));
}

TEST_CASE("direct product and de minimis feed each other") {
  // The kirin is 80% TSMC wafers; the wafers delivered to HiSilicon are a
  // direct product, so they count in full: the kirin is 80% controlled and
  // Huawei's phone loses it through de minimis.
  World w(with(std::string(kFoundry), "@TOOL@", "{item: us-dep, status: current}") +
          R"(  - id: both
    extends: [fdp-1]
    actions:
      - de_minimis: {by: US, threshold: 0.25}
)");
  ScenarioCuts both = w.cuts_of("both");
  OptionIndex edge = w.option("phone", "soc", "kirin");
  REQUIRE(both.is_cut(edge));
  const Cut& cut = both.cuts[both.first_cut[edge]];
  CHECK(cut.why.rule == Subjection::Rule::kDeMinimis);
  CHECK(cut.why.share == doctest::Approx(1.0));
  auto inputs = both.reach.contributors(w.item("kirin"), *Country::parse("US"));
  REQUIRE(inputs.size() == 1);
  CHECK(inputs[0].why.rule == Subjection::Rule::kDirectProduct);
}

constexpr std::string_view kLicenses = R"(decouple: 1
name: licenses
firms:
  - {id: huawei, country: CN}
  - {id: microsoft, country: US}
  - {id: google, country: US}
  - {id: jpco, country: JP}
items:
  - {id: windows, maker: microsoft, kind: software}
  - {id: gms, maker: google, kind: software}
  - {id: cloud, maker: google, kind: service}
  - {id: jp-ga, maker: jpco, kind: material}
  - id: laptop
    maker: huawei
    kind: product
    needs:
      - {name: os, options: [windows]}
      - {name: apps, options: [gms]}
      - {name: backup, critical: false, options: [cloud]}
scenarios:
  - id: listed
    date: 2019-05-16
    actions:
      - entity_list: {by: US, add: [huawei]}
  - id: tgl
    date: 2019-08-19
    extends: [listed]
    actions:
      - license: {by: US, to: huawei, until: 2019-11-18}
  - id: tgl-later
    date: 2020-01-01
    extends: [tgl]
  - id: software-only
    date: 2019-11-20
    extends: [listed]
    actions:
      - license: {by: US, to: huawei, kinds: [software]}
  - id: revoked
    extends: [software-only]
    actions:
      - license: {by: US, supplier: google, to: huawei, policy: deny}
  - id: regranted
    extends: [revoked]
    actions:
      - license: {by: US, items: [gms]}
  - id: wrong-jurisdiction
    extends: [listed]
    actions:
      - license: {by: CN, to: huawei}
  - id: both-listed
    extends: [listed]
    actions:
      - entity_list: {by: CN, add: [huawei]}
      - license: {by: US, to: huawei}
)";

TEST_CASE("licenses: kinds, until, deny and the order of decisions") {
  World w(kLicenses);
  ScenarioCuts listed = w.cuts_of("listed");
  CHECK(w.cut(listed, "laptop", "os", "windows"));
  CHECK(w.cut(listed, "laptop", "apps", "gms"));
  CHECK(w.cut(listed, "laptop", "backup", "cloud"));
  CHECK(listed.restored.empty());

  // In force through its `until` date...
  ScenarioCuts tgl = w.cuts_of("tgl");
  CHECK_FALSE(w.cut(tgl, "laptop", "os", "windows"));
  CHECK(tgl.restored.size() == 3);
  CHECK_FALSE(w.lost(tgl, "laptop"));
  // ...and expired on a later date.
  ScenarioCuts later = w.cuts_of("tgl-later");
  CHECK(w.cut(later, "laptop", "os", "windows"));
  CHECK(later.restored.empty());
  CHECK(w.lost(later, "laptop"));

  ScenarioCuts software = w.cuts_of("software-only");
  CHECK_FALSE(w.cut(software, "laptop", "os", "windows"));
  CHECK_FALSE(w.cut(software, "laptop", "apps", "gms"));
  CHECK(w.cut(software, "laptop", "backup", "cloud"));  // a service

  // A later denial revokes the approval for Google's edges only...
  ScenarioCuts revoked = w.cuts_of("revoked");
  CHECK_FALSE(w.cut(revoked, "laptop", "os", "windows"));
  CHECK(w.cut(revoked, "laptop", "apps", "gms"));
  // ...and a later approval overrides the denial.
  ScenarioCuts regranted = w.cuts_of("regranted");
  CHECK_FALSE(w.cut(regranted, "laptop", "apps", "gms"));
  CHECK(w.cut(regranted, "laptop", "backup", "cloud"));

  // A license is an exception to its own jurisdiction's cuts only.
  CHECK(w.cut(w.cuts_of("wrong-jurisdiction"), "laptop", "os", "windows"));
  ScenarioCuts both = w.cuts_of("both-listed");
  CHECK(both.restored.size() == 3);  // no CN-origin item, so only US cut them
  CHECK_FALSE(w.cut(both, "laptop", "os", "windows"));
}

TEST_CASE("licenses: an edge cut by two jurisdictions needs both licenses") {
  World w(R"(decouple: 1
name: two
firms:
  - {id: buyer, country: CN}
  - {id: maker, country: US}
items:
  - id: chip
    maker: maker
    kind: chip
    origin: US
  - {id: box, maker: buyer, kind: product, needs: [{name: c, options: [chip]}]}
scenarios:
  - id: us-only
    actions:
      - entity_list: {by: US, add: [buyer]}
      - embargo: {by: US, to: [CN]}
      - license: {by: US, to: buyer}
)");
  // Two US actions cut the edge; one US license covers both.
  ScenarioCuts cuts = w.cuts_of("us-only");
  CHECK_FALSE(w.cut(cuts, "box", "c", "chip"));
  CHECK(cuts.restored.size() == 1);
}

TEST_CASE("retaliation: China's export controls cut Chinese-origin supply") {
  World w(R"(decouple: 1
name: gallium
firms:
  - {id: cn-mine, country: CN}
  - {id: us-fab, country: US}
  - {id: jp-fab, country: JP}
  - {id: kr-fab, country: KR}
  - {id: lockheed, country: US}
  - {id: us-tool, country: US}
items:
  - {id: gallium, maker: cn-mine, kind: material}
  - {id: germanium, maker: cn-mine, kind: material}
  - {id: magnet, maker: cn-mine, kind: component}
  - {id: gan, maker: us-fab, kind: chip, needs: [{name: ga, options: [gallium]}, {name: tool, role: means, options: [tool]}]}
  - {id: jp-gan, maker: jp-fab, kind: chip, needs: [{name: ga, options: [gallium]}]}
  - {id: kr-gan, maker: kr-fab, kind: chip, needs: [{name: ga, options: [gallium]}]}
  - {id: ge-lens, maker: us-fab, kind: component, needs: [{name: ge, options: [germanium]}]}
  - {id: tool, maker: us-tool, kind: tool}
  - {id: missile, maker: lockheed, kind: product, needs: [{name: m, options: [magnet]}, {name: t, options: [tool]}]}
scenarios:
  - id: ga-ge-2023
    date: 2023-08-01
    actions:
      - embargo: {by: CN, to: [US, JP], items: [gallium]}
  - id: uel
    actions:
      - entity_list: {by: CN, add: [lockheed]}
)");
  ScenarioCuts ga = w.cuts_of("ga-ge-2023");
  CHECK(w.cut(ga, "gan", "ga", "gallium"));
  CHECK(w.cut(ga, "jp-gan", "ga", "gallium"));
  CHECK_FALSE(w.cut(ga, "kr-gan", "ga", "gallium"));   // Korea not named
  CHECK_FALSE(w.cut(ga, "ge-lens", "ge", "germanium"));  // item filter
  CHECK_FALSE(w.cut(ga, "gan", "tool", "tool"));         // US origin: China does not reach it
  CHECK(w.lost(ga, "gan"));
  const Cut& cut = ga.cuts[ga.first_cut[w.option("gan", "ga", "gallium")]];
  CHECK(cut_reason(w.model, ga, ga.first_cut[cut.option]) ==
        "scenario 'ga-ge-2023' action 1 (embargo by CN); origin CN");

  ScenarioCuts uel = w.cuts_of("uel");
  CHECK(w.cut(uel, "missile", "m", "magnet"));
  CHECK_FALSE(w.cut(uel, "missile", "t", "tool"));
}

TEST_CASE("where filters on item attributes") {
  World w(R"(decouple: 1
name: where
firms:
  - {id: nvidia, country: US}
  - {id: amat, country: US}
  - {id: sensetime, country: CN}
  - {id: smic, country: CN}
items:
  - {id: a100, maker: nvidia, kind: chip, attributes: {tpp: 4992}}
  - {id: edge, maker: nvidia, kind: chip, attributes: {tpp: 4800}}
  - {id: a800, maker: nvidia, kind: chip, attributes: {tpp: 4799.5}}
  - {id: gpu-x, maker: nvidia, kind: chip}
  - {id: dep-7, maker: amat, kind: tool, attributes: {node_nm: 7}}
  - {id: dep-16, maker: amat, kind: tool, attributes: {node_nm: 16}}
  - {id: dep-28, maker: amat, kind: tool, attributes: {node_nm: 28}}
  - {id: cleaner, maker: amat, kind: material, attributes: {node_nm: 7}}
  - id: cluster
    maker: sensetime
    kind: product
    needs:
      - {name: a, options: [a100]}
      - {name: b, options: [edge]}
      - {name: c, options: [a800]}
      - {name: d, options: [gpu-x]}
  - id: fab
    maker: smic
    kind: service
    needs:
      - {name: a, role: means, options: [dep-7]}
      - {name: b, role: means, options: [dep-16]}
      - {name: c, role: means, options: [dep-28]}
      - {name: d, options: [cleaner]}
scenarios:
  - id: oct-2022
    actions:
      - entity_list: {by: US, add: [sensetime], where: {tpp: ">= 4800"}}
      - embargo: {by: US, to: [CN], kinds: [tool], where: {node_nm: "<= 16"}}
  - id: exact
    actions:
      - entity_list: {by: US, add: [sensetime], where: {tpp: 4992}}
      - embargo: {by: US, to: [CN], where: {node_nm: "!= 7"}}
)");
  ScenarioCuts oct = w.cuts_of("oct-2022");
  CHECK(w.cut(oct, "cluster", "a", "a100"));
  CHECK(w.cut(oct, "cluster", "b", "edge"));
  CHECK_FALSE(w.cut(oct, "cluster", "c", "a800"));
  CHECK_FALSE(w.cut(oct, "cluster", "d", "gpu-x"));  // no attribute: no match
  CHECK(w.cut(oct, "fab", "a", "dep-7"));
  CHECK(w.cut(oct, "fab", "b", "dep-16"));
  CHECK_FALSE(w.cut(oct, "fab", "c", "dep-28"));
  CHECK_FALSE(w.cut(oct, "fab", "d", "cleaner"));  // not a tool
  ScenarioCuts exact = w.cuts_of("exact");
  CHECK(w.cut(exact, "cluster", "a", "a100"));
  CHECK_FALSE(w.cut(exact, "cluster", "b", "edge"));
  CHECK_FALSE(w.cut(exact, "fab", "a", "dep-7"));
  CHECK(w.cut(exact, "fab", "c", "dep-28"));
}

TEST_CASE("where filters: bad conditions are errors with positions") {
  Result<Model> result = load_model_from_string(R"(decouple: 1
name: bad
firms:
  - {id: a, country: US}
items:
  - {id: x, maker: a, kind: chip, attributes: {tpp: 1}}
scenarios:
  - id: s
    actions:
      - entity_list: {by: US, add: [a], where: {tpp: "about 4800", node_nm: "=< 7"}}
)",
                                                "t.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.errors().size() == 2);
  CHECK(result.errors()[0].str() ==
        "t.yaml:10:54: error: bad condition 'about 4800' on 'tpp' in 'entity_list' in scenario "
        "'s': write an operator (<, <=, >, >=, ==, !=) and a number, e.g. \">= 4800\"");
  CHECK(result.errors()[1].line == 10);
}

TEST_CASE("rules read today's supply: a ban does not change what is subject") {
  // The US chip maker is banned: its chip is lost, but the module it went
  // into still counts it as US content.
  World w(with(std::string(kModule), "@S@", "0.3") + R"(  - id: banned
    extends: [dm]
    actions:
      - ban: [usco]
)");
  ScenarioCuts cuts = w.cuts_of("banned");
  CHECK(w.cut(cuts, "phone", "module", "module"));
}

}  // namespace
}  // namespace decouple
