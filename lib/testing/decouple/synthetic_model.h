// Synthetic supply models for tests, benchmarks and the shape fuzzer (test
// support, not installed): tiered supply chains (raw parts at tier 0,
// products at the top tier), written as model YAML so they go through the
// real loader. The small flat models of the property tests are
// random_model.h's.
//
// Items are split evenly over the tiers; every item above tier 0 has 1 to
// max_needs needs, each with 1 to max_options current options drawn from
// lower tiers (with probability `back_edge` from any tier, which makes
// supply cycles possible), some alternative options and some non-critical
// needs. Firms are spread over the tiers and make the items of their tier.
// The same spec and seed always give the same text. Cost: linear in the
// size of the model.
#ifndef DECOUPLE_SYNTHETIC_MODEL_H_
#define DECOUPLE_SYNTHETIC_MODEL_H_

#include <cstdint>
#include <string>

namespace decouple {

struct SyntheticSpec {
  uint32_t items = 20;
  uint32_t firms = 6;
  uint32_t tiers = 4;
  uint32_t max_needs = 3;
  uint32_t max_options = 3;
  double back_edge = 0;       // chance an option comes from any tier (cycles)
  double non_critical = 0.1;  // chance a need is not critical
  double alternative = 0.15;  // chance a need also lists an alternative option
  bool probabilities = false; // give every firm a `probability:`
  bool scenarios = true;      // an entity listing and a ban to start from
  uint64_t seed = 1;
};

// Item ids are "t<tier>-<n>" (products: the top tier), firm ids "f<n>" or
// "f<n>.x" for every third firm (ids with a dot, which fault-tree tools
// reject). Scenario ids: "listing" (US lists two firms) and "ban".
std::string synthetic_model_yaml(const SyntheticSpec& spec);

// The deepest shape there is, for tests of output size and stack use: a
// chain i0 <- i1 <- ... <- i<length-1> (each item needs the one before, so
// the model is as deep as it is long), and `width` products p0.. each
// needing the last chain item. Firm "root" (US) makes i0, firm "f" (CN)
// everything else; scenario "s" bans "root", so every item is lost through
// the whole chain. Cost: linear in length + width.
std::string chain_model_yaml(uint32_t length, uint32_t width = 0);

}  // namespace decouple

#endif  // DECOUPLE_SYNTHETIC_MODEL_H_
