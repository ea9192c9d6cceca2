// decouple: the command-line driver. Subcommands register themselves (see
// command.h); main only builds the CLI from that table and dispatches.
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "command.h"
#include "help.h"

int main(int argc, char** argv) {
  CLI::App app{"supply-chain decoupling analysis on dependency-graph models", "decouple"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "decouple 0.1");
  decouple::app::Handler handler;
  auto& table = decouple::app::commands();
  std::sort(table.begin(), table.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  for (auto& command : table) {
    CLI::App* sub = app.add_subcommand(command.name, command.help);
    decouple::app::Handler h = command.setup(*sub);
    decouple::app::attach_examples(*sub, command.name);
    sub->callback([&handler, h] { handler = h; });
  }
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (auto code = decouple::app::handle_outside_commands(app, args)) return *code;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors: one `error:` line with a did-you-mean, exit 2.
    return decouple::app::report_usage_error(app, e, args);
  }
  try {
    return handler ? handler() : 2;
  } catch (const std::exception& e) {
    // Internal failures must still end with a message, not an abort.
    std::cerr << "internal error: " << e.what() << '\n';
    return 3;
  }
}
