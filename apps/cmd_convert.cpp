// decouple convert MODEL -o OUT --to yaml|csv: rewrite a model in another
// form (one YAML file, or a YAML header with CSV tables), losslessly.
#include <iostream>

#include <fmt/format.h>

#include "command.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/output_file.h"

namespace decouple::app {
namespace {

Registration convert("convert", "Rewrite a model as one YAML file or as YAML + CSV tables",
                     [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto to = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  auto verify = std::make_shared<bool>(false);
  model->add_to(sub);
  sub.add_option("--to", *to,
                 "yaml: one file; csv: OUT is a header naming <stem>.firms.csv, .items.csv, "
                 ".needs.csv and .options.csv next to it")
      ->check(CLI::IsMember({"yaml", "csv"}))
      ->required();
  sub.add_option("-o,--output", *output, "Model file to write (OUT.yaml)")->required();
  sub.add_flag("--verify", *verify, "Load the written model back and check it is the same");
  return [=]() -> int {
    auto loaded = load(*model);
    if (!loaded) return 1;
    ModelFileFormat format = *to == "csv" ? ModelFileFormat::kCsv : ModelFileFormat::kYaml;
    if (same_file(model->path, *output)) {
      std::cerr << fmt::format("error: refusing to overwrite the input model {}\n", *output);
      return 2;
    }
    try {
      for (const std::string& file : save_model(loaded->model, *output, format))
        std::cerr << "wrote " << file << '\n';
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << '\n';
      return 1;
    }
    if (*verify) {
      Result<Model> again = load_model(*output, model->limits);
      std::string difference = again.ok() ? model_difference(loaded->model, again.value())
                                          : again.errors()[0].str();
      if (!difference.empty()) {
        std::cerr << fmt::format("error: {} does not read back as the same model: {}\n", *output,
                                 difference);
        return 3;
      }
      std::cerr << "verified: the written model reads back identical\n";
    }
    return 0;
  };
});

}  // namespace
}  // namespace decouple::app
