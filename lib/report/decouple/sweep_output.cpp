#include "decouple/sweep_output.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "decouple/csv_stream.h"
#include "decouple/number.h"
#include "decouple/schema_version.h"

namespace decouple {
namespace {

using nlohmann::json;

constexpr std::string_view kCsvHeader =
    "run,cut,country,items_lost,firms_affected,value_lost,edges_cut\n";

std::string_view kind_name(SweepSpec::Kind kind) {
  switch (kind) {
    case SweepSpec::Kind::kEachFirm: return "each-firm";
    case SweepSpec::Kind::kRandom: return "random";
    case SweepSpec::Kind::kScenarios: return "scenarios";
  }
  return "";
}

// The one way sweep JSON is printed, so a merge prints what a single run
// would have.
std::string dump(const json& j) { return j.dump(1) + "\n"; }

Diagnostics problem(const std::string& file, std::string message) {
  return Diagnostics{{file, 0, 0, std::move(message)}};
}

Result<std::string> merge_json(const std::vector<SweepOutput>& outputs) {
  std::vector<json> docs;
  for (const SweepOutput& o : outputs) {
    json j = json::parse(o.content, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("sweep") || !j.contains("results"))
      return problem(o.file, "not the JSON output of decouple sweep");
    docs.push_back(std::move(j));
  }
  const json& first = docs[0];
  uint32_t shards = first.contains("shard") ? first["shard"].value("count", 1u) : 1;
  std::vector<int> seen(shards, -1);
  for (size_t k = 0; k < docs.size(); ++k) {
    const json& d = docs[k];
    if (d["model"] != first["model"] || d["sweep"] != first["sweep"] || d["format"] != first["format"])
      return problem(outputs[k].file, fmt::format("comes from another sweep or model than {}",
                                                  outputs[0].file));
    uint32_t count = d.contains("shard") ? d["shard"].value("count", 1u) : 1;
    uint32_t index = d.contains("shard") ? d["shard"].value("index", 1u) : 1;
    if (count != shards)
      return problem(outputs[k].file, fmt::format("is shard {} of {}, but {} is one of {}", index,
                                                  count, outputs[0].file, shards));
    if (index < 1 || index > shards) return problem(outputs[k].file, "has a bad shard index");
    if (seen[index - 1] >= 0)
      return problem(outputs[k].file, fmt::format("shard {} of {} again (also {})", index, shards,
                                                  outputs[seen[index - 1]].file));
    seen[index - 1] = static_cast<int>(k);
  }
  for (uint32_t s = 0; s < shards; ++s)
    if (seen[s] < 0)
      return problem(outputs[0].file, fmt::format("shard {} of {} is missing", s + 1, shards));
  json merged = first;
  merged.erase("shard");
  json results = json::array();
  for (int k : seen)
    for (const json& row : docs[k]["results"]) results.push_back(row);
  uint64_t runs = first["sweep"].value("runs", uint64_t{0});
  for (size_t r = 0; r < results.size(); ++r)
    if (results[r].value("run", uint64_t{0}) != r)
      return problem(outputs[0].file, fmt::format("run {} is missing or out of place", r));
  if (results.size() != runs)
    return problem(outputs[0].file,
                   fmt::format("the shards hold {} runs, the sweep has {}", results.size(), runs));
  merged["results"] = std::move(results);
  return dump(merged);
}

Result<std::string> merge_csv(const std::vector<SweepOutput>& outputs, std::optional<uint32_t> runs) {
  struct Line {
    uint64_t run;
    std::string_view text;  // with its line break
  };
  std::vector<Line> lines;
  for (const SweepOutput& o : outputs) {
    std::string_view text = o.content;
    if (text.substr(0, kCsvHeader.size()) != kCsvHeader)
      return problem(o.file, "not the CSV output of decouple sweep (the header differs)");
    size_t at = kCsvHeader.size();
    uint32_t line = 2;
    while (at < text.size()) {
      size_t end = text.find('\n', at);
      end = end == std::string_view::npos ? text.size() : end + 1;
      std::string_view row = text.substr(at, end - at);
      uint64_t run = 0;
      auto [ptr, ec] = std::from_chars(row.data(), row.data() + row.size(), run);
      if (ec != std::errc() || ptr == row.data() + row.size() || *ptr != ',')
        return Diagnostics{{o.file, line, 1, "a row must start with its run number"}};
      lines.push_back({run, row});
      at = end;
      ++line;
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) { return a.run < b.run; });
  // A gap or a repeat is a property of the set of files, not of one of them.
  const std::string all =
      outputs.size() == 1 ? "the shard output" : fmt::format("the {} shard outputs", outputs.size());
  for (size_t r = 0; r < lines.size(); ++r) {
    if (lines[r].run < r) return problem(all, fmt::format("run {} appears twice", lines[r].run));
    if (lines[r].run > r)
      return problem(all, lines[r].run == r + 1
                              ? fmt::format("run {} is missing (is a shard missing?)", r)
                              : fmt::format("runs {} to {} are missing (is a shard missing?)", r,
                                            lines[r].run - 1));
  }
  if (runs && lines.size() != *runs)
    return problem(all, fmt::format("the shards hold {} runs, expected {}{}", lines.size(), *runs,
                                    lines.size() < *runs ? " (is the last shard missing?)" : ""));
  std::string out(kCsvHeader);
  for (const Line& l : lines) {
    out += l.text;
    if (out.back() != '\n') out += '\n';
  }
  return out;
}

}  // namespace

std::string render_sweep(const Model& model, const SweepSpec& spec, const SweepResult& result,
                         Format format) {
  if (format == Format::kJson) {
    json sweep{{"kind", kind_name(spec.kind)},
               {"by", spec.by.empty() ? json(nullptr) : json(spec.by.str())},
               {"base", spec.base == kNone ? json(nullptr) : json(model.scenarios[spec.base].id)},
               {"random", spec.kind == SweepSpec::Kind::kRandom
                              ? json{{"count", spec.random_count},
                                     {"size", spec.random_size},
                                     {"seed", spec.seed}}
                              : json(nullptr)},
               {"scenarios", nullptr},
               {"runs", result.total_runs}};
    if (spec.kind == SweepSpec::Kind::kScenarios) {
      sweep["scenarios"] = json::array();
      for (ScenarioIndex s : spec.scenarios) sweep["scenarios"].push_back(model.scenarios[s].id);
    }
    json out{{"format", 1}, {"schema_version", schema_version("sweep")}, {"model", model.name}, {"sweep", std::move(sweep)}};
    if (spec.shards > 1) out["shard"] = json{{"index", spec.shard + 1}, {"count", spec.shards}};
    json results = json::array();
    for (const SweepRow& row : result.rows)
      results.push_back(json{{"run", row.run},
                             {"cut", row.cut},
                             {"country", row.country.empty() ? json(nullptr) : json(row.country.str())},
                             {"items_lost", row.effect.items_lost},
                             {"firms_affected", row.effect.firms_affected},
                             {"value_lost", json_number(row.effect.value_lost)},
                             {"edges_cut", row.effect.edges_cut}});
    out["results"] = std::move(results);
    return dump(out);
  }
  std::string out(kCsvHeader);
  out.reserve(out.size() + result.rows.size() * 40);
  for (const SweepRow& row : result.rows) {
    fmt::format_to(std::back_inserter(out), "{},", row.run);
    append_csv_field(out, row.cut);
    fmt::format_to(std::back_inserter(out), ",{},{},{},{},{}\n", row.country.view(),
                   row.effect.items_lost, row.effect.firms_affected, number_text(row.effect.value_lost),
                   row.effect.edges_cut);
  }
  return out;
}

Result<std::string> merge_sweep_outputs(const std::vector<SweepOutput>& outputs,
                                        std::optional<uint32_t> runs) {
  if (outputs.empty()) return problem("", "nothing to merge");
  bool json_input = outputs[0].content.find_first_not_of(" \t\r\n") != std::string::npos &&
                    outputs[0].content[outputs[0].content.find_first_not_of(" \t\r\n")] == '{';
  if (json_input) {
    Result<std::string> merged = merge_json(outputs);
    if (merged.ok() && runs) {
      json j = json::parse(merged.value());
      if (j["results"].size() != *runs)
        return problem(outputs[0].file, fmt::format("the shards hold {} runs, expected {}",
                                                    j["results"].size(), *runs));
    }
    return merged;
  }
  return merge_csv(outputs, runs);
}

}  // namespace decouple
