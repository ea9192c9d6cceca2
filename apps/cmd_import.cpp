// decouple import FORMAT ...: turn a dataset into a model. Formats register
// themselves (import_format.h); `eto` is defined here.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "decouple/eto_import.h"
#include "decouple/loader.h"
#include "import_format.h"

namespace decouple::app {

std::vector<ImportFormat>& import_formats() {
  static std::vector<ImportFormat> table;
  return table;
}

namespace {

Registration import_command("import", "Convert a dataset into a model (formats: see --help)",
                            [](CLI::App& sub) {
  sub.require_subcommand(1);
  auto chosen = std::make_shared<Handler>();
  auto& formats = import_formats();
  std::sort(formats.begin(), formats.end(),
            [](const ImportFormat& a, const ImportFormat& b) { return a.name < b.name; });
  for (const ImportFormat& format : formats) {
    CLI::App* f = sub.add_subcommand(format.name, format.help);
    Handler h = format.setup(*f);
    f->callback([chosen, h] { *chosen = h; });
  }
  return [chosen]() -> int { return *chosen ? (*chosen)() : 2; };
});

ImportRegistration eto(
    "eto", "The ETO Advanced Semiconductor Supply Chain Dataset (Chip Explorer, ETO/CSET)",
    [](CLI::App& sub) {
      auto dir = std::make_shared<std::string>();
      auto output = std::make_shared<OutputOption>();
      auto year = std::make_shared<int>(0);
      auto type_of = std::make_shared<std::string>("or");
      auto progress = std::make_shared<ProgressOption>();
      sub.add_option("dir", *dir, "The dataset's folder (inputs.csv, providers.csv, ...)")
          ->required();
      output->add_to(sub);
      CLI::Option* year_option = sub.add_option(
          "--year", *year, "Use per (provider, input) the latest row of this year or before");
      sub.add_option("--type-of", *type_of,
                     "A broad input is met by any of its sub-types (or) or needs all (and)")
          ->check(CLI::IsMember({"and", "or"}))
          ->capture_default_str();
      progress->add_to(sub);
      return [=]() -> int {
        Progress bar = progress->make();
        EtoImportOptions options;
        if (year_option->count() > 0) options.year = *year;
        options.type_of =
            *type_of == "and" ? EtoImportOptions::TypeOf::kAnd : EtoImportOptions::TypeOf::kOr;
        progress_step(bar, "reading the dataset", false);
        Result<EtoImport> result = import_eto(*dir, options);
        progress_step(bar, "reading the dataset", true);
        if (!result.ok()) {
          for (const Diagnostic& d : result.errors()) std::cerr << d.str() << '\n';
          return 1;
        }
        const EtoImport& imported = result.value();
        for (const Diagnostic& d : imported.warnings) std::cerr << d.str() << '\n';
        // The model must load: a failure here is a bug in the importer.
        progress_step(bar, "checking the model loads", false);
        Result<Model> check = load_model_from_string(imported.yaml, "imported model");
        progress_step(bar, "checking the model loads", true);
        if (!check.ok()) {
          for (const Diagnostic& d : check.errors()) std::cerr << d.str() << '\n';
          std::cerr << "internal error: the imported model does not load\n";
          return 3;
        }
        std::cerr << fmt::format(
            "imported {} inputs, {} firms ({} unnamed country provider{}), {} provider items "
            "from {}; {} warning{}\n",
            imported.inputs, imported.firms, imported.unattributed,
            imported.unattributed == 1 ? "" : "s", imported.provider_items,
            *dir, imported.warnings.size(), imported.warnings.size() == 1 ? "" : "s");
        return output->write(imported.yaml, "");
      };
    });

}  // namespace
}  // namespace decouple::app
