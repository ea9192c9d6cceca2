// Chokepoint analysis on generated 4-tier acyclic models (1,000 to 100,000
// items, a firm per five items, every end product a target):
//   blacklists/N    minimal blacklists up to 3 firms of every end item, the
//                   question `scram --zbdd -l 3` answers on the export
//   blacklists_cli  the same as the command line runs it: left-out sets
//                   counted and every set replayed by propagation
//   spof/N          order-1 sets of every item, and the firms' damage
//   spof_verified   the same, each firm's ban also propagated over the model
//   probability/N   exact loss probability and importance of every end item
// Each reports x_propagation: its time over one full loss propagation of
// the same model, measured in the same run (the baseline).
//
// `chokepoints_bench --export-dir=DIR [--sizes=1000,5000]` writes, per
// size, the same model as DIR/model-N.yaml for scripts/bench-scram.sh
// (which compares the command line with SCRAM), then exits.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "decouple/chokepoints.h"
#include "decouple/loader.h"
#include "decouple/ranking.h"
#include "decouple/synthetic_model.h"

namespace decouple {
namespace {

SyntheticSpec spec_for(uint32_t items) {
  SyntheticSpec spec;
  spec.items = items;
  spec.firms = std::max<uint32_t>(items / 5, 4);
  spec.tiers = 4;
  spec.probabilities = true;
  spec.seed = 1;
  return spec;
}

struct Fixture {
  Model model;
  std::unique_ptr<SupplyGraph> graph;
  ScenarioCuts cuts;
  std::vector<ItemIndex> products;
  double propagation_seconds = 0;
};

Fixture& fixture(uint32_t items) {
  static std::map<uint32_t, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[items];
  if (slot) return *slot;
  slot = std::make_unique<Fixture>();
  Result<Model> loaded = load_model_from_string(synthetic_model_yaml(spec_for(items)), "bench.yaml");
  if (!loaded.ok()) {
    std::cerr << loaded.errors()[0].str() << '\n';
    std::exit(1);
  }
  slot->model = std::move(loaded).value();
  slot->graph = std::make_unique<SupplyGraph>(slot->model);
  slot->cuts = apply_actions(*slot->graph, {}, "");
  slot->products = end_items(*slot->graph);
  // Baseline: one full propagation (reset + the listing scenario), best of 5.
  ScenarioCuts listing = apply_scenario(*slot->graph, slot->model.find_scenario("listing"));
  LossState state(*slot->graph);
  double best = 1e9;
  for (int k = 0; k < 5; ++k) {
    auto start = std::chrono::steady_clock::now();
    state.reset();
    state.apply(listing);
    state.ban_firm(0);
    benchmark::DoNotOptimize(state.lost_items().size());
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  slot->propagation_seconds = best;
  return *slot;
}

void report(benchmark::State& state, const Fixture& f, double seconds_per_iteration) {
  state.counters["items"] = static_cast<double>(f.model.items.size());
  state.counters["targets"] = static_cast<double>(f.products.size());
  state.counters["x_propagation"] = seconds_per_iteration / f.propagation_seconds;
}

template <typename F>
void timed(benchmark::State& state, const Fixture& f, F&& body) {
  double total = 0;
  int64_t runs = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    body();
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++runs;
  }
  report(state, f, total / static_cast<double>(std::max<int64_t>(runs, 1)));
}

void blacklists(benchmark::State& state, bool as_cli) {
  Fixture& f = fixture(static_cast<uint32_t>(state.range(0)));
  Chokepoints chokepoints(*f.graph, f.cuts, std::nullopt);
  BlacklistOptions options;
  options.max_order = 3;
  options.count_left_out = as_cli;
  options.verify = as_cli;
  size_t sets = 0;
  timed(state, f, [&] {
    auto result = minimal_blacklists(chokepoints, f.products, options);
    if (!result.ok()) state.SkipWithError(result.errors()[0].message.c_str());
    sets = 0;
    for (const auto& t : result.value().targets) sets += t.sets.size();
  });
  state.counters["sets"] = static_cast<double>(sets);
}

void BM_Blacklists(benchmark::State& state) { blacklists(state, false); }
void BM_BlacklistsCli(benchmark::State& state) { blacklists(state, true); }

void spof(benchmark::State& state, bool verify) {
  Fixture& f = fixture(static_cast<uint32_t>(state.range(0)));
  Chokepoints chokepoints(*f.graph, f.cuts, std::nullopt);
  SpofOptions options;
  options.verify = verify;
  timed(state, f, [&] {
    auto result = single_points_of_failure(chokepoints, options);
    if (!result.ok()) state.SkipWithError(result.errors()[0].message.c_str());
    benchmark::DoNotOptimize(result.value().items.size());
  });
}

void BM_Spof(benchmark::State& state) { spof(state, false); }
void BM_SpofVerified(benchmark::State& state) { spof(state, true); }

void BM_Probability(benchmark::State& state) {
  Fixture& f = fixture(static_cast<uint32_t>(state.range(0)));
  Chokepoints chokepoints(*f.graph, f.cuts, std::nullopt);
  RankOptions options;
  options.verify = false;
  size_t failed = 0;
  timed(state, f, [&] {
    auto result = rank_firms(chokepoints, f.products, options);
    if (!result.ok()) state.SkipWithError(result.errors()[0].message.c_str());
    failed = 0;
    for (const auto& t : result.value().targets) failed += !t.error.empty();
  });
  state.counters["over_budget"] = static_cast<double>(failed);
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int n : {1000, 5000, 10000, 50000, 100000}) b->Arg(n);
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_Blacklists)->Apply(sizes)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_BlacklistsCli)->Apply(sizes)->Iterations(1);
BENCHMARK(BM_Spof)->Apply(sizes)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_SpofVerified)->Apply(sizes)->Iterations(1);
BENCHMARK(BM_Probability)->Apply(sizes)->Iterations(1);

int export_models(const std::string& dir, const std::vector<uint32_t>& sizes) {
  for (uint32_t n : sizes) {
    std::string path = dir + "/model-" + std::to_string(n) + ".yaml";
    std::ofstream out(path);
    out << synthetic_model_yaml(spec_for(n));
    if (!out.flush()) {
      std::cerr << "error: cannot write " << path << '\n';
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace decouple

int main(int argc, char** argv) {
  std::string export_dir;
  std::vector<uint32_t> sizes = {1000, 5000, 10000, 50000, 100000};
  std::vector<char*> rest;
  for (int k = 0; k < argc; ++k) {
    if (std::strncmp(argv[k], "--export-dir=", 13) == 0) {
      export_dir = argv[k] + 13;
    } else if (std::strncmp(argv[k], "--sizes=", 8) == 0) {
      sizes.clear();
      std::stringstream list(argv[k] + 8);
      std::string n;
      while (std::getline(list, n, ',')) sizes.push_back(static_cast<uint32_t>(std::stoul(n)));
    } else {
      rest.push_back(argv[k]);
    }
  }
  if (!export_dir.empty()) return decouple::export_models(export_dir, sizes);
  int count = static_cast<int>(rest.size());
  benchmark::Initialize(&count, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
