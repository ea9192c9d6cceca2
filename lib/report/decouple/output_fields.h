// Structured pieces of output several commands share, beside report.h:
// an applied action as CSV fields, and the JSON verdict on a model that
// does not load.
#ifndef DECOUPLE_OUTPUT_FIELDS_H_
#define DECOUPLE_OUTPUT_FIELDS_H_

#include <array>
#include <string>
#include <string_view>

#include "decouple/diagnostic.h"
#include "decouple/report.h"

namespace decouple {

// An applied action as CSV fields under kActionColumns: its scenario and
// 1-based index there (empty for an ad hoc ban), its kind, and who acts
// (empty for a ban). JSON has the same in action_json().
inline constexpr std::array<std::string_view, 4> kActionColumns = {"action_scenario", "action_index",
                                                                  "action_kind", "action_by"};
std::array<std::string, 4> action_fields(const Model& model, const ScenarioCuts& cuts, uint32_t applied);

// `decouple check` of a model that does not load: for JSON, a document
// with `"valid": false` and the errors (file, line, column, severity,
// message); empty for the other formats (the errors go to stderr only).
std::string render_check_failure(const std::string& file, const Diagnostics& errors, Format format);

}  // namespace decouple

#endif  // DECOUPLE_OUTPUT_FIELDS_H_
