// Uncertain links: how likely each item is to be lost under a scenario when
// some supply links may not exist, and which of those links matter most.
//
// Probability model: an option's `confidence` c is the probability that its
// supply link exists, independently of every other link (confidence 1, the
// default, is a certain link). An absent link is dead, exactly like a cut
// edge; alternatives never keep an item alive (propagate.h), so only
// current options can be uncertain in effect. In one random world of which
// links exist, an item is lost when the loss propagation, with the
// scenario's cuts and the absent links both applied, says so. Because
// absence only ever removes edges, an item lost by the scenario alone is
// lost in every world (probability 1, method kScenario).
//
// The link's absence probability q = 1 - c is read back from the model's
// single-precision confidence as the nearest multiple of 1e-6, which is the
// decimal the model file wrote.
//
// Exact method: the fault tree of every target (fault_tree.h) with one
// basic event per uncertain link, its BDD (fault_tree_diagrams.h) and, by
// Shannon expansion, P(lost) = q P(lost | absent) + (1 - q) P(lost | present)
// at each node, bottom-up. Supply cycles are solved as the fault tree
// solves them (least fixpoint by Jacobi iteration), so a cycle keeps itself
// alive in every world where no absent link breaks it. Exact while the
// diagram stays within `max_nodes` nodes.
//
// Monte Carlo: `samples` worlds, each drawn link by link, propagated
// incrementally on a marked LossState and rolled back. Samples come in
// fixed blocks of kBlock; block b draws from stream_seed(seed, b) and the
// threads take blocks in a fixed pattern, and every tally is an integer
// sum, so the result depends on the seed and the sample count only, never
// on the thread count or scheduling. Per item the interval is Wilson's
// score interval at 95% (z = 1.959964).
//
// Importance of a link l (Birnbaum): B_l = P(lost | l absent) -
// P(lost | l present), how much the answer moves between the two ways a
// researcher could find the fact. Aggregated over several items it is the
// sum of their B_l, i.e. how much the expected number of items lost moves.
// Exact from the BDD in one top-down pass over all targets at once (the
// probability of reaching each node times the difference of its children's
// probabilities); by Monte Carlo as the difference of the mean number of
// items lost in the worlds where l was absent and where it was present,
// with a 95% normal half-width. Cost: exact, O(diagram nodes + levels)
// after building the diagram; Monte Carlo, O(samples x (uncertain links +
// what each world's absent links change)) split over `threads`.
#ifndef DECOUPLE_RISK_H_
#define DECOUPLE_RISK_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "decouple/diagnostic.h"
#include "decouple/graph.h"
#include "decouple/progress.h"
#include "decouple/mef_export.h"
#include "decouple/scenario.h"
#include "decouple/zbdd.h"

namespace decouple {

enum class RiskMethod : uint8_t {
  kAuto,        // exact, Monte Carlo for what does not fit the node budget
  kExact,       // exact only: what does not fit is reported as an error
  kMonteCarlo,  // Monte Carlo for everything
};

struct RiskOptions {
  RiskMethod method = RiskMethod::kAuto;
  size_t max_nodes = 4'000'000;  // decision-diagram node budget (about 64 MB)
  uint64_t samples = 100'000;    // Monte Carlo worlds
  uint64_t seed = 1;
  unsigned threads = 2;          // Monte Carlo worker threads (at least 1)
  // Optional: the exact method's diagram gates, then, on the calling
  // thread about ten times a second while sampling, the worlds done.
  Progress progress;
};

enum class ItemMethod : uint8_t { kScenario, kExact, kMonteCarlo, kNone };
std::string_view to_string(ItemMethod method);

struct ItemRisk {
  ItemIndex item = kNone;
  ItemMethod method = ItemMethod::kExact;
  double probability = 0;  // P(lost); the estimate for Monte Carlo
  double low = 0, high = 0;  // 95% interval; both = probability when not sampled
  uint64_t lost_samples = 0;  // Monte Carlo: worlds where the item was lost
  std::string error;          // kNone: why there is no number
};

struct LinkImportance {
  OptionIndex option = kNone;
  double absent = 0;      // q = 1 - confidence
  double if_absent = 0;   // sum over the items of P(lost | link absent)
  double if_present = 0;  // sum over the items of P(lost | link present)
  double birnbaum = 0;    // if_absent - if_present
  double half_width = 0;  // 95% half-width of the Monte Carlo part; 0 when exact
  bool sampled = false;   // some of it comes from Monte Carlo
};

struct RiskReport {
  size_t uncertain_links = 0;  // current options with confidence < 1 in the model
  size_t open_links = 0;       // of those, the ones the scenario leaves open and that matter
  // The items asked about (all: every item with P(lost) > 0), highest
  // probability first, then by id.
  std::vector<ItemRisk> items;
  // Every open uncertain link the items' loss depends on (exactly zero
  // importance left out, unless sampled), largest importance first, then
  // by position in the model.
  std::vector<LinkImportance> links;
  double expected_lost = 0;  // sum of P(lost) over the items
  size_t bdd_nodes = 0;      // nodes of the diagram, when exact
  uint64_t samples = 0;      // worlds drawn, 0 when everything was exact
  uint64_t seed = 0;
  static constexpr uint64_t kBlock = 1024;
};

// q for an option (1 - confidence, as the model file wrote it).
double absence_probability(const Option& option);

// `targets` empty: every item. The scenario (or no actions) is `cuts`.
Result<RiskReport> assess_risk(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               std::span<const ItemIndex> targets, const RiskOptions& options = {});

// The targets' fault tree with one basic event per open uncertain link
// (l_... in mef_export.h), each valued with its absence probability, as
// Open-PSA MEF for other fault-tree tools (tests check SCRAM against
// assess_risk with it). Targets lost by the scenario alone are constant.
// `targets` empty: every item.
Result<MefExport> export_risk_mef(const SupplyGraph& graph, const ScenarioCuts& cuts,
                                  std::span<const ItemIndex> targets);

// Wilson's score interval for `k` successes in `n` trials at normal quantile z.
std::pair<double, double> wilson_interval(uint64_t k, uint64_t n, double z = 1.959963984540054);

}  // namespace decouple

#endif  // DECOUPLE_RISK_H_
