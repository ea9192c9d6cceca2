#include <doctest/doctest.h>

#include "decouple/generate.h"
#include "decouple/model_fixture.h"
#include "decouple/sweep.h"
#include "decouple/sweep_output.h"

using namespace decouple;

namespace {

GenerateOptions generated() {
  GenerateOptions options;
  options.items = 1500;
  options.seed = 42;
  return options;
}

struct Fixture : testing::World {
  Fixture() : World(generate_model(generated())) {}
  std::string run(SweepSpec spec, Format format) const {
    return render_sweep(model, spec, run_sweep(*graph, spec), format);
  }
};

std::vector<SweepSpec> specs(const Model& m) {
  std::vector<SweepSpec> out;
  SweepSpec each;
  out.push_back(each);
  each.by = *Country::parse("US");
  each.base = m.find_scenario("el-top-cn-licensed");
  out.push_back(each);
  SweepSpec random;
  random.kind = SweepSpec::Kind::kRandom;
  random.random_count = 37;
  random.random_size = 4;
  random.seed = 9;
  random.base = m.find_scenario("embargo-cn-chips");
  out.push_back(random);
  SweepSpec scenarios;
  scenarios.kind = SweepSpec::Kind::kScenarios;
  for (const char* id : kGeneratedScenarios) scenarios.scenarios.push_back(m.find_scenario(id));
  scenarios.base = m.find_scenario("allied-tools");
  out.push_back(scenarios);
  return out;
}

}  // namespace

TEST_CASE("sweep: sharded runs merge to exactly the unsharded output, whatever the threads") {
  Fixture f;
  for (const SweepSpec& base_spec : specs(f.model)) {
    for (Format format : {Format::kCsv, Format::kJson}) {
      SweepSpec whole = base_spec;
      whole.threads = 1;
      const std::string expected = f.run(whole, format);
      whole.threads = 2;
      CHECK(f.run(whole, format) == expected);
      for (uint32_t shards : {2u, 3u, 7u}) {
        CAPTURE(shards);
        std::vector<SweepOutput> outputs;
        // Shards handed over in reverse: the order must not matter.
        for (uint32_t s = shards; s-- > 0;) {
          SweepSpec part = base_spec;
          part.shard = s;
          part.shards = shards;
          part.threads = 2;
          outputs.push_back({"shard" + std::to_string(s), f.run(part, format)});
        }
        Result<std::string> merged = merge_sweep_outputs(outputs);
        REQUIRE(merged.ok());
        CHECK(merged.value() == expected);
      }
    }
  }
}

TEST_CASE("sweep: each run is the what-if answer for its firm") {
  Fixture f;
  SweepSpec spec;
  spec.threads = 2;
  SweepResult result = run_sweep(*f.graph, spec);
  REQUIRE(result.rows.size() == f.model.firms.size());
  ScenarioCuts nothing = apply_actions(*f.graph, {}, "");
  WhatIf what_if(*f.graph, nothing);
  for (FirmIndex firm = 0; firm < f.model.firms.size(); firm += 7) {
    const SweepRow& row = result.rows[firm];
    CHECK(row.run == firm);
    CHECK(row.cut == f.model.firms[firm].id);
    WhatIfEffect e = what_if.ban(firm);
    CHECK(row.effect.items_lost == e.items_lost);
    CHECK(row.effect.firms_affected == e.firms_affected);
    CHECK(row.effect.items_lost >= f.graph->items_of(firm).size());
  }
}

TEST_CASE("sweep: a scenario run counts what it loses beyond the base") {
  Fixture f;
  SweepSpec spec;
  spec.kind = SweepSpec::Kind::kScenarios;
  spec.scenarios = {f.model.find_scenario("ban-1pct")};
  SweepResult result = run_sweep(*f.graph, spec);
  ScenarioCuts cuts = apply_scenario(*f.graph, spec.scenarios[0]);
  LossState state(*f.graph);
  state.apply(cuts);
  CHECK(result.rows[0].effect.items_lost == state.lost_items().size());
}

TEST_CASE("sweep: merging refuses incomplete, repeated and mismatched shards") {
  Fixture f;
  SweepSpec spec;
  spec.kind = SweepSpec::Kind::kRandom;
  spec.random_count = 10;
  spec.random_size = 2;
  auto shard = [&](uint32_t s, uint32_t n, Format format, uint64_t seed = 1) {
    SweepSpec part = spec;
    part.shard = s;
    part.shards = n;
    part.seed = seed;
    return SweepOutput{"s" + std::to_string(s + 1), f.run(part, format)};
  };
  auto message = [](const Result<std::string>& r) {
    return r.ok() ? std::string("ok") : r.errors()[0].str();
  };
  CHECK(message(merge_sweep_outputs({shard(0, 3, Format::kJson), shard(2, 3, Format::kJson)})) ==
        "s1: error: shard 2 of 3 is missing");
  CHECK(message(merge_sweep_outputs({shard(0, 2, Format::kJson), shard(0, 2, Format::kJson)})) ==
        "s1: error: shard 1 of 2 again (also s1)");
  CHECK(message(merge_sweep_outputs({shard(0, 2, Format::kJson), shard(1, 2, Format::kJson, 5)})) ==
        "s2: error: comes from another sweep or model than s1");
  CHECK(message(merge_sweep_outputs({shard(0, 2, Format::kJson), shard(1, 3, Format::kJson)})) ==
        "s2: error: is shard 2 of 3, but s1 is one of 2");
  CHECK(message(merge_sweep_outputs({shard(0, 3, Format::kCsv), shard(2, 3, Format::kCsv)})) ==
        "the 2 shard outputs: error: runs 3 to 5 are missing (is a shard missing?)");
  CHECK(message(merge_sweep_outputs({shard(0, 2, Format::kCsv), shard(0, 2, Format::kCsv)})) ==
        "the 2 shard outputs: error: run 0 appears twice");
  CHECK(message(merge_sweep_outputs({shard(0, 2, Format::kCsv)}, 10)) ==
        "the shard output: error: the shards hold 5 runs, expected 10 (is the last shard missing?)");
  CHECK(message(merge_sweep_outputs({{"x.csv", "id,name\n"}})) ==
        "x.csv: error: not the CSV output of decouple sweep (the header differs)");
  CHECK(message(merge_sweep_outputs({shard(0, 2, Format::kCsv), shard(1, 2, Format::kCsv)}, 10)) == "ok");
}

TEST_CASE("sweep: bad specs are explained") {
  Fixture f;
  SweepSpec spec;
  spec.kind = SweepSpec::Kind::kRandom;
  spec.random_size = 100000;
  CHECK(check_sweep(f.model, spec) == "a random blacklist of 100000 firms, but the model has 150");
  spec.random_size = 150;  // every firm: still fine
  CHECK(check_sweep(f.model, spec) == "");
  spec.shard = 3;
  spec.shards = 3;
  CHECK(check_sweep(f.model, spec) == "shard 4 of 3 does not exist");
  CHECK(shard_range(10, 0, 3) == std::pair<uint32_t, uint32_t>{0, 3});
  CHECK(shard_range(10, 2, 3) == std::pair<uint32_t, uint32_t>{6, 10});
  CHECK(shard_range(2, 1, 5) == std::pair<uint32_t, uint32_t>{0, 0});
}
