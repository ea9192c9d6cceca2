// The driver's manners: the command list, `decouple help [CMD|limits]`,
// examples in every command's --help, usage errors with did-you-mean, and
// the bash completion and man page, all generated from the one CLI11 tree
// main() builds from the command table (command.h), so they cannot drift
// from the options the commands really take.
//
// Usage errors are one `error: ...` line (plus a hint) on stderr and exit
// code 2; help goes to stdout with exit code 0.
#ifndef DECOUPLE_APPS_HELP_H_
#define DECOUPLE_APPS_HELP_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace decouple::app {

// Lines of examples for a command's --help footer; empty when none.
// `command` is the path under decouple: "impact", "import csv".
std::string examples_for(std::string_view command);

// Sets the --help footer (examples and pointers) of `command`, named
// `path`, and of each of its sub-commands under its own path. Call after
// the command's options and sub-commands are declared.
void attach_examples(CLI::App& command, const std::string& path);

// Every command with its one-line help, aligned, as `decouple help` shows it.
std::string command_list(const CLI::App& app);

// The limits every model-reading command takes (once, for `help limits`).
std::string limits_help(const CLI::App& app);

// A bash completion script for `decouple`.
std::string bash_completion(const CLI::App& app);

// The man page (roff), from the same help text.
std::string man_page(const CLI::App& app);

// Handles what comes before CLI11 parses: bare `decouple`, `help ...`,
// `completion ...` and unknown commands (with a did-you-mean). Returns the
// exit code when it handled the call, nullopt when CLI11 should parse.
std::optional<int> handle_outside_commands(CLI::App& app, const std::vector<std::string>& args);

// Prints a CLI11 usage error as `error: ...` with a did-you-mean for an
// unknown option and a pointer to --help. Returns the exit code (2).
int report_usage_error(const CLI::App& app, const CLI::ParseError& error,
                       const std::vector<std::string>& args);

}  // namespace decouple::app

#endif  // DECOUPLE_APPS_HELP_H_
