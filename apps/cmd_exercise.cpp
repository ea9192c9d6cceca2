// decouple exercise MODEL [ID] [--answer TEXT | --teacher]: the model's
// classroom exercises, a student's answer judged, or the teacher's answer.
#include "command.h"
#include "decouple/exercise.h"
#include "decouple/exercise_report.h"

namespace decouple::app {
namespace {

Registration exercise("exercise", "List a model's exercises, judge an answer, or show the teacher's answer",
                      [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto format = std::make_shared<FormatOption>();
  auto output = std::make_shared<OutputOption>();
  auto id = std::make_shared<std::string>();
  auto answer = std::make_shared<std::optional<std::string>>();
  auto teacher = std::make_shared<bool>(false);
  model->add_to(sub);
  sub.add_option("id", *id, "Exercise id (none: list the exercises)");
  sub.add_option("--answer,-a", *answer,
                 "The student's answer: firm ids (a,b), NEED=ITEM choices, or an action number");
  sub.add_flag("--teacher", *teacher, "Show the teacher's answer, computed by the engines");
  format->add_to(sub);
  output->add_to(sub);
  return [=]() -> int {
    if (id->empty() && (answer->has_value() || *teacher)) {
      std::cerr << "error: --answer and --teacher need an exercise id\n";
      return 2;
    }
    if (answer->has_value() && *teacher) {
      std::cerr << "error: give --answer or --teacher, not both\n";
      return 2;
    }
    auto loaded = load(*model);
    if (!loaded) return 1;
    const Model& m = loaded->model;
    if (id->empty()) return output->write(render_exercise_list(*loaded->graph, format->value()), model->path);
    uint32_t e = find_exercise(m, *id);
    if (e == kNone) {
      std::vector<std::string_view> ids;
      for (const Exercise& x : m.exercises) ids.push_back(x.id);
      std::string hint = closest_match(*id, ids);
      std::cerr << "error: no exercise '" << *id << "'"
                << (hint.empty() ? std::string(m.exercises.empty() ? " (the model has none)" : "")
                                 : " (did you mean '" + hint + "'?)")
                << "\n";
      return 1;
    }
    const Exercise& x = m.exercises[e];
    if (answer->has_value()) {
      Verdict v = judge(*loaded->graph, x, **answer);
      return output->write(render_verdict(m, x, **answer, v, format->value()), model->path);
    }
    if (*teacher)
      return output->write(render_teacher(m, x, teacher_answer(*loaded->graph, x), format->value()), model->path);
    return output->write(render_exercise(*loaded->graph, x, format->value()), model->path);
  };
});

}  // namespace
}  // namespace decouple::app
