// Trajectories: the dated path of loss and recovery, with stock and lead
// times (docs/algorithms.md, "Trajectory").
//
// The dated events of a model (each dated scenario step, action and licence
// windows, items introduced and discontinued, links' from/until) split time
// into intervals in which nothing changes by law or by commerce: the same
// options are closed, the same firms banned, the same items exist. Within an
// interval items only ever run out; at an event anything may change.
//
// Stock (docs/model-format.md): an option's `stock` keeps a link delivering
// for that many months after it dies (cut, or its supplier stopped); a
// need's `stock` keeps the need met for that many months after its last
// current option stopped delivering. An item is made at day t when it
// exists, its maker is not banned, and every critical need is met at t: a
// current option delivers (open and its supplier made, or within its own
// stock since it died) or the need is within its stock since it ran dry.
// Stock is full whenever supply flows: a link cut and reopened before its
// stock ran out loses nothing, and the next cut starts on full stock. Of
// all the sets of items that satisfy this at day t, the largest is the one
// made (the greatest fixpoint, as propagate.h): cycles of mutual supply
// keep themselves alive unless something cuts them.
//
// StockClock computes it interval by interval: for each interval, when each
// item stops being made if nothing changes again, by a Dijkstra-like
// propagation keyed by date (Knuth's generalisation: an option ends at its
// death plus its stock, a need runs dry at the max of its current options'
// ends, an item stops at the min over its critical needs of dry + stock).
// What was already dead when the interval began keeps the day it died.
// Cost: O((items + options) log(items + options)) per interval.
//
// build_trajectory() adds the meaning: per item, the intervals in which it
// is ok, degraded (made, but some current supply is dead), lost, recovered
// (its best recovery plan, alternatives.h, has landed: lead times run from
// the day the item's trouble began, and an option whose supplier is not yet
// introduced waits for it), not yet introduced or gone, each with a reason.
#ifndef DECOUPLE_TRAJECTORY_H_
#define DECOUPLE_TRAJECTORY_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/graph.h"
#include "decouple/progress.h"
#include "decouple/scenario.h"

namespace decouple {

// Days since 1970-01-01 (date.h); kNever: not within the regime.
using Day = int64_t;
inline constexpr Day kNever = std::numeric_limits<Day>::max();

// What holds during one interval, from `start` on.
struct Closure {
  Day start = 0;
  std::vector<OptionIndex> closed;  // options cut: they deliver nothing new
  std::vector<ItemIndex> stopped;   // items not made whatever their supply (banned maker)
  // What does not exist (presence.h): absent options and items deliver
  // nothing either, but their loss is commercial and degrades no one.
  std::vector<OptionIndex> absent_options;
  std::vector<ItemIndex> absent_items;
};

class StockClock {
 public:
  explicit StockClock(const SupplyGraph& graph);

  // Starts the next interval (closure.start later than the previous one's)
  // and computes, for its closure held forever, when each item stops.
  void advance(const Closure& closure);

  Day start() const { return start_; }
  // The day the item stops being made (<= start(): already stopped), kNever if never.
  Day stops(ItemIndex item) const { return stops_[item]; }
  // The first day some current option of the item is dead, kNever if none.
  Day degraded(ItemIndex item) const { return degraded_[item]; }
  // The current option whose death gave degraded(item).
  OptionIndex degraded_by(ItemIndex item) const { return degraded_by_[item]; }
  // The critical need that ran dry first (kNone: the item was stopped).
  NeedIndex dry_need(ItemIndex item) const { return dry_need_[item]; }
  // The day the need's current options stopped delivering (kNever: they do).
  Day dry(NeedIndex need) const { return dry_[need]; }
  // The day the option died (cut or its supplier stopped), kNever if live.
  Day died(OptionIndex option) const { return died_[option]; }
  // The current option of the need that stopped delivering last.
  OptionIndex last_option(NeedIndex need) const { return last_option_[need]; }
  // Stock in days (months times kDaysPerMonth, rounded).
  Day option_stock(OptionIndex option) const { return option_stock_[option]; }
  Day need_stock(NeedIndex need) const { return need_stock_[need]; }

 private:
  void kill(OptionIndex option, Day day, bool degrades);

  const SupplyGraph& graph_;
  std::vector<Day> option_stock_, need_stock_;
  std::vector<uint32_t> current_count_;  // per need
  Day start_ = std::numeric_limits<Day>::min();
  // This interval.
  std::vector<Day> stops_, degraded_, dry_, died_;
  std::vector<NeedIndex> dry_need_;
  std::vector<OptionIndex> degraded_by_;
  std::vector<OptionIndex> last_option_;
  std::vector<uint32_t> live_;  // per need: current options still delivering
  std::vector<uint8_t> absent_;  // per item: absent this interval
  // Carried from the previous interval: the day the run began, for options
  // dead and needs dry on its last day (else kNever).
  std::vector<Day> was_dead_, was_dry_;
  struct Event {
    Day day;
    uint32_t index;  // option, or item | kItemBit
    NeedIndex need;  // for an item: the need that ran dry, kNone: stopped
    // Ties in index order, so causes never depend on the heap's layout.
    bool operator>(const Event& other) const {
      return day != other.day ? day > other.day : index != other.index ? index > other.index : need > other.need;
    }
  };
  std::vector<Event> heap_;
};

enum class ItemState : uint8_t { kOk, kDegraded, kLost, kRecovered, kNotYet, kGone };
std::string_view to_string(ItemState state);

// One interval of one item's trajectory: [from, until), until kNever: open.
struct Segment {
  ItemState state = ItemState::kOk;
  Day from = 0;
  Day until = kNever;
  std::string reason;
};

struct ItemTrajectory {
  ItemIndex item = kNone;
  std::vector<Segment> segments;  // in time order, from the first event on
  // The first disruption: the day its trouble began (kNever: none), and the
  // times to survive (until it stops: kNever if it never does) and to
  // recover (until its best plan lands: kNever if none), in days after it.
  Day cut = kNever;
  Day survive = kNever;
  Day recover = kNever;
};

// A dated event, for the chart and the report.
struct DatedEvent {
  Day day = 0;
  std::string what;
};

struct Trajectory {
  Day first = 0;                     // the first event's day
  Day until = kNever;                // the horizon asked for
  std::vector<DatedEvent> events;    // in date order
  std::vector<ItemTrajectory> items; // affected items, by maker id then item id
  size_t intervals = 0;              // intervals computed
};

struct TrajectoryOptions {
  Day until = kNever;  // events after it are ignored, intervals clipped at it
  Progress progress;   // optional: intervals computed
};

// The trajectory of every item that is ever degraded, lost, recovered, or
// whose existence changes, over the model's dated events. Empty when the
// model has no dated scenario. Cost: per interval, one scenario evaluation
// (apply_actions), StockClock::advance, and one recovery search.
Trajectory build_trajectory(const SupplyGraph& graph, const TrajectoryOptions& options);

}  // namespace decouple

#endif  // DECOUPLE_TRAJECTORY_H_
