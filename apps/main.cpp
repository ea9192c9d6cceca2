// decouple: the command-line driver. Subcommands register themselves (see
// command.h); main only builds the CLI from that table and dispatches.
#include <iostream>

#include <CLI/CLI.hpp>

#include "command.h"

int main(int argc, char** argv) {
  CLI::App app{"decouple: supply-chain decoupling analysis on dependency-graph models"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "decouple 0.1");
  decouple::app::Handler handler;
  auto& table = decouple::app::commands();
  std::sort(table.begin(), table.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& command : table) {
    CLI::App* sub = app.add_subcommand(command.name, command.help);
    decouple::app::Handler h = command.setup(*sub);
    sub->callback([&handler, h] { handler = h; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints help and usage errors itself; usage errors exit 2.
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return handler ? handler() : 2;
  } catch (const std::exception& e) {
    // Internal failures must still end with a message, not an abort.
    std::cerr << "internal error: " << e.what() << '\n';
    return 3;
  }
}
