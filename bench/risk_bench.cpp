// Uncertain links (risk.h) on generated models (`decouple generate`: about
// one option in ten carries a confidence between 0.5 and 0.95), under the
// generated entity listing `el-top-cn`, every item asked at once:
//   exact/N        exact P(lost) of every item and the aggregated Birnbaum
//                  importance of every open uncertain link (one BDD)
//   monte_carlo/N  2,000 worlds on two threads, the same questions (wall time)
//   dense/N        exact/N with every current option uncertain (confidence
//                  0.9): where the BDD grows; past the node budget the
//                  items fall back to Monte Carlo (10,000 worlds)
//   propagation/N  one full loss propagation of the scenario (the baseline)
// Counters: items with a probability, open uncertain links, BDD nodes,
// items that fell back to Monte Carlo (exact/N, over the node budget).
#include <benchmark/benchmark.h>

#include <iostream>
#include <map>
#include <memory>

#include "decouple/generate.h"
#include "decouple/graph.h"
#include "decouple/propagate.h"
#include "decouple/risk.h"
#include "decouple/scenario.h"

namespace decouple {
namespace {

struct Fixture {
  Model model;
  std::unique_ptr<SupplyGraph> graph;
  ScenarioCuts cuts;
};

Fixture& fixture(uint32_t items, bool dense = false) {
  static std::map<std::pair<uint32_t, bool>, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[{items, dense}];
  if (slot) return *slot;
  slot = std::make_unique<Fixture>();
  GenerateOptions options;
  options.items = items;
  slot->model = generate_model(options);
  if (dense)
    for (Option& o : slot->model.options)
      if (o.is_current()) o.confidence = 0.9f;
  slot->graph = std::make_unique<SupplyGraph>(slot->model);
  slot->cuts = apply_scenario(*slot->graph, slot->model.find_scenario("el-top-cn"));
  return *slot;
}

void report(benchmark::State& state, const RiskReport& r) {
  size_t sampled = 0;
  for (const ItemRisk& i : r.items) sampled += i.method == ItemMethod::kMonteCarlo;
  state.counters["items"] = static_cast<double>(r.items.size());
  state.counters["links"] = static_cast<double>(r.open_links);
  state.counters["bdd_nodes"] = static_cast<double>(r.bdd_nodes);
  state.counters["sampled"] = static_cast<double>(sampled);
}

void exact(benchmark::State& state) {
  Fixture& f = fixture(static_cast<uint32_t>(state.range(0)));
  RiskOptions options;
  RiskReport last;
  for (auto _ : state) {
    Result<RiskReport> r = assess_risk(*f.graph, f.cuts, {}, options);
    if (!r.ok()) {
      state.SkipWithError(r.errors()[0].message.c_str());
      return;
    }
    last = std::move(r).value();
  }
  report(state, last);
}

void dense(benchmark::State& state) {
  Fixture& f = fixture(static_cast<uint32_t>(state.range(0)), true);
  RiskOptions options;
  options.samples = 10'000;
  RiskReport last;
  for (auto _ : state) last = assess_risk(*f.graph, f.cuts, {}, options).value();
  report(state, last);
}

void monte_carlo(benchmark::State& state) {
  Fixture& f = fixture(static_cast<uint32_t>(state.range(0)));
  RiskOptions options;
  options.method = RiskMethod::kMonteCarlo;
  options.samples = 2'000;
  options.threads = 2;
  RiskReport last;
  for (auto _ : state) last = assess_risk(*f.graph, f.cuts, {}, options).value();
  report(state, last);
  state.counters["worlds_per_s"] =
      benchmark::Counter(static_cast<double>(options.samples), benchmark::Counter::kIsIterationInvariantRate);
}

void propagation(benchmark::State& state) {
  Fixture& f = fixture(static_cast<uint32_t>(state.range(0)));
  LossState loss(*f.graph);
  for (auto _ : state) {
    loss.reset();
    loss.apply(f.cuts);
    benchmark::DoNotOptimize(loss.lost_items().size());
  }
}

BENCHMARK(propagation)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(exact)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(dense)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(monte_carlo)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace
}  // namespace decouple

BENCHMARK_MAIN();
