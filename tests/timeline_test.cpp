// Timelines: dated scenarios replayed in order, and what each step changed.
#include <doctest/doctest.h>

#include <string>

#include "decouple/model_fixture.h"
#include "decouple/timeline.h"
#include "decouple/timeline_report.h"

namespace decouple {
namespace {

using testing::World;

constexpr std::string_view kHuawei = R"(decouple: 1
name: timeline
firms:
  - {id: huawei, country: CN}
  - {id: hisilicon, country: CN}
  - {id: tsmc, country: TW}
  - {id: amat, country: US}
  - {id: google, country: US}
  - {id: microsoft, country: US}
  - {id: sugon, country: CN}
items:
  - {id: us-dep, maker: amat, kind: tool}
  - {id: n7, maker: tsmc, kind: service, needs: [{name: tools, role: means, options: [us-dep]}]}
  - {id: kirin, maker: hisilicon, kind: chip, needs: [{name: wafers, options: [n7]}]}
  - {id: gms, maker: google, kind: software}
  - {id: windows, maker: microsoft, kind: software}
  - id: phone
    maker: huawei
    kind: product
    needs:
      - {name: soc, options: [kirin]}
      - {name: apps, options: [gms]}
      - {name: os, critical: false, options: [windows]}
  - {id: server, maker: sugon, kind: product, needs: [{name: os, options: [windows]}]}
scenarios:
  # Listed on file after the steps that follow it: order is by date.
  - id: fdp
    date: 2020-08-17
    extends: [msft]
    actions:
      - foreign_direct_product: {by: US, targets: [huawei, hisilicon], depth: 1}
  - id: listed
    date: 2019-05-16
    actions:
      - entity_list: {by: US, add: [huawei, hisilicon]}
  - id: tgl
    date: 2019-05-20
    extends: [listed]
    actions:
      - license: {by: US, to: huawei, until: 2019-08-19}
  - id: msft
    date: 2019-11-20
    extends: [tgl]
    actions:
      - license: {by: US, supplier: microsoft, to: huawei}
  - id: sugon
    date: 2021-01-01
    actions:
      - entity_list: {by: US, add: [sugon]}
  - id: undated
    extends: [listed]
)";

const VendorChange* vendor(const Model& model, const TimelineStep& step, std::string_view firm) {
  for (const VendorChange& v : step.vendors)
    if (model.firms[v.firm].id == firm) return &v;
  return nullptr;
}

std::vector<std::string> ids(const Model& model, const std::vector<ItemIndex>& items) {
  std::vector<std::string> out;
  for (ItemIndex i : items) out.push_back(model.items[i].id);
  return out;
}

std::vector<std::string> cut_options(const Model& model, const TimelineStep& step,
                                     const std::vector<uint32_t>& cuts) {
  std::vector<std::string> out;
  for (uint32_t c : cuts) out.push_back(model.items[model.options[step.cuts.cuts[c].option].item].id);
  return out;
}

std::vector<std::string> restored_options(const Model& model, const TimelineStep& step,
                                          const std::vector<uint32_t>& restored) {
  std::vector<std::string> out;
  for (uint32_t r : restored)
    out.push_back(model.items[model.options[step.cuts.restored[r].first].item].id);
  return out;
}

using Names = std::vector<std::string>;

TEST_CASE("timeline: steps in date order, each over its extends chain") {
  World w(kHuawei);
  const Model& m = w.model;
  Timeline t = replay_timeline(*w.graph, false);
  REQUIRE(t.steps.size() == 5);
  Names order;
  for (const TimelineStep& s : t.steps) order.push_back(m.scenarios[s.scenario].id);
  CHECK(order == Names{"listed", "tgl", "msft", "fdp", "sugon"});

  // 2019-05-16: the listing cuts Google and Microsoft; the phone is lost.
  const TimelineStep& listed = t.steps[0];
  const VendorChange* h = vendor(m, listed, "huawei");
  REQUIRE(h);
  CHECK(cut_options(m, listed, h->newly_cut) == Names{"gms", "windows"});
  CHECK(ids(m, h->newly_lost) == Names{"phone"});
  CHECK(vendor(m, listed, "hisilicon") == nullptr);  // TSMC's service is not reached
  CHECK(listed.newly_cut == 2);

  // 2019-05-20: the temporary license re-opens both edges.
  const TimelineStep& tgl = t.steps[1];
  h = vendor(m, tgl, "huawei");
  REQUIRE(h);
  CHECK(restored_options(m, tgl, h->licensed) == Names{"gms", "windows"});
  CHECK(h->reopened.size() == 2);
  CHECK(ids(m, h->recovered) == Names{"phone"});
  CHECK(h->newly_cut.empty());
  CHECK(h->edges_cut == 0);

  // 2019-11-20: the temporary license has expired; Microsoft's own license
  // keeps Windows open (not newly licensed: it was open already).
  const TimelineStep& msft = t.steps[2];
  h = vendor(m, msft, "huawei");
  REQUIRE(h);
  CHECK(cut_options(m, msft, h->newly_cut) == Names{"gms"});
  CHECK(h->licensed.empty());
  CHECK(ids(m, h->newly_lost) == Names{"phone"});
  CHECK(msft.cuts.restored.size() == 1);

  // 2020-08-17: the direct-product rule reaches TSMC's wafers.
  const TimelineStep& fdp = t.steps[3];
  const VendorChange* hs = vendor(m, fdp, "hisilicon");
  REQUIRE(hs);
  CHECK(cut_options(m, fdp, hs->newly_cut) == Names{"n7"});
  CHECK(fdp.cuts.cuts[hs->newly_cut[0]].why.rule == Subjection::Rule::kDirectProduct);
  CHECK(ids(m, hs->newly_lost) == Names{"kirin"});
  CHECK(vendor(m, fdp, "huawei") == nullptr);  // the phone was lost already

  // 2021-01-01 extends nothing: everything before is lifted.
  const TimelineStep& sugon = t.steps[4];
  h = vendor(m, sugon, "huawei");
  REQUIRE(h);
  CHECK(h->reopened.size() == 1);  // gms; windows was licensed, not cut
  CHECK(ids(m, h->recovered) == Names{"phone"});
  const VendorChange* s = vendor(m, sugon, "sugon");
  REQUIRE(s);
  CHECK(cut_options(m, sugon, s->newly_cut) == Names{"windows"});
  hs = vendor(m, sugon, "hisilicon");
  REQUIRE(hs);
  CHECK(hs->reopened.size() == 1);
  CHECK(ids(m, hs->recovered) == Names{"kirin"});
}

TEST_CASE("timeline: a --ban list joins every step, and the replay starts from the ban alone") {
  World w(kHuawei);
  const Model& m = w.model;
  Timeline plain = replay_timeline(*w.graph, false);
  const VendorChange* before = vendor(m, plain.steps.back(), "sugon");
  REQUIRE(before != nullptr);
  CHECK(ids(m, before->newly_lost) == Names{"server"});

  FirmIndex sugon = m.find_firm("sugon");
  Timeline t = replay_timeline(*w.graph, false, std::span<const FirmIndex>(&sugon, 1));
  CHECK(t.banned == std::vector<FirmIndex>{sugon});
  REQUIRE(t.steps.size() == 5);
  for (const TimelineStep& step : t.steps) {
    // The server is lost from the start (its maker is banned): never newly.
    const VendorChange* v = vendor(m, step, "sugon");
    if (v) CHECK(v->newly_lost.empty());
    CHECK(step.items_lost > 0);
  }
  std::string table = render_timeline(*w.graph, t, Format::kTable);
  CHECK(table.find("Every step also bans (--ban): sugon; step 1 is compared with the ban alone") !=
        std::string::npos);
}

TEST_CASE("timeline: cumulative steps keep every earlier date") {
  World w(kHuawei);
  const Model& m = w.model;
  Timeline t = replay_timeline(*w.graph, true);
  REQUIRE(t.steps.size() == 5);
  const TimelineStep& sugon = t.steps[4];
  CHECK(vendor(m, sugon, "huawei") == nullptr);
  CHECK(vendor(m, sugon, "hisilicon") == nullptr);
  const VendorChange* s = vendor(m, sugon, "sugon");
  REQUIRE(s);
  CHECK(cut_options(m, sugon, s->newly_cut) == Names{"windows"});
  CHECK(sugon.edges_cut == 3);  // gms and n7 into the Huawei group, windows into Sugon
  // Each scenario applies once even though every step extends the last.
  size_t listings = 0;
  for (const AppliedAction& a : sugon.cuts.applied)
    listings += std::holds_alternative<EntityListAction>(a.action->body);
  CHECK(listings == 2);
}

TEST_CASE("timeline: reports name the rule and the license") {
  World w(kHuawei);
  Timeline t = replay_timeline(*w.graph, false);
  std::string table = render_timeline(*w.graph, t, Format::kTable);
  CHECK(table.find("Step 4  2020-08-17 fdp: fdp") != std::string::npos);
  CHECK(table.find("    cut        n7 (tsmc, TW) -> kirin [wafers]: scenario 'listed' action 1 "
                   "(entity_list by US); foreign direct product rule of US: n7 is made with "
                   "us-dep (US) [means 'tools'], which is of origin US [rule: scenario 'fdp' "
                   "action 1 (foreign_direct_product by US)]") != std::string::npos);
  CHECK(table.find("    licensed   gms (google, US) -> phone [apps]: scenario 'tgl' action 1 "
                   "(license by US)") != std::string::npos);
  nlohmann::json json = timeline_json(*w.graph, t);
  CHECK(json["format"] == 1);
  CHECK(json["cumulative"] == false);
  REQUIRE(json["steps"].size() == 5);
  const nlohmann::json& step = json["steps"][3];
  CHECK(step["scenario"]["id"] == "fdp");
  CHECK(step["summary"]["newly_cut"] == 1);
  const nlohmann::json& cut = step["vendors"][0]["newly_cut"][0];
  CHECK(cut["rule"] == "foreign_direct_product");
  CHECK(cut["foreign_direct_product"]["depth"] == 1);
  CHECK(cut["foreign_direct_product"]["means_path"][0]["option"] == "us-dep");
  CHECK(cut["rule_action"]["scenario"] == "fdp");
  std::string csv = render_timeline(*w.graph, t, Format::kCsv);
  CHECK(csv.rfind("step,date,scenario,firm,country,change,item,need,option,supplier,action_scenario,"
                  "action_index,action_kind,action_by,reason\n",
                  0) == 0);
  CHECK(csv.find("4,2020-08-17,fdp,hisilicon,CN,cut,kirin,wafers,n7,tsmc,") != std::string::npos);
  CHECK(csv.find("2,2019-05-20,tgl,huawei,CN,recovered,phone,,,,,,,,\n") != std::string::npos);
}

TEST_CASE("timeline: a model without dated scenarios has no steps") {
  World w(R"(decouple: 1
name: none
firms: [{id: a, country: US}]
items: [{id: x, maker: a, kind: chip}]
scenarios: [{id: s, actions: [{ban: [a]}]}]
)");
  Timeline t = replay_timeline(*w.graph, false);
  CHECK(t.steps.empty());
  CHECK(render_timeline(*w.graph, t, Format::kTable).find("No scenario has a date.") !=
        std::string::npos);
}

}  // namespace
}  // namespace decouple
