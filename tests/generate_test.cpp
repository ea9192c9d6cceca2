#include <doctest/doctest.h>

#include "decouple/generate.h"
#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"

using namespace decouple;

TEST_CASE("the same seed gives the same model, another seed another") {
  GenerateOptions options;
  options.items = 3000;
  options.seed = 7;
  Model a = generate_model(options);
  Model b = generate_model(options);
  CHECK(model_difference(a, b).empty());
  options.seed = 8;
  CHECK_FALSE(model_difference(a, generate_model(options)).empty());
}

TEST_CASE("a generated model is valid: written as YAML it loads back unchanged") {
  for (uint32_t items : {12u, 13u, 20u, 57u, 500u, 4000u}) {
    CAPTURE(items);
    GenerateOptions options;
    options.items = items;
    options.seed = items;
    Model model = generate_model(options);
    Result<Model> loaded = load_model_from_string(write_model_yaml(model), "generated.yaml");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.errors()[0].str()));
    CHECK(model_difference(model, loaded.value()) == "");
  }
}

TEST_CASE("a generated model has the promised shape") {
  GenerateOptions options;
  options.items = 20000;
  options.seed = 3;
  Model model = generate_model(options);
  SupplyGraph graph(model);
  CHECK(model.items.size() == 20000);
  CHECK(model.firms.size() == 2000);
  for (FirmIndex f = 0; f < model.firms.size(); ++f) CHECK(!graph.items_of(f).empty());
  // About 2.4 options an item, a few supply cycles, a skewed fan-in.
  double per_item = double(model.options.size()) / model.items.size();
  CHECK(per_item > 2.0);
  CHECK(per_item < 3.2);
  CHECK(graph.component_count() < model.items.size());
  size_t widest = 0, used = 0;
  for (ItemIndex i = 0; i < model.items.size(); ++i) {
    widest = std::max(widest, graph.users_of(i).size());
    used += !graph.users_of(i).empty();
  }
  CHECK(widest > 50 * model.options.size() / used);
  CHECK(model.scenarios.size() == std::size(kGeneratedScenarios));
  for (const char* id : kGeneratedScenarios) CHECK(model.find_scenario(id) != kNone);
}

TEST_CASE("too few items is refused") {
  GenerateOptions options;
  options.items = 11;
  CHECK_THROWS_AS(generate_model(options), std::invalid_argument);
}
