// Rendering a replayed timeline (timeline.h) as a text report, JSON or CSV
// for `decouple timeline`. Formatting only; the JSON shape is documented in
// docs/cli.md and, like every output, only ever gains fields.
#ifndef DECOUPLE_TIMELINE_REPORT_H_
#define DECOUPLE_TIMELINE_REPORT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "decouple/report.h"
#include "decouple/timeline.h"

namespace decouple {

nlohmann::json timeline_json(const SupplyGraph& graph, const Timeline& timeline);
std::string render_timeline(const SupplyGraph& graph, const Timeline& timeline, Format format);

}  // namespace decouple

#endif  // DECOUPLE_TIMELINE_REPORT_H_
