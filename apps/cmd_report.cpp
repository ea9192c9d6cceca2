// decouple report MODEL --scenario ID -o report.html|report.md: a report of
// one scenario for people, as one self-contained HTML file or as Markdown.
#include <iostream>

#include <fmt/format.h>

#include "command.h"
#include "decouple/evaluation.h"
#include "decouple/scenario_report.h"

namespace decouple::app {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

Registration report("report", "Write a scenario report as self-contained HTML or Markdown", [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto output = std::make_shared<OutputOption>();
  auto scenario = std::make_shared<std::string>();
  auto blacklist = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>();
  auto when = std::make_shared<WhenOptions>();
  model->add_to(sub);
  when->add_to(sub);
  output->add_to(sub);
  sub.add_option("--scenario,-s", *scenario, "Scenario id");
  sub.add_option("--ban", *blacklist, "Also cut off these firms (ad hoc blacklist)");
  sub.add_option("--format,-f", *format, "html or md (default: from the -o file's extension, else html)")
      ->check(CLI::IsMember({"html", "md"}));
  return [=]() -> int {
    if (scenario->empty() && blacklist->empty()) {
      std::cerr << "error: name a --scenario or a --ban list\n";
      return 2;
    }
    std::string kind = *format;
    if (kind.empty()) kind = ends_with(output->path, ".md") || ends_with(output->path, ".markdown") ? "md" : "html";
    auto loaded = load(*model);
    if (!loaded) return 1;
    auto ev = evaluate_named(*loaded, *scenario, *blacklist, when->when);
    if (!ev) return 1;
    std::string redraw = fmt::format("decouple export {} {}--format svg -o picture.svg", model->path,
                                     scenario->empty() ? std::string() : "--scenario " + *scenario + " ");
    ScenarioReport report = scenario_report(*loaded->graph, *ev, kind == "md" ? ReportKind::kMarkdown : ReportKind::kHtml,
                                            redraw);
    for (const std::string& w : report.warnings) std::cerr << "warning: " << w << '\n';
    const std::string& text = report.text;
    return output->write(text, model->path);
  };
});

}  // namespace
}  // namespace decouple::app
