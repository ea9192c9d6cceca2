// decouple compile MODEL -o MODEL.dcm: a binary snapshot that later
// commands open directly (see snapshot.h).
#include <iostream>

#include <fmt/format.h>

#include "command.h"
#include "decouple/output_file.h"
#include "decouple/snapshot.h"

namespace decouple::app {
namespace {

Registration compile("compile", "Compile a model into a snapshot (.dcm) that opens fast",
                     [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto output = std::make_shared<std::string>();
  auto progress = std::make_shared<ProgressOption>();
  model->add_to(sub);
  progress->add_to(sub);
  sub.add_option("-o,--output", *output, "Snapshot file to write (MODEL.dcm)")->required();
  return [=]() -> int {
    auto loaded = load(*model, progress->make());
    if (!loaded) return 1;
    if (same_file(model->path, *output)) {
      std::cerr << fmt::format("error: refusing to overwrite the input model {}\n", *output);
      return 2;
    }
    std::string error = save_snapshot(loaded->model, *output);
    if (!error.empty()) {
      std::cerr << fmt::format("{}: error: {}\n", *output, error);
      return 1;
    }
    std::cerr << fmt::format("wrote {} ({} firms, {} items, {} options)\n", *output,
                             loaded->model.firms.size(), loaded->model.items.size(),
                             loaded->model.options.size());
    return 0;
  };
});

}  // namespace
}  // namespace decouple::app
