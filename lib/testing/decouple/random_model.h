// The random small model of the property tests: flat (any item may need
// any other, so chains, diamonds and supply cycles all turn up), as YAML
// for the real loader, with no scenarios (a test appends its own, drawing
// from the same Random). Each test asks for the shape it needs through
// RandomModelSpec; the defaults are the plain loss-propagation shape.
//
// Every text loads: suppliers are other items, a critical need's first
// option is current, shares on one need's options (and content shares of
// one item) sum to at most 1 and are multiples of 1/share_parts, so sums
// are exact whatever their order. Ids: firms "f<k>", items "i<k>" (all of
// kind chip), needs "n<k>" per item.
//
// Deterministic on every compiler and standard library: it draws only from
// decouple::Random (SplitMix64, random.h), one draw per statement, so the
// same spec and stream give the same text everywhere. Cost: linear in the
// size of the model drawn.
//
// The builders after it change a loaded model: demote_first_options (the
// shape the loader refuses) and make_uncertain (link confidences).
//
// Tiered models the size of a benchmark are synthetic_model.h's.
#ifndef DECOUPLE_TESTING_RANDOM_MODEL_H_
#define DECOUPLE_TESTING_RANDOM_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "decouple/model.h"
#include "decouple/random.h"

namespace decouple::testing {

struct RandomModelSpec {
  // Firms: how many, drawn in [min_firms, max_firms]. The first ones get
  // `fixed_countries` in order (so a test can count on a US and a CN firm),
  // every other one a country drawn from `countries` ("none" is allowed).
  uint32_t min_firms = 1;
  uint32_t max_firms = 4;
  std::vector<std::string> fixed_countries;
  std::vector<std::string> countries = {"CN"};
  // Items: how many, drawn in [min_items, max_items]; each made by a firm
  // drawn uniformly. With chance `origin` an item gets an `origin:` drawn
  // from `origins`.
  uint32_t min_items = 1;
  uint32_t max_items = 12;
  double origin = 0;
  std::vector<std::string> origins = {"US", "CN", "TW", "JP"};
  // The first items' makers in order (firm numbers below min_firms, so a
  // test can make i0 a part of its American firm); every other maker is
  // drawn uniformly. With chance `value` an item gets a `value:` in 1..100.
  std::vector<uint32_t> fixed_makers;
  double value = 0;
  // Leaves: the first `first_leaves` and the last `last_leaves` items need
  // nothing (raw parts, and with `later_supplier` the bottom of a layered
  // model).
  uint32_t first_leaves = 0;
  uint32_t last_leaves = 0;
  // Needs: min_needs..max_needs an item (none in a one-item model, or in a
  // leaf). A need is not
  // critical with chance `non_critical`, has role `means` with chance
  // `means` (the role is written only when means > 0), and gets a share of
  // the item's value with chance `need_share` (content needs share what
  // their item's earlier content needs left of 1; means needs any share).
  uint32_t min_needs = 0;
  uint32_t max_needs = 3;
  double non_critical = 0.25;
  double means = 0;
  double need_share = 0;
  // Options: min_options..max_options a need, each supplied by another
  // item: with chance `supplier_i0` a need's first option by item i0 (a
  // part many items share, so that cutting it reaches far); otherwise, with
  // chance `later_supplier` and when there is one, by a later item drawn
  // uniformly (a layered model, the remaining draws closing cycles);
  // otherwise by any other item drawn uniformly. With `distinct_suppliers`
  // a supplier drawn twice for one need is dropped (the need keeps at least
  // one option); otherwise a need may list an item twice. Each option but a
  // critical need's first (every need's first with `first_option_current`)
  // is an alternative with chance `alternative`; each gets a share of its
  // need's supply with chance `option_share` (from what the need's earlier
  // shares left of 1), and with chance `terms` a lead_time, capability and
  // cost, each drawn uniformly from its list.
  uint32_t min_options = 1;
  uint32_t max_options = 3;
  double supplier_i0 = 0;
  double later_supplier = 0;
  bool distinct_suppliers = false;
  bool first_option_current = false;
  double alternative = 0.25;
  double option_share = 0;
  double terms = 0;
  std::vector<std::string> lead_times = {"0", "3", "6", "12"};
  std::vector<std::string> capabilities = {"0.25", "0.5", "0.75", "1"};
  std::vector<std::string> costs = {"0.5", "1", "1.25", "1.5", "2"};
  // Shares are multiples of 1/share_parts.
  uint32_t share_parts = 8;
};

struct RandomModel {
  std::string yaml;  // ends in the items: append "scenarios:\n..." freely
  uint32_t firms = 0;
  uint32_t items = 0;
};

// A model of the spec's shape drawn from `random` (which advances).
RandomModel random_model(const RandomModelSpec& spec, Random& random);

// The one builder of models the loader refuses, for code that takes a
// Model from anywhere (a library user may build one without the loader):
// with chance `unmet`, each critical need whose first option is current
// gets that option turned into an alternative, so a critical need may have
// no current option at all and its item is lost before any action. After
// random_model with `alternative` equal to `unmet` (and
// first_option_current off), every option of every need is an alternative
// with that one chance. One draw per critical need whose first option is
// current, in need order.
void demote_first_options(Model& model, double unmet, Random& random);

// Uncertain links for the risk tests: walking the options in order, each
// current one, with chance `chance`, gets a confidence k/parts with k drawn
// in 1..parts-1 (so it is neither certain nor impossible), until `count`
// have one. Returns those options, in order. Two draws per option chosen,
// one per current option passed over.
std::vector<OptionIndex> make_uncertain(Model& model, Random& random, size_t count, double chance,
                                        uint32_t parts);

// A number in [lo, hi] drawn from `random`; lo <= hi.
inline uint32_t draw_between(Random& random, uint32_t lo, uint32_t hi) {
  return lo + static_cast<uint32_t>(random.below(uint64_t{hi} - lo + 1));
}

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTING_RANDOM_MODEL_H_
