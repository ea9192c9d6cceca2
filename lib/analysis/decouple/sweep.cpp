#include "decouple/sweep.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "decouple/random.h"

namespace decouple {
namespace {

// The firms of random run `run`: `size` distinct firms, sorted.
std::vector<FirmIndex> random_firms(uint64_t seed, uint32_t run, uint32_t size, uint32_t firms) {
  Random random(stream_seed(seed, run));
  std::vector<FirmIndex> chosen;
  if (2ull * size > firms) {
    // Many of the firms: a partial shuffle.
    std::vector<FirmIndex> all(firms);
    std::iota(all.begin(), all.end(), 0);
    for (uint32_t k = 0; k < size; ++k)
      std::swap(all[k], all[k + random.below(firms - k)]);
    chosen.assign(all.begin(), all.begin() + size);
    std::sort(chosen.begin(), chosen.end());
    return chosen;
  }
  while (chosen.size() < size) {
    FirmIndex f = static_cast<FirmIndex>(random.below(firms));
    auto at = std::lower_bound(chosen.begin(), chosen.end(), f);
    if (at == chosen.end() || *at != f) chosen.insert(at, f);
  }
  return chosen;
}

// A worker's own tools: the incremental state for firm cuts, and a scratch
// state for whole scenarios.
struct Worker {
  WhatIf what_if;
  std::unique_ptr<LossState> scratch;
};

class Sweep {
 public:
  Sweep(const SupplyGraph& graph, const SweepSpec& spec)
      : graph_(graph), model_(graph.model()), spec_(spec) {
    if (spec.base != kNone)
      base_cuts_ = apply_scenario(graph, spec.base, spec.when);
    else
      base_cuts_ = apply_actions(graph, {}, spec.when.at,
                                 presence_at(graph, spec.when.at, spec.when.known_at));
  }

  SweepResult run(const Progress& progress);

 private:
  void run_one(Worker& worker, uint32_t run, SweepRow& row);
  WhatIfEffect run_scenario(Worker& worker, ScenarioIndex scenario);

  const SupplyGraph& graph_;
  const Model& model_;
  const SweepSpec& spec_;
  ScenarioCuts base_cuts_;
};

void Sweep::run_one(Worker& worker, uint32_t run, SweepRow& row) {
  row.run = run;
  switch (spec_.kind) {
    case SweepSpec::Kind::kEachFirm: {
      const Firm& firm = model_.firms[run];
      row.cut = firm.id;
      row.country = firm.country;
      row.effect = spec_.by.empty() ? worker.what_if.ban(run) : worker.what_if.entity_list(spec_.by, run);
      break;
    }
    case SweepSpec::Kind::kRandom: {
      std::vector<FirmIndex> firms = random_firms(spec_.seed, run, spec_.random_size,
                                                  static_cast<uint32_t>(model_.firms.size()));
      for (FirmIndex f : firms) {
        if (!row.cut.empty()) row.cut += '|';
        row.cut += model_.firms[f].id;
      }
      if (firms.size() == 1) row.country = model_.firms[firms[0]].country;
      row.effect = worker.what_if.ban(firms);
      break;
    }
    case SweepSpec::Kind::kScenarios: {
      ScenarioIndex s = spec_.scenarios[run];
      row.cut = model_.scenarios[s].id;
      row.effect = run_scenario(worker, s);
      break;
    }
  }
}

WhatIfEffect Sweep::run_scenario(Worker& worker, ScenarioIndex scenario) {
  std::vector<AppliedAction> applied;
  std::string date = evaluation_date(model_, scenario, spec_.when.at);
  if (spec_.base != kNone) {
    applied = resolve_scenario(model_, spec_.base);
    if (date.empty()) date = model_.scenarios[spec_.base].date.str();
  }
  for (const AppliedAction& a : resolve_scenario(model_, scenario)) applied.push_back(a);
  auto presence = presence_at(graph_, date, spec_.when.known_at);
  ScenarioCuts cuts = apply_actions(graph_, std::move(applied), std::move(date), std::move(presence));
  if (!worker.scratch) worker.scratch = std::make_unique<LossState>(graph_);
  LossState& state = *worker.scratch;
  state.reset();
  state.apply(cuts);
  // The WhatIf's state is the base, untouched between questions.
  const LossState& base = worker.what_if.state();
  WhatIfEffect effect;
  std::vector<bool> hit(model_.firms.size(), false);
  for (ItemIndex item : state.lost_items()) {
    if (base.lost(item)) continue;
    const Item& i = model_.items[item];
    ++effect.items_lost;
    if (i.value > 0) effect.value_lost += i.value;
    if (!hit[i.maker]) {
      hit[i.maker] = true;
      ++effect.firms_affected;
    }
  }
  for (const Cut& cut : cuts.cuts)
    if (cuts.first_cut[cut.option] == static_cast<uint32_t>(&cut - cuts.cuts.data()) &&
        !base_cuts_.is_cut(cut.option))
      ++effect.edges_cut;
  return effect;
}

SweepResult Sweep::run(const Progress& progress) {
  SweepResult result;
  result.total_runs = sweep_run_count(model_, spec_);
  // Not a structured binding: clang 14 cannot capture those in a lambda.
  const std::pair<uint32_t, uint32_t> range = shard_range(result.total_runs, spec_.shard, spec_.shards);
  const uint32_t first = range.first;
  const uint32_t count = range.second - range.first;
  result.rows.resize(count);

  // The base is evaluated once; each thread copies the evaluated state.
  WhatIf prototype(graph_, base_cuts_);
  const unsigned threads = std::max(1u, std::min<unsigned>(spec_.threads, std::max(1u, count / 16)));
  // Small chunks keep both threads busy to the end even when a few runs
  // (the firms everything depends on) cost far more than the rest.
  constexpr uint32_t kChunk = 32;
  std::atomic<uint32_t> next{0};
  std::atomic<size_t> done{0};
  std::mutex progress_mutex;
  auto work = [&](Worker worker) {
    while (true) {
      uint32_t begin = next.fetch_add(kChunk);
      if (begin >= count) break;
      uint32_t end = std::min(count, begin + kChunk);
      for (uint32_t k = begin; k < end; ++k) run_one(worker, first + k, result.rows[k]);
      size_t now = done.fetch_add(end - begin) + (end - begin);
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        progress("runs", now, count);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, Worker{prototype, nullptr});
  work(Worker{std::move(prototype), nullptr});
  for (std::thread& t : pool) t.join();
  return result;
}

}  // namespace

std::string check_sweep(const Model& model, const SweepSpec& spec) {
  if (spec.shards == 0 || spec.shard >= spec.shards)
    return fmt::format("shard {} of {} does not exist", spec.shard + 1, spec.shards);
  if (spec.kind == SweepSpec::Kind::kRandom) {
    if (spec.random_size == 0) return "a random blacklist needs at least one firm (--size)";
    if (spec.random_size > model.firms.size())
      return fmt::format("a random blacklist of {} firms, but the model has {}", spec.random_size,
                         model.firms.size());
  }
  if (spec.kind == SweepSpec::Kind::kScenarios && spec.scenarios.empty())
    return "a scenario sweep needs at least one scenario";
  return {};
}

uint32_t sweep_run_count(const Model& model, const SweepSpec& spec) {
  switch (spec.kind) {
    case SweepSpec::Kind::kEachFirm: return static_cast<uint32_t>(model.firms.size());
    case SweepSpec::Kind::kRandom: return spec.random_count;
    case SweepSpec::Kind::kScenarios: return static_cast<uint32_t>(spec.scenarios.size());
  }
  return 0;
}

std::pair<uint32_t, uint32_t> shard_range(uint32_t runs, uint32_t shard, uint32_t shards) {
  auto at = [&](uint64_t k) { return static_cast<uint32_t>(k * runs / shards); };
  return {at(shard), at(uint64_t{shard} + 1)};
}

SweepResult run_sweep(const SupplyGraph& graph, const SweepSpec& spec,
                      const Progress& progress) {
  return Sweep(graph, spec).run(progress);
}

}  // namespace decouple
