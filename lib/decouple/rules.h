// The rules engine: when is an item subject to a jurisdiction's controls?
//
// Version 1 semantics: an item is subject to jurisdiction J when its origin
// is J. The Reach object answers the question per supply edge (an option),
// because some rules (the foreign direct product rule) depend on who
// receives the item, and it records which rule applied so explanations can
// name it. It is built once per scenario from the applied actions.
#ifndef DECOUPLE_RULES_H_
#define DECOUPLE_RULES_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "decouple/model.h"

namespace decouple {

class SupplyGraph;
struct AppliedAction;

// Why an item is subject to a jurisdiction.
struct Subjection {
  enum class Rule : uint8_t { kNone, kOrigin, kDeMinimis, kDirectProduct };
  Rule rule = Rule::kNone;
  uint32_t action = kNone;  // index into the applied actions of the rule's action, if any
  double share = 0;         // de minimis: the controlled content share
  double threshold = 0;     // de minimis: the threshold it exceeded

  bool subject() const { return rule != Rule::kNone; }
};

class Reach {
 public:
  Reach() = default;
  Reach(const SupplyGraph& graph, std::span<const AppliedAction> applied);

  // Whether the item supplied along `option` is subject to `jurisdiction`.
  Subjection subject(OptionIndex option, Country jurisdiction) const;

  // One line saying why, e.g. "origin US" or "US content 31% > 25% de minimis".
  std::string describe(const Subjection& why, OptionIndex option) const;

 private:
  const SupplyGraph* graph_ = nullptr;
};

}  // namespace decouple

#endif  // DECOUPLE_RULES_H_
