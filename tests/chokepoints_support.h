// Test helpers shared by the chokepoint tests: load a model from text, and
// brute-force minimal blacklists by propagating every subset of firms.
#ifndef DECOUPLE_TESTS_CHOKEPOINTS_SUPPORT_H_
#define DECOUPLE_TESTS_CHOKEPOINTS_SUPPORT_H_

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple::testing {

struct Loaded {
  Model model;
  std::unique_ptr<SupplyGraph> graph;
  explicit Loaded(std::string_view yaml) {
    Result<Model> result = load_model_from_string(yaml, "t.yaml");
    if (!result.ok()) {
      for (const Diagnostic& d : result.errors()) MESSAGE(d.str());
    }
    REQUIRE(result.ok());
    model = std::move(result).value();
    graph = std::make_unique<SupplyGraph>(model);
  }
  FirmIndex firm(std::string_view id) const {
    FirmIndex f = model.find_firm(id);
    REQUIRE(f != kNone);
    return f;
  }
  ItemIndex item(std::string_view id) const {
    ItemIndex i = model.find_item(id);
    REQUIRE(i != kNone);
    return i;
  }
  ScenarioCuts cuts(std::string_view scenario = {}) const {
    if (scenario.empty()) return apply_actions(*graph, {}, "");
    ScenarioIndex s = model.find_scenario(scenario);
    REQUIRE(s != kNone);
    return apply_scenario(*graph, s);
  }
};

template <typename T>
void require_ok(const Result<T>& result) {
  for (const Diagnostic& d : result.errors()) MESSAGE(d.str());
  REQUIRE(result.ok());
}

// Blacklists as sorted lists of firm ids, sorted by size then ids.
inline std::vector<std::vector<std::string>> ids_of(const Model& model,
                                                    const std::vector<std::vector<FirmIndex>>& sets) {
  std::vector<std::vector<std::string>> out;
  for (const auto& set : sets) {
    std::vector<std::string> ids;
    for (FirmIndex f : set) ids.push_back(model.firms[f].id);
    std::sort(ids.begin(), ids.end());
    out.push_back(std::move(ids));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return out;
}

// For every subset (bit mask over `firms`) the items lost with the base
// state plus those bans.
inline std::vector<std::vector<uint8_t>> lost_by_subset(const SupplyGraph& graph, const ScenarioCuts& cuts,
                                                        const std::vector<FirmIndex>& firms) {
  std::vector<std::vector<uint8_t>> out;
  LossState state(graph);
  for (uint32_t mask = 0; mask < (1u << firms.size()); ++mask) {
    state.reset();
    state.apply(cuts);
    for (size_t k = 0; k < firms.size(); ++k)
      if (mask >> k & 1) state.ban_firm(firms[k]);
    std::vector<uint8_t> lost(graph.model().items.size());
    for (ItemIndex i = 0; i < lost.size(); ++i) lost[i] = state.lost(i);
    out.push_back(std::move(lost));
  }
  return out;
}

// The minimal subsets (masks) whose bans lose `item`, among masks that
// avoid `forbidden` (a mask).
inline std::vector<uint32_t> minimal_masks(const std::vector<std::vector<uint8_t>>& lost, ItemIndex item,
                                           uint32_t forbidden) {
  std::vector<uint32_t> out;
  for (uint32_t mask = 0; mask < lost.size(); ++mask) {
    if ((mask & forbidden) || !lost[mask][item]) continue;
    bool minimal = true;
    for (uint32_t bit = 0; (1u << bit) <= mask; ++bit)
      if ((mask >> bit & 1) && lost[mask & ~(1u << bit)][item]) minimal = false;
    if (minimal) out.push_back(mask);
  }
  return out;
}

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTS_CHOKEPOINTS_SUPPORT_H_
