#include <doctest/doctest.h>

#include "decouple/exercise.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/snapshot.h"
#include "decouple/web_api.h"

#include <nlohmann/json.hpp>
#include "decouple/model_fixture.h"

using namespace decouple;
using decouple::testing::errors_of;
using decouple::testing::World;

namespace {

// A phone needs a SoC (from A's fab, US, or B's fab, TW; B's chip needs
// D's tool, NL) and memory (E's DRAM, US; alternatives: F's DRAM, KR, 6
// months; G's DRAM, CN, 3 months, which itself needs C's US tool or, as an
// alternative, D's tool in 4 months).
//
// Minimal blacklists of the phone with nothing applied: {e}, {a, b},
// {a, d}. Scenario `listing` (US lists the vendor and G): E's DRAM and A's
// chip are cut from the phone, C's tool from G's DRAM; the phone is lost
// (memory), G's DRAM too. Fastest plan: memory from F, 6 months; through
// G it takes 3 + 4 = 7.
constexpr std::string_view kModel = R"(decouple: 1
name: exercises
firms:
  - {id: vendor, name: Vendor, country: CN}
  - {id: a, name: A Fab, country: US}
  - {id: b, name: B Fab, country: TW}
  - {id: c, name: C Tools, country: US}
  - {id: d, name: D Tools, country: NL}
  - {id: e, name: E Memory, country: US}
  - {id: f, name: F Memory, country: KR}
  - {id: g, name: G Memory, country: CN}
items:
  - id: phone
    name: Phone
    maker: vendor
    kind: product
    needs:
      - {name: soc, options: [chip-a, chip-b]}
      - name: memory
        options:
          - dram-e
          - {item: dram-f, status: alternative, lead_time: 6}
          - {item: dram-g, status: alternative, lead_time: 3}
  - {id: chip-a, name: Chip A, maker: a, kind: chip}
  - id: chip-b
    name: Chip B
    maker: b
    kind: chip
    needs:
      - {name: tool, options: [tool-d]}
  - {id: tool-c, name: Tool C, maker: c, kind: tool}
  - {id: tool-d, name: Tool D, maker: d, kind: tool}
  - {id: dram-e, name: DRAM E, maker: e, kind: chip}
  - {id: dram-f, name: DRAM F, maker: f, kind: chip}
  - id: dram-g
    name: DRAM G
    maker: g
    kind: chip
    needs:
      - name: tool
        options:
          - tool-c
          - {item: tool-d, status: alternative, lead_time: 4}
scenarios:
  - id: listing
    actions:
      - entity_list: {by: US, add: [vendor]}
      - entity_list: {by: US, add: [g]}
exercises:
  - id: stop-fabs
    question: Stop the phone, cutting off only chip makers and tool makers.
    kind: smallest-blacklist
    target: {item: phone}
    may_change: {blacklist: [a, b, d]}
  - id: stop-any
    question: Stop the phone with the fewest firms.
    kind: smallest-blacklist
    target: {item: phone}
  - id: recover
    question: Bring the phone back within 6 months.
    kind: recovery-plan
    target: {item: phone, scenario: listing}
    within: 6
  - id: recover-slow
    question: Bring the phone back within 8 months, switching only to G and D.
    kind: recovery-plan
    target: {item: phone, scenario: listing}
    may_change: {suppliers: [g, d]}
    within: 8
  - id: which
    question: Which action stopped the phone?
    kind: which-action
    target: {item: phone, scenario: listing}
)";

Verdict judge_id(const World& w, std::string_view id, std::string_view answer) {
  uint32_t e = find_exercise(w.model, id);
  REQUIRE(e != kNone);
  return judge(*w.graph, w.model.exercises[e], answer);
}

TeacherAnswer teach_id(const World& w, std::string_view id) {
  uint32_t e = find_exercise(w.model, id);
  REQUIRE(e != kNone);
  return teacher_answer(*w.graph, w.model.exercises[e]);
}

}  // namespace

TEST_CASE("smallest blacklist: the minimum among the allowed firms is right") {
  World w(kModel);
  Verdict v = judge_id(w, "stop-fabs", "a,b");
  CHECK(v.correct);
  CHECK(v.message == "Right: cutting off A Fab and B Fab stops Phone (Vendor) (its need 'soc' has no "
                     "supplier left), and no smaller blacklist does.");
  CHECK(judge_id(w, "stop-fabs", "d, a").correct);
  TeacherAnswer t = teach_id(w, "stop-fabs");
  CHECK(t.solvable);
  CHECK(t.answer == "a,b");
  CHECK(t.details == std::vector<std::string>{"also right: a,d"});
}

TEST_CASE("smallest blacklist: a blacklist that leaves a supplier is wrong, and says which") {
  World w(kModel);
  Verdict v = judge_id(w, "stop-fabs", "a");
  CHECK_FALSE(v.correct);
  CHECK(v.message == "Phone (Vendor) is still made with A Fab cut off, because its need 'soc' is still "
                     "supplied by Chip B (B Fab).");
  CHECK(v.details == std::vector<std::string>{"its need 'memory' is still supplied by DRAM E (E Memory)"});
  CHECK_FALSE(judge_id(w, "stop-fabs", "").correct);
}

TEST_CASE("smallest blacklist: one that works but is not the smallest says the smallest size") {
  World w(kModel);
  Verdict v = judge_id(w, "stop-fabs", "a,b,d");
  CHECK_FALSE(v.correct);
  CHECK(v.message == "It works: Phone (Vendor) is no longer made (its need 'soc' has no supplier left). "
                     "But a smaller blacklist exists (size 2): try with fewer firms.");
  // Without a list of allowed firms, E alone does it.
  Verdict any = judge_id(w, "stop-any", "a,b");
  CHECK_FALSE(any.correct);
  CHECK(any.message.find("smaller blacklist exists (size 1)") != std::string::npos);
  CHECK(judge_id(w, "stop-any", "e").correct);
  CHECK(teach_id(w, "stop-any").answer == "e");
}

TEST_CASE("smallest blacklist: unknown, forbidden and self firms are wrong answers with a reason") {
  World w(kModel);
  CHECK(judge_id(w, "stop-fabs", "a,bb").message == "There is no firm 'bb' in this model (did you mean 'b'?).");
  CHECK(judge_id(w, "stop-fabs", "e").message ==
        "This exercise lets you cut off only A Fab, B Fab and D Tools; E Memory is not one of them.");
  CHECK(judge_id(w, "stop-any", "vendor").message ==
        "Vendor makes Phone (Vendor) itself: cut off its suppliers instead.");
}

TEST_CASE("recovery plan: the fastest plan within the limit is right") {
  World w(kModel);
  Verdict v = judge_id(w, "recover", "memory=dram-f");
  CHECK(v.correct);
  CHECK(v.message == "Right: with your plan Phone (Vendor) is made again after 6 months (at most 6).");
  TeacherAnswer t = teach_id(w, "recover");
  CHECK(t.solvable);
  CHECK(t.answer == "memory=dram-f");
}

TEST_CASE("recovery plan: a plan that is too slow, or misses a lost supplier's need, is wrong") {
  World w(kModel);
  Verdict slow = judge_id(w, "recover", "memory=dram-g,dram-g/tool=tool-d");
  CHECK_FALSE(slow.correct);
  CHECK(slow.message == "Your plan works, but Phone (Vendor) is made again only after 7 months, more than 6.");
  Verdict half = judge_id(w, "recover", "memory=dram-g");
  CHECK_FALSE(half.correct);
  CHECK(half.message == "DRAM G (G Memory) has lost its supply of 'tool': choose a supplier for it "
                        "(dram-g/tool=ITEM).");
  // Within 8 months through G is right; F is not allowed there.
  CHECK(judge_id(w, "recover-slow", "memory=dram-g,dram-g/tool=tool-d").correct);
  CHECK(judge_id(w, "recover-slow", "memory=dram-f").message ==
        "This exercise lets you switch only to D Tools and G Memory; F Memory is not one of them.");
  CHECK(teach_id(w, "recover-slow").answer == "memory=dram-g,dram-g/tool=tool-d");
}

TEST_CASE("recovery plan: a cut supplier, an unknown item and a wrong option are wrong with a reason") {
  World w(kModel);
  Verdict cut = judge_id(w, "recover", "memory=dram-e");
  CHECK_FALSE(cut.correct);
  CHECK(cut.message.starts_with("Phone (Vendor) cannot get 'memory' from DRAM E (E Memory): that supply is cut: "
                                "scenario 'listing' action 1 (entity_list by US)"));
  CHECK(judge_id(w, "recover", "memory=dram-x").message ==
        "There is no item 'dram-x' in this model (did you mean 'dram-e'?).");
  CHECK(judge_id(w, "recover", "memory=tool-d").message ==
        "'tool-d' cannot supply the 'memory' of Phone (Vendor); it can come from: dram-e, dram-f, dram-g.");
  CHECK(judge_id(w, "recover", "memory").message ==
        "'memory' is not a choice: write NEED=ITEM, e.g. foundry=smic-n7.");
}

TEST_CASE("which action: the action on the explanation's chain is right, the other is not") {
  World w(kModel);
  CHECK(judge_id(w, "which", "1").correct);
  Verdict wrong = judge_id(w, "which", "2");
  CHECK_FALSE(wrong.correct);
  CHECK(wrong.message ==
        "No: Entity List listing by US on G Memory (in 'listing') cuts nothing that Phone (Vendor) depends on.");
  CHECK(judge_id(w, "which", "3").message == "Answer with the number of one action, from 1 to 2.");
  CHECK(teach_id(w, "which").answer == "1");
}

TEST_CASE("exercise choices: the firms, the needs to fill and the actions") {
  World w(kModel);
  auto choices = [&](std::string_view id) {
    return exercise_choices(*w.graph, w.model.exercises[find_exercise(w.model, id)]);
  };
  CHECK(choices("stop-fabs").firms.size() == 3);
  CHECK(choices("stop-any").firms.size() == 7);  // every firm but the vendor
  auto needs = choices("recover").needs;
  REQUIRE(needs.size() == 2);
  CHECK(needs[0].key == "memory");
  CHECK(needs[1].key == "dram-g/tool");
  CHECK(choices("which").actions.size() == 2);
}

TEST_CASE("exercises: every bad field is an error at its place") {
  std::string base(kModel.substr(0, kModel.find("exercises:")));
  auto errors = errors_of(base + R"(exercises:
  - id: x
    question: q
    kind: smallest-blacklst
    target: {item: phon, scenario: listin, date: 2019-13-01}
    may_change: {blacklist: [zz], other: 1}
    within: 3
  - id: x
    question: q
    kind: recovery-plan
    target: {item: phone}
  - id: y
    kind: which-action
    target: {item: phone}
    colour: red
)");
  CHECK(errors == std::vector<std::string>{
                      "t.yaml:52:11: error: unknown kind 'smallest-blacklst' in exercise 'x' (one of "
                      "smallest-blacklist, recovery-plan, which-action); did you mean 'smallest-blacklist'?",
                      "t.yaml:53:20: error: unknown item 'phon' in 'target' of exercise 'x' (did you mean 'phone'?)",
                      "t.yaml:53:36: error: unknown scenario 'listin' in 'target' of exercise 'x' (did you mean "
                      "'listing'?)",
                      "t.yaml:53:50: error: 'date' of 'target' of exercise 'x' must be a date YYYY-MM-DD, not "
                      "'2019-13-01'",
                      "t.yaml:54:30: error: unknown firm 'zz' in 'blacklist' of 'may_change' of exercise 'x'",
                      "t.yaml:54:35: error: unknown field 'other' in 'may_change' of exercise 'x'",
                      "t.yaml:56:5: error: exercise 'x' of kind recovery-plan needs 'within' (months)",
                      "t.yaml:56:9: error: duplicate exercise id 'x'",
                      "t.yaml:60:5: error: exercise 'y' needs a 'question'",
                      "t.yaml:62:13: error: 'target' of exercise 'y' needs a 'scenario' (kind which-action asks "
                      "which of its actions cut the item)",
                      "t.yaml:63:5: error: unknown field 'colour' in exercise 'y'",
                  });
}

TEST_CASE("exercises: the model writer writes them back as they were read") {
  World w(kModel);
  std::string written = write_model_yaml(w.model, nullptr);
  World again(written);
  REQUIRE(again.model.exercises.size() == w.model.exercises.size());
  CHECK(write_model_yaml(again.model, nullptr) == written);
  CHECK(again.model.exercises[3].suppliers == w.model.exercises[3].suppliers);
  CHECK(again.model.exercises[2].within == 6);
}

TEST_CASE("web api: the exercise list carries choices, not answers; answers are judged per request") {
  World w(kModel);
  WebApi api(*w.graph);
  HttpResponse list = api.handle("GET", "/api/exercises", {});
  CHECK(list.status == 200);
  auto listed = nlohmann::json::parse(list.body);
  REQUIRE(listed["exercises"].size() == 5);
  CHECK(listed["exercises"][0]["choices"]["firms"].size() == 3);
  CHECK(list.body.find("teacher") == std::string::npos);
  HttpResponse wrong = api.handle("GET", "/api/exercise", {{"id", "stop-fabs"}, {"answer", "a"}});
  CHECK(wrong.status == 200);
  CHECK(nlohmann::json::parse(wrong.body)["verdict"]["correct"] == false);
  HttpResponse right = api.handle("GET", "/api/exercise", {{"id", "stop-fabs"}, {"answer", "a,b"}});
  CHECK(nlohmann::json::parse(right.body)["verdict"]["correct"] == true);
  HttpResponse teacher = api.handle("GET", "/api/exercise", {{"id", "stop-fabs"}, {"teacher", "1"}});
  CHECK(nlohmann::json::parse(teacher.body)["teacher"]["answer"] == "a,b");
}

TEST_CASE("web api: bad exercise requests are refused with a message") {
  World w(kModel);
  WebApi api(*w.graph);
  auto error = [&](const QueryParams& params) {
    HttpResponse r = api.handle("GET", "/api/exercise", params);
    return std::pair(r.status, nlohmann::json::parse(r.body)["error"].get<std::string>());
  };
  CHECK(error({{"id", "stop-fab"}, {"answer", "a"}}) ==
        std::pair(404, std::string("no exercise 'stop-fab' (did you mean 'stop-fabs'?)")));
  CHECK(error({{"answer", "a"}}).first == 400);
  CHECK(error({{"id", "stop-fabs"}}).first == 400);
  CHECK(error({{"id", "stop-fabs"}, {"teacher", "yes"}}).first == 400);
  CHECK(error({{"id", "stop-fabs"}, {"answer", "a"}, {"teacher", "1"}}).first == 400);
  CHECK(error({{"id", "stop-fabs"}, {"answer", "\xff"}}).first == 400);
  CHECK(error({{"id", "stop-fabs"}, {"colour", "red"}}).first == 400);
  CHECK(api.handle("GET", "/api/exercises", {{"id", "x"}}).status == 400);
}

TEST_CASE("exercises: a compiled snapshot keeps them") {
  World w(kModel);
  Result<Model> back = read_snapshot(write_snapshot(w.model), "t.dcm", false);
  REQUIRE(back.ok());
  CHECK(model_difference(w.model, back.value()) == "");
  CHECK(back.value().exercises.size() == 5);
}
