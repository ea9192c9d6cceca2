// decouple check MODEL: validate a model and summarise it.
#include "command.h"
#include "decouple/output_fields.h"
#include "decouple/snapshot.h"

namespace decouple::app {
namespace {

Registration check("check", "Validate a model and print a summary", [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  model->add_to(sub);
  format->add_to(sub);
  output->add_to(sub);
  return [=]() -> int {
    auto loaded = load(*model);
    if (!loaded) {
      // JSON readers get the verdict on stdout too: `"valid": false` and
      // the errors load() printed to stderr (read again: a failed check
      // is rare and cheap next to holding every load's diagnostics).
      if (format->value() == Format::kJson) {
        Result<Model> read = is_snapshot(model->path) ? load_snapshot(model->path)
                                                      : load_model(model->path, model->limits);
        output->write(render_check_failure(model->path, read.errors(), Format::kJson), model->path);
      }
      return 1;
    }
    std::string out = render_check(loaded->model, *loaded->graph, format->value());
    return output->write(out, model->path);
  };
});

}  // namespace
}  // namespace decouple::app
