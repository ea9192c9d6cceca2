// decouple report MODEL --scenario ID -o report.html|report.md: a report of
// one scenario for people, as one self-contained HTML file or as Markdown.
#include <iostream>

#include <fmt/format.h>

#include "command.h"
#include "decouple/dot_export.h"
#include "decouple/evaluation.h"
#include "decouple/graphviz.h"
#include "decouple/html_report.h"

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
    const Model& m = loaded->model;
    auto ev = evaluate_named(*loaded, *scenario, *blacklist, when->when);
    if (!ev) return 1;
    ReportContent content;
    std::string redraw = fmt::format("decouple export {} {}--format svg -o picture.svg", model->path,
                                     scenario->empty() ? std::string() : "--scenario " + *scenario + " ");
    // The changes, always; the whole model too when it differs and fits.
    std::vector<std::pair<PictureView, std::string>> views = {{PictureView::kChanges, ""}};
    size_t items = m.items.size();
    if (items > kSmallModelItems && items <= kWholeModelItems)
      views.emplace_back(PictureView::kWhole, "The whole model under the scenario (large)");
    for (const auto& [view, whole_title] : views) {
      DotOptions picture = picture_options(*loaded->graph, ev.get(), view);
      ReportPicture figure;
      figure.folded = view == PictureView::kWhole;
      figure.title = !whole_title.empty()      ? whole_title
                     : picture.focus.empty() ? "The supply graph under the scenario"
                                             : "What changed: the affected items and their direct neighbours";
      if (kind == "md") {
        figure.note = "draw it with: " + redraw;
        content.pictures.push_back(std::move(figure));
        break;  // one pointer is enough in Markdown
      }
      GraphvizResult svg = render_graphviz(to_dot(*loaded->graph, picture), "svg");
      if (svg.ok()) {
        figure.svg = inline_svg(svg.output);
        figure.note = "red: lost, amber: degraded, red edges: cut, dashed: alternatives";
      } else {
        figure.note = svg.error;
        std::cerr << "warning: the report has no picture: " << svg.error << '\n';
      }
      content.pictures.push_back(std::move(figure));
      if (!svg.ok()) break;  // the same error again would add nothing
    }
    std::string text = kind == "md" ? render_markdown_report(*loaded->graph, *ev, content)
                                    : render_html_report(*loaded->graph, *ev, content);
    return output->write(text, model->path);
  };
});

}  // namespace
}  // namespace decouple::app
