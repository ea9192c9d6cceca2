// Loss propagation: which items can no longer be made once edges are cut.
//
// Semantics (greatest fixpoint): every item is producible until a cut
// removes it. An option is dead when its edge is cut or its supplied item is
// lost; an item is lost when its maker is banned or some critical need has
// no live *current* option. Cycles of mutual supply keep themselves alive
// unless a cut breaks them. Alternatives (status: alternative) never keep an
// item alive: they are what a recovery plan could switch to.
//
// LossState keeps a counter of live current options per need and a worklist,
// so a full evaluation is O(items + needs + options) and applying one more
// cut to an evaluated state costs only what that cut changes. Cuts only
// ever remove: the state is monotone, and reset() starts over (or
// rollback() returns to a mark). Making a state costs O(1): its arrays are
// copy-on-write copies of the graph's starting state (cow_array.h), so a
// question on a fresh state pays for the pages it touches, not for the
// model.
//
// Absence (presence.h): at a date, some options and items do not exist.
// apply() removes them first when the cuts carry a Presence, with the same
// propagation; they and everything that dies of them are *absent*, not
// lost. lost(), lost_items() and lost_order() leave absent items out;
// dead() and option_dead() count them (an absent supplier supplies
// nothing). With nothing absent the state is exactly as without dates.
#ifndef DECOUPLE_PROPAGATE_H_
#define DECOUPLE_PROPAGATE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "decouple/graph.h"
#include "decouple/scenario.h"

namespace decouple {

class LossState {
 public:
  explicit LossState(const SupplyGraph& graph);

  // Back to "nothing cut, nothing absent": O(what was cut and lost since,
  // and their options).
  void reset();
  // Makes absent what does not exist at a date: `closed` options (by their
  // own window) and `dated` items (by theirs), then propagates. Starts
  // from nothing cut (it resets first). Presence is built with this;
  // apply() calls it for a ScenarioCuts' presence.
  void remove(std::span<const OptionIndex> closed, std::span<const ItemIndex> dated);
  // Applies every cut and ban of `cuts` and propagates.
  void apply(const ScenarioCuts& cuts);

  // Incremental steps; each propagates before returning. Cutting an edge
  // already dead or banning a banned firm changes nothing.
  void cut_option(OptionIndex option);
  void ban_firm(FirmIndex firm);

  // Undo log, for what-if questions (what_if.h): mark() remembers the
  // current state; the changes made after it (cuts, bans, losses) are
  // logged, and rollback() undoes them, back to the mark, in time
  // proportional to what changed, not to the model. One mark at a time:
  // mark() again moves it; rollback() keeps it, so a caller can try
  // many changes against one base. reset() drops the mark.
  void mark();
  void rollback();
  bool marked() const { return logging_; }
  // Items lost since the mark, in the order they were lost.
  std::span<const ItemIndex> lost_since_mark() const {
    return std::span<const ItemIndex>(lost_list_).subspan(logging_ ? mark_lost_ : lost_list_.size());
  }

  // Lost to the cuts (an absent item is not lost).
  bool lost(ItemIndex item) const { return lost_order_[item] > absent_count_; }
  // Absent at the date (remove()): not made, for no action's sake.
  bool absent(ItemIndex item) const { return dead(item) && lost_order_[item] <= absent_count_; }
  // Not made: lost or absent.
  bool dead(ItemIndex item) const { return lost_order_[item] != 0; }
  // Position in the order items were lost (0 = first), kNone when not lost.
  uint32_t lost_order(ItemIndex item) const {
    return lost(item) ? lost_order_[item] - 1 - absent_count_ : kNone;
  }
  // The critical need whose last live current option died, or kNone when
  // the item was lost because its maker is banned (or is not lost).
  NeedIndex killing_need(ItemIndex item) const { return killing_need_[item] - 1; }
  bool banned(FirmIndex firm) const { return banned_[firm]; }
  // Cut by an action (an option closed by its dates is not cut).
  bool option_cut(OptionIndex option) const { return option_cut_[option] == kCut; }
  // Absent at the date: closed by its own window, or its item absent.
  bool option_absent(OptionIndex option) const {
    return option_cut_[option] == kClosed || absent(graph_.model().options[option].item);
  }
  // Dead: cut, closed, or its supplied item lost or absent.
  bool option_dead(OptionIndex option) const {
    return option_cut_[option] || dead(graph_.model().options[option].item);
  }
  uint32_t live_current(NeedIndex need) const { return graph_.current_counts()[need] - dead_current_[need]; }
  // Items lost, in the order they were lost.
  std::span<const ItemIndex> lost_items() const {
    return std::span<const ItemIndex>(lost_list_).subspan(absent_count_);
  }
  // Items absent (remove()), in the order absence reached them.
  std::span<const ItemIndex> absent_items() const {
    return std::span<const ItemIndex>(lost_list_).first(absent_count_);
  }

 private:
  void lose(ItemIndex item, NeedIndex need);
  void set_banned(FirmIndex firm);  // both: not yet banned / cut; no drain
  void set_cut(OptionIndex option, uint8_t how);
  void kill_option(OptionIndex option);
  // One current option of `need` died.
  void kill_current(NeedIndex need);
  void drain();
  // Position of `option` in graph_.users_of(its item), as an index into
  // user_need_: O(log users).
  uint32_t user_slot(OptionIndex option) const;
  // Undoes set_cut's change to user_need_.
  void uncut(OptionIndex option);

  const SupplyGraph& graph_;
  // Every per-need, per-option, per-item and per-firm array starts as a
  // copy-on-write copy of the graph's templates (graph.h) or of zeros
  // (cow_array.h): making a state costs O(1), and a question pays for the
  // pages it touches, not for the model (issue #19). Zero means "nothing
  // happened yet" everywhere, which is why lost_order_ and killing_need_
  // hold their value plus one (kNone + 1 wraps to 0), and why a need's
  // counter counts its dead current options up from zero (dead_current_)
  // instead of its live ones down from the graph's count: an array of
  // zeros is written on fresh huge pages, a copy of a template on 4 KiB
  // pages copied one fault at a time (huge_pages.h; at 1M items a 1% ban
  // writes nearly every page of the 6 MB array).
  //
  // user_need_ is the one array the drain reads per user, in order: per
  // position of graph_.first_user(), the option's need when it counts (a
  // live-or-lost current option not cut), else sink_ (an alternative, or a
  // cut option: either never counts when its supplier is lost). sink_ is
  // one extra need, never critical, whose counter cannot reach zero, so the
  // drain decrements without a branch on the option's kind and never reads
  // a per-option cut flag (measured: that random byte per user was most of
  // the gap to a plain CSR propagation). Cutting an option points its entry
  // at sink_; reset() and rollback() point it back.
  NeedIndex sink_ = 0;                    // = number of needs
  CowArray<NeedIndex> user_need_;         // per position of graph_.first_user()
  // Per need, and sink_: how many of its current options are dead; it is
  // lost when this reaches graph_.current_counts()[need] (never, for sink_).
  CowArray<uint32_t> dead_current_;
  // Per option: kOpen, kCut (by an action) or kClosed (absent by its dates).
  enum : uint8_t { kOpen = 0, kCut = 1, kClosed = 2 };
  CowArray<uint8_t> option_cut_;
  // lost_list_[0, absent_count_) are the absent items (remove()).
  uint32_t absent_count_ = 0;
  CowArray<uint8_t> banned_;              // per firm
  CowArray<uint32_t> lost_order_;         // per item: position in lost_list_ + 1; 0: not dead
  CowArray<NeedIndex> killing_need_;      // per item: killing need + 1
  std::vector<ItemIndex> lost_list_;
  size_t drained_ = 0;  // lost_list_[drained_..] still to propagate
  // Every cut and ban made since reset(), so reset() and rollback() undo
  // only what changed.
  std::vector<OptionIndex> cut_list_;
  std::vector<FirmIndex> ban_list_;

  // The undo log (empty unless marked).
  bool logging_ = false;
  size_t mark_lost_ = 0, mark_cuts_ = 0, mark_bans_ = 0;  // list sizes at the mark
  std::vector<NeedIndex> undo_counts_;  // one entry per dead_current_ increment
};

}  // namespace decouple

#endif  // DECOUPLE_PROPAGATE_H_
