// decouple import csv SOURCE -o MODEL.yaml: a model kept in CSV tables
// (docs/model-format.md, "Tabular models") rewritten as one YAML file.
//
// SOURCE is either a folder holding firms.csv, items.csv and, when the
// model has them, needs.csv and options.csv (a model that is only tables:
// no scenarios, no sources), or a YAML header whose `tables:` names the
// files. The reverse is `decouple export MODEL --format csv`; `decouple
// convert` does both.
#include <iostream>

#include <fmt/format.h>

#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/table_loader.h"
#include "import_format.h"

namespace decouple::app {
namespace {

ImportRegistration csv(
    "csv", "A model in CSV tables (a folder of firms.csv, items.csv, ... or a YAML header)",
    [](CLI::App& sub) {
      auto source = std::make_shared<std::string>();
      auto output = std::make_shared<OutputOption>();
      auto limits = std::make_shared<LoadLimits>();
      auto progress = std::make_shared<ProgressOption>();
      sub.add_option("source", *source, "Folder of tables, or a YAML file with `tables:`")
          ->required();
      output->add_to(sub);
      progress->add_to(sub);
      return [=]() -> int {
        // Three steps, each a stage of its own: reading the tables, writing
        // the YAML, reading it back (seconds on a model of 20,000 items).
        Progress bar = progress->make();
        progress_step(bar, "reading the tables", false);
        Result<Model> model = load_table_source(*source, *limits);
        progress_step(bar, "reading the tables", true);
        if (!model.ok()) {
          for (const Diagnostic& d : model.errors()) std::cerr << d.str() << '\n';
          return 1;
        }
        progress_step(bar, "writing the YAML", false);
        std::string yaml = write_model_yaml(model.value());
        progress_step(bar, "writing the YAML", true);
        // Lossless or nothing: the YAML must read back as the same model.
        progress_step(bar, "reading the YAML back", false);
        Result<Model> again = load_model_from_string(yaml, "imported model", *limits);
        progress_step(bar, "reading the YAML back", true);
        std::string difference = again.ok() ? model_difference(model.value(), again.value())
                                            : again.errors()[0].str();
        if (!difference.empty()) {
          std::cerr << "internal error: the YAML does not read back as the same model: "
                    << difference << '\n';
          return 3;
        }
        std::cerr << fmt::format("imported {} firms, {} items, {} options from {}\n",
                                 model.value().firms.size(), model.value().items.size(),
                                 model.value().options.size(), *source);
        return output->write(yaml, is_table_folder(*source) ? "" : *source);
      };
    });

}  // namespace
}  // namespace decouple::app
