#include "decouple/ranking.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "decouple/fault_tree.h"
#include "decouple/fault_tree_diagrams.h"

namespace decouple {
namespace {

double ratio(double numerator, double denominator) {
  if (denominator != 0) return numerator / denominator;
  return numerator == 0 ? std::numeric_limits<double>::quiet_NaN()
                        : std::numeric_limits<double>::infinity();
}

// Fills `risk` from the target's function in `functions`.
void measure(const TargetFunctions& functions, DdNode f, std::span<const double> p_by_level,
             std::span<const double> p_by_firm, TargetRisk& risk) {
  const Bdd& bdd = *functions.bdd;
  Bdd::Sensitivity s = bdd.sensitivity(f, p_by_level);
  risk.probability = s.probability;
  risk.bdd_nodes = bdd.node_count(f);
  const double P = s.probability;
  for (uint32_t level : bdd.support(f)) {
    FirmImportance imp;
    imp.firm = functions.order.firm_at_level[level];
    imp.probability = p_by_firm[imp.firm];
    imp.birnbaum = s.birnbaum[level];
    imp.if_cut = s.given_true[level];
    imp.if_kept = s.given_false[level];
    // P is multilinear: P - P(kept) = p.B, without the cancellation.
    imp.fussell_vesely = ratio(imp.probability * imp.birnbaum, P);
    imp.raw = ratio(imp.if_cut, P);
    imp.rrw = ratio(P, imp.if_kept);
    risk.firms.push_back(imp);
  }
}

}  // namespace

std::vector<double> cut_off_probabilities(const Model& model, double default_probability) {
  std::vector<double> p(model.firms.size(), 0);
  for (FirmIndex f = 0; f < model.firms.size(); ++f) {
    if (model.firms[f].probability >= 0)
      p[f] = model.firms[f].probability;
    else if (default_probability >= 0)
      p[f] = default_probability;
  }
  return p;
}

std::vector<ItemIndex> end_items(const SupplyGraph& graph) {
  std::vector<ItemIndex> out;
  for (ItemIndex i = 0; i < graph.model().items.size(); ++i)
    if (graph.users_of(i).empty()) out.push_back(i);
  return out;
}

Result<RankReport> rank_firms(const Chokepoints& chokepoints, std::span<const ItemIndex> targets,
                              const RankOptions& options) {
  const Model& model = chokepoints.model();
  RankReport report;
  SpofOptions spof_options;
  spof_options.max_nodes = options.max_nodes;
  spof_options.verify = options.verify;
  spof_options.progress = options.progress;
  Result<SpofReport> spof = single_points_of_failure(chokepoints, spof_options);
  if (!spof.ok()) return spof.errors();
  report.damage = std::move(spof.value().damage);

  std::vector<double> p_by_firm = cut_off_probabilities(model, options.default_probability);
  for (FirmIndex f = 0; f < model.firms.size(); ++f) {
    if (!chokepoints.candidates()[f]) continue;
    bool given = model.firms[f].probability >= 0 || options.default_probability >= 0;
    report.probabilities |= given;
    report.without_probability += !given;
  }
  if (!report.probabilities) return report;

  std::vector<FirmIndex> excluded;
  for (ItemIndex t : targets) excluded.push_back(model.items[t].maker);
  FaultTree tree = build_fault_tree(chokepoints.graph(), chokepoints.base(), chokepoints.candidates(),
                                    targets);
  auto levels_of = [&](const VariableOrder& order) {
    std::vector<double> p(order.firm_at_level.size());
    for (uint32_t l = 0; l < p.size(); ++l) p[l] = p_by_firm[order.firm_at_level[l]];
    return p;
  };
  report.targets.resize(targets.size());
  for (size_t k = 0; k < targets.size(); ++k) {
    report.targets[k].target = targets[k];
    report.targets[k].already_lost = chokepoints.base().dead(targets[k]);
  }
  try {
    TargetFunctions functions =
        target_functions(tree, model.firms.size(), excluded, options.max_nodes, options.progress);
    std::vector<double> p = levels_of(functions.order);
    for (size_t k = 0; k < targets.size(); ++k) {
      if (options.progress) options.progress("targets", k, targets.size());
      measure(functions, functions.function[k], p, p_by_firm, report.targets[k]);
    }
  } catch (const DiagramOverflow&) {
    // Shared BDDs did not fit: one target at a time, so one hard target
    // does not cost the others their numbers. One target's diagram can
    // take minutes: its live node count goes to the bar, its gates do not
    // (they would replace this stage's count).
    Progress live;
    if (options.progress)
      live = [&](std::string_view stage, uint64_t done, uint64_t total) {
        if (total == kNoTotal) options.progress(stage, done, total);
      };
    for (size_t k = 0; k < targets.size(); ++k) {
      if (options.progress) options.progress("targets, one at a time", k, targets.size());
      TargetRisk& risk = report.targets[k];
      risk.firms.clear();
      std::vector<ItemIndex> one = {targets[k]};
      FaultTree single = build_fault_tree(chokepoints.graph(), chokepoints.base(),
                                          chokepoints.candidates(), one);
      try {
        TargetFunctions functions =
            target_functions(single, model.firms.size(), {&excluded[k], 1}, options.max_nodes, live);
        measure(functions, functions.function[0], levels_of(functions.order), p_by_firm, risk);
      } catch (const DiagramOverflow& overflow) {
        risk.error = std::string(overflow.what()) + " (raise --max-diagram-nodes)";
      }
    }
  }
  if (options.progress) options.progress("targets", targets.size(), targets.size());
  for (TargetRisk& risk : report.targets) {
    std::sort(risk.firms.begin(), risk.firms.end(), [&](const FirmImportance& a, const FirmImportance& b) {
      // NaN sorts last: it only arises when P(T) = 0, for every firm at
      // once. Values equal but for rounding (the same product reached two
      // ways) count as ties, so the order does not hang on the last bit.
      auto key = [](double fv) { return std::isnan(fv) ? -1.0 : std::round(fv * 1e12); };
      double fa = key(a.fussell_vesely), fb = key(b.fussell_vesely);
      if (fa != fb) return fa > fb;
      if (a.birnbaum != b.birnbaum) return a.birnbaum > b.birnbaum;
      return model.firms[a.firm].id < model.firms[b.firm].id;
    });
  }
  return report;
}

}  // namespace decouple
