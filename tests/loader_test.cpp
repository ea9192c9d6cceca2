// The YAML loader: what a valid model becomes, and every kind of error,
// with its exact message and position.
#include "decouple/loader.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "decouple/model_fixture.h"

namespace decouple {
namespace {

using testing::errors_of;
using testing::load_ok;
using Errors = std::vector<std::string>;

// Two firms and two items every error case builds on (lines 1-8).
constexpr std::string_view kHeader = R"(decouple: 1
name: Test
firms:
  - {id: acme, country: CN}
  - {id: qcom, country: US}
items:
  - {id: chip, maker: qcom, kind: chip}
  - {id: phone, maker: acme, kind: product, needs: [{name: soc, options: [chip]}]}
)";

std::string with_header(std::string_view rest) { return std::string(kHeader) + std::string(rest); }

TEST_CASE("a valid model loads with every default filled in") {
  Model model = load_ok(R"(decouple: 1
name: Defaults
firms:
  - {id: acme, country: CN}
  - id: qcom
    name: Qualcomm
    country: US
    aliases: [QCOM, 高通]
    tags: [chips]
items:
  - id: phone
    maker: acme
    kind: product
    needs:
      - name: soc
        options:
          - chip
          - item: chip2
            status: alternative
            share: 0.25
            lead_time: 18
            capability: 0.6
            cost: 1.3
            confidence: 0.8
            as_of: 2020-02-29
  - {id: chip, maker: qcom, kind: chip}
  - {id: chip2, maker: acme, kind: chip, origin: TW, value: 12.5}
scenarios:
  - id: s
    actions:
      - ban: [qcom]
)");
  CHECK(model.name == "Defaults");
  CHECK(model.description.empty());
  REQUIRE(model.firms.size() == 2);
  const Firm& acme = model.firms[model.find_firm("acme")];
  CHECK(acme.name == "acme");
  CHECK(acme.country.str() == "CN");
  CHECK(acme.aliases.empty());
  CHECK(acme.probability < 0);
  CHECK(acme.source == kNone);
  const Firm& qcom = model.firms[model.find_firm("qcom")];
  CHECK(qcom.name == "Qualcomm");
  CHECK(qcom.aliases == std::vector<std::string>{"QCOM", "高通"});
  CHECK(qcom.tags == std::vector<std::string>{"chips"});

  const Item& phone = model.items[model.find_item("phone")];
  CHECK(phone.name == "phone");
  CHECK(phone.kind == ItemKind::kProduct);
  CHECK(phone.origin.str() == "CN");  // the maker's country
  CHECK(phone.value < 0);
  CHECK(phone.location.line == 11);
  CHECK(phone.location.column == 5);
  const Item& chip2 = model.items[model.find_item("chip2")];
  CHECK(chip2.origin.str() == "TW");
  CHECK(chip2.value == 12.5);

  REQUIRE(phone.need_count == 1);
  const Need& soc = model.needs[phone.first_need];
  CHECK(soc.name == "soc");
  CHECK(soc.critical);
  CHECK(soc.role == NeedRole::kContent);
  CHECK(soc.share < 0);
  REQUIRE(soc.option_count == 2);
  const Option& short_form = model.options[soc.first_option];
  CHECK(short_form.item == model.find_item("chip"));
  CHECK(short_form.is_current());
  CHECK(short_form.share < 0);
  CHECK(short_form.lead_time == 0);
  CHECK(short_form.capability == 1);
  CHECK(short_form.cost == 1);
  CHECK(short_form.confidence == 1);
  CHECK(short_form.as_of.empty());
  CHECK(short_form.location.line == 17);
  CHECK(short_form.location.column == 13);
  const Option& full = model.options[soc.first_option + 1];
  CHECK(full.status == OptionStatus::kAlternative);
  CHECK(full.share == doctest::Approx(0.25));
  CHECK(full.lead_time == 18);
  CHECK(full.capability == doctest::Approx(0.6));
  CHECK(full.cost == doctest::Approx(1.3));
  CHECK(full.confidence == doctest::Approx(0.8));
  CHECK(full.as_of == "2020-02-29");

  REQUIRE(model.scenarios.size() == 1);
  CHECK(model.scenarios[0].name == "s");
  CHECK(model.scenarios[0].date.empty());
  CHECK(model.scenarios[0].extends.empty());
  REQUIRE(model.scenarios[0].actions.size() == 1);
  CHECK(std::get<BanAction>(model.scenarios[0].actions[0].body).firms ==
        std::vector<FirmIndex>{model.find_firm("qcom")});
}

TEST_CASE("references may point forward and ids of every kind resolve") {
  Model model = load_ok(R"(decouple: 1
name: Forward
description: items before firms' items, scenarios extending later ones
sources: {s1: "A citation", fr-84-54002: "84 FR 54002"}
firms:
  - {id: acme, country: CN, source: s1}
items:
  - {id: a, maker: acme, kind: product, needs: [{name: n, options: [b]}], source: fr-84-54002}
  - {id: b, maker: acme, kind: chip}
scenarios:
  - {id: first, extends: [second], actions: [{ban: [acme], source: s1}]}
  - {id: second, date: 2019-05-16, source: s1}
)");
  CHECK(model.description == "items before firms' items, scenarios extending later ones");
  REQUIRE(model.sources.size() == 2);
  CHECK(model.find_source("fr-84-54002") != kNone);
  CHECK(model.items[model.find_item("a")].source == model.find_source("fr-84-54002"));
  CHECK(model.firms[0].source == model.find_source("s1"));
  const Scenario& first = model.scenarios[model.find_scenario("first")];
  CHECK(first.extends == std::vector<ScenarioIndex>{model.find_scenario("second")});
  CHECK(first.actions[0].source == model.find_source("s1"));
  CHECK(model.scenarios[model.find_scenario("second")].date == "2019-05-16");
}

TEST_CASE("Chinese names, a byte order mark and CRLF line endings are accepted") {
  std::string text =
      "\xEF\xBB\xBF"
      "decouple: 1\r\n"
      "name: 实体清单\r\n"
      "firms:\r\n"
      "  - id: huawei\r\n"
      "    name: 华为技术有限公司\r\n"
      "    country: CN\r\n"
      "    aliases: [华为, Huawei]\r\n"
      "items:\r\n"
      "  - {id: mate-30, name: 华为 Mate 30, maker: huawei, kind: product}\r\n";
  Model model = load_ok(text);
  CHECK(model.name == "实体清单");
  CHECK(model.firms[0].name == "华为技术有限公司");
  CHECK(model.firms[0].aliases[0] == "华为");
  CHECK(model.items[0].name == "华为 Mate 30");
  // Positions still count lines, not bytes.
  CHECK(model.items[0].location.line == 9);

  // An error in a CRLF file still points at the right line and column.
  std::string bad = "decouple: 1\r\nname: x\r\nfirms:\r\n  - {id: a, country: QQ}\r\n";
  CHECK(errors_of(bad) ==
        Errors{"t.yaml:4:22: error: 'country' of firm 'a': unknown country code 'QQ' (use ISO "
               "3166-1 alpha-2, e.g. CN, US)"});
}

TEST_CASE("YAML syntax errors carry yaml-cpp's position") {
  CHECK(errors_of("decouple: 1\nname: x\nfirms:\n  - {id: a, country: CN\n") ==
        Errors{"t.yaml:5:1: error: YAML syntax: end of map flow not found"});
  CHECK(errors_of("decouple: 1\nname: x\nfirms:\n\t- {id: a, country: CN}\n") ==
        Errors{"t.yaml:4:2: error: YAML syntax: illegal block entry"});
  CHECK(errors_of("decouple: 1\nname: [x\n") ==
        Errors{"t.yaml:3:1: error: YAML syntax: end of sequence flow not found"});
}

TEST_CASE("a file that is not a model says what it is") {
  CHECK(errors_of("") ==
        Errors{"t.yaml:1:1: error: the file is empty: a model starts with 'decouple: 1'"});
  CHECK(errors_of("# only a comment\n") ==
        Errors{"t.yaml:1:1: error: the file is empty: a model starts with 'decouple: 1'"});
  CHECK(errors_of("- a\n- b\n") == Errors{"t.yaml:1:1: error: a model must be a map, not a list"});
  CHECK(errors_of("just words\n") ==
        Errors{"t.yaml:1:1: error: a model must be a map, not a scalar"});
  CHECK(errors_of("name: x\n") ==
        Errors{"t.yaml:1:1: error: the model needs 'decouple: 1' (the format version)"});
  CHECK(errors_of("decouple: 2\nname: x\n") ==
        Errors{"t.yaml:1:11: error: unsupported format version '2' (this decouple reads 1)"});
  CHECK(errors_of("decouple: 1\n") == Errors{"t.yaml:1:1: error: the model needs a 'name'"});
}

TEST_CASE("unknown fields are reported at every level, with a did-you-mean") {
  CHECK(errors_of(with_header("scenarois: []\n")) ==
        Errors{"t.yaml:9:1: error: unknown field 'scenarois' in the model (did you mean "
               "'scenarios'?)"});
  CHECK(errors_of(with_header("  - {id: x, maker: acme, kind: chip, mkaer: acme}\n")) ==
        Errors{"t.yaml:9:38: error: unknown field 'mkaer' in item 'x' (did you mean 'maker'?)"});
  CHECK(errors_of(with_header("  - {id: x, maker: acme, kind: chip, colour: red}\n")) ==
        Errors{"t.yaml:9:38: error: unknown field 'colour' in item 'x'"});
  CHECK(errors_of(R"(decouple: 1
name: x
firms:
  - {id: a, contry: CN}
)") == Errors{"t.yaml:4:5: error: firm 'a' needs a 'country'",
              "t.yaml:4:13: error: unknown field 'contry' in firm 'a' (did you mean 'country'?)"});
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - name: n
        criticl: false
        options:
          - item: chip
            shar: 0.5
)")) == Errors{"t.yaml:14:9: error: unknown field 'criticl' in need 'n' of item 'x' (did you "
               "mean 'critical'?)",
               "t.yaml:17:13: error: unknown field 'shar' in an option of need 'n' of item 'x' "
               "(did you mean 'share'?)"});
  CHECK(errors_of(with_header(R"(scenarios:
  - id: s
    extend: []
    actions:
      - entity_list: {by: US, ad: [acme]}
      - embargo: {by: US, to: [CN], kind: [chip]}
      - license: {by: US, supplier: qcom, utnil: 2020-01-01}
)")) == Errors{"t.yaml:11:5: error: unknown field 'extend' in scenario 's' (did you mean "
               "'extends'?)",
               "t.yaml:13:22: error: 'entity_list' in scenario 's' needs 'add' (the listed firms)",
               "t.yaml:13:31: error: unknown field 'ad' in 'entity_list' in scenario 's' (did you "
               "mean 'add'?)",
               "t.yaml:14:37: error: unknown field 'kind' in 'embargo' in scenario 's' (did you "
               "mean 'kinds'?)",
               "t.yaml:15:43: error: unknown field 'utnil' in 'license' in scenario 's' (did you "
               "mean 'until'?)"});
}

TEST_CASE("unknown actions and kinds get a did-you-mean too") {
  CHECK(errors_of(with_header(R"(scenarios:
  - id: s
    actions:
      - bann: [acme]
      - {ban: [acme], embargo: {by: US, to: [CN]}}
      - source: s1
)")) == Errors{"t.yaml:12:9: error: unknown action 'bann' in scenario 's' (did you mean 'ban'?)",
               "t.yaml:13:9: error: an action of scenario 's' must have exactly one of "
               "entity_list, embargo, ban, license, de_minimis, foreign_direct_product",
               "t.yaml:14:9: error: an action of scenario 's' must have exactly one of "
               "entity_list, embargo, ban, license, de_minimis, foreign_direct_product",
               "t.yaml:14:17: error: unknown source 's1' in an action of scenario 's' (list it "
               "under 'sources')"});
  CHECK(errors_of(with_header("  - {id: x, maker: acme, kind: prodcut}\n")) ==
        Errors{"t.yaml:9:32: error: unknown kind 'prodcut' in item 'x' (one of chip, software, "
               "tool, material, component, product, service, ip); did you mean 'product'?"});
  CHECK(errors_of(with_header(R"(scenarios:
  - {id: s, actions: [{embargo: {by: US, to: [CN], kinds: [chip, chips, gizmo]}}]}
)")) == Errors{"t.yaml:10:66: error: unknown kind 'chips' in 'embargo' in scenario 's' (one of "
               "chip, software, tool, material, component, product, service, ip); did you mean "
               "'chip'?",
               "t.yaml:10:73: error: unknown kind 'gizmo' in 'embargo' in scenario 's' (one of "
               "chip, software, tool, material, component, product, service, ip)"});
}

TEST_CASE("a repeated field is an error, not a silent second value") {
  CHECK(errors_of("decouple: 1\nname: x\nname: y\n") ==
        Errors{"t.yaml:3:1: error: duplicate field 'name' in the model"});
  CHECK(errors_of(with_header("  - {id: x, maker: acme, kind: chip, maker: qcom}\n")) ==
        Errors{"t.yaml:9:38: error: duplicate field 'maker' in item 'x'"});
}

TEST_CASE("a repeated key is refused inside attributes, threshold, where and actions too") {
  // Issue 15: {tpp: 9000, tpp: 100} used to keep one value silently.
  CHECK(errors_of(with_header("  - {id: x, maker: acme, kind: chip, attributes: {tpp: 9000, tpp: 100}}\n")) ==
        Errors{"t.yaml:9:62: error: duplicate field 'tpp' in 'attributes' of item 'x'"});
  Errors where = errors_of(with_header(
      "scenarios:\n  - {id: s, actions: [{entity_list: {by: US, add: [acme], where: {tpp: '>= 1', tpp: '< 0'}}}]}\n"));
  REQUIRE(where.size() == 1);
  CHECK(where[0].find("duplicate field 'tpp' in 'where' of") != std::string::npos);
  Errors threshold = errors_of(with_header(
      "scenarios:\n  - {id: s, actions: [{de_minimis: {by: US, threshold: {CN: 0.1, CN: 0.9}}}]}\n"));
  REQUIRE(threshold.size() == 1);
  CHECK(threshold[0].find("duplicate field 'CN' in 'threshold' of") != std::string::npos);
  Errors action = errors_of(with_header("scenarios:\n  - {id: s, actions: [{ban: [acme], ban: [qcom]}]}\n"));
  REQUIRE(!action.empty());
  CHECK(action[0].find("duplicate field 'ban'") != std::string::npos);
}

TEST_CASE("many unknown keys and dangling references stay cheap: one error each, hints capped") {
  // 80,000 distinct unknown keys in one map: checked through a hash set.
  std::string text = "decouple: 1\nname: x\n";
  for (int k = 0; k < 80000; ++k) text += "k" + std::to_string(k) + ": 1\n";
  CHECK(errors_of(text).size() == 80000);
  // 2,000 items with a dangling maker: a did-you-mean for the first 20 only.
  std::string refs = with_header("");
  for (int k = 0; k < 2000; ++k) refs += "  - {id: z" + std::to_string(k) + ", maker: acmf, kind: chip}\n";
  Errors errors = errors_of(refs);
  REQUIRE(errors.size() == 2000);
  CHECK(errors[0].find("(did you mean 'acme'?)") != std::string::npos);
  CHECK(errors[19].find("did you mean") != std::string::npos);
  CHECK(errors[20].find("did you mean") == std::string::npos);
}

TEST_CASE("CR-only line ends, a long extends cycle and deep nesting get messages that help") {
  CHECK(errors_of("decouple: 1\rname: x\r") ==
        Errors{"t.yaml:1:12: error: lines end with a carriage return alone (old Mac line ends); save "
               "the file with LF or CRLF line ends"});
  std::string cycle = with_header("scenarios:\n");
  for (int k = 0; k < 5000; ++k)
    cycle += "  - {id: s" + std::to_string(k) + ", extends: [s" + std::to_string((k + 1) % 5000) + "]}\n";
  Errors errors = errors_of(cycle);
  auto cycle_error = std::find_if(errors.begin(), errors.end(),
                                  [](const std::string& e) { return e.find("forms a cycle") != std::string::npos; });
  REQUIRE(cycle_error != errors.end());
  CHECK(cycle_error->size() < 300);
  CHECK(cycle_error->find("'extends' forms a cycle: s0 -> s1 -> s2 -> s3 -> ... (4992 more) -> s4996 -> s4997 -> "
                          "s4998 -> s4999 -> s0") != std::string::npos);
  // Deeper than the parser's own guard, without an anchor: the first node
  // too deep, where it opens, against --max-depth.
  std::string deep = "decouple: 1\nname: x\nfirms: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
  Errors nesting = errors_of(deep);
  REQUIRE(nesting.size() == 1);
  CHECK(nesting[0] == "t.yaml:3:71: error: nesting deeper than 64 levels (the limit is --max-depth)");
}

TEST_CASE("duplicate ids: firms and items share one namespace") {
  CHECK(errors_of(with_header("  - {id: chip, maker: acme, kind: chip}\n")) ==
        Errors{"t.yaml:9:10: error: duplicate id 'chip' (first defined at line 7)"});
  CHECK(errors_of(with_header("  - {id: acme, maker: acme, kind: chip}\n")) ==
        Errors{"t.yaml:9:10: error: duplicate id 'acme' (first defined at line 4)"});
  CHECK(errors_of(R"(decouple: 1
name: x
firms:
  - {id: a, country: CN}
  - {id: a, country: US}
)") == Errors{"t.yaml:5:10: error: duplicate id 'a' (first defined at line 4)"});
  CHECK(errors_of(with_header("scenarios:\n  - {id: s}\n  - {id: s}\n")) ==
        Errors{"t.yaml:11:10: error: duplicate scenario id 's'"});
  CHECK(errors_of("decouple: 1\nname: x\nsources: {a: one, a: two}\n") ==
        Errors{"t.yaml:3:19: error: duplicate source id 'a'"});
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - {name: n, options: [chip]}
      - {name: n, options: [chip]}
)")) == Errors{"t.yaml:14:16: error: duplicate need 'n' in item 'x'"});
}

TEST_CASE("dangling references name the missing id and suggest a near one") {
  CHECK(errors_of(with_header("  - {id: x, maker: acmee, kind: chip}\n")) ==
        Errors{"t.yaml:9:20: error: unknown firm 'acmee' in 'maker' of item 'x' (did you mean "
               "'acme'?)"});
  CHECK(errors_of(with_header("  - {id: x, maker: nobody, kind: chip}\n")) ==
        Errors{"t.yaml:9:20: error: unknown firm 'nobody' in 'maker' of item 'x'"});
  CHECK(errors_of(with_header(
            "  - {id: x, maker: acme, kind: chip, needs: [{name: n, options: [chpi]}]}\n")) ==
        Errors{"t.yaml:9:66: error: unknown item 'chpi' in an option of need 'n' of item 'x' "
               "(did you mean 'chip'?)"});
  CHECK(errors_of(with_header(R"(scenarios:
  - id: s
    extends: [base, t]
    actions:
      - entity_list: {by: US, add: [acme, acmr]}
      - license: {by: US, supplier: qcomm, to: acm, items: [chipp]}
      - ban: {firms: [qcom, nobody]}
  - {id: base}
)")) == Errors{"t.yaml:11:21: error: unknown scenario 't' in 'extends' of scenario 's'",
               "t.yaml:13:43: error: unknown firm 'acmr' in 'entity_list' in scenario 's' (did "
               "you mean 'acme'?)",
               "t.yaml:14:37: error: unknown firm 'qcomm' in 'supplier' of 'license' in scenario "
               "'s' (did you mean 'qcom'?)",
               "t.yaml:14:48: error: unknown firm 'acm' in 'to' of 'license' in scenario 's' (did "
               "you mean 'acme'?)",
               "t.yaml:14:61: error: unknown item 'chipp' in 'items' of 'license' in scenario 's' "
               "(did you mean 'chip'?)",
               "t.yaml:15:29: error: unknown firm 'nobody' in 'ban' in scenario 's'"});
  CHECK(errors_of("decouple: 1\nname: x\nsources: {fr-1: x}\nfirms: [{id: a, country: CN, source: "
                  "fr-2}]\n") ==
        Errors{"t.yaml:4:38: error: unknown source 'fr-2' in firm 'a' (did you mean 'fr-1'?)"});
}

TEST_CASE("unknown country codes, wherever a country is expected") {
  CHECK(errors_of(R"(decouple: 1
name: x
firms:
  - {id: a, country: XX}
  - {id: b, country: CHN}
  - {id: c, country: us}
items:
  - {id: i, maker: a, kind: chip, origin: QE}
scenarios:
  - id: s
    actions:
      - embargo: {by: USA, to: [CN, RU, SU]}
)") == Errors{"t.yaml:4:22: error: 'country' of firm 'a': unknown country code 'XX' (use ISO "
              "3166-1 alpha-2, e.g. CN, US)",
              "t.yaml:5:22: error: 'country' of firm 'b': unknown country code 'CHN' (use ISO "
              "3166-1 alpha-2, e.g. CN, US)",
              "t.yaml:6:22: error: 'country' of firm 'c': unknown country code 'us' (use ISO "
              "3166-1 alpha-2, e.g. CN, US)",
              "t.yaml:8:43: error: 'origin' of item 'i': unknown country code 'QE' (use ISO "
              "3166-1 alpha-2, e.g. CN, US)",
              "t.yaml:12:23: error: 'by' of 'embargo' in scenario 's': unknown country code "
              "'USA' (use ISO 3166-1 alpha-2, e.g. CN, US)",
              "t.yaml:12:41: error: 'embargo' in scenario 's': unknown country code 'SU' (use "
              "ISO 3166-1 alpha-2, e.g. CN, US)"});
}

TEST_CASE("shares, and every bounded number, must lie in range") {
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - name: n
        share: 1.01
        options:
          - {item: chip, share: 1.5}
          - {item: phone, share: -0.1}
          - {item: chip, share: lots}
          - {item: chip, capability: 2, confidence: -1, cost: -3, lead_time: -1}
)")) == Errors{"t.yaml:14:16: error: 'share' of need 'n' of item 'x' is 1.01 but must be between "
               "0 and 1",
               "t.yaml:16:33: error: 'share' of an option of need 'n' of item 'x' is 1.5 but "
               "must be between 0 and 1",
               "t.yaml:17:34: error: 'share' of an option of need 'n' of item 'x' is -0.1 but "
               "must be between 0 and 1",
               "t.yaml:18:33: error: 'share' of an option of need 'n' of item 'x' must be a "
               "number, not 'lots'",
               "t.yaml:19:38: error: 'capability' of an option of need 'n' of item 'x' is 2 but "
               "must be between 0 and 1",
               "t.yaml:19:53: error: 'confidence' of an option of need 'n' of item 'x' is -1 "
               "but must be between 0 and 1",
               "t.yaml:19:63: error: 'cost' of an option of need 'n' of item 'x' is -3 but must "
               "be between 0 and 1000000",
               "t.yaml:19:78: error: 'lead_time' of an option of need 'n' of item 'x' is -1 but "
               "must be between 0 and 1200"});
  CHECK(errors_of(with_header("  - {id: x, maker: acme, kind: chip, value: -5}\n")) ==
        Errors{"t.yaml:9:45: error: 'value' of item 'x' is -5 but must be at least 0"});
  CHECK(errors_of("decouple: 1\nname: x\nfirms: [{id: a, country: CN, probability: 1.5}]\n") ==
        Errors{"t.yaml:3:43: error: 'probability' of firm 'a' is 1.5 but must be between 0 and 1"});
}

TEST_CASE("option shares of one need may not sum past 1; content need shares neither") {
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - name: n
        options:
          - {item: chip, share: 0.7}
          - {item: phone, share: 0.6}
)")) == Errors{"t.yaml:13:9: error: the option shares of need 'n' of item 'x' sum to 1.3, more "
               "than 1"});
  // Exactly 1 is fine, and so are alternatives' shares on their own.
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - name: n
        options:
          - {item: chip, share: 0.7}
          - {item: phone, share: 0.3}
)")).empty());
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - {name: a, share: 0.6, options: [chip]}
      - {name: b, share: 0.6, options: [phone]}
      - {name: c, share: 0.6, role: means, options: [phone]}
)")) == Errors{"t.yaml:9:5: error: the content needs of item 'x' have shares summing to 1.2, "
               "more than 1"});
}

TEST_CASE("a need must list at least one option") {
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - name: missing
      - name: empty
        options: []
      - {name: scalar, options: chip}
)")) == Errors{"t.yaml:13:9: error: need 'missing' of item 'x' has no options: a need must list "
               "at least one",
               "t.yaml:15:18: error: need 'empty' of item 'x' has no options: a need must list at "
               "least one",
               "t.yaml:16:33: error: 'options' of need 'scalar' of item 'x' must be a list, not a "
               "scalar"});
  // A critical need must be supplied today: alternatives alone will not do.
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: chip
    needs:
      - name: os
        options: [{item: chip, status: alternative}]
      - name: nice
        critical: false
        options: [{item: chip, status: alternative}]
)")) == Errors{"t.yaml:13:9: error: need 'os' of item 'x' is critical but all its options are "
               "alternatives: nothing supplies it today (make one current, or the need "
               "'critical: false')"});
  // An option that names the item itself is refused (it could never help).
  CHECK(errors_of(with_header(
            "  - {id: x, maker: acme, kind: chip, needs: [{name: n, options: [x]}]}\n")) ==
        Errors{"t.yaml:9:66: error: an option of need 'n' of item 'x' names the item itself"});
}

TEST_CASE("scenario extends cycles are found, self loops included") {
  CHECK(errors_of(with_header("scenarios:\n  - {id: s, extends: [s]}\n")) ==
        Errors{"t.yaml:10:23: error: 'extends' forms a cycle: s -> s"});
  CHECK(errors_of(with_header(R"(scenarios:
  - {id: a, extends: [b]}
  - {id: b, extends: [c]}
  - {id: c, extends: [a]}
)")) == Errors{"t.yaml:12:23: error: 'extends' forms a cycle: a -> b -> c -> a"});
  // Two separate cycles, each reported once; the walk goes on past the
  // first (this used to read past the end of the extends list).
  CHECK(errors_of(with_header(R"(scenarios:
  - {id: a, extends: [b, c]}
  - {id: b, extends: [a]}
  - {id: c, extends: [d]}
  - {id: d, extends: [c]}
)")) == Errors{"t.yaml:11:23: error: 'extends' forms a cycle: a -> b -> a",
               "t.yaml:13:23: error: 'extends' forms a cycle: c -> d -> c"});
  // A diamond is no cycle.
  CHECK(errors_of(with_header(R"(scenarios:
  - {id: top, extends: [left, right]}
  - {id: left, extends: [base]}
  - {id: right, extends: [base]}
  - {id: base}
)")).empty());
  CHECK(errors_of(with_header("scenarios:\n  - {id: a, extends: b}\n")) ==
        Errors{"t.yaml:10:22: error: 'extends' of scenario 'a' must be a list, e.g. [b]"});
}

TEST_CASE("ids must be lowercase words") {
  CHECK(errors_of(R"(decouple: 1
name: x
firms:
  - {id: Huawei, country: CN}
  - {id: -x, country: CN}
  - {id: "a b", country: CN}
  - {id: "", country: CN}
  - {id: ok.id_2-x, country: CN}
)") == Errors{"t.yaml:4:10: error: invalid id 'Huawei' in an entry of 'firms': ids are lowercase "
              "letters, digits, '.', '_' and '-', starting with a letter or digit",
              "t.yaml:5:10: error: invalid id '-x' in an entry of 'firms': ids are lowercase "
              "letters, digits, '.', '_' and '-', starting with a letter or digit",
              "t.yaml:6:10: error: invalid id 'a b' in an entry of 'firms': ids are lowercase "
              "letters, digits, '.', '_' and '-', starting with a letter or digit",
              "t.yaml:7:10: error: invalid id '' in an entry of 'firms': ids are lowercase "
              "letters, digits, '.', '_' and '-', starting with a letter or digit"});
  CHECK(errors_of("decouple: 1\nname: x\nsources: {Bad: x}\n") ==
        Errors{"t.yaml:3:11: error: invalid source id 'Bad'"});
  CHECK(errors_of(with_header("scenarios:\n  - {id: May2019}\n")) ==
        Errors{"t.yaml:10:10: error: invalid id 'May2019' in a scenario: ids are lowercase "
               "letters, digits, '.', '_' and '-', starting with a letter or digit"});
}

TEST_CASE("dates must be real calendar days written YYYY-MM-DD") {
  auto date_error = [](std::string_view date) {
    return errors_of(with_header("scenarios:\n  - {id: s, date: " + std::string(date) + "}\n"));
  };
  CHECK(date_error("2019-05-16").empty());
  CHECK(date_error("2020-02-29").empty());  // leap year
  CHECK(date_error("2000-02-29").empty());  // divisible by 400
  CHECK(date_error("2019-13-01") ==
        Errors{"t.yaml:10:19: error: 'date' of scenario 's' must be a date YYYY-MM-DD, not "
               "'2019-13-01'"});
  CHECK(date_error("2019-02-29") ==
        Errors{"t.yaml:10:19: error: 'date' of scenario 's' must be a date YYYY-MM-DD, not "
               "'2019-02-29'"});
  CHECK(date_error("1900-02-29").size() == 1);
  CHECK(date_error("2019-04-31").size() == 1);
  CHECK(date_error("2019-5-16").size() == 1);
  CHECK(date_error("2019-05-00").size() == 1);
  CHECK(date_error("yesterday").size() == 1);
  CHECK(errors_of(with_header(
            "scenarios:\n  - {id: s, actions: [{license: {by: US, to: acme, until: 2019/08/19}}]}\n")) ==
        Errors{"t.yaml:10:59: error: 'until' of 'license' in scenario 's' must be a date "
               "YYYY-MM-DD, not '2019/08/19'"});
}

TEST_CASE("missing required fields are named") {
  CHECK(errors_of(R"(decouple: 1
name: x
firms:
  - {country: CN}
  - {id: a}
items:
  - {id: i}
  - id: j
    maker: a
    kind: chip
    needs:
      - {options: [i]}
      - {name: n, options: [{share: 0.5}]}
scenarios:
  - {name: nameless}
  - id: s
    actions:
      - entity_list: {add: [a]}
      - embargo: {by: US}
      - license: {by: US}
      - ban: {}
)") == Errors{"t.yaml:4:5: error: an entry of 'firms' needs an 'id'",
              "t.yaml:5:5: error: firm 'a' needs a 'country'",
              "t.yaml:7:5: error: item 'i' needs a 'maker'",
              "t.yaml:7:5: error: item 'i' needs a 'kind'",
              "t.yaml:12:9: error: a need of item 'j' needs a 'name'",
              "t.yaml:13:29: error: an option of need 'n' of item 'j' needs an 'item'",
              "t.yaml:15:5: error: a scenario needs an 'id'",
              "t.yaml:18:22: error: 'entity_list' in scenario 's' needs 'by' (the jurisdiction "
              "acting, e.g. US)",
              "t.yaml:19:18: error: 'embargo' in scenario 's' needs 'to' (the destination "
              "countries)",
              "t.yaml:20:18: error: 'license' in scenario 's' needs at least one of 'supplier', "
              "'to' or 'items'",
              "t.yaml:21:14: error: 'ban' in scenario 's' needs 'firms'"});
}

TEST_CASE("wrong value types are reported, not thrown") {
  CHECK(errors_of(R"(decouple: 1
name: [a, list]
firms: {id: a}
items: 7
scenarios:
  - just-a-word
)") == Errors{"t.yaml:2:7: error: 'name' of the model must be a single value, not a list",
              "t.yaml:3:8: error: 'firms' must be a list, not a map",
              "t.yaml:4:8: error: 'items' must be a list, not a scalar",
              "t.yaml:6:5: error: an entry of 'scenarios' must be a map, not a scalar"});
  CHECK(errors_of(with_header(
            "  - {id: x, maker: acme, kind: chip, needs: [{name: n, critical: yes, options: "
            "[chip]}]}\n")) ==
        Errors{"t.yaml:9:66: error: 'critical' of need 'n' of item 'x' must be true or false, "
               "not 'yes'"});
  CHECK(errors_of(with_header(
            "  - {id: x, maker: acme, kind: chip, needs: [{name: n, options: [{item: chip, "
            "status: maybe}]}]}\n")) ==
        Errors{"t.yaml:9:87: error: 'status' of an option of need 'n' of item 'x' must be "
               "current or alternative, not 'maybe'"});
}

TEST_CASE("every error of a file comes back in one run, sorted by position") {
  Errors errors = errors_of(R"(decouple: 1
name: Many
scenarios:
  - {id: s, extends: [nope], date: 2019-02-30}
firms:
  - {id: acme, country: XX}
  - {id: acme, country: CN}
items:
  - {id: x, maker: acm, kind: chip, needs: [{name: n, options: []}]}
  - {id: y, maker: acme, kind: chip, needs: [{name: n, options: [{item: x, share: 7}]}]}
)");
  CHECK(errors ==
        Errors{"t.yaml:4:23: error: unknown scenario 'nope' in 'extends' of scenario 's'",
               "t.yaml:4:36: error: 'date' of scenario 's' must be a date YYYY-MM-DD, not "
               "'2019-02-30'",
               "t.yaml:6:25: error: 'country' of firm 'acme': unknown country code 'XX' (use ISO "
               "3166-1 alpha-2, e.g. CN, US)",
               "t.yaml:7:10: error: duplicate id 'acme' (first defined at line 6)",
               "t.yaml:9:20: error: unknown firm 'acm' in 'maker' of item 'x' (did you mean "
               "'acme'?)",
               "t.yaml:9:64: error: need 'n' of item 'x' has no options: a need must list at "
               "least one",
               "t.yaml:10:83: error: 'share' of an option of need 'n' of item 'y' is 7 but must "
               "be between 0 and 1"});
}

TEST_CASE("limits turn runaway input into diagnostics") {
  LoadLimits tiny;
  tiny.max_file_bytes = 10;
  Result<Model> big = load_model_from_string("decouple: 1\nname: x\n", "t.yaml", tiny);
  REQUIRE(!big.ok());
  CHECK(big.errors()[0].str() == "t.yaml: error: the file is 20 bytes, over the limit of 10 bytes");

  LoadLimits short_ids;
  short_ids.max_id_length = 4;
  Result<Model> long_id =
      load_model_from_string("decouple: 1\nname: x\nfirms: [{id: abcdef, country: CN}]\n", "t.yaml",
                             short_ids);
  REQUIRE(!long_id.ok());
  CHECK(long_id.errors()[0].str() ==
        "t.yaml:3:14: error: id in an entry of 'firms' is 6 bytes long (limit 4)");
}

TEST_CASE("load_model reads files and reports ones it cannot open") {
  Result<Model> mini = load_model(DECOUPLE_SOURCE_DIR "/tests/data/mini.yaml");
  REQUIRE(mini.ok());
  CHECK(mini.value().file == DECOUPLE_SOURCE_DIR "/tests/data/mini.yaml");
  CHECK(mini.value().firms[mini.value().find_firm("phoneco")].name == "华为手机");

  Result<Model> missing = load_model("/nonexistent/model.yaml");
  REQUIRE(!missing.ok());
  CHECK(missing.errors()[0].str() ==
        "/nonexistent/model.yaml: error: cannot open: No such file or directory");
}

TEST_CASE("time: dates on items, options and actions, and stock, load as written") {
  Model m = load_ok(with_header(R"(  - id: x
    maker: acme
    kind: product
    introduced: 2019-09-19
    discontinued: 2021-01-01
    needs:
      - name: n
        stock: 9
        options:
          - {item: chip, from: 2018-01-01, until: 2020-09-14, stock: 2.5}
          - {item: phone, status: alternative, from: 2021-01-01}
scenarios:
  - id: s
    date: 2020-08-17
    actions:
      - entity_list: {by: US, add: [acme]}
        from: 2020-09-15
      - license: {by: US, to: acme, items: [chip]}
        until: 2020-09-14
      - license: {by: US, to: acme, until: 2020-08-13}
)"));
  const Item& x = m.items[m.find_item("x")];
  CHECK(x.introduced == "2019-09-19");
  CHECK(x.discontinued == "2021-01-01");
  CHECK(m.items[m.find_item("chip")].introduced.empty());
  const Need& n = m.needs[x.first_need];
  CHECK(n.stock == 9);
  CHECK(m.needs[0].stock == 0);
  const Option& chip = m.options[n.first_option];
  CHECK(chip.from == "2018-01-01");
  CHECK(chip.until == "2020-09-14");
  CHECK(chip.stock == 2.5f);
  CHECK(m.options[n.first_option + 1].from == "2021-01-01");
  CHECK(m.options[n.first_option + 1].until.empty());
  const std::vector<Action>& actions = m.scenarios[0].actions;
  CHECK(actions[0].from == "2020-09-15");
  CHECK(actions[0].until.empty());
  CHECK(actions[0].last_day().empty());
  CHECK(actions[1].until == "2020-09-14");
  CHECK(actions[1].last_day() == "2020-09-14");
  // The licence's own `until` is the same end, spelled in its body.
  CHECK(actions[2].until.empty());
  CHECK(actions[2].last_day() == "2020-08-13");
}

TEST_CASE("time: bad dates, windows that end before they start and absurd stock are errors") {
  CHECK(errors_of(with_header(R"(  - id: x
    maker: acme
    kind: product
    introduced: 2020-01-01
    discontinued: 2020-01-01
    needs:
      - name: n
        stock: -1
        options:
          - {item: chip, from: 2020-05-01, until: 2020-04-30, stock: 1201}
          - {item: chip, from: 2020-02-30}
  - {id: y, maker: acme, kind: chip, introduced: soon, discontinued: 2019-12-31}
  - {id: z, maker: acme, kind: chip, introduced: 2020-01-01, discontinued: 2019-12-31}
scenarios:
  - id: s
    actions:
      - ban: [acme]
        from: 2020-01-01
        until: 2019-01-01
      - license: {by: US, to: acme, until: 2020-01-01}
        until: 2020-02-01
      - license: {by: US, to: acme, until: 2019-06-01}
        from: 2019-07-01
      - ban: [acme]
        from: last year
)")) == Errors{
      "t.yaml:13:19: error: item 'x': 'discontinued' (2020-01-01) is not after 'introduced' "
      "(2020-01-01)",
      "t.yaml:16:16: error: 'stock' of need 'n' of item 'x' is -1 but must be between 0 and 1200",
      "t.yaml:18:51: error: an option of need 'n' of item 'x': 'until' (2020-04-30) is before "
      "'from' (2020-05-01)",
      "t.yaml:18:70: error: 'stock' of an option of need 'n' of item 'x' is 1201 but must be "
      "between 0 and 1200",
      "t.yaml:19:32: error: 'from' of an option of need 'n' of item 'x' must be a date "
      "YYYY-MM-DD, not '2020-02-30'",
      "t.yaml:20:50: error: 'introduced' of item 'y' must be a date YYYY-MM-DD, not 'soon'",
      "t.yaml:21:76: error: item 'z': 'discontinued' (2019-12-31) is not after 'introduced' "
      "(2020-01-01)",
      "t.yaml:27:16: error: an action of scenario 's': 'until' (2019-01-01) is before 'from' "
      "(2020-01-01)",
      "t.yaml:28:44: error: 'license' in scenario 's' has 'until' twice: on the action "
      "(2020-02-01) and in its body (2020-01-01); keep one",
      "t.yaml:30:44: error: 'license' in scenario 's': 'until' (2019-06-01) is before 'from' "
      "(2019-07-01)",
      "t.yaml:33:15: error: 'from' of an action of scenario 's' must be a date YYYY-MM-DD, not "
      "'last year'"});
}

TEST_CASE("closest_match suggests only plausible typos") {
  std::vector<std::string_view> words = {"hikvision", "dahua", "iflytek", "megvii"};
  CHECK(closest_match("hikvsion", words) == "hikvision");
  CHECK(closest_match("dahu", words) == "dahua");
  CHECK(closest_match("dahau", words) == "dahua");  // a swap of neighbours is one edit
  CHECK(closest_match("mkaer", {"maker", "kind"}) == "maker");
  CHECK(closest_match("sensetime", words).empty());
  CHECK(closest_match("d", {"a", "b"}).empty());  // one letter replaced is no hint
  CHECK(closest_match("s2", {"s1"}) == "s1");
  CHECK(closest_match("x", {}).empty());
}

}  // namespace
}  // namespace decouple
