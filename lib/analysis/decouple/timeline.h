// Timelines: dated scenarios replayed in date order, step by step.
//
// Every scenario with a `date` is a step, except one that a scenario of
// the same date extends (it is part of that step). Steps run in date order (ties in
// file order). A step's state is, by default, its own scenario with the
// scenarios it `extends` (each step says what it builds on); when
// `cumulative`, it is every step up to and including it, each with its
// `extends`, in step order, each scenario applied once. Licenses are judged
// against the step's date, so one whose `until` has passed stops
// re-opening edges.
//
// For each step, and each firm something changed for, replay_timeline()
// reports the difference from the previous step (the first step is compared
// with a world where nothing is cut): supply edges newly cut, edges cut
// before and open now, edges a license newly re-opens, items newly lost and
// items producible again.
//
// Cost: one scenario evaluation (rules engine, cuts, loss propagation) per
// step, plus O(items + options) per step to compare; steps keep their
// ScenarioCuts so reports can explain them.
#ifndef DECOUPLE_TIMELINE_H_
#define DECOUPLE_TIMELINE_H_

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "decouple/graph.h"
#include "decouple/scenario.h"

namespace decouple {

// The dated scenarios in timeline order.
std::vector<ScenarioIndex> timeline_order(const Model& model);

// What changed for one firm at one step.
struct VendorChange {
  FirmIndex firm = kNone;
  std::vector<uint32_t> newly_cut;     // into the step's cuts.cuts: edges into the firm cut now, open before
  std::vector<OptionIndex> reopened;   // edges into the firm cut at the previous step, open now
  std::vector<uint32_t> licensed;      // into the step's cuts.restored: edges a license newly re-opens
  std::vector<ItemIndex> newly_lost;   // the firm's items lost now, producible before; by id
  std::vector<ItemIndex> recovered;    // the firm's items lost before, producible now; by id
  std::vector<NeedIndex> killing_need; // per newly_lost item: the need that died (kNone: banned)
  size_t edges_cut = 0;                // edges into the firm cut at this step, in all
  size_t items_lost = 0;               // the firm's items lost at this step, in all
};

struct TimelineStep {
  ScenarioIndex scenario = kNone;
  ScenarioCuts cuts;                  // the step's state
  std::vector<VendorChange> vendors;  // firms with a change, by id
  size_t edges_cut = 0;               // distinct edges cut at this step
  size_t items_lost = 0;
  size_t newly_cut = 0, reopened = 0, licensed = 0, newly_lost = 0, recovered = 0;
};

struct Timeline {
  bool cumulative = false;
  std::vector<FirmIndex> banned;  // the ad hoc ban, sorted
  std::vector<Action> ad_hoc;     // owns the ban action the steps' cuts point to
  std::vector<TimelineStep> steps;
};

// `banned` (an ad hoc blacklist, like impact's --ban) joins every step, and
// the replay starts from a world where only it applies: the first step
// shows what its scenario changes on top of the ban. Each step is
// evaluated at its own date (presence.h), with the links documented by
// `known_at` (empty: all).
Timeline replay_timeline(const SupplyGraph& graph, bool cumulative,
                         std::span<const FirmIndex> banned = {}, const std::string& known_at = "");

}  // namespace decouple

#endif  // DECOUPLE_TIMELINE_H_
