// From a FaultTree to decision diagrams: the minimal cut sets of each
// target as a ZBDD family, and each target's exact Boolean function as a
// BDD (for probabilities).
//
// Every literal in the tree (a firm, or an uncertain link) gets one level,
// in the tree's depth-first order, shared by the BDD and the ZBDD. Each target may name
// one excluded firm (its own maker: a vendor is not its own supplier),
// fixed to "not cut" after the fixpoint: restrict() on the BDD, offset() on
// the family, which for a monotone function is the same thing.
//
// Both walk the tree bottom-up once for all targets (shared parts are
// computed once), solve supply cycles as fault_tree.h describes, and
// compact their node table when it has doubled since the last compaction,
// keeping only what later gates and the targets still need. Both throw
// DiagramOverflow when `max_nodes` live nodes are not enough. `progress`
// (optional) counts the tree's gates as they are computed, then the
// targets as their maker is fixed; inside both, the diagram nodes made so
// far as a live count (progress.h), every 65,536 nodes made or looked up.
#ifndef DECOUPLE_FAULT_TREE_DIAGRAMS_H_
#define DECOUPLE_FAULT_TREE_DIAGRAMS_H_

#include <memory>
#include <span>
#include <vector>

#include "decouple/fault_tree.h"
#include "decouple/progress.h"
#include "decouple/zbdd.h"

namespace decouple {

struct VariableOrder {
  std::vector<FirmIndex> firm_at_level;    // kNone at a link's level
  std::vector<uint32_t> level_of_firm;     // per model firm; kNone when absent
  std::vector<OptionIndex> link_at_level;  // kNone at a firm's level
  std::vector<uint32_t> level_of_link;     // per option up to the last link in the tree

  static VariableOrder for_tree(const FaultTree& tree, size_t firm_count);
};

struct CutSetFamilies {
  VariableOrder order;
  std::unique_ptr<Zbdd> zbdd;
  std::vector<DdNode> family;  // per target, in the tree's target order
};

// `excluded[k]` is the firm fixed to "not cut" for target k, or kNone.
// Sets with more than max_order firms are cut off (Zbdd::kNoLimit: none).
CutSetFamilies minimal_cut_sets(const FaultTree& tree, size_t firm_count,
                                std::span<const FirmIndex> excluded, uint32_t max_order,
                                size_t max_nodes, const Progress& progress = {});

struct TargetFunctions {
  VariableOrder order;
  std::unique_ptr<Bdd> bdd;
  std::vector<DdNode> function;  // per target
};

TargetFunctions target_functions(const FaultTree& tree, size_t firm_count,
                                 std::span<const FirmIndex> excluded, size_t max_nodes,
                                 const Progress& progress = {});

}  // namespace decouple

#endif  // DECOUPLE_FAULT_TREE_DIAGRAMS_H_
