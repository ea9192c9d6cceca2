// Comparing two models field by field, for round-trip checks.
//
// model_difference() says where two models first differ, or returns an
// empty string when they hold the same data: every firm, item, need,
// option, scenario, action, source and bloc, in the same order, with the
// same values. Source positions (Location) and Model::file are not
// compared: they say where the data was read from, not what it is. Used by
// tests (YAML, CSV and snapshot loads give identical models) and by
// `decouple convert --verify`. Cost: linear in the models.
#ifndef DECOUPLE_MODEL_COMPARE_H_
#define DECOUPLE_MODEL_COMPARE_H_

#include <string>

#include "decouple/model.h"

namespace decouple {

std::string model_difference(const Model& a, const Model& b);

}  // namespace decouple

#endif  // DECOUPLE_MODEL_COMPARE_H_
