// Synthetic supply models for benchmarks, tests and classroom scale-ups.
//
// generate_model() builds a valid Model (as load_model() would return it)
// in tiers, the way electronics supply chains are layered:
//   materials -> components -> chips -> tools/software/IP/services
//             -> modules -> products
// Each item needs items of lower tiers; a few tools need chips while chips
// need tools (a `means` need), which closes a few supply cycles. Suppliers
// are picked with a power law, so fan-in is skewed (a few items supply
// thousands, most supply a handful) and fan-out varies (1 to 6 needs, one
// to three current options, sometimes an alternative). Firms specialise in
// one tier and their countries follow a per-tier mix (materials and
// assembly mostly CN, chips US/TW/CN/KR, tools US/JP/NL/DE). With
// `scenarios`, a handful of export-control scenarios name real-looking
// targets of the generated model (an entity listing, an embargo, a license,
// a random 1% ban).
//
// The output depends only on the options: the same seed gives the same
// model on every machine (decouple/random.h). Cost: O(items) time and the
// model's memory; about 2.6 options per item on average.
//
// save_generated_tables() writes the same model as CSV tables without
// building it: each record is drawn once and written as its row, so a
// model of 10^8 options needs no more memory than a few bytes per firm.
// Both functions draw through one generator, so they give the same model.
#ifndef DECOUPLE_GENERATE_H_
#define DECOUPLE_GENERATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "decouple/model.h"

namespace decouple {

struct GenerateOptions {
  // Number of items; at least 12 (two per tier).
  uint32_t items = 10'000;
  uint64_t seed = 1;
  // Number of firms; 0 means items / 10 (at least one per tier). Each firm
  // makes at least one item when there are at least as many items.
  uint32_t firms = 0;
  // Probability that a need also lists an alternative (status: alternative).
  double alternative_rate = 0.25;
  // Share of the tools tier (the most used tools) that need a chip;
  // together with chips' need for tools this closes supply cycles.
  double cycle_rate = 0.02;
  // Add the sample scenarios (see above).
  bool scenarios = true;
};

// Ids of the sample scenarios, in the order they appear.
inline constexpr const char* kGeneratedScenarios[] = {"el-top-cn", "embargo-cn-chips",
                                                      "el-top-cn-licensed", "ban-1pct",
                                                      "allied-tools"};

// Throws std::invalid_argument when options.items < 12.
Model generate_model(const GenerateOptions& options);

struct GeneratedCounts {
  uint64_t firms = 0, items = 0, needs = 0, options = 0, scenarios = 0;
};

// Writes the model generate_model(options) returns at `path` as
// save_model(model, path, ModelFileFormat::kCsv) does, byte for byte: the
// YAML header at `path` and its four tables next to it, each file
// atomically (output_file.h; all are opened, and checked, before the first
// row is drawn, and put in place at the end). Memory: the firms' countries
// (2 bytes a firm), a 1 MiB buffer per table and the header. Returns the
// counts; `written` gets the files in save_model's order. Throws
// std::invalid_argument as generate_model does, and std::runtime_error
// naming the file that could not be written.
GeneratedCounts save_generated_tables(const GenerateOptions& options, const std::string& path,
                                      std::vector<std::string>* written = nullptr);

}  // namespace decouple

#endif  // DECOUPLE_GENERATE_H_
