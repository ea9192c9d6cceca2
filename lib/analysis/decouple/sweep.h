// Sweeps: thousands of what-if questions asked of one model, in parallel,
// optionally split into shards that separate machines run.
//
// A sweep is a numbered list of runs, each one extra cut on top of a base
// scenario (or on top of nothing):
//   each firm   run i cuts firm i alone: a ban, or with `by` an entity
//               listing by that jurisdiction (what_if.h gives the exact
//               semantics);
//   random      run i bans `random_size` distinct firms drawn from the
//               i-th random stream of `seed` (decouple/random.h), so a
//               run's firms do not depend on which shard or thread runs it;
//   scenarios   run i evaluates scenario i of the list on top of the base,
//               from scratch (a scenario may license what the base cut).
// Each run reports a WhatIfEffect: what it loses beyond the base.
//
// Shard k of N (0-based here; the command line counts from 1) holds the
// contiguous runs [k*R/N, (k+1)*R/N) of the R runs, so the shards' results,
// concatenated in shard order, are exactly the unsharded result
// (sweep_output.h merges them). Work is spread over `threads` threads,
// each with its own copy of the evaluated base state; results come back in
// run order whatever the scheduling.
//
// Cost: one base evaluation O(model), then per run the size of what it
// reaches (each firm, random) or O(model) (scenarios); memory: one loss
// state per thread (about 25 bytes an item).
#ifndef DECOUPLE_SWEEP_H_
#define DECOUPLE_SWEEP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "decouple/graph.h"
#include "decouple/progress.h"
#include "decouple/what_if.h"

namespace decouple {

struct SweepSpec {
  enum class Kind : uint8_t { kEachFirm, kRandom, kScenarios };
  Kind kind = Kind::kEachFirm;
  Country by;                            // each firm: entity-list by `by` (empty: ban)
  uint32_t random_count = 0;             // random: number of runs
  uint32_t random_size = 1;              // random: firms per run
  uint64_t seed = 1;                     // random: the stream seed
  std::vector<ScenarioIndex> scenarios;  // scenarios: one run each
  ScenarioIndex base = kNone;            // evaluated first; kNone: nothing cut
  // The day every run is evaluated at (presence.h); empty `at`: each
  // scenario's own date (the base's when it has none).
  When when;
  uint32_t shard = 0;                    // this shard, 0-based ...
  uint32_t shards = 1;                   // ... of this many
  unsigned threads = 1;
};

// One run's result. `cut` names what was cut: a firm id, firm ids joined
// with '|', or a scenario id; `country` is the firm's, for single firms.
struct SweepRow {
  uint32_t run = 0;
  std::string cut;
  Country country;
  WhatIfEffect effect;
};

struct SweepResult {
  uint32_t total_runs = 0;      // runs in the whole (unsharded) sweep
  std::vector<SweepRow> rows;   // this shard's runs, in run order
};

// Checks what the model cannot know from the spec's types alone: a random
// sweep's size fits the firms, the shard is one of the shards. Returns an
// empty string or the problem.
std::string check_sweep(const Model& model, const SweepSpec& spec);

uint32_t sweep_run_count(const Model& model, const SweepSpec& spec);
// The runs [first, last) of shard `shard` of `shards` when there are `runs`.
std::pair<uint32_t, uint32_t> shard_range(uint32_t runs, uint32_t shard, uint32_t shards);

// Runs this shard of the sweep (check_sweep must have passed). `progress`,
// if given, is called now and then with ("runs", runs done, runs in this shard),
// from any of the worker threads, never two calls at once.
SweepResult run_sweep(const SupplyGraph& graph, const SweepSpec& spec,
                      const Progress& progress = {});

}  // namespace decouple

#endif  // DECOUPLE_SWEEP_H_
