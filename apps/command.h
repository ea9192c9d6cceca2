// The subcommand table of the `decouple` driver, and what handlers share.
//
// Each subcommand lives in its own apps/cmd_<name>.cpp and registers itself
// with a static Registration: a name, a one-line help and a setup function
// that declares its options on a CLI11 subcommand and returns the handler.
// Handlers return the exit code: 0 ok, 1 bad input (the model or a named
// id), 2 bad usage. They parse arguments, call the library and print.
#ifndef DECOUPLE_APPS_COMMAND_H_
#define DECOUPLE_APPS_COMMAND_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "decouple/evaluation.h"
#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/model.h"
#include "decouple/progress.h"
#include "decouple/report.h"

namespace decouple::app {

using Handler = std::function<int()>;
using Setup = std::function<Handler(CLI::App& subcommand)>;

struct Command {
  std::string name;
  std::string help;
  Setup setup;
};

std::vector<Command>& commands();

struct Registration {
  Registration(std::string name, std::string help, Setup setup) {
    commands().push_back({std::move(name), std::move(help), std::move(setup)});
  }
};

// A loaded, valid model and its graph.
struct Loaded {
  Model model;
  std::unique_ptr<SupplyGraph> graph;
};

// Options every model-reading command shares.
struct ModelOptions {
  std::string path;
  LoadLimits limits;
  void add_to(CLI::App& app);
};

// Loads the model, or prints every diagnostic to stderr and returns null.
// `progress` (optional) hears of the stage "reading the model" (0 of 1,
// then 1 of 1), which for a big YAML model can take seconds.
std::unique_ptr<Loaded> load(const ModelOptions& options, const Progress& progress = {});

// `--csv-raw`: CSV cells without the spreadsheet guard (csv_stream.h).
void add_csv_raw_flag(CLI::App& app);

// `--format table|json|csv` (default table), and --csv-raw.
struct FormatOption {
  std::string text = "table";
  void add_to(CLI::App& app);
  Format value() const { return *parse_format(text); }
};

// `--at DATE` and `--known-at DATE` (presence.h): the day a scenario is
// evaluated at (default: the scenario's own date) and what was documented
// by then. Both are checked as real days YYYY-MM-DD (a usage error, 2).
struct WhenOptions {
  When when;
  void add_to(CLI::App& app);
};
// Accepts a real day YYYY-MM-DD (date.h), for any option taking a date.
CLI::Validator date_validator();

// `-o FILE`: where output goes (stdout when empty or "-"). Written
// atomically to a regular file only; refuses to overwrite any file the
// model was read from (load() registers them, output_file.h).
struct OutputOption {
  std::string path;
  void add_to(CLI::App& app);
  // Returns the exit code.
  int write(const std::string& content, const std::string& input_model) const;
};

// `--quiet,-q`. Unless given, and only when stderr is a terminal, make()
// returns a progress bar (progress_bar.h) for the library to report to;
// otherwise an empty Progress, so pipes and logs never see one.
struct ProgressOption {
  bool quiet = false;
  void add_to(CLI::App& app);
  Progress make() const;
};

// A stage that is one step with no count of its own (reading a file):
// reported as 0 of 1 when it begins, 1 of 1 when it ends.
inline void progress_step(const Progress& progress, std::string_view stage, bool ended) {
  if (progress) progress(stage, ended ? 1 : 0, 1);
}

// Resolves an id named on the command line, printing an error with a
// did-you-mean when it does not exist. kNone when absent.
ScenarioIndex find_scenario(const Model& model, const std::string& id);
ItemIndex find_item(const Model& model, const std::string& id);
FirmIndex find_firm(const Model& model, const std::string& id);

// Evaluates a `--scenario ID` (may be empty) plus a `--ban FIRM...` list as
// named on the command line. Null after printing an error for an unknown id
// (exit code 1).
std::unique_ptr<Evaluation> evaluate_named(const Loaded& loaded, const std::string& scenario,
                                           const std::vector<std::string>& blacklist,
                                           const When& when = {});

}  // namespace decouple::app

#endif  // DECOUPLE_APPS_COMMAND_H_
