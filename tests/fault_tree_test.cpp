#include "decouple/fault_tree.h"

#include <doctest/doctest.h>

#include <random>

#include "decouple/cut_set_oracle.h"
#include "decouple/model_fixture.h"
#include "decouple/synthetic_model.h"

namespace decouple {
namespace {

using testing::World;

constexpr const char* kCycle = R"(
decouple: 1
name: cycle
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
      - {name: chip, options: [chip-x]}
  - id: chip-x
    maker: chipco
    kind: chip
    needs:
      - {name: tool, options: [tool-a, tool-b]}
  - id: tool-a
    maker: toolco
    kind: tool
    needs:
      - {name: chip, options: [chip-x]}
  - {id: tool-b, maker: tool2co, kind: tool}
)";

std::vector<uint8_t> evaluate_bools(const FaultTree& tree, const std::vector<uint8_t>& banned) {
  BooleanAlgebra algebra{banned};
  std::vector<uint8_t> values;
  evaluate(tree, algebra, values);
  return values;
}

}  // namespace

TEST_CASE("fault tree: a supply cycle becomes one cyclic group that keeps itself alive") {
  World m(kCycle);
  LossState base(*m.graph);
  std::vector<uint8_t> all(m.model.firms.size(), 1);
  std::vector<ItemIndex> targets = {m.item("phone")};
  FaultTree tree = build_fault_tree(*m.graph, base, all, targets);
  size_t cyclic = 0;
  for (const FaultTree::Group& g : tree.groups()) cyclic += g.cyclic();
  CHECK(cyclic == 1);
  std::vector<uint8_t> banned(m.model.firms.size(), 0);
  banned[m.firm("tool2co")] = 1;
  // tool-b is gone, but tool-a and chip-x supply each other.
  CHECK(evaluate_bools(tree, banned)[tree.item_gate(m.item("phone"))] == 0);
  banned[m.firm("toolco")] = 1;
  CHECK(evaluate_bools(tree, banned)[tree.item_gate(m.item("phone"))] == 1);
}

TEST_CASE("fault tree: non-candidate firms and a scenario's cuts fold into constants") {
  World m(kCycle);
  LossState base(*m.graph);
  std::vector<uint8_t> candidate(m.model.firms.size(), 0);
  candidate[m.firm("chipco")] = 1;
  std::vector<ItemIndex> targets = {m.item("phone"), m.item("tool-b")};
  FaultTree tree = build_fault_tree(*m.graph, base, candidate, targets);
  // Only chipco can be cut: tool-b can never be lost, and with it the
  // tool need of chip-x never dies.
  CHECK(tree.item_gate(m.item("tool-b")) == FaultTree::kFalseGate);
  CHECK(tree.firm_gate(m.firm("toolco")) == kNone);
  std::vector<uint8_t> banned(m.model.firms.size(), 0);
  CHECK(evaluate_bools(tree, banned)[tree.item_gate(m.item("phone"))] == 0);
  banned[m.firm("chipco")] = 1;
  CHECK(evaluate_bools(tree, banned)[tree.item_gate(m.item("phone"))] == 1);
  CHECK(tree.firms_in_depth_first_order() == std::vector<FirmIndex>{m.firm("chipco")});
}

TEST_CASE("fault tree: evaluation equals loss propagation on random models with cycles") {
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    SyntheticSpec spec;
    spec.items = 14;
    spec.firms = 7;
    spec.tiers = 3;
    spec.back_edge = 0.25;
    spec.seed = seed;
    World m(synthetic_model_yaml(spec));
    for (const char* scenario : {"", "listing", "ban"}) {
      ScenarioCuts cuts = m.cuts_of(scenario);
      LossState base(*m.graph);
      base.apply(cuts);
      std::vector<uint8_t> candidate(m.model.firms.size(), 1);
      if (seed % 3 == 0) candidate[seed % m.model.firms.size()] = 0;
      std::vector<ItemIndex> targets;
      for (ItemIndex i = 0; i < m.model.items.size(); ++i) targets.push_back(i);
      FaultTree tree = build_fault_tree(*m.graph, base, candidate, targets);
      std::vector<FirmIndex> firms;
      for (FirmIndex f = 0; f < m.model.firms.size(); ++f)
        if (candidate[f] && !base.banned(f)) firms.push_back(f);
      auto lost = testing::lost_by_subset(*m.graph, cuts, firms);
      for (uint32_t mask = 0; mask < lost.size(); ++mask) {
        std::vector<uint8_t> banned(m.model.firms.size(), 0);
        for (size_t k = 0; k < firms.size(); ++k) banned[firms[k]] = mask >> k & 1;
        std::vector<uint8_t> values = evaluate_bools(tree, banned);
        for (ItemIndex i = 0; i < m.model.items.size(); ++i) {
          INFO("seed ", seed, " scenario '", std::string(scenario), "' mask ", mask, " item ", m.model.items[i].id);
          REQUIRE(values[tree.item_gate(i)] == lost[mask][i]);
        }
      }
    }
  }
}

}  // namespace decouple
