// `decouple import FORMAT ...`: converters from datasets to models.
//
// Each format lives in its own apps/cmd_import_<format>.cpp (or beside the
// command in cmd_import.cpp) and registers itself with a static
// ImportRegistration, the way subcommands do (command.h): a name, a one-line
// help and a setup function that declares the format's options on its
// CLI11 sub-subcommand and returns the handler.
#ifndef DECOUPLE_APPS_IMPORT_FORMAT_H_
#define DECOUPLE_APPS_IMPORT_FORMAT_H_

#include <string>
#include <vector>

#include "command.h"

namespace decouple::app {

struct ImportFormat {
  std::string name;
  std::string help;
  Setup setup;
};

std::vector<ImportFormat>& import_formats();

struct ImportRegistration {
  ImportRegistration(std::string name, std::string help, Setup setup) {
    import_formats().push_back({std::move(name), std::move(help), std::move(setup)});
  }
};

}  // namespace decouple::app

#endif  // DECOUPLE_APPS_IMPORT_FORMAT_H_
