// The rules engine: when is an item subject to a jurisdiction's controls?
//
// An item supplied along an option (a supply edge) is subject to
// jurisdiction J when
//   - its origin is J (always), or
//   - a `de_minimis` action of J is in force and the item is foreign-made
//     (origin != J) with J-controlled content above the threshold for the
//     receiving firm's country, or
//   - a `foreign_direct_product` action of J names the receiving firm as a
//     target and the foreign-made item is made, within `depth` steps down
//     its chain of `means` needs, with means subject to J.
// Controlled content counts, for each current option of each content need,
// the need's value share times the option's supply share when the input is
// itself subject to J for that delivery (by any of the three rules), and
// nothing otherwise. Because subjection feeds content and content feeds
// subjection, the answer is the least fixpoint of a monotone system; see
// docs/algorithms.md ("Export-control reach").
//
// The rules read today's supply (current options) as the model states it,
// not what a scenario cut: an item's origin, content and tooling are facts
// about how it is made. So Reach is computed before any cut, once per
// scenario, from the applied actions, and never changes afterwards.
//
// At a date (presence.h), the rules read only what exists then: an absent
// option is not used (it adds no content and no means), and the shares of
// a need split over its present current options. Actions out of force at
// that date (`active`) set no rule.
//
// Ownership: a Reach points to the SupplyGraph (and through it the Model)
// it was built from; both must outlive it. It holds no pointer into the
// applied actions, so ScenarioCuts may be moved or copied freely.
// Cost: origin-only jurisdictions cost nothing; each jurisdiction with
// de minimis or direct-product actions costs O((items + options) * (k + D))
// time and O(items + options) memory, k the number of distinct de minimis
// thresholds and D the largest direct-product depth.
#ifndef DECOUPLE_RULES_H_
#define DECOUPLE_RULES_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "decouple/model.h"
#include "decouple/presence.h"

namespace decouple {

class SupplyGraph;
struct AppliedAction;

// Shares within this distance of a threshold count as at the threshold (not
// above it): YAML shares are decimal, their float sums are not.
inline constexpr double kShareTolerance = 1e-6;

// Why an item is subject to a jurisdiction.
struct Subjection {
  enum class Rule : uint8_t { kNone, kOrigin, kDeMinimis, kDirectProduct };
  Rule rule = Rule::kNone;
  uint32_t action = kNone;  // index into the applied actions of the rule's action, if any
  double share = 0;         // de minimis: the controlled content share
  double threshold = 0;     // de minimis: the threshold it exceeded
  Country jurisdiction;     // the jurisdiction asked about
  uint32_t depth = 0;       // direct product: length of the means path

  bool subject() const { return rule != Rule::kNone; }
};

// One input counted in an item's controlled content.
struct ContentContribution {
  OptionIndex option = kNone;  // a current option of a content need of the item
  double weight = 0;           // need share * supply share
  Subjection why;              // why that input is subject (for this delivery)
};

class Reach {
 public:
  Reach() = default;
  // `active` (empty: all) says, per applied action, whether it is in force;
  // `presence` (null: all present) what exists.
  Reach(const SupplyGraph& graph, std::span<const AppliedAction> applied,
        std::span<const uint8_t> active = {}, std::shared_ptr<const Presence> presence = nullptr);

  // Whether the item supplied along `option` is subject to `jurisdiction`.
  // When several rules apply, the first of origin, de minimis, direct
  // product is named.
  Subjection subject(OptionIndex option, Country jurisdiction) const;

  // One line saying why, e.g. "origin US", "de minimis: US-controlled
  // content of x is 31.0% > 25.0% threshold for CN (a 20.0%, b 11.0%)" or
  // "foreign direct product rule of US, depth 2: x made with y [means
  // 'litho'], made with z [means 'design'] of origin US".
  std::string describe(const Subjection& why, OptionIndex option) const;

  // The J-controlled content share of `item` (0 when J has no de minimis
  // action in force, or the item originates in J).
  double controlled_content(ItemIndex item, Country jurisdiction) const;
  // The inputs counted in `item`'s controlled content, largest first.
  std::vector<ContentContribution> contributors(ItemIndex item, Country jurisdiction) const;
  // For a direct-product subjection of the item supplied along `option`:
  // the means options from that item down to the means subject to J, in
  // order (the first is a means need option of the supplied item). Empty
  // for other rules.
  std::vector<OptionIndex> means_path(const Subjection& why, OptionIndex option) const;

  // One jurisdiction's settled state; defined in rules.cpp only.
  struct Jurisdiction;

 private:
  const Jurisdiction* find(Country jurisdiction) const;

  const SupplyGraph* graph_ = nullptr;
  // One per jurisdiction with de minimis or direct-product actions. Shared
  // and immutable, so copying a Reach (and a ScenarioCuts) is cheap.
  std::shared_ptr<const std::vector<Jurisdiction>> rules_;
  std::shared_ptr<const Presence> presence_;
};

}  // namespace decouple

#endif  // DECOUPLE_RULES_H_
