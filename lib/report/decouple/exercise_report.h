// Rendering exercises, verdicts and teachers' answers as tables, JSON and
// CSV (docs/schemas/exercise.schema.json), for `decouple exercise` and the
// classroom page's /api/exercises and /api/exercise. No judging here: the
// functions format what exercise.h computed.
//
// JSON documents: {"format": 1, "schema_version", "command": "exercise",
// "model", and one of "exercises" (the list, with each exercise's choices
// and never its answer), "verdict" or "teacher"}.
#ifndef DECOUPLE_EXERCISE_REPORT_H_
#define DECOUPLE_EXERCISE_REPORT_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "decouple/exercise.h"
#include "decouple/report.h"

namespace decouple {

// One exercise as JSON: id, title, question, kind, target, may_change,
// within, source, and the choices a form offers (exercise_choices).
nlohmann::json exercise_json(const SupplyGraph& graph, const Exercise& exercise);

nlohmann::json exercise_list_json(const SupplyGraph& graph);
nlohmann::json verdict_json(const Model& model, const Exercise& exercise, std::string_view answer,
                            const Verdict& verdict);
nlohmann::json teacher_json(const Model& model, const Exercise& exercise, const TeacherAnswer& teacher);

// The list: one row per exercise (table, CSV). One exercise: its question
// and what may be chosen (table), or a row per choice (CSV).
std::string render_exercise_list(const SupplyGraph& graph, Format format);
std::string render_exercise(const SupplyGraph& graph, const Exercise& exercise, Format format);
std::string render_verdict(const Model& model, const Exercise& exercise, std::string_view answer,
                           const Verdict& verdict, Format format);
std::string render_teacher(const Model& model, const Exercise& exercise, const TeacherAnswer& teacher,
                           Format format);

}  // namespace decouple

#endif  // DECOUPLE_EXERCISE_REPORT_H_
