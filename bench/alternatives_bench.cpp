// Recovery plans on generated layered models of 10,000 and 100,000 items,
// and the dated trajectory (trajectory.h) over all items of the same
// models with stock and dated actions.
//
// The question: is the single-objective search near-linear, i.e. does the
// time per supply edge stay flat as the model grows tenfold? Each size also
// times loss propagation (linear by construction) on the same model in the
// same run, so the ratio recovery / propagation is a machine-independent
// figure. Run: build with -DDECOUPLE_BENCH=ON, then build/bench/alternatives_bench.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <map>
#include <memory>
#include <random>

#include "decouple/alternatives.h"
#include "decouple/graph.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"
#include "decouple/trajectory.h"

namespace decouple {
namespace {

// A layered world of ten layers: items need three things from the
// next two layers (two current sources and two alternatives each), the last
// two layers are raw parts; about 1% of edges point back up a layer,
// closing cycles. Firms are American (30%), Chinese (50%) or Taiwanese; the
// scenario is a US embargo on China, which loses a good part of the items,
// most of them with alternatives to look through.
std::unique_ptr<Model> layered_model(uint32_t n_items, uint32_t seed) {
  auto model = std::make_unique<Model>();
  model->name = "layered";
  std::mt19937 rng(seed);
  auto uniform = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  // Ten layers whatever the size, so both sizes lose a similar share.
  const uint32_t layers = 10;
  const uint32_t width = (n_items + layers - 1) / layers;
  const uint32_t n_firms = std::max<uint32_t>(10, n_items / 10);
  const Country us = *Country::parse("US"), cn = *Country::parse("CN"), tw = *Country::parse("TW");
  for (uint32_t f = 0; f < n_firms; ++f) {
    Firm firm;
    firm.id = model->text.add(fmt::format("f{}", f));
    firm.name = firm.id;
    uint32_t roll = uniform(10);
    firm.country = roll < 3 ? us : roll < 8 ? cn : tw;
    model->firms.push_back(std::move(firm));
  }
  auto random_in = [&](uint32_t layer) {
    uint32_t first = layer * width;
    uint32_t last = std::min(n_items, first + width);
    return first + uniform(last - first);
  };
  const float leads[] = {0, 3, 6, 12, 24};
  const float caps[] = {0.5f, 0.75f, 0.9f, 1};
  const float costs[] = {1, 1.1f, 1.25f, 1.5f};
  for (uint32_t i = 0; i < n_items; ++i) {
    uint32_t layer = i / width;
    Item item;
    item.id = model->text.add(fmt::format("i{}", i));
    item.name = item.id;
    item.maker = uniform(n_firms);
    item.kind = ItemKind::kComponent;
    item.origin = model->firms[item.maker].country;
    item.first_need = static_cast<NeedIndex>(model->needs.size());
    if (layer + 2 < layers) {
      for (uint32_t k = 0; k < 3; ++k) {
        Need need;
        need.item = i;
        need.name = model->text.intern(fmt::format("n{}", k));
        need.first_option = static_cast<OptionIndex>(model->options.size());
        for (uint32_t o = 0; o < 4; ++o) {
          Option option;
          option.need = static_cast<NeedIndex>(model->needs.size());
          uint32_t target_layer = layer + 1 + uniform(2);
          if (layer > 0 && uniform(100) == 0) target_layer = layer - 1;
          option.item = random_in(target_layer);
          if (option.item == i) option.item = random_in(layer + 1);
          option.status = o < 2 ? OptionStatus::kCurrent : OptionStatus::kAlternative;
          if (o >= 2) {
            option.lead_time = leads[uniform(5)];
            option.capability = caps[uniform(4)];
            option.cost = costs[uniform(4)];
          }
          model->options.push_back(option);
        }
        need.option_count = 4;
        model->needs.push_back(std::move(need));
      }
    }
    item.need_count = static_cast<NeedIndex>(model->needs.size() - item.first_need);
    model->items.push_back(std::move(item));
  }
  Scenario scenario;
  scenario.id = "embargo";
  scenario.name = scenario.id;
  EmbargoAction embargo;
  embargo.by = us;
  embargo.to = {cn};
  Action action;
  action.body = embargo;
  scenario.actions.push_back(std::move(action));
  model->scenarios.push_back(std::move(scenario));
  model->index_ids();
  return model;
}

struct World {
  std::unique_ptr<Model> model;
  std::unique_ptr<SupplyGraph> graph;
  ScenarioCuts cuts;
  std::unique_ptr<LossState> state;
};

World& world(uint32_t n_items) {
  static std::map<uint32_t, World> cache;
  World& w = cache[n_items];
  if (!w.model) {
    w.model = layered_model(n_items, 42);
    w.graph = std::make_unique<SupplyGraph>(*w.model);
    w.cuts = apply_scenario(*w.graph, 0);
    w.state = std::make_unique<LossState>(*w.graph);
    w.state->apply(w.cuts);
  }
  return w;
}

void set_counters(benchmark::State& state, const World& w) {
  const double edges = static_cast<double>(w.model->options.size());
  state.counters["items"] = static_cast<double>(w.model->items.size());
  state.counters["lost"] = static_cast<double>(w.state->lost_items().size());
  state.counters["edges"] = edges;
  // Seconds per edge, shown in ns by Google Benchmark's formatting.
  state.counters["per_edge"] =
      benchmark::Counter(edges, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// Baseline: loss propagation, linear in the graph.
void BM_Propagation(benchmark::State& state) {
  World& w = world(static_cast<uint32_t>(state.range(0)));
  LossState loss(*w.graph);
  for (auto _ : state) {
    loss.reset();
    loss.apply(w.cuts);
    benchmark::DoNotOptimize(loss.lost_items().size());
  }
  set_counters(state, w);
}

void BM_Recovery(benchmark::State& state, Objective objective) {
  World& w = world(static_cast<uint32_t>(state.range(0)));
  RecoveryOptions options;
  options.objective = objective;
  size_t recoverable = 0;
  SearchStats stats;
  for (auto _ : state) {
    Recovery r = find_recovery_plans(*w.graph, *w.state, options);
    benchmark::DoNotOptimize(r.plan_count());
    recoverable = 0;
    for (ItemIndex item : w.state->lost_items()) recoverable += r.recoverable(item);
    stats = r.stats();
  }
  set_counters(state, w);
  state.counters["recoverable"] = static_cast<double>(recoverable);
  // Work per edge of the model, independent of the machine and its caches.
  const double edges = static_cast<double>(w.model->options.size());
  state.counters["examined/edge"] = static_cast<double>(stats.options_examined) / edges;
  state.counters["pushes/edge"] = static_cast<double>(stats.heap_pushes) / edges;
}

BENCHMARK(BM_Propagation)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Recovery, time, Objective::kTime)
    ->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Recovery, cost, Objective::kCost)
    ->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);
// Pareto keeps up to 8 plans per node and pays for it; shown at one size.
BENCHMARK_CAPTURE(BM_Recovery, pareto, Objective::kPareto)->Arg(10'000)->Unit(benchmark::kMillisecond);

// The layered world with time: stock on 30% of needs (3, 6 or 9 months)
// and 10% of links (1 to 3 months), 0.5% of items introduced on
// 2021-03-01, and four dated steps: the embargo (2020-01-01), a licence
// for the first firm (2020-07-01), a Taiwanese embargo in force until
// 2021-06-30 (2021-01-01), and a plain ban of three firms (2022-01-01).
// Seven intervals in all.
std::unique_ptr<Model> dated_model(uint32_t n_items) {
  std::unique_ptr<Model> model = layered_model(n_items, 42);
  std::mt19937 rng(7);
  auto uniform = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  for (Need& need : model->needs)
    if (uniform(10) < 3) need.stock = static_cast<float>(3 * (1 + uniform(3)));
  for (Option& option : model->options)
    if (uniform(10) == 0) option.stock = static_cast<float>(1 + uniform(3));
  for (Item& item : model->items)
    if (uniform(200) == 0) item.introduced = "2021-03-01";
  const Country us = *Country::parse("US"), cn = *Country::parse("CN"), tw = *Country::parse("TW");
  model->scenarios[0].date = "2020-01-01";
  auto step = [&](std::string id, std::string date, std::vector<ScenarioIndex> extends, ActionBody body,
                  std::string until) {
    Scenario scenario;
    scenario.id = id;
    scenario.name = id;
    scenario.date = std::move(date);
    scenario.extends = std::move(extends);
    Action action;
    action.body = std::move(body);
    action.until = std::move(until);
    scenario.actions.push_back(std::move(action));
    model->scenarios.push_back(std::move(scenario));
  };
  LicenseAction licence;
  licence.by = us;
  licence.supplier = 0;
  step("licence", "2020-07-01", {0}, licence, "");
  EmbargoAction taiwan;
  taiwan.by = tw;
  taiwan.to = {cn};
  step("taiwan", "2021-01-01", {1}, taiwan, "2021-06-30");
  BanAction ban;
  ban.firms = {1, 2, 3};
  step("ban", "2022-01-01", {}, ban, "");
  model->index_ids();
  return model;
}

void BM_Trajectory(benchmark::State& state) {
  static std::map<uint32_t, std::unique_ptr<Model>> models;
  auto n_items = static_cast<uint32_t>(state.range(0));
  std::unique_ptr<Model>& model = models[n_items];
  if (!model) model = dated_model(n_items);
  SupplyGraph graph(*model);
  Trajectory t;
  for (auto _ : state) {
    t = build_trajectory(graph, {});
    benchmark::DoNotOptimize(t.items.size());
  }
  const double edges = static_cast<double>(model->options.size());
  size_t segments = 0;
  for (const ItemTrajectory& item : t.items) segments += item.segments.size();
  state.counters["items"] = static_cast<double>(model->items.size());
  state.counters["edges"] = edges;
  state.counters["intervals"] = static_cast<double>(t.intervals);
  state.counters["affected"] = static_cast<double>(t.items.size());
  state.counters["segments"] = static_cast<double>(segments);
  // Seconds per edge and interval: flat when the method is near-linear.
  state.counters["per_edge_interval"] = benchmark::Counter(
      edges * static_cast<double>(t.intervals),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

BENCHMARK(BM_Trajectory)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace decouple

BENCHMARK_MAIN();
