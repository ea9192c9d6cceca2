// decouple check MODEL: validate a model and summarise it; with --strict,
// also audit its sourcing (lib/report/decouple/sourcing.h) and fail on any fact
// without a source.
#include "command.h"
#include "decouple/exercise.h"
#include "decouple/output_fields.h"
#include "decouple/snapshot.h"

#include "decouple/mapped_file.h"
#include "decouple/sourcing.h"

namespace decouple::app {
namespace {

Registration check("check", "Validate a model and print a summary", [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  auto strict = std::make_shared<bool>(false);
  model->add_to(sub);
  format->add_to(sub);
  output->add_to(sub);
  sub.add_flag("--strict", *strict,
               "Audit sourcing: list every firm, item, option, action and scenario without a "
               "source (file:line:col) and every ASSUMPTION; exit 1 when any fact is unsourced");
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
    // An exercise whose right answer the engines cannot find would judge
    // every student wrong: that is a broken model, not a hard question.
    if (Diagnostics broken = check_exercises(*loaded->graph); !broken.empty()) {
      for (const Diagnostic& d : broken) std::cerr << d.str() << "\n";
      return 1;
    }
    if (!*strict) {
      std::string out = render_check(loaded->model, *loaded->graph, format->value());
      return output->write(out, model->path);
    }
    // Comments live only in the YAML text; a compiled snapshot has none.
    MappedFile file;
    std::string_view text;
    const std::string& path = model->path;
    if ((path.ends_with(".yaml") || path.ends_with(".yml")) && file.open(path).empty())
      text = file.text();
    SourcingAudit audit = audit_sourcing(loaded->model, text);
    int rc = output->write(render_sourcing(loaded->model, audit, format->value()), path);
    return rc ? rc : (audit.clean() ? 0 : 1);
  };
});

}  // namespace
}  // namespace decouple::app
