// The sourcing audit behind `decouple check --strict`: every unsourced fact
// is named with its position, facts citing an ASSUMPTION source and
// ASSUMPTION comments are listed, and a fully sourced model is clean.
#include "decouple/sourcing.h"

#include <doctest/doctest.h>

#include <string>

#include "decouple/model_fixture.h"

namespace decouple {
namespace {

using testing::load_ok;

// Line numbers matter: the test checks positions.
constexpr std::string_view kModel = R"(decouple: 1
name: Sourcing
sources:
  fr: "84 FR 22961 (Federal Register), the listing"
  guess: "ASSUMPTION: the link is inferred from market shares"
firms:
  - {id: acme, name: "Acme # ASSUMPTION in a string", country: CN, source: fr}
  - {id: qcom, country: US}
items:
  - {id: chip, maker: qcom, kind: chip, source: fr}
  - id: phone
    maker: acme
    kind: product
    source: guess
    needs:
      - name: soc
        share: 0.5  # ASSUMPTION: half the value
        options:
          - chip
          - {item: chip2, status: alternative, source: fr, lead_time: 3}
  - {id: chip2, maker: qcom, kind: chip, source: fr}
scenarios:
  - id: s
    source: fr
    actions:
      - entity_list: {by: US, add: [acme]}
      - ban: [qcom]
        source: guess
)";

TEST_CASE("the audit names each unsourced fact with its position, and the assumptions") {
  Model model = load_ok(kModel);
  SourcingAudit audit = audit_sourcing(model, kModel);
  // Facts: 2 firms, 3 items, 2 options, 2 actions, 1 scenario.
  CHECK(audit.facts() == 10);
  CHECK(audit.total[static_cast<size_t>(FactKind::kOption)] == 2);
  CHECK(audit.sourced[static_cast<size_t>(FactKind::kOption)] == 1);
  REQUIRE(audit.unsourced.size() == 3);
  CHECK(audit.unsourced[0].what == "firm 'qcom'");
  CHECK(audit.unsourced[0].location.line == 8);
  CHECK(audit.unsourced[1].what == "option 'chip' of need 'soc' of item 'phone'");
  CHECK(audit.unsourced[1].location.line == 19);
  CHECK(audit.unsourced[2].what == "action 1 (entity_list) of scenario 's'");
  CHECK(audit.unsourced[2].location.line == 26);
  CHECK(!audit.clean());

  REQUIRE(audit.assumptions.size() == 2);
  CHECK(audit.assumptions[0].what == "item 'phone'");
  CHECK(audit.assumptions[1].what == "action 2 (ban) of scenario 's'");
  // One comment: the '#' in the quoted name on line 7 is inside a string.
  REQUIRE(audit.comments.size() == 1);
  CHECK(audit.comments[0].line == 17);
  CHECK(audit.comments[0].text == "# ASSUMPTION: half the value");

  std::string table = render_sourcing(model, audit, Format::kTable);
  CHECK(table.find("t.yaml:8:5: firm 'qcom' has no source\n") != std::string::npos);
  CHECK(table.find("7 of 10 facts sourced") != std::string::npos);
  CHECK(table.find("3 unsourced") != std::string::npos);
  std::string json = render_sourcing(model, audit, Format::kJson);
  CHECK(json.find("\"clean\": false") != std::string::npos);
  std::string csv = render_sourcing(model, audit, Format::kCsv);
  CHECK(csv.rfind("finding,kind,what,line,column,source\n", 0) == 0);
  CHECK(csv.find("assumption-comment,,# ASSUMPTION: half the value,17,,") != std::string::npos);
}

TEST_CASE("a model whose every fact is sourced is clean; no text means no comment scan") {
  Model model = load_ok(R"(decouple: 1
name: Clean
sources: {s: "company filing"}
firms: [{id: a, country: CN, source: s}]
items: [{id: x, maker: a, kind: chip, source: s}]
)");
  SourcingAudit audit = audit_sourcing(model, "");
  CHECK(audit.clean());
  CHECK(audit.facts() == 2);
  CHECK(audit.comments.empty());
  CHECK(is_assumption({"a", "  ASSUMPTION: x"}));
  CHECK(!is_assumption({"a", "An ASSUMPTION later in the text"}));
}

}  // namespace
}  // namespace decouple
