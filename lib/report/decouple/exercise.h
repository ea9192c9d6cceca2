// Classroom exercises: judging a student's answer, and the teacher's answer.
//
// An Exercise (model.h, docs/model-format.md "Exercises") asks one question
// about one item under one scenario. The correct answer is never typed into
// the model: the engines compute it, so it stays right when the model changes.
//
//   smallest-blacklist  The student names firms to cut off (a ban, on top of
//                       the scenario). Right when the item is lost with them
//                       AND no smaller blacklist (of the firms the exercise
//                       allows) does it: the minimal blacklists come from the
//                       chokepoint engine (chokepoints.h). "It works but a
//                       smaller one exists (size k)" and "X is still made,
//                       because its need N is still supplied by ..." otherwise.
//   recovery-plan       The item is lost under the scenario. The student picks,
//                       for each need of it left without supply, one supplier
//                       (an option of that need), and the same for every lost
//                       item those suppliers make. Right when every choice is
//                       usable under the scenario (check_option, alternatives.h)
//                       and the plan's time (alternatives.h's composition: the
//                       slowest need, lead times added along the chain) is at
//                       most `within` months. The teacher's answer is the
//                       fastest plan (find_recovery_plans, objective time).
//   which-action        The student picks one of the scenario's actions (by its
//                       number, 1-based, in application order). Right when the
//                       explanation of the item's loss (explain.h) runs through
//                       a cut or ban made by that action.
//
// Answers are text, as typed on the command line or sent by the page:
//   smallest-blacklist  firm ids separated by commas ("tsmc,asml"); empty: none
//   recovery-plan       NEED=ITEM choices separated by commas, where NEED is a
//                       need name of the target or ITEM/NEED for another lost
//                       item, and ITEM the supplied item chosen
//                       ("foundry=smic-n7,smic-n7/lithography=smee-litho")
//   which-action        a number ("2")
// A malformed answer or an unknown id is a wrong answer whose message says
// what is wrong (with a did-you-mean), never an error: students mistype.
//
// Cost: one scenario evaluation (linear in what it touches) plus, for
// blacklists, the chokepoint engine on the item's cone, exponential in the
// worst case in the blacklist size (capped at kMaxBlacklist firms).
#ifndef DECOUPLE_EXERCISE_H_
#define DECOUPLE_EXERCISE_H_

#include <string>
#include <string_view>
#include <vector>

#include "decouple/diagnostic.h"
#include "decouple/graph.h"
#include "decouple/model.h"

namespace decouple {

// Largest blacklist the teacher's answer searches for.
inline constexpr uint32_t kMaxBlacklist = 5;

struct Verdict {
  bool correct = false;
  std::string message;               // one or two plain sentences
  std::vector<std::string> details;  // further lines: each choice, each reason
};

// A correct answer and why. `solvable` false: the exercise has no correct
// answer on this model (a `check` error), and `message` says why.
struct TeacherAnswer {
  bool solvable = false;
  std::string answer;                // in the answer syntax above
  std::string message;               // plain words
  std::vector<std::string> details;  // other correct answers, the plan's steps
};

// What the student may choose from, to build a form.
struct ExerciseChoices {
  // smallest-blacklist: firms the student may cut off, by id.
  std::vector<FirmIndex> firms;
  // recovery-plan: each need waiting for a choice, with its options.
  struct Need {
    ItemIndex item = kNone;
    NeedIndex need = kNone;
    std::string key;                    // "NEED" for the target, "ITEM/NEED" otherwise
    std::vector<OptionIndex> options;   // every option of the need, model order
  };
  std::vector<Need> needs;
  // which-action: the scenario's actions in force, in application order.
  std::vector<std::string> actions;  // "1. entity_list by US (scenario 'el-2019-05' action 1)"
};

Verdict judge(const SupplyGraph& graph, const Exercise& exercise, std::string_view answer);
TeacherAnswer teacher_answer(const SupplyGraph& graph, const Exercise& exercise);
ExerciseChoices exercise_choices(const SupplyGraph& graph, const Exercise& exercise);

// Every exercise without a right answer on this model (its teacher's
// answer not solvable), as an error at the exercise: what `check` runs.
Diagnostics check_exercises(const SupplyGraph& graph);

// The exercise's index in the model, or kNone.
uint32_t find_exercise(const Model& model, std::string_view id);

}  // namespace decouple

#endif  // DECOUPLE_EXERCISE_H_
