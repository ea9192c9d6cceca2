// The bundled models: every file under models/ loads, every scenario of it
// evaluates (and agrees with the brute-force fixpoint), every lost item is
// explained down to actions; and the October 2019 listing hits each of the
// eight companies it named.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "decouple/explain.h"
#include "decouple/impact.h"
#include "decouple/loader.h"
#include "decouple/loss_oracle.h"
#include "decouple/model_fixture.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"
#include "decouple/skip.h"

namespace decouple {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> bundled_models() {
  std::vector<std::string> out;
  fs::path root = fs::path(DECOUPLE_SOURCE_DIR) / "models";
  if (!fs::exists(root)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Every node of the chain that needs a child has one, and every branch
// ends at an action (a cut or a ban) or at a "see above".
void check_chain_ends_at_actions(const Explanation& e) {
  for (const Reason& r : e.reasons) {
    switch (r.kind) {
      case Reason::Kind::kItemLost:
      case Reason::Kind::kNeedDead:
      case Reason::Kind::kOptionItemLost:
        CHECK(!r.children.empty());
        break;
      case Reason::Kind::kOptionCut:
        CHECK(r.cut != kNone);
        CHECK(r.children.empty());
        break;
      case Reason::Kind::kMakerBanned:
        CHECK(r.action != kNone);
        break;
      default:
        break;
    }
  }
}

TEST_CASE("every bundled model is valid and every scenario evaluates") {
  std::vector<std::string> files = bundled_models();
  REQUIRE_MESSAGE(!files.empty(), "no models under " DECOUPLE_SOURCE_DIR "/models");
  for (const std::string& file : files) {
    CAPTURE(file);
    Result<Model> loaded = load_model(file);
    if (!loaded.ok())
      for (const Diagnostic& d : loaded.errors()) MESSAGE(d.str());
    REQUIRE(loaded.ok());
    const Model& model = loaded.value();
    SupplyGraph graph(model);
    for (ScenarioIndex s = 0; s < model.scenarios.size(); ++s) {
      CAPTURE(model.scenarios[s].id);
      // Without the presence mask of the scenario's date: the brute-force
      // oracle knows cuts and bans, not what did not exist yet (dated
      // evaluation has its own tests, presence_test.cpp).
      ScenarioCuts cuts = apply_actions(graph, resolve_scenario(model, s), model.scenarios[s].date.str());
      LossState state(graph);
      state.apply(cuts);

      std::vector<bool> cut(model.options.size(), false), banned(model.firms.size(), false);
      for (const Cut& c : cuts.cuts) cut[c.option] = true;
      for (FirmIndex f = 0; f < model.firms.size(); ++f) banned[f] = cuts.banned[f] != kNone;
      std::vector<bool> live = testing::brute_force_live(model, cut, banned);
      for (ItemIndex i = 0; i < model.items.size(); ++i) CHECK(state.lost(i) == !live[i]);

      Impact impact = compute_impact(graph, cuts, state);
      size_t lost = 0;
      for (const VendorImpact& v : impact.vendors) {
        lost += v.lost.size();
        for (ItemIndex item : v.lost) {
          Explanation e = explain_item(graph, cuts, state, item);
          REQUIRE(!e.reasons.empty());
          CHECK(e.reasons[0].kind == Reason::Kind::kItemLost);
          check_chain_ends_at_actions(e);
        }
      }
      CHECK(lost == impact.items_lost);
    }
  }
}

TEST_CASE("the October 2019 listing: the eight companies are listed; what they lose has reasons") {
  std::string file = DECOUPLE_SOURCE_DIR "/models/entity-list-2019.yaml";
  if (!fs::exists(file)) DECOUPLE_SKIP(file << " is not there yet");
  Result<Model> loaded = load_model(file);
  REQUIRE(loaded.ok());
  const Model& model = loaded.value();
  ScenarioIndex s = model.find_scenario("el-2019-10");
  REQUIRE_MESSAGE(s != kNone, "no scenario el-2019-10 in " << file);
  SupplyGraph graph(model);
  ScenarioCuts cuts = apply_scenario(graph, s);
  LossState state(graph);
  state.apply(cuts);
  Impact impact = compute_impact(graph, cuts, state);

  // 84 FR 54002 (9 Oct 2019): Dahua, Hikvision, iFlytek, Megvii, SenseTime,
  // Xiamen Meiya Pico, Yitu and Yixin, with 20 public security bureaus.
  // Not every one loses something: much of what they bought was made
  // abroad and outside the EAR (SenseTime reported no material impact), so
  // the test asks that each is listed, and that every loss is explained.
  std::vector<FirmIndex> listed;
  for (const Action& a : model.scenarios[s].actions)
    if (const auto* e = std::get_if<EntityListAction>(&a.body))
      listed.insert(listed.end(), e->add.begin(), e->add.end());
  size_t losing = 0;
  for (const char* company : {"dahua", "hikvision", "iflytek", "megvii", "sensetime", "meiya-pico",
                              "yitu", "yixin"}) {
    CAPTURE(company);
    FirmIndex firm = model.find_firm(company);
    REQUIRE(firm != kNone);
    CHECK(std::find(listed.begin(), listed.end(), firm) != listed.end());
    auto v = std::find_if(impact.vendors.begin(), impact.vendors.end(),
                          [&](const VendorImpact& x) { return x.firm == firm; });
    if (v == impact.vendors.end()) continue;
    losing += !v->lost.empty();
    for (ItemIndex item : v->lost) {
      Explanation e = explain_item(graph, cuts, state, item);
      check_chain_ends_at_actions(e);
      // Every cut in the chain comes from this scenario's listing.
      for (const Reason& r : e.reasons)
        if (r.kind == Reason::Kind::kOptionCut)
          CHECK(model.scenarios[cuts.applied[cuts.cuts[r.cut].action].scenario].id == "el-2019-10");
    }
  }
  // Hikvision's and Dahua's analytics servers lose their US-made Xeons.
  CHECK(losing >= 2);
}

}  // namespace
}  // namespace decouple
