#include "decouple/scenario_report.h"

#include <algorithm>
#include <utility>

#include "decouple/alternatives_report.h"
#include "decouple/dot_export.h"
#include "decouple/graphviz.h"
#include "decouple/html_report.h"

namespace decouple {

ScenarioReport scenario_report(const SupplyGraph& graph, const Evaluation& ev, ReportKind kind,
                               const std::string& redraw) {
  const Model& m = graph.model();
  ScenarioReport out;
  ReportContent content;
  // The changes, always; the whole model too when it differs and fits.
  std::vector<std::pair<PictureView, std::string>> views = {{PictureView::kChanges, ""}};
  size_t items = m.items.size();
  if (items > kSmallModelItems && items <= kWholeModelItems)
    views.emplace_back(PictureView::kWhole, "The whole model under the scenario (large)");
  for (const auto& [view, whole_title] : views) {
    DotOptions picture = picture_options(graph, &ev, view);
    ReportPicture figure;
    figure.folded = view == PictureView::kWhole;
    figure.title = !whole_title.empty()      ? whole_title
                   : picture.focus.empty() ? "The supply graph under the scenario"
                                           : "What changed: the affected items and their direct neighbours";
    if (kind == ReportKind::kMarkdown) {
      figure.note = "draw it with: " + redraw;
      content.pictures.push_back(std::move(figure));
      break;  // one pointer is enough in Markdown
    }
    GraphvizResult svg = render_graphviz(to_dot(graph, picture), "svg");
    if (svg.ok()) {
      figure.svg = inline_svg(svg.output);
      figure.note = "red: lost, amber: degraded, red edges: cut, dashed: alternatives";
    } else {
      figure.note = svg.error;
      out.warnings.push_back("the report has no picture: " + svg.error);
    }
    content.pictures.push_back(std::move(figure));
    if (!svg.ok()) break;  // the same error again would add nothing
  }
  // Recovery plans for every lost item, default objective.
  std::vector<ItemIndex> lost(ev.state.lost_items().begin(), ev.state.lost_items().end());
  std::sort(lost.begin(), lost.end(), [&](ItemIndex a, ItemIndex b) { return m.items[a].id < m.items[b].id; });
  Recovery recovery = find_recovery_plans(graph, ev.state, RecoveryOptions{});
  content.sections.push_back(
      recovery_section(graph, ev.cuts, ev.state, recovery, RecoveryRequest{ev.scenario, lost, ev.blacklist}));
  out.text = kind == ReportKind::kMarkdown ? render_markdown_report(graph, ev, content)
                                           : render_html_report(graph, ev, content);
  return out;
}

}  // namespace decouple
