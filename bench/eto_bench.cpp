// The ETO import and the bloc analyses on the real dataset, against a
// baseline measured in the same run: reading the four CSV files. Skips
// (with an error row) when the dataset is absent.
//
//   cmake -S . -B build-bench -DDECOUPLE_BENCH=ON && cmake --build build-bench -j2 --target eto_bench
//   build-bench/bench/eto_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "decouple/blocs.h"
#include "decouple/csv_stream.h"
#include "decouple/eto_import.h"
#include "decouple/graph.h"
#include "decouple/loader.h"

namespace {

using namespace decouple;

std::string dataset() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("DECOUPLE_SHARED"))
    candidates.push_back(std::string(env) + "/data/eto-chip-explorer");
  candidates.push_back("../shared/data/eto-chip-explorer");
  candidates.push_back("/work/shared/data/eto-chip-explorer");
  for (const std::string& c : candidates)
    if (std::filesystem::exists(c + "/provision.csv")) return c;
  return "";
}

void BM_ReadCsvBaseline(benchmark::State& state) {
  std::string dir = dataset();
  if (dir.empty()) return state.SkipWithError("ETO dataset absent");
  for (auto _ : state)
    for (const char* f : {"inputs.csv", "providers.csv", "provision.csv", "sequence.csv"})
      benchmark::DoNotOptimize(read_csv(dir + "/" + f));
}
BENCHMARK(BM_ReadCsvBaseline)->Unit(benchmark::kMillisecond);

void BM_Import(benchmark::State& state) {
  std::string dir = dataset();
  if (dir.empty()) return state.SkipWithError("ETO dataset absent");
  for (auto _ : state) benchmark::DoNotOptimize(import_eto(dir, {}));
}
BENCHMARK(BM_Import)->Unit(benchmark::kMillisecond);

void BM_LoadImportedModel(benchmark::State& state) {
  std::string dir = dataset();
  if (dir.empty()) return state.SkipWithError("ETO dataset absent");
  std::string yaml = import_eto(dir, {}).value().yaml;
  for (auto _ : state) benchmark::DoNotOptimize(load_model_from_string(yaml, "eto.yaml"));
}
BENCHMARK(BM_LoadImportedModel)->Unit(benchmark::kMillisecond);

void BM_BlocSupplyAndAutarky(benchmark::State& state) {
  std::string dir = dataset();
  if (dir.empty()) return state.SkipWithError("ETO dataset absent");
  Model model = load_model_from_string(import_eto(dir, {}).value().yaml, "eto.yaml").value();
  SupplyGraph graph(model);
  std::vector<Country> cn{*Country::parse("CN")};
  std::vector<Country> cut{*Country::parse("JP"), *Country::parse("NL"), *Country::parse("US")};
  for (auto _ : state) {
    benchmark::DoNotOptimize(bloc_supply(graph, {cn, cut, 0, nullptr, {}}));
    benchmark::DoNotOptimize(bloc_autarky(graph, cn));
  }
}
BENCHMARK(BM_BlocSupplyAndAutarky)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
