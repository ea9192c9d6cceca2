// Impact: what each vendor loses under a scenario, and why.
//
// compute_impact() summarises an evaluated LossState per firm: the supply
// edges cut into the firm, the items it can no longer make, and the items it
// still makes but with lost supply (a dead non-critical need, or current
// options lost). Only affected firms are listed, sorted by id. Explanations
// (reason chains) are built on demand by explain.h.
//
// At a date (presence.h), items not made then are never lost or degraded:
// they are listed apart, as not yet made or gone, and options absent then
// neither count as supply nor as lost supply (a need's shares split over
// its present current options).
#ifndef DECOUPLE_IMPACT_H_
#define DECOUPLE_IMPACT_H_

#include <vector>

#include "decouple/propagate.h"
#include "decouple/scenario.h"

namespace decouple {

// A need of a producible item that lost some or all of its current supply.
struct DegradedNeed {
  ItemIndex item = kNone;
  NeedIndex need = kNone;
  double lost_share = 0;  // share of today's supply lost, 0..1
  bool need_lost = false; // no live current option left (a non-critical need)
};

struct VendorImpact {
  FirmIndex firm = kNone;
  std::vector<uint32_t> cuts;        // indexes into ScenarioCuts::cuts of edges into the firm
  std::vector<ItemIndex> lost;       // sorted by id
  std::vector<DegradedNeed> degraded;
  bool banned = false;
};

struct Impact {
  std::vector<VendorImpact> vendors;  // affected firms, sorted by id
  size_t items_lost = 0;
  size_t items_degraded = 0;
  std::string at;                     // the day evaluated; empty: undated
  std::string known_at;               // --known-at as asked (evaluate() sets it); may be empty
  std::vector<ItemIndex> not_yet;     // absent at `at`, made later; sorted by id
  std::vector<ItemIndex> gone;        // absent at `at`, made no more; sorted by id
};

// The share of need `need`'s current supply carried by each current option:
// the given `share`, or an equal split of what the given shares leave.
// Options absent in `presence` (may be null) carry nothing and leave
// nothing: the split is over the present ones.
std::vector<double> current_shares(const Model& model, NeedIndex need,
                                   const Presence* presence = nullptr);

Impact compute_impact(const SupplyGraph& graph, const ScenarioCuts& cuts, const LossState& state);

}  // namespace decouple

#endif  // DECOUPLE_IMPACT_H_
