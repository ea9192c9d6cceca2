// Presence: what exists at a date, and what an analyst knew by another.
//
// A model may date its items (`introduced`, `discontinued`) and its supply
// links (`from`, `until`; docs/model-format.md, "Time"). Evaluated at day D,
//   - an item with introduced > D is "not yet"; one with discontinued <= D
//     is "gone";
//   - an option (a supply link) outside its window [from, until] is
//     absent; with `known_at` K, so is one whose `as_of` is later than K
//     (it had not been documented yet);
//   - an option whose supplied item (or whose consumer) is absent is
//     absent too, and an item
//     whose critical need has no present current option is not made at D
//     for commercial reasons: "not yet" when one of that need's current
//     options is absent because it starts later (a `from` after D, an
//     `as_of` after K, or a supplied item not yet made), else "gone".
// This is the greatest fixpoint of the same rule loss propagation applies
// (propagate.h), computed with it, from the dated facts alone: no action
// takes part. Absence is never a loss: evaluations leave absent items out
// of every lost and degraded count and list them apart.
//
// A Presence is immutable once built, and shared (a ScenarioCuts holds a
// shared_ptr to it, so copies of the cuts share one mask). presence_at()
// returns null when nothing is absent, and every consumer reads a null
// presence as "all present": an undated model pays nothing.
// Cost: O(items + needs + options) time and memory, once per (model, D, K).
#ifndef DECOUPLE_PRESENCE_H_
#define DECOUPLE_PRESENCE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/model.h"

namespace decouple {

class SupplyGraph;

// When a scenario is evaluated. Both dates are YYYY-MM-DD or empty.
//   at        the day evaluated; empty: the scenario's own date (and, for
//             an undated scenario, no day at all: everything is present
//             and every action applies, the timeless reading).
//   known_at  what was documented by then: options whose `as_of` is later
//             are absent. Empty: everything the model records.
struct When {
  std::string at;
  std::string known_at;
};

enum class Absence : uint8_t { kPresent, kNotYet, kGone };
std::string_view to_string(Absence absence);  // "present", "not yet", "gone"

class Presence {
 public:
  // Everything present.
  Presence() = default;
  // The mask at day `at` with what was known at `known_at` (either may be
  // empty: no date test of that kind).
  Presence(const SupplyGraph& graph, std::string at, std::string known_at);

  const std::string& at() const { return at_; }
  const std::string& known_at() const { return known_at_; }
  bool all_present() const { return closed_options_.empty() && dated_items_.empty(); }

  Absence item(ItemIndex item) const {
    return item_.empty() ? Absence::kPresent : static_cast<Absence>(item_[item]);
  }
  bool item_present(ItemIndex i) const { return item(i) == Absence::kPresent; }
  // Present: inside its own window, known, and both the supplied item and
  // the item with the need present.
  bool option_present(OptionIndex option) const {
    return option_.empty() || (option_[option] & 1) == 0;
  }
  // Why an option is absent by its own dates (not its item's): kNotYet
  // (before `from`, or documented after `known_at`), kGone (after
  // `until`), kPresent otherwise.
  Absence option_window(OptionIndex option) const {
    return option_.empty() ? Absence::kPresent : static_cast<Absence>(option_[option] >> 1);
  }

  // The dated facts the mask starts from: options outside their window or
  // not yet known, and items outside theirs, each in index order.
  std::span<const OptionIndex> closed_options() const { return closed_options_; }
  std::span<const ItemIndex> dated_items() const { return dated_items_; }
  // Every absent item, in the order absence reached it (a user after its
  // supplier).
  std::span<const ItemIndex> absent_items() const { return absent_; }

 private:
  std::string at_, known_at_;
  std::vector<uint8_t> item_;    // per item: Absence; empty when all present
  // Per option: bit 0 absent; bits 1-2 the Absence of its own window.
  std::vector<uint8_t> option_;
  std::vector<OptionIndex> closed_options_;
  std::vector<ItemIndex> dated_items_;
  std::vector<ItemIndex> absent_;
};

// The mask for `at` and `known_at`, or null when everything is present
// (no dates to test, or none excludes anything).
std::shared_ptr<const Presence> presence_at(const SupplyGraph& graph, std::string_view at,
                                            std::string_view known_at);

}  // namespace decouple

#endif  // DECOUPLE_PRESENCE_H_
