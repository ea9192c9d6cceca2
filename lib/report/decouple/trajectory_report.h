// Rendering a trajectory (trajectory.h) for `decouple trajectory`: a text
// report, JSON, CSV (one row per item and interval, for pandas), and an SVG
// chart, one bar per item across time. Formatting only; the JSON shape is
// documented in docs/cli.md and only ever gains fields.
#ifndef DECOUPLE_TRAJECTORY_REPORT_H_
#define DECOUPLE_TRAJECTORY_REPORT_H_

#include <string>

#include <nlohmann/json.hpp>

#include "decouple/report.h"
#include "decouple/trajectory.h"

namespace decouple {

nlohmann::json trajectory_json(const Model& model, const Trajectory& trajectory);
std::string render_trajectory(const Model& model, const Trajectory& trajectory, Format format);

// The chart: a date axis from the first event to the horizon (or a little
// past the last change), one bar per item labelled "item (maker)", coloured
// by state, with the dated events as vertical lines numbered into a key
// below, and a legend. Self-contained SVG 1.1, text escaped.
std::string trajectory_svg(const Model& model, const Trajectory& trajectory);

}  // namespace decouple

#endif  // DECOUPLE_TRAJECTORY_REPORT_H_
