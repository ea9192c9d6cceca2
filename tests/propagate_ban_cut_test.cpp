// Loss propagation when one scenario both bans a firm and cuts edges from
// its items (found while drawing the mini model: the cut edge was skipped
// both when cut and when drained, so the need kept a phantom live option).
#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "decouple/evaluation.h"
#include "decouple/loader.h"
#include "decouple/loss_oracle.h"
#include "decouple/model_fixture.h"
#include "decouple/random_model.h"

using namespace decouple;

using testing::load_ok;

TEST_CASE("an edge both cut and from a banned firm's item is dead once, not never") {
  Model model = load_ok(R"(decouple: 1
name: t
firms: [{id: us, country: US}, {id: cn, country: CN}]
items:
  - {id: chip, maker: us, kind: chip}
  - {id: phone, maker: cn, kind: product, needs: [{name: soc, options: [chip]}]}
scenarios:
  - id: both
    actions:
      - ban: [us]
      - entity_list: {by: US, add: [cn]}
)");
  SupplyGraph graph(model);
  auto ev = evaluate(graph, model.find_scenario("both"));
  CHECK(ev->state.lost(model.find_item("chip")));
  CHECK(ev->state.lost(model.find_item("phone")));
}

TEST_CASE("bans plus entity listings agree with a brute-force fixpoint on random models") {
  // Two to five US and CN firms, two to ten items of up to two needs, each
  // listing distinct suppliers, a quarter of the needs optional.
  testing::RandomModelSpec spec;
  spec.min_firms = 2;
  spec.max_firms = 5;
  spec.countries = {"US", "CN"};
  spec.min_items = 2;
  spec.max_items = 10;
  spec.max_needs = 2;
  spec.distinct_suppliers = true;
  for (unsigned seed = 1; seed <= 300; ++seed) {
    Random random(seed);
    testing::RandomModel drawn = testing::random_model(spec, random);
    std::string text = drawn.yaml;
    // A ban and an entity listing of random firms (maybe the same ones).
    uint64_t banned = random.below(drawn.firms);
    uint64_t first = random.below(drawn.firms);
    uint64_t second = random.below(drawn.firms);
    text += fmt::format("scenarios:\n  - id: s\n    actions:\n      - ban: [f{}]\n"
                        "      - entity_list: {{by: US, add: [f{}, f{}]}}\n",
                        banned, first, second);
    CAPTURE(text);
    Model model = load_ok(text);
    SupplyGraph graph(model);
    auto ev = evaluate(graph, model.find_scenario("s"));
    std::vector<bool> live = testing::brute_force_live(model, ev->cuts);
    for (ItemIndex i = 0; i < model.items.size(); ++i)
      CHECK_MESSAGE(ev->state.lost(i) == !live[i], "seed " << seed << " item " << model.items[i].id);
  }
}
