#include "decouple/exercise_report.h"

#include <fmt/format.h>

#include "decouple/number.h"
#include "decouple/schema_version.h"
#include "decouple/text_table.h"

namespace decouple {
namespace {

using nlohmann::json;

json header(const Model& model) {
  return json{{"format", 1},
              {"schema_version", schema_version("exercise")},
              {"command", "exercise"},
              {"model", model.name}};
}

json id_or_null(const std::string& id) { return id.empty() ? json(nullptr) : json(id); }

std::string target_text(const Model& model, const Exercise& e) {
  std::string out = model.items[e.item].id;
  if (e.scenario != kNone) out += " under " + model.scenarios[e.scenario].id;
  if (!e.date.empty()) out += " on " + e.date.str();
  return out;
}

}  // namespace

json exercise_json(const SupplyGraph& graph, const Exercise& e) {
  const Model& model = graph.model();
  json may{{"blacklist", json::array()}, {"suppliers", json::array()}};
  for (FirmIndex f : e.blacklist) may["blacklist"].push_back(model.firms[f].id);
  for (FirmIndex f : e.suppliers) may["suppliers"].push_back(model.firms[f].id);
  ExerciseChoices c = exercise_choices(graph, e);
  json firms = json::array();
  for (FirmIndex f : c.firms)
    firms.push_back({{"id", model.firms[f].id}, {"name", model.firms[f].name}, {"country", model.firms[f].country.str()}});
  json needs = json::array();
  for (const ExerciseChoices::Need& n : c.needs) {
    json options = json::array();
    for (OptionIndex o : n.options) {
      const Option& opt = model.options[o];
      const Item& supplied = model.items[opt.item];
      options.push_back({{"item", supplied.id},
                         {"name", supplied.name},
                         {"maker", model.firms[supplied.maker].name},
                         {"country", model.firms[supplied.maker].country.str()},
                         {"status", opt.is_current() ? "current" : "alternative"},
                         {"lead_time", json_number(opt.lead_time)}});
    }
    needs.push_back({{"key", n.key},
                     {"item", model.items[n.item].id},
                     {"item_name", model.items[n.item].name},
                     {"need", model.needs[n.need].name},
                     {"options", std::move(options)}});
  }
  json actions = json::array();
  for (size_t a = 0; a < c.actions.size(); ++a) actions.push_back({{"number", a + 1}, {"text", c.actions[a]}});
  return json{{"id", e.id},
              {"title", e.title},
              {"question", e.question},
              {"kind", std::string(to_string(e.kind))},
              {"item", model.items[e.item].id},
              {"item_name", model.items[e.item].name},
              {"scenario", e.scenario == kNone ? json(nullptr) : json(model.scenarios[e.scenario].id)},
              {"date", id_or_null(e.date.str())},
              {"within", e.within < 0 ? json(nullptr) : json_number(e.within)},
              {"may_change", std::move(may)},
              {"source", e.source == kNone ? json(nullptr) : json(model.sources[e.source].id)},
              {"choices", {{"firms", std::move(firms)}, {"needs", std::move(needs)}, {"actions", std::move(actions)}}}};
}

json exercise_list_json(const SupplyGraph& graph) {
  json out = header(graph.model());
  out["exercises"] = json::array();
  for (const Exercise& e : graph.model().exercises) out["exercises"].push_back(exercise_json(graph, e));
  return out;
}

json verdict_json(const Model& model, const Exercise& exercise, std::string_view answer, const Verdict& v) {
  json out = header(model);
  out["verdict"] = {{"exercise", exercise.id},
                    {"answer", std::string(answer)},
                    {"correct", v.correct},
                    {"message", v.message},
                    {"details", v.details}};
  return out;
}

json teacher_json(const Model& model, const Exercise& exercise, const TeacherAnswer& t) {
  json out = header(model);
  out["teacher"] = {{"exercise", exercise.id},
                    {"solvable", t.solvable},
                    {"answer", t.answer},
                    {"message", t.message},
                    {"details", t.details}};
  return out;
}

std::string render_exercise_list(const SupplyGraph& graph, Format format) {
  const Model& model = graph.model();
  if (format == Format::kJson) return exercise_list_json(graph).dump(2) + "\n";
  if (format == Format::kCsv) {
    std::string out = csv_row({"id", "kind", "item", "scenario", "date", "within", "title", "question"});
    for (const Exercise& e : model.exercises)
      out += csv_row({e.id, std::string(to_string(e.kind)), model.items[e.item].id,
                      e.scenario == kNone ? "" : model.scenarios[e.scenario].id, e.date.str(),
                      e.within < 0 ? "" : fmt::format("{}", e.within), e.title, e.question});
    return out;
  }
  if (model.exercises.empty()) return "no exercises in this model\n";
  TextTable table({"id", "kind", "target", "title"});
  for (const Exercise& e : model.exercises)
    table.add_row({e.id, std::string(to_string(e.kind)), target_text(model, e), e.title});
  return table.str();
}

std::string render_exercise(const SupplyGraph& graph, const Exercise& e, Format format) {
  const Model& model = graph.model();
  if (format == Format::kJson) {
    json out = header(model);
    out["exercises"] = json::array({exercise_json(graph, e)});
    return out.dump(2) + "\n";
  }
  ExerciseChoices c = exercise_choices(graph, e);
  if (format == Format::kCsv) {
    std::string out = csv_row({"exercise", "choice", "detail"});
    for (FirmIndex f : c.firms) out += csv_row({e.id, model.firms[f].id, model.firms[f].name});
    for (const ExerciseChoices::Need& n : c.needs)
      for (OptionIndex o : n.options) {
        const Option& opt = model.options[o];
        out += csv_row({e.id, fmt::format("{}={}", n.key, model.items[opt.item].id),
                        fmt::format("{}, {} months", opt.is_current() ? "current" : "alternative", opt.lead_time)});
      }
    for (size_t a = 0; a < c.actions.size(); ++a) out += csv_row({e.id, std::to_string(a + 1), c.actions[a]});
    return out;
  }
  std::string out = fmt::format("{} ({}): {}\n{}\n", e.id, to_string(e.kind), e.title, e.question);
  if (e.within >= 0) out += fmt::format("within: {} months\n", e.within);
  switch (e.kind) {
    case ExerciseKind::kSmallestBlacklist: {
      out += "answer with firm ids separated by commas, from:\n";
      TextTable table({"firm", "name", "country"});
      for (FirmIndex f : c.firms) table.add_row({model.firms[f].id, model.firms[f].name, model.firms[f].country.str()});
      out += table.str();
      break;
    }
    case ExerciseKind::kRecoveryPlan: {
      out += "answer with NEED=ITEM choices separated by commas, from:\n";
      TextTable table({"need", "item", "status", "lead time (months)"});
      for (const ExerciseChoices::Need& n : c.needs)
        for (OptionIndex o : n.options) {
          const Option& opt = model.options[o];
          table.add_row({n.key, model.items[opt.item].id, opt.is_current() ? "current" : "alternative",
                         fmt::format("{}", opt.lead_time)});
        }
      out += table.str();
      break;
    }
    case ExerciseKind::kWhichAction:
      out += "answer with the number of one action:\n";
      for (size_t a = 0; a < c.actions.size(); ++a) out += fmt::format("  {}. {}\n", a + 1, c.actions[a]);
      break;
  }
  return out;
}

std::string render_verdict(const Model& model, const Exercise& exercise, std::string_view answer,
                           const Verdict& v, Format format) {
  if (format == Format::kJson) return verdict_json(model, exercise, answer, v).dump(2) + "\n";
  if (format == Format::kCsv) {
    std::string out = csv_row({"exercise", "answer", "correct", "message"});
    out += csv_row({exercise.id, std::string(answer), v.correct ? "true" : "false", v.message});
    for (const std::string& d : v.details) out += csv_row({exercise.id, std::string(answer), "", d});
    return out;
  }
  std::string out = fmt::format("{}: {}\n{}\n", exercise.id, v.correct ? "correct" : "not correct", v.message);
  for (const std::string& d : v.details) out += "  " + d + "\n";
  return out;
}

std::string render_teacher(const Model& model, const Exercise& exercise, const TeacherAnswer& t, Format format) {
  if (format == Format::kJson) return teacher_json(model, exercise, t).dump(2) + "\n";
  if (format == Format::kCsv) {
    std::string out = csv_row({"exercise", "solvable", "answer", "message"});
    out += csv_row({exercise.id, t.solvable ? "true" : "false", t.answer, t.message});
    for (const std::string& d : t.details) out += csv_row({exercise.id, "", "", d});
    return out;
  }
  std::string out = fmt::format("{}: {}\n", exercise.id, t.message);
  if (!t.answer.empty()) out += fmt::format("answer: {}\n", t.answer);
  for (const std::string& d : t.details) out += "  " + d + "\n";
  return out;
}

}  // namespace decouple
