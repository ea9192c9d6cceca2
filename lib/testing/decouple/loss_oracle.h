// Brute-force oracle for the question "which items are lost": the rule
// restated directly, for property tests of LossState and everything built
// on it (propagate, evaluation, what-if, the models' checks).
//
// An item is live iff its maker is not banned and every critical need has a
// current option that is not cut and supplies a live item. Starting from
// every item live, the rule is applied to every item until nothing changes
// (the greatest fixpoint, as LossState computes it). Dates, stock and
// recovery are not part of the question. Cost: O(passes * options), with
// at most one pass per item: for small models only.
#ifndef DECOUPLE_TESTING_LOSS_ORACLE_H_
#define DECOUPLE_TESTING_LOSS_ORACLE_H_

#include <vector>

#include "decouple/model.h"
#include "decouple/scenario.h"

namespace decouple::testing {

// Live items, one flag per item, given a flag per option (`cut`) and per
// firm (`banned`).
std::vector<bool> brute_force_live(const Model& model, const std::vector<bool>& cut,
                                   const std::vector<bool>& banned);

// The same for a scenario's cuts (its cut options and banned firms).
std::vector<bool> brute_force_live(const Model& model, const ScenarioCuts& cuts);

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTING_LOSS_ORACLE_H_
