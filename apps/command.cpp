#include "command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "decouple/date.h"
#include "decouple/csv_stream.h"
#include "decouple/diagnostic.h"
#include "decouple/output_file.h"
#include "decouple/snapshot.h"
#include "progress_bar.h"

namespace decouple::app {

std::vector<Command>& commands() {
  static std::vector<Command> table;
  return table;
}

void ModelOptions::add_to(CLI::App& app) {
  app.add_option("model", path, "Model file (YAML, or a .dcm snapshot)")->required();
  // Limits against hostile or runaway input (docs/errors.md); each is a
  // diagnostic with a location when exceeded, never an out-of-memory kill.
  app.add_option("--max-file-size", limits.max_file_bytes, "Largest model file accepted, bytes")
      ->capture_default_str()->group("");
  app.add_option("--max-depth", limits.max_depth, "Deepest YAML nesting accepted")
      ->capture_default_str()->group("");
  app.add_option("--max-nodes", limits.max_nodes, "Most YAML nodes accepted, aliases expanded")
      ->capture_default_str()->group("");
  app.add_option("--max-entities", limits.max_entities,
                 "Most firms + items + needs + options + scenarios accepted")
      ->capture_default_str()->group("");
  app.add_option("--max-extends-depth", limits.max_extends_depth,
                 "Longest chain of scenario extends accepted")
      ->capture_default_str()->group("");
  app.add_option("--max-id-length", limits.max_id_length, "Longest id accepted, bytes")
      ->capture_default_str()->group("");
  app.add_option("--max-name-length", limits.max_name_length, "Longest text value accepted, bytes")
      ->capture_default_str()->group("");
}

std::unique_ptr<Loaded> load(const ModelOptions& options, const Progress& progress) {
  progress_step(progress, "reading the model", false);
  // A compiled snapshot (decouple compile) opens in place of its model.
  // Only a regular file is sniffed for the snapshot magic: reading a FIFO
  // would wait for a writer; load_model refuses anything else by name.
  struct stat st;
  const bool regular = ::stat(options.path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  Result<Model> result = regular && is_snapshot(options.path) ? load_snapshot(options.path)
                                                              : load_model(options.path, options.limits);
  progress_step(progress, "reading the model", true);
  if (!result.ok()) {
    for (const Diagnostic& d : result.errors()) std::cerr << d.str() << '\n';
    std::cerr << fmt::format("{}: {} error{}\n", options.path, result.errors().size(),
                             result.errors().size() == 1 ? "" : "s");
    return nullptr;
  }
  auto loaded = std::make_unique<Loaded>();
  loaded->model = std::move(result).value();
  // No output may replace a file the model was read from.
  protect_input(options.path);
  for (const std::string& table : loaded->model.table_files) protect_input(table);
  loaded->graph = std::make_unique<SupplyGraph>(loaded->model);
  return loaded;
}

void FormatOption::add_to(CLI::App& app) {
  app.add_option("--format,-f", text, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  add_csv_raw_flag(app);
}

void ProgressOption::add_to(CLI::App& app) {
  app.add_flag("--quiet,-q", quiet, "No progress bar (it only shows when stderr is a terminal)");
}

Progress ProgressOption::make() const {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  return ProgressBar();
}

void add_csv_raw_flag(CLI::App& app) {
  app.add_flag_callback("--csv-raw", [] { set_csv_cells(CsvCells::kRaw); },
                        "CSV: write cells as they are, without the apostrophe that keeps a "
                        "spreadsheet from running =, +, -, @ cells as formulas");
}

CLI::Validator date_validator() {
  return CLI::Validator(
      [](std::string& text) {
        return valid_date(text) ? std::string() : "not a date YYYY-MM-DD: " + text;
      },
      "DATE");
}

void WhenOptions::add_to(CLI::App& app) {
  CLI::Validator date = date_validator();
  app.add_option("--at", when.at,
                 "Evaluate at this date, YYYY-MM-DD (default: the scenario's date)")
      ->check(date)
      ->group("Time");
  app.add_option("--known-at", when.known_at,
                 "Use only the supply links documented (as_of) by this date")
      ->check(date)
      ->group("Time");
}

void OutputOption::add_to(CLI::App& app) {
  app.add_option("-o,--output", path, "Write to this file instead of standard output");
}

int OutputOption::write(const std::string& content, const std::string& input_model) const {
  if (path.empty() || path == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  if (!input_model.empty() && same_file(input_model, path)) {
    std::cerr << fmt::format("error: refusing to overwrite the input model {}\n", path);
    return 2;
  }
  std::string error = write_file_atomically(path, content);
  if (!error.empty()) {
    std::cerr << fmt::format("{}: error: {}\n", path, error);
    return 1;
  }
  return 0;
}

namespace {

template <typename Names>
std::string hint_for(const std::string& id, const Names& names) {
  std::vector<std::string_view> candidates;
  for (const auto& n : names) candidates.push_back(n.id);
  std::string hint = closest_match(id, candidates);
  return hint.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", hint);
}

}  // namespace

ScenarioIndex find_scenario(const Model& model, const std::string& id) {
  ScenarioIndex s = model.find_scenario(id);
  if (s == kNone)
    std::cerr << fmt::format("error: no scenario '{}' in {}{}\n", id, model.file,
                             hint_for(id, model.scenarios));
  return s;
}

ItemIndex find_item(const Model& model, const std::string& id) {
  ItemIndex i = model.find_item(id);
  if (i == kNone)
    std::cerr << fmt::format("error: no item '{}' in {}{}\n", id, model.file, hint_for(id, model.items));
  return i;
}

FirmIndex find_firm(const Model& model, const std::string& id) {
  FirmIndex f = model.find_firm(id);
  if (f == kNone)
    std::cerr << fmt::format("error: no firm '{}' in {}{}\n", id, model.file, hint_for(id, model.firms));
  return f;
}

std::unique_ptr<Evaluation> evaluate_named(const Loaded& loaded, const std::string& scenario,
                                           const std::vector<std::string>& blacklist,
                                           const When& when) {
  const Model& m = loaded.model;
  std::optional<ScenarioIndex> s;
  if (!scenario.empty()) {
    s = find_scenario(m, scenario);
    if (*s == kNone) return nullptr;
  }
  std::vector<FirmIndex> banned;
  for (const std::string& id : blacklist) {
    FirmIndex f = find_firm(m, id);
    if (f == kNone) return nullptr;
    banned.push_back(f);
  }
  return evaluate(*loaded.graph, s, banned, when);
}

}  // namespace decouple::app
