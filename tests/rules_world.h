// Test helper: a model loaded from a string with its graph, and small
// lookups by id, shared by the rules and timeline tests.
#ifndef DECOUPLE_TESTS_RULES_WORLD_H_
#define DECOUPLE_TESTS_RULES_WORLD_H_

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>

#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple::rules_testing {  // not `testing`: tests/testing.h has its own World

class World {
 public:
  explicit World(std::string_view text) {
    Result<Model> result = load_model_from_string(text, "t.yaml");
    for (const Diagnostic& d : result.errors()) MESSAGE(d.str());
    REQUIRE(result.ok());
    model_ = std::move(result).value();
    graph_ = std::make_unique<SupplyGraph>(model_);
  }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const Model& model() const { return model_; }
  const SupplyGraph& graph() const { return *graph_; }

  ScenarioCuts apply(std::string_view scenario) const {
    ScenarioIndex s = model_.find_scenario(scenario);
    REQUIRE(s != kNone);
    return apply_scenario(*graph_, s);
  }

  // The option of `consumer`'s need `need` naming `supplied`.
  OptionIndex option(std::string_view consumer, std::string_view need,
                     std::string_view supplied) const {
    ItemIndex c = model_.find_item(consumer);
    ItemIndex s = model_.find_item(supplied);
    REQUIRE(c != kNone);
    REQUIRE(s != kNone);
    for (OptionIndex o : graph_->users_of(s))
      if (model_.consumer_of(o) == c && model_.needs[model_.options[o].need].name == need) return o;
    FAIL("no option " << consumer << "/" << need << " -> " << supplied);
    return kNone;
  }
  // Whether the edge is cut under `cuts`.
  bool cut(const ScenarioCuts& cuts, std::string_view consumer, std::string_view need,
           std::string_view supplied) const {
    return cuts.is_cut(option(consumer, need, supplied));
  }
  bool lost(const ScenarioCuts& cuts, std::string_view item) const {
    LossState state(*graph_);
    state.apply(cuts);
    ItemIndex i = model_.find_item(item);
    REQUIRE(i != kNone);
    return state.lost(i);
  }
  ItemIndex item(std::string_view id) const {
    ItemIndex i = model_.find_item(id);
    REQUIRE(i != kNone);
    return i;
  }

 private:
  Model model_;
  std::unique_ptr<SupplyGraph> graph_;
};

}  // namespace decouple::rules_testing

#endif  // DECOUPLE_TESTS_RULES_WORLD_H_
