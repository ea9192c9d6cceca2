#include "decouple/risk.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include <fmt/format.h>

#include "decouple/fault_tree.h"
#include "decouple/fault_tree_diagrams.h"
#include "decouple/propagate.h"
#include "decouple/random.h"

namespace decouple {
namespace {

constexpr double kZ95 = 1.959963984540054;

// The links that can change anything under the base state: current options
// of critical needs, still open, between two items the scenario leaves alive.
std::vector<OptionIndex> open_uncertain_links(const Model& model, const LossState& base, size_t& in_model) {
  std::vector<OptionIndex> open;
  in_model = 0;
  for (OptionIndex o = 0; o < model.options.size(); ++o) {
    const Option& option = model.options[o];
    if (!option.is_current() || absence_probability(option) <= 0) continue;
    ++in_model;
    if (!model.needs[option.need].critical || base.option_cut(o) || base.option_absent(o) ||
        base.lost(option.item) || base.dead(model.consumer_of(o)))
      continue;
    open.push_back(o);
  }
  return open;
}

// Per link (position in the open list): the Birnbaum sum of the exact targets.
struct ExactPart {
  std::vector<double> birnbaum;
  double expected = 0;  // sum of P(lost) of the exact targets
};

// Probabilities of every target's BDD and the aggregated Birnbaum measure
// of every level, from one bottom-up and one top-down pass over the table
// (children have smaller handles than their parents).
void measure(const TargetFunctions& functions, std::span<const size_t> link_slot, std::span<const double> q_of_slot,
             std::vector<double>& probability_of_target, ExactPart& part) {
  const NodeTable& table = functions.bdd->table();
  const std::vector<OptionIndex>& link_at_level = functions.order.link_at_level;
  std::vector<double> q(link_at_level.size());
  std::vector<size_t> slot(link_at_level.size());
  for (uint32_t l = 0; l < q.size(); ++l) {
    slot[l] = link_slot[link_at_level[l]];
    q[l] = q_of_slot[slot[l]];
  }
  DdNode top = 1;
  for (DdNode f : functions.function) top = std::max(top, f);
  // Only the nodes under the roots: the table may hold others (garbage not
  // yet compacted away, which must not be read).
  std::vector<uint8_t> used(top + 1, 0);
  for (DdNode f : functions.function) used[f] = 1;
  for (DdNode n = top; n >= 2; --n) {
    if (!used[n]) continue;
    used[table[n].low] = used[table[n].high] = 1;
  }
  std::vector<double> p(top + 1, 0.0), reach(top + 1, 0.0);
  p[1] = 1;
  for (DdNode n = 2; n <= top; ++n) {
    if (!used[n]) continue;
    const NodeTable::Node& node = table[n];
    p[n] = (1 - q[node.level]) * p[node.low] + q[node.level] * p[node.high];
  }
  probability_of_target.clear();
  for (DdNode f : functions.function) {
    probability_of_target.push_back(p[f]);
    reach[f] += 1;
  }
  for (DdNode n = top; n >= 2; --n) {
    if (reach[n] == 0) continue;
    const NodeTable::Node& node = table[n];
    reach[node.low] += (1 - q[node.level]) * reach[n];
    reach[node.high] += q[node.level] * reach[n];
    part.birnbaum[slot[node.level]] += reach[n] * (p[node.high] - p[node.low]);
  }
  for (double x : probability_of_target) part.expected += x;
}

// Integer tallies of a share of the worlds; merged by addition.
struct Tally {
  std::vector<uint64_t> lost;                           // per sampled target
  std::vector<uint64_t> absent, sum_absent, sq_absent;  // per open link
  uint64_t sum = 0, sq = 0;                             // items lost per world, and squared
  void resize(size_t targets, size_t links) {
    lost.assign(targets, 0);
    absent.assign(links, 0);
    sum_absent.assign(links, 0);
    sq_absent.assign(links, 0);
  }
  void add(const Tally& t) {
    for (size_t k = 0; k < lost.size(); ++k) lost[k] += t.lost[k];
    for (size_t k = 0; k < absent.size(); ++k) {
      absent[k] += t.absent[k];
      sum_absent[k] += t.sum_absent[k];
      sq_absent[k] += t.sq_absent[k];
    }
    sum += t.sum;
    sq += t.sq;
  }
};

Tally sample_worlds(const SupplyGraph& graph, const ScenarioCuts& cuts, std::span<const OptionIndex> open,
                    std::span<const double> q, std::span<const ItemIndex> sampled, const RiskOptions& options) {
  const Model& model = graph.model();
  std::vector<uint32_t> sampled_slot(model.items.size(), kNone);
  for (size_t k = 0; k < sampled.size(); ++k) sampled_slot[sampled[k]] = static_cast<uint32_t>(k);
  const uint64_t total = options.samples;
  const uint64_t blocks = (total + RiskReport::kBlock - 1) / RiskReport::kBlock;
  const unsigned threads = std::max(1u, options.threads);
  std::vector<Tally> tallies(threads);
  std::atomic<uint64_t> done{0};
  std::atomic<unsigned> finished{0};
  auto work = [&](unsigned t) {
    Tally& tally = tallies[t];
    tally.resize(sampled.size(), open.size());
    LossState state(graph);
    state.apply(cuts);
    state.mark();
    std::vector<uint32_t> absent;
    for (uint64_t b = t; b < blocks; b += threads) {
      Random random(stream_seed(options.seed, b));
      uint64_t count = std::min<uint64_t>(RiskReport::kBlock, total - b * RiskReport::kBlock);
      for (uint64_t s = 0; s < count; ++s) {
        absent.clear();
        for (uint32_t k = 0; k < open.size(); ++k) {
          if (random.uniform() < q[k]) {
            absent.push_back(k);
            state.cut_option(open[k]);
          }
        }
        uint64_t lost = 0;
        for (ItemIndex item : state.lost_since_mark()) {
          uint32_t slot = sampled_slot[item];
          if (slot == kNone) continue;
          ++tally.lost[slot];
          ++lost;
        }
        tally.sum += lost;
        tally.sq += lost * lost;
        for (uint32_t k : absent) {
          ++tally.absent[k];
          tally.sum_absent[k] += lost;
          tally.sq_absent[k] += lost * lost;
        }
        state.rollback();
      }
      done += count;
    }
    ++finished;
  };
  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) workers.emplace_back(work, t);
  if (options.progress) {
    while (finished.load() < threads) {
      options.progress("worlds", done.load(), total);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    options.progress("worlds", total, total);
  }
  for (std::thread& w : workers) w.join();
  Tally merged = std::move(tallies[0]);
  for (unsigned t = 1; t < threads; ++t) merged.add(tallies[t]);
  return merged;
}

// Mean and variance of the items lost in the worlds of one side.
struct Side {
  double n = 0, mean = 0, variance = 0;
  Side(uint64_t count, uint64_t sum, uint64_t sq) : n(static_cast<double>(count)) {
    if (count == 0) return;
    mean = static_cast<double>(sum) / n;
    if (count > 1) variance = std::max(0.0, (static_cast<double>(sq) - n * mean * mean) / (n - 1));
  }
};

}  // namespace

std::string_view to_string(ItemMethod method) {
  switch (method) {
    case ItemMethod::kScenario: return "scenario";
    case ItemMethod::kExact: return "exact";
    case ItemMethod::kMonteCarlo: return "monte-carlo";
    case ItemMethod::kNone: return "none";
  }
  return "none";
}

double absence_probability(const Option& option) {
  return std::round((1.0 - static_cast<double>(option.confidence)) * 1e6) / 1e6;
}

Result<MefExport> export_risk_mef(const SupplyGraph& graph, const ScenarioCuts& cuts,
                                  std::span<const ItemIndex> targets) {
  const Model& model = graph.model();
  LossState base(graph);
  base.apply(cuts);
  size_t in_model = 0;
  std::vector<uint8_t> uncertain(model.options.size(), 0);
  MefOptions options;
  options.link_probabilities.assign(model.options.size(), 0.0);
  for (OptionIndex o : open_uncertain_links(model, base, in_model)) {
    uncertain[o] = 1;
    options.link_probabilities[o] = absence_probability(model.options[o]);
  }
  std::vector<uint8_t> no_firms(model.firms.size(), 0);
  std::vector<ItemIndex> every;
  if (targets.empty()) {
    for (ItemIndex i = 0; i < model.items.size(); ++i) every.push_back(i);
    targets = every;
  }
  FaultTree tree = build_fault_tree(graph, base, no_firms, targets, uncertain);
  return export_mef(model, tree, {}, options);
}

std::pair<double, double> wilson_interval(uint64_t k, uint64_t n, double z) {
  if (n == 0) return {0, 1};
  double nn = static_cast<double>(n);
  double p = static_cast<double>(k) / nn;
  double z2 = z * z;
  double denominator = 1 + z2 / nn;
  double center = (p + z2 / (2 * nn)) / denominator;
  double half = z / denominator * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  // At k = 0 (k = n) the bound is exactly 0 (1); the formula leaves a rounding residue.
  return {k == 0 ? 0.0 : std::max(0.0, center - half), k == n ? 1.0 : std::min(1.0, center + half)};
}

Result<RiskReport> assess_risk(const SupplyGraph& graph, const ScenarioCuts& cuts,
                               std::span<const ItemIndex> targets, const RiskOptions& options) {
  const Model& model = graph.model();
  RiskReport report;
  report.seed = options.seed;
  LossState base(graph);
  base.apply(cuts);
  std::vector<OptionIndex> open = open_uncertain_links(model, base, report.uncertain_links);
  report.open_links = open.size();
  std::vector<uint8_t> uncertain(model.options.size(), 0);
  std::vector<size_t> link_slot(model.options.size(), SIZE_MAX);
  std::vector<double> q(open.size());
  for (size_t k = 0; k < open.size(); ++k) {
    uncertain[open[k]] = 1;
    link_slot[open[k]] = k;
    q[k] = absence_probability(model.options[open[k]]);
  }

  const bool all = targets.empty();
  std::vector<ItemIndex> asked(targets.begin(), targets.end());
  if (all)
    for (ItemIndex i = 0; i < model.items.size(); ++i) asked.push_back(i);
  std::vector<ItemIndex> computed;  // not lost by the scenario alone
  double certain = 0;
  for (ItemIndex i : asked) {
    if (base.absent(i)) {
      // Not made at the scenario's date: no risk to state. An item asked
      // for by name is still listed, saying why it has no number.
      if (!all) {
        const Item& item = model.items[i];
        ItemRisk r;
        r.item = i;
        r.method = ItemMethod::kNone;
        r.error = fmt::format("not made on {}", cuts.date);
        if (!item.introduced.empty() && Date(cuts.date) < item.introduced)
          r.error += fmt::format(" (introduced {})", item.introduced.str());
        else if (!item.discontinued.empty())
          r.error += fmt::format(" (discontinued {})", item.discontinued.str());
        report.items.push_back(r);
      }
      continue;
    }
    if (base.lost(i)) {
      ItemRisk r;
      r.item = i;
      r.method = ItemMethod::kScenario;
      r.probability = r.low = r.high = 1;
      report.items.push_back(r);
      certain += 1;
    } else {
      computed.push_back(i);
    }
  }

  ExactPart exact;
  exact.birnbaum.assign(open.size(), 0.0);
  std::vector<ItemIndex> sampled;
  std::vector<ItemRisk> failed;  // exact only and over the budget
  auto add_exact = [&](ItemIndex item, double p) {
    ItemRisk r;
    r.item = item;
    r.probability = r.low = r.high = p;
    report.items.push_back(r);
  };
  auto over_budget = [&](ItemIndex item, const DiagramOverflow& overflow) {
    if (options.method == RiskMethod::kExact) {
      ItemRisk r;
      r.item = item;
      r.method = ItemMethod::kNone;
      r.error = std::string(overflow.what()) + " (raise --max-diagram-nodes or drop --exact-only)";
      failed.push_back(r);
    } else {
      sampled.push_back(item);
    }
  };
  if (options.method == RiskMethod::kMonteCarlo) {
    sampled = computed;
  } else if (!computed.empty()) {
    std::vector<uint8_t> no_firms(model.firms.size(), 0);
    std::vector<double> p;
    try {
      FaultTree tree = build_fault_tree(graph, base, no_firms, computed, uncertain);
      TargetFunctions functions =
          target_functions(tree, model.firms.size(), {}, options.max_nodes, options.progress);
      report.bdd_nodes = functions.bdd->table().size();
      measure(functions, link_slot, q, p, exact);
      for (size_t k = 0; k < computed.size(); ++k) add_exact(computed[k], p[k]);
    } catch (const DiagramOverflow& overflow) {
      // The shared diagram did not fit. A few targets are worth one diagram
      // each, so one hard target does not cost the others their numbers.
      constexpr size_t kOneByOne = 16;
      exact = ExactPart{std::vector<double>(open.size(), 0.0), 0};
      if (computed.size() > kOneByOne) {
        for (ItemIndex item : computed) over_budget(item, overflow);
      } else {
        for (ItemIndex item : computed) {
          try {
            FaultTree tree = build_fault_tree(graph, base, no_firms, {&item, 1}, uncertain);
            TargetFunctions functions = target_functions(tree, model.firms.size(), {}, options.max_nodes);
            report.bdd_nodes = std::max(report.bdd_nodes, functions.bdd->table().size());
            measure(functions, link_slot, q, p, exact);
            add_exact(item, p[0]);
          } catch (const DiagramOverflow& single) {
            over_budget(item, single);
          }
        }
      }
    }
  }

  // Per link, the Monte Carlo part of the importance: mean items lost with
  // the link absent minus with it present, over the sampled targets.
  std::vector<double> sampled_birnbaum(open.size(), 0.0), sampled_half(open.size(), 0.0);
  std::vector<double> sampled_absent(open.size(), 0.0), sampled_present(open.size(), 0.0);
  double sampled_expected = 0;
  if (!sampled.empty()) {
    if (options.samples == 0) return Diagnostics{{"", 0, 0, "Monte Carlo needs at least one sample"}};
    Tally tally = sample_worlds(graph, cuts, open, q, sampled, options);
    report.samples = options.samples;
    for (size_t k = 0; k < sampled.size(); ++k) {
      ItemRisk r;
      r.item = sampled[k];
      r.method = ItemMethod::kMonteCarlo;
      r.lost_samples = tally.lost[k];
      r.probability = static_cast<double>(tally.lost[k]) / static_cast<double>(options.samples);
      std::tie(r.low, r.high) = wilson_interval(tally.lost[k], options.samples);
      report.items.push_back(r);
    }
    sampled_expected = static_cast<double>(tally.sum) / static_cast<double>(options.samples);
    for (size_t k = 0; k < open.size(); ++k) {
      Side a(tally.absent[k], tally.sum_absent[k], tally.sq_absent[k]);
      Side p(options.samples - tally.absent[k], tally.sum - tally.sum_absent[k], tally.sq - tally.sq_absent[k]);
      sampled_absent[k] = a.mean;
      sampled_present[k] = p.mean;
      if (a.n < 2 || p.n < 2) {
        sampled_birnbaum[k] = sampled_half[k] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      sampled_birnbaum[k] = a.mean - p.mean;
      sampled_half[k] = kZ95 * std::sqrt(a.variance / a.n + p.variance / p.n);
    }
  }
  for (ItemRisk& r : failed) report.items.push_back(std::move(r));

  report.expected_lost = certain + exact.expected + sampled_expected;
  for (size_t k = 0; k < open.size(); ++k) {
    LinkImportance link;
    link.option = open[k];
    link.absent = q[k];
    double b = exact.birnbaum[k];
    // P(T | absent) and P(T | present) from P(T) and B: P(T) = q P1 + (1 - q) P0.
    link.if_absent = certain + exact.expected + (1 - q[k]) * b;
    link.if_present = certain + exact.expected - q[k] * b;
    link.birnbaum = b;
    if (!sampled.empty()) {
      link.sampled = true;
      link.if_absent += sampled_absent[k];
      link.if_present += sampled_present[k];
      link.birnbaum += sampled_birnbaum[k];
      link.half_width = sampled_half[k];
    }
    report.links.push_back(link);
  }
  // A link the exact method finds irrelevant to every item asked is no
  // fact worth verifying for them.
  std::erase_if(report.links, [](const LinkImportance& l) { return !l.sampled && l.birnbaum == 0; });
  std::stable_sort(report.links.begin(), report.links.end(), [](const LinkImportance& a, const LinkImportance& b) {
    // NaN (too few worlds on one side) last. Values equal but for rounding
    // count as ties, so the order does not hang on the last bit.
    auto key = [](double x) { return std::isnan(x) ? -1.0 : std::round(x * 1e12); };
    return key(a.birnbaum) > key(b.birnbaum);
  });

  if (all) {
    std::erase_if(report.items, [](const ItemRisk& r) { return r.method != ItemMethod::kNone && r.probability == 0; });
  }
  std::stable_sort(report.items.begin(), report.items.end(), [&](const ItemRisk& a, const ItemRisk& b) {
    if (a.probability != b.probability) return a.probability > b.probability;
    return model.items[a.item].id < model.items[b.item].id;
  });
  return report;
}

}  // namespace decouple
