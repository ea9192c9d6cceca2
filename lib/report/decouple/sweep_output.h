// Sweep results as CSV or JSON, and merging the outputs of a sharded sweep.
//
// CSV: a header `run,cut,country,items_lost,firms_affected,value_lost,
// edges_cut`, then one row per run in run order. JSON (format 1):
//   {"format": 1, "model": NAME,
//    "sweep": {"kind": "each-firm"|"random"|"scenarios", "by": "US"|null,
//              "base": ID|null, "random": {"count", "size", "seed"}|null,
//              "scenarios": [ID...]|null, "runs": R},
//    "shard": {"index": i, "count": N},      (only in a shard's output; 1-based)
//    "results": [{"run", "cut", "country", "items_lost", "firms_affected",
//                 "value_lost", "edges_cut"}, ...]}
// merge_sweep_outputs() takes the outputs of every shard, checks they come
// from the same sweep of the same model and that no run is missing or
// repeated, and returns the text the unsharded sweep would have written,
// byte for byte. JSON outputs carry enough to check completeness; CSV ones
// are checked for unique, contiguous runs from 0 (and, with `runs`, their
// number: a missing last shard is otherwise invisible in CSV).
#ifndef DECOUPLE_SWEEP_OUTPUT_H_
#define DECOUPLE_SWEEP_OUTPUT_H_

#include <optional>
#include <string>
#include <vector>

#include "decouple/diagnostic.h"
#include "decouple/report.h"
#include "decouple/sweep.h"

namespace decouple {

// `format` is kCsv or kJson (a table is not offered: sweeps are for tools).
std::string render_sweep(const Model& model, const SweepSpec& spec, const SweepResult& result,
                         Format format);

struct SweepOutput {
  std::string file;     // for messages
  std::string content;
};
Result<std::string> merge_sweep_outputs(const std::vector<SweepOutput>& outputs,
                                        std::optional<uint32_t> runs = std::nullopt);

}  // namespace decouple

#endif  // DECOUPLE_SWEEP_OUTPUT_H_
