#include "help.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "decouple/diagnostic.h"

namespace decouple::app {
namespace {

// Calls outside the command table, listed with the commands.
struct Extra {
  const char* name;
  const char* help;
};
constexpr Extra kExtras[] = {
    {"help", "List the commands, or show one command's help: decouple help [COMMAND|limits]"},
    {"completion", "Print a shell completion script: decouple completion bash"},
};

// One or two real calls per command, and per sub-command under its full
// name ("import csv"), run as written by tests/cli/help.sh when they read
// only bundled models; that test also checks each names its command.
const std::map<std::string_view, std::vector<std::string_view>>& example_table() {
  static const std::map<std::string_view, std::vector<std::string_view>> table = {
      {"alternatives",
       {"decouple alternatives models/entity-list-2019.yaml -s el-2019-05 --item huawei-p30-pro"}},
      {"blocs", {"decouple blocs models/entity-list-2019.yaml --bloc CN --cut-by US"}},
      {"check", {"decouple check models/entity-list-2019.yaml", "decouple check --strict models/entity-list-2019.yaml"}},
      {"chokepoints",
       {"decouple chokepoints models/entity-list-2019.yaml --item huawei-p30-pro --max-order 2",
        "decouple chokepoints models/tutorial/phone.yaml --spof"}},
      {"compile", {"decouple compile model.yaml -o model.dcm"}},
      {"convert", {"decouple convert model.yaml --to csv -o tables/model.yaml --verify"}},
      {"exercise",
       {"decouple exercise models/entity-list-2019.yaml",
        "decouple exercise models/tutorial/phone.yaml stop-the-phone --answer micron"}},
      {"explain",
       {"decouple explain models/entity-list-2019.yaml -s el-2019-05 huawei-p30-pro",
        "decouple explain models/entity-list-2019.yaml -s el-2019-05 huawei-mate-60-pro --at 2020-06-01"}},
      {"export",
       {"decouple export models/tutorial/phone.yaml --format dot",
        "decouple export model.yaml --scenario S --format svg -o cascade.svg"}},
      {"generate", {"decouple generate --items 10000 --seed 1 -o synth.yaml"}},
      {"impact",
       {"decouple impact models/entity-list-2019.yaml --scenario el-2019-10",
        "decouple impact models/entity-list-2019.yaml --scenario el-2019-05 --at 2020-09-15 -f json"}},
      {"import",
       {"decouple import eto path/to/eto-chip-explorer -o chips.yaml",
        "decouple import csv tables/model.yaml -o model.yaml"}},
      {"import csv", {"decouple import csv tables/model.yaml -o model.yaml"}},
      {"import eto", {"decouple import eto path/to/eto-chip-explorer -o chips.yaml"}},
      {"merge", {"decouple merge out/part-*.json -o sweep.json"}},
      {"rank", {"decouple rank models/tutorial/phone.yaml"}},
      {"report", {"decouple report models/entity-list-2019.yaml -s el-2019-05 -o report.html"}},
      {"serve", {"decouple serve models/entity-list-2019.yaml --port 8080"}},
      {"sweep", {"decouple sweep model.dcm --each-firm -s el-top-cn -f json -o sweep.json"}},
      {"risk", {"decouple risk models/entity-list-2019.yaml --scenario el-2019-05 --top 5"}},
      {"trajectory",
       {"decouple trajectory models/tutorial/phone.yaml",
        "decouple trajectory models/entity-list-2019.yaml --item huawei-matebook --svg matebook.svg"}},
      {"timeline",
       {"decouple timeline models/entity-list-2019.yaml", "decouple timeline models/entity-list-2019.yaml --cumulative"}},
  };
  return table;
}

std::vector<const CLI::App*> subcommands_of(const CLI::App& app) {
  std::vector<const CLI::App*> out;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    out.push_back(sub);
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->get_name() < b->get_name(); });
  return out;
}

const CLI::App* find_subcommand(const CLI::App& app, std::string_view name) {
  for (const CLI::App* sub : subcommands_of(app))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : subcommands_of(app)) names.push_back(sub->get_name());
  for (const Extra& e : kExtras) names.push_back(e.name);
  return names;
}

// Every spelling of every option of `sub` (--long and -s), hidden ones too.
std::vector<std::string> option_spellings(const CLI::App& sub) {
  std::vector<std::string> out;
  for (const CLI::Option* o : sub.get_options([](const CLI::Option*) { return true; })) {
    for (const std::string& l : o->get_lnames()) out.push_back("--" + l);
    for (const std::string& s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

std::string closest(std::string_view word, const std::vector<std::string>& names) {
  std::vector<std::string_view> candidates(names.begin(), names.end());
  return closest_match(word, candidates);
}

// roff needs a backslash doubled and a leading dot or quote escaped.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
    line_start = c == '\n';
  }
  return out;
}

}  // namespace

std::string examples_for(std::string_view command) {
  auto it = example_table().find(command);
  if (it == example_table().end()) return {};
  std::string out = "\nExample" + std::string(it->second.size() > 1 ? "s" : "") + ":\n";
  for (std::string_view line : it->second) out += fmt::format("  {}\n", line);
  return out;
}

void attach_examples(CLI::App& command, const std::string& path) {
  command.footer(examples_for(path) + "\nInput limits: decouple help limits. All commands: decouple help.");
  // A sub-command is made with its parent's footer: each gets its own.
  for (CLI::App* sub : command.get_subcommands([](const CLI::App*) { return true; }))
    attach_examples(*sub, path + " " + sub->get_name());
}

std::string command_list(const CLI::App& app) {
  size_t width = 0;
  for (const CLI::App* sub : subcommands_of(app)) width = std::max(width, sub->get_name().size());
  std::string out = "Commands:\n";
  for (const CLI::App* sub : subcommands_of(app))
    out += fmt::format("  {:<{}}  {}\n", sub->get_name(), width, sub->get_description());
  out += "\nAlso:\n";
  for (const Extra& e : kExtras) out += fmt::format("  {:<{}}  {}\n", e.name, width, e.help);
  return out;
}

std::string limits_help(const CLI::App& app) {
  std::string out =
      "Limits against hostile or runaway input, taken by every command that reads a model\n"
      "(docs/errors.md). Each is a diagnostic with a location when exceeded:\n\n";
  const CLI::App* check = find_subcommand(app, "check");
  if (!check) return out;
  for (const CLI::Option* o : check->get_options([](const CLI::Option*) { return true; })) {
    const auto& names = o->get_lnames();
    if (names.empty() || names[0].rfind("max-", 0) != 0) continue;
    out += fmt::format("  --{:<20} {} (default {})\n", names[0], o->get_description(),
                       o->get_default_str());
  }
  return out;
}

std::string bash_completion(const CLI::App& app) {
  std::string out =
      "# bash completion for decouple: source it, or copy it to\n"
      "# /usr/share/bash-completion/completions/decouple\n"
      "_decouple() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} opts=\"\"\n"
      "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n";
  std::string names;
  for (const std::string& n : command_names(app)) names += (names.empty() ? "" : " ") + n;
  out += fmt::format("    COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))\n    return\n  fi\n", names);
  out += "  case ${COMP_WORDS[1]} in\n";
  for (const CLI::App* sub : subcommands_of(app)) {
    std::string opts;
    for (const std::string& o : option_spellings(*sub)) opts += (opts.empty() ? "" : " ") + o;
    out += fmt::format("    {}) opts=\"{}\" ;;\n", sub->get_name(), opts);
  }
  out += fmt::format("    help) COMPREPLY=($(compgen -W \"{} limits\" -- \"$cur\")); return ;;\n", names);
  out += "    completion) COMPREPLY=($(compgen -W \"bash\" -- \"$cur\")); return ;;\n";
  out +=
      "  esac\n"
      "  if [[ $cur == -* ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
      "  else\n"
      "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      "  fi\n"
      "}\n"
      "complete -o filenames -F _decouple decouple\n";
  return out;
}

std::string man_page(const CLI::App& app) {
  std::string out = ".TH DECOUPLE 1 \"\" \"decouple 0.1\" \"User Commands\"\n";
  out += ".SH NAME\ndecouple \\- " + roff(app.get_description()) + "\n";
  out += ".SH SYNOPSIS\n.B decouple\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIMODEL\\fR]\n";
  out += ".SH DESCRIPTION\n" +
         roff("Every command that prints results takes --format table|json|csv. Usage errors exit "
              "with code 2, bad input with 1. The documentation in docs/ covers the model format "
              "and each command.") +
         "\n";
  out += ".SH COMMANDS\n";
  for (const CLI::App* sub : subcommands_of(app)) {
    out += ".SS " + roff(sub->get_name()) + "\n.nf\n";
    out += roff(sub->help("decouple " + sub->get_name())) + ".fi\n";
  }
  out += ".SH LIMITS\n.nf\n" + roff(limits_help(app)) + ".fi\n";
  out += ".SH SEE ALSO\ndot(1), scram(1)\n";
  return out;
}

std::optional<int> handle_outside_commands(CLI::App& app, const std::vector<std::string>& args) {
  // The first word that is not an option names the command.
  size_t at = 0;
  while (at < args.size() && !args[at].empty() && args[at][0] == '-') {
    // --help and --version are CLI11's; anything else before a command is a usage error.
    if (args[at] != "-h" && args[at] != "--help" && args[at] != "--version") break;
    ++at;
  }
  if (args.empty()) {
    // No command is a usage error (exit 2), answered with the list.
    std::cerr << "decouple: " << app.get_description() << "\n\nUsage: decouple COMMAND [OPTIONS] MODEL\n\n"
              << command_list(app) << "\nRun 'decouple help COMMAND' for a command's options and examples.\n";
    return 2;
  }
  if (at < args.size() && args[at][0] == '-') return std::nullopt;  // CLI11 reports it
  if (at >= args.size()) return std::nullopt;
  const std::string& word = args[at];
  if (word == "help") {
    if (at + 1 >= args.size()) {
      std::cout << "Usage: decouple COMMAND [OPTIONS] MODEL\n\n" << command_list(app)
                << "\nRun 'decouple help COMMAND' for a command's options and examples,\n"
                   "'decouple help limits' for the input limits every command takes.\n";
      return 0;
    }
    const std::string& topic = args[at + 1];
    if (topic == "limits") {
      std::cout << limits_help(app);
      return 0;
    }
    if (topic == "--man") {
      std::cout << man_page(app);
      return 0;
    }
    if (const CLI::App* sub = find_subcommand(app, topic)) {
      std::cout << sub->help("decouple " + topic);
      return 0;
    }
    std::vector<std::string> topics = command_names(app);
    topics.push_back("limits");
    std::string hint = closest(topic, topics);
    std::cerr << fmt::format("error: no help topic '{}'{}\n", topic,
                             hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint));
    std::cerr << "Run 'decouple help' for the list of commands.\n";
    return 2;
  }
  if (word == "completion") {
    if (at + 1 < args.size() && args[at + 1] == "bash") {
      std::cout << bash_completion(app);
      return 0;
    }
    std::cerr << "error: 'decouple completion' takes a shell: bash\n";
    return 2;
  }
  if (find_subcommand(app, word)) return std::nullopt;
  std::string hint = closest(word, command_names(app));
  std::cerr << fmt::format("error: unknown command '{}'{}\n", word,
                           hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint));
  std::cerr << "Run 'decouple help' for the list of commands.\n";
  return 2;
}

int report_usage_error(const CLI::App& app, const CLI::ParseError& error,
                       const std::vector<std::string>& args) {
  // The command named on the line, if any, for its options and --help.
  const CLI::App* sub = nullptr;
  for (const std::string& a : args)
    if (!a.empty() && a[0] != '-') {
      sub = find_subcommand(app, a);
      break;
    }
  std::string message = error.what();
  std::string hint;
  if (sub) {
    const std::vector<std::string> known = option_spellings(*sub);
    for (const std::string& a : args) {
      if (a.size() < 2 || a[0] != '-') continue;
      std::string name = a.substr(0, a.find('='));
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      if (name == "-h" || name == "--help") continue;
      message = fmt::format("unknown option '{}' for '{}'", name, sub->get_name());
      std::string close = closest(name, known);
      if (!close.empty()) hint = fmt::format(" (did you mean '{}'?)", close);
      break;
    }
  }
  std::cerr << "error: " << message << hint << '\n';
  std::cerr << fmt::format("Run 'decouple {}--help' for usage.\n", sub ? sub->get_name() + " " : "");
  return 2;
}

}  // namespace decouple::app
