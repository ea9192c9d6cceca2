// The report `decouple report` writes of one evaluated scenario, for
// people: the impact (html_report.h), a picture of what changed drawn by
// Graphviz (and of the whole model when it is mid-sized), and the recovery
// plans of every lost item under the default objective. One function, so
// the command line and the Python module write the same bytes.
//
// Runs Graphviz `dot` for the HTML pictures (graphviz.h); when it cannot,
// the report says why in place of the picture and `warnings` says it once.
// Markdown has no pictures, only the command that draws one.
#ifndef DECOUPLE_SCENARIO_REPORT_H_
#define DECOUPLE_SCENARIO_REPORT_H_

#include <string>
#include <vector>

#include "decouple/evaluation.h"

namespace decouple {

enum class ReportKind { kHtml, kMarkdown };

struct ScenarioReport {
  std::string text;
  std::vector<std::string> warnings;  // "the report has no picture: ..."
};

// `redraw`: the command that draws the picture, shown in Markdown.
ScenarioReport scenario_report(const SupplyGraph& graph, const Evaluation& evaluation, ReportKind kind,
                               const std::string& redraw);

}  // namespace decouple

#endif  // DECOUPLE_SCENARIO_REPORT_H_
