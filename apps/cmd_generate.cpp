// decouple generate --items N --seed S -o PATH: a synthetic tiered model.
#include <iostream>

#include <fmt/format.h>

#include "command.h"
#include "decouple/generate.h"
#include "decouple/model_writer.h"

namespace decouple::app {
namespace {

std::optional<ModelFileFormat> parse_model_format(const std::string& text) {
  if (text == "yaml") return ModelFileFormat::kYaml;
  if (text == "csv") return ModelFileFormat::kCsv;
  if (text == "both") return ModelFileFormat::kBoth;
  return std::nullopt;
}

Registration generate("generate", "Write a synthetic tiered model (for benchmarks and exercises)",
                      [](CLI::App& sub) {
  auto options = std::make_shared<GenerateOptions>();
  auto format = std::make_shared<std::string>("yaml");
  auto output = std::make_shared<std::string>();
  auto no_scenarios = std::make_shared<bool>(false);
  sub.add_option("--items,-n", options->items, "Number of items (at least 12)")->required();
  sub.add_option("--seed", options->seed, "Random seed; the same seed gives the same model")
      ->capture_default_str();
  sub.add_option("--firms", options->firms, "Number of firms (default: items / 10)");
  sub.add_option("--alternatives", options->alternative_rate,
                 "Probability that a need lists an alternative")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  sub.add_flag("--no-scenarios", *no_scenarios, "Leave out the sample scenarios");
  sub.add_option("--format", *format,
                 "yaml: one file; csv: PATH is a header naming <stem>.*.csv tables; both: PATH "
                 "and <stem>.tables.yaml with the tables")
      ->check(CLI::IsMember({"yaml", "csv", "both"}))
      ->capture_default_str();
  sub.add_option("-o,--output", *output, "Model file to write (PATH.yaml)")->required();
  return [=]() -> int {
    if (options->items < 12) {
      std::cerr << "error: --items must be at least 12\n";
      return 2;
    }
    options->scenarios = !*no_scenarios;
    ModelFileFormat file_format = *parse_model_format(*format);
    GeneratedCounts counts;
    std::vector<std::string> written;
    try {
      if (file_format == ModelFileFormat::kCsv) {
        // Tables only: streamed, so a model of any size fits in memory.
        counts = save_generated_tables(*options, *output, &written);
      } else {
        Model model = generate_model(*options);
        written = save_model(model, *output, file_format);
        counts = {model.firms.size(), model.items.size(), model.needs.size(), model.options.size(),
                  model.scenarios.size()};
      }
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << '\n';
      return 1;
    }
    for (const std::string& file : written) std::cerr << "wrote " << file << '\n';
    std::cerr << fmt::format("{} firms, {} items, {} needs, {} options, {} scenarios\n",
                             counts.firms, counts.items, counts.needs, counts.options,
                             counts.scenarios);
    return 0;
  };
});

}  // namespace
}  // namespace decouple::app
