// decouple check MODEL: validate a model and summarise it.
#include "command.h"

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
    if (!loaded) return 1;
    std::string out = render_check(loaded->model, *loaded->graph, format->value());
    return output->write(out, model->path);
  };
});

}  // namespace
}  // namespace decouple::app
