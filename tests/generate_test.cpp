#include <doctest/doctest.h>

#include "decouple/generate.h"
#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/temp_dir.h"

using namespace decouple;
using decouple::testing::TempDir;

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

TEST_CASE("streamed tables are the bytes save_model writes for the generated model") {
  TempDir dir;
  struct Case {
    uint32_t items, firms;
    uint64_t seed;
    double alternatives;
    bool scenarios;
  };
  for (const Case& c : {Case{12, 0, 1, 0.25, true}, Case{13, 0, 2, 0.25, true},
                        Case{57, 0, 3, 0.25, true}, Case{4000, 0, 5, 0.25, true},
                        Case{3000, 77, 9, 0.6, true}, Case{3000, 77, 9, 0.6, false},
                        Case{20000, 0, 11, 0, true}}) {
    CAPTURE(c.items);
    CAPTURE(c.seed);
    GenerateOptions options;
    options.items = c.items;
    options.firms = c.firms;
    options.seed = c.seed;
    options.alternative_rate = c.alternatives;
    options.scenarios = c.scenarios;
    std::vector<std::string> expected = save_model(generate_model(options), dir / "a.yaml",
                                                   ModelFileFormat::kCsv);
    std::vector<std::string> written;
    GeneratedCounts counts = save_generated_tables(options, dir / "b.yaml", &written);
    REQUIRE(written.size() == expected.size());
    for (size_t k = 0; k < written.size(); ++k) {
      CAPTURE(written[k]);
      std::string want = TempDir::read(expected[k]);
      // The header names its tables after itself: a.*.csv against b.*.csv.
      if (k + 1 == written.size())
        for (size_t at; (at = want.find(" a.")) != std::string::npos;) want.replace(at, 3, " b.");
      CHECK(TempDir::read(written[k]) == want);
    }
    Model loaded = load_model(dir / "b.yaml").value();
    CHECK(counts.firms == loaded.firms.size());
    CHECK(counts.items == loaded.items.size());
    CHECK(counts.needs == loaded.needs.size());
    CHECK(counts.options == loaded.options.size());
    CHECK(counts.scenarios == loaded.scenarios.size());
  }
}

TEST_CASE("streamed tables: a file that cannot be written leaves nothing behind") {
  TempDir dir;
  GenerateOptions options;
  options.items = 500;
  CHECK_THROWS_WITH_AS(save_generated_tables(options, dir / "missing/m.yaml"),
                       doctest::Contains("does not exist"), std::runtime_error);
  // The header is refused after the tables were opened: no table is left.
  std::filesystem::create_directory(dir / "m.yaml");
  CHECK_THROWS_WITH_AS(save_generated_tables(options, dir / "m.yaml"),
                       doctest::Contains("is a directory"), std::runtime_error);
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) files += !entry.is_directory();
  CHECK(files == 0);
}
