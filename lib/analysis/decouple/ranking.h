// Ranking suppliers: the damage each candidate firm does when cut off alone,
// and, given per-firm cut-off probabilities, the exact probability that each
// target is lost with the standard importance measures of every firm.
//
// Probabilities: firm f is cut off with probability p_f, independently of
// the others: the firm's `probability:` when given, else the default (the
// command line's --probability), else 0 (never cut). Each target's loss is
// a monotone Boolean function of the cut-offs (fault_tree.h); its BDD gives
// P(T) exactly and, in one more pass, Birnbaum's measure of every firm, from
// which the others follow (docs/algorithms.md):
//   Birnbaum        B_i   = P(T | i cut) - P(T | i kept)
//   Fussell-Vesely  FV_i  = (P(T) - P(T | i kept)) / P(T)
//   risk achievement worth  RAW_i = P(T | i cut) / P(T)
//   risk reduction worth    RRW_i = P(T) / P(T | i kept)
// A ratio with a zero denominator is NaN when its numerator is zero too and
// +infinity otherwise. A target whose BDD exceeds the node budget gets an
// error message instead of numbers; the others are unaffected.
#ifndef DECOUPLE_RANKING_H_
#define DECOUPLE_RANKING_H_

#include <string>
#include <vector>

#include "decouple/chokepoints.h"

namespace decouple {

struct FirmImportance {
  FirmIndex firm = kNone;
  double probability = 0;  // p_i
  double if_cut = 0;       // P(T | i cut)
  double if_kept = 0;      // P(T | i never cut)
  double birnbaum = 0;
  double fussell_vesely = 0;
  double raw = 0;
  double rrw = 0;
};

struct TargetRisk {
  ItemIndex target = kNone;
  bool already_lost = false;
  double probability = 0;  // P(target lost)
  // Firms the target's loss depends on, highest Fussell-Vesely first, then
  // Birnbaum, then id.
  std::vector<FirmImportance> firms;
  size_t bdd_nodes = 0;
  std::string error;  // set when the BDD did not fit the budget
};

struct RankOptions {
  double default_probability = -1;  // < 0: firms without `probability:` are never cut
  size_t max_nodes = kDefaultMaxNodes;
  bool verify = true;  // as SpofOptions::verify
  Progress progress;   // optional: as SpofOptions, then probability gates and targets
};

struct RankReport {
  std::vector<FirmDamage> damage;  // every candidate, as SpofReport::damage
  // Whether any candidate has a probability: without, `targets` is empty.
  bool probabilities = false;
  size_t without_probability = 0;  // candidates counted as never cut
  std::vector<TargetRisk> targets;
};

// Per firm: its cut-off probability under the rules above.
std::vector<double> cut_off_probabilities(const Model& model, double default_probability);

// Items no option names (nothing needs them): the end products.
std::vector<ItemIndex> end_items(const SupplyGraph& graph);

Result<RankReport> rank_firms(const Chokepoints& chokepoints, std::span<const ItemIndex> targets,
                              const RankOptions& options = {});

}  // namespace decouple

#endif  // DECOUPLE_RANKING_H_
