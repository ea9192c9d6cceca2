// Reports of one evaluated scenario, for people: a self-contained HTML page
// and a Markdown document.
//
// Both are rendered from impact_json() (report.h), so they say exactly what
// `decouple impact --format json` says: the scenario and its actions, the
// summary counts, the per-vendor table, each vendor's cut edges, lost and
// degraded items, and the reason chain of every lost item (each item's own
// step, linking to the items it lost upstream: the size stays linear). The HTML file
// carries its CSS and pictures inline (SVG from Graphviz, supplied by the
// caller) and loads nothing from the network. Later capabilities (recovery
// plans, chokepoints) add themselves as extra sections without touching
// this file. Pure formatting: no file or process access; cost linear in the
// size of the impact JSON.
#ifndef DECOUPLE_HTML_REPORT_H_
#define DECOUPLE_HTML_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "decouple/evaluation.h"

namespace decouple {

// A picture for the report: inline SVG, or a note saying why there is none.
struct ReportPicture {
  std::string title;
  std::string svg;   // an <svg> element (see inline_svg in graphviz.h)
  std::string note;  // shown when svg is empty, or as a caption
  bool folded = false;  // HTML: behind a click (a big picture of everything)
};

// A section contributed by another capability (a recovery plan, a
// chokepoint ranking). `html` is trusted markup; `markdown` its twin.
struct ReportSection {
  std::string title;
  std::string html;
  std::string markdown;
};

struct ReportContent {
  std::vector<ReportPicture> pictures;
  std::vector<ReportSection> sections;
};

std::string render_html_report(const SupplyGraph& graph, const Evaluation& evaluation,
                               const ReportContent& content);
std::string render_markdown_report(const SupplyGraph& graph, const Evaluation& evaluation,
                                   const ReportContent& content);

// One line of a reason chain, from a REASON node of impact_json or
// reasons_json: "kirin-990 (hisilicon): edge cut by ...". Plain text.
std::string reason_line(const nlohmann::json& reason);


// Text for one Markdown table cell: pipes escaped, line breaks as spaces.
std::string markdown_cell(std::string_view text);

}  // namespace decouple

#endif  // DECOUPLE_HTML_REPORT_H_
