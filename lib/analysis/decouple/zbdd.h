// Decision diagrams for fault-tree analysis: a reduced ordered BDD package
// for exact probabilities and a zero-suppressed one (ZBDD) for families of
// minimal cut sets, written for this project.
//
// Both store nodes (level, low, high) in a NodeTable: hash-consed, so equal
// functions (BDD) or equal families (ZBDD) are the same handle and equality
// is `==`. Handles 0 and 1 are the terminals. Level 0 is tested first (it
// sits at the root); the caller chooses which variable gets which level.
// Children are always created before their parents, so a child's handle is
// smaller than its parent's; compaction keeps that order.
//
// Memory is bounded: a table holds at most `max_nodes` nodes and throws
// DiagramOverflow (a std::runtime_error saying how many) rather than grow
// past it. Nodes are never freed one by one; compact() drops everything not
// reachable from the roots the caller names. Operations are recursive with
// a lossy computed cache; recursion depth is at most the number of levels
// plus a small constant.
//
// Families in a Zbdd are interpreted as sets of sets of levels. The
// operations named "minimal" (unite, join, without, minimal_solutions)
// expect and return minimal families (no member contains another), which is
// the representation of a monotone Boolean function by its minimal cut
// sets. Not thread-safe, const methods included (Bdd ones share scratch
// marks): one manager per thread.
//
// A single operation on a big diagram can run for minutes; a caller that
// wants to show it moving asks the table to report growth (NodeTable::
// report_growth): every `every` nodes made or looked up, one call with the
// count made so far. Lookups count too because a big operation whose cache
// no longer holds its results can spend seconds finding nodes it made
// before. The counts are of nodes since the table began (compaction does
// not lower them), so they depend only on the inputs, never on time; the
// cost is one counter test per lookup.
#ifndef DECOUPLE_ZBDD_H_
#define DECOUPLE_ZBDD_H_

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <vector>

namespace decouple {

using DdNode = uint32_t;

class DiagramOverflow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The default node budget: about 16 bytes a node plus hash buckets, so
// roughly 0.5 GB at the limit.
inline constexpr size_t kDefaultMaxNodes = 20'000'000;

class NodeTable {
 public:
  struct Node {
    uint32_t level;
    DdNode low;
    DdNode high;
  };
  static constexpr uint32_t kTerminalLevel = UINT32_MAX;

  explicit NodeTable(size_t max_nodes);

  // The node (level, low, high), created if new. Throws DiagramOverflow
  // when the table is full. Does not apply any reduction rule.
  DdNode find_or_add(uint32_t level, DdNode low, DdNode high);

  const Node& operator[](DdNode n) const { return nodes_[n]; }
  uint32_t level(DdNode n) const { return nodes_[n].level; }
  size_t size() const { return nodes_.size(); }
  size_t max_nodes() const { return max_nodes_; }

  // Keeps the nodes reachable from `roots` and renumbers them in their old
  // order; every root is rewritten to its new handle. O(size).
  void compact(std::span<DdNode> roots);

  // Nodes created since the table began, compactions not subtracted.
  uint64_t made() const { return made_; }
  // Calls `report(made())` each time `every` (> 0) more nodes have been
  // made or looked up; an empty function stops the reports. `report` may
  // throw: the operation is then abandoned.
  using GrowthReport = std::function<void(uint64_t made)>;
  void report_growth(GrowthReport report, uint64_t every);

 private:
  void rehash(size_t bucket_count);
  void grown();

  std::vector<Node> nodes_;
  std::vector<uint32_t> buckets_;  // node handle, 0 = empty (terminals are not hashed)
  size_t max_nodes_;
  uint64_t made_ = 0;
  uint64_t steps_ = 0;                 // find_or_add calls
  uint64_t next_report_ = UINT64_MAX;  // steps_ at which grown() runs
  uint64_t report_every_ = 0;
  GrowthReport report_;
};

// A direct-mapped cache of operation results; a collision overwrites.
class ComputedCache {
 public:
  explicit ComputedCache(size_t entries = 1 << 12);
  bool find(uint32_t op, uint32_t a, uint32_t b, uint32_t c, DdNode& result) const;
  void store(uint32_t op, uint32_t a, uint32_t b, uint32_t c, DdNode result);
  void clear();
  // Grows when the node table has outgrown the cache (up to a fixed cap).
  void follow(size_t table_size);
  // Grows (never shrinks) to about `entries`, clearing it.
  void reserve(size_t entries);

 private:
  struct Entry {
    uint32_t op = 0, a = 0, b = 0, c = 0;
    DdNode result = 0;
  };
  size_t slot(uint32_t op, uint32_t a, uint32_t b, uint32_t c) const;
  std::vector<Entry> entries_;
};

// Reduced ordered BDD over levels 0..levels-1.
class Bdd {
 public:
  static constexpr DdNode kFalse = 0;
  static constexpr DdNode kTrue = 1;

  Bdd(uint32_t levels, size_t max_nodes = kDefaultMaxNodes);

  uint32_t levels() const { return levels_; }
  DdNode variable(uint32_t level);
  DdNode conj(DdNode a, DdNode b);
  DdNode disj(DdNode a, DdNode b);
  // f with the variable at `level` fixed to `value`.
  DdNode restrict(DdNode f, uint32_t level, bool value);

  // Probability that f is true when the variable at level l is true with
  // probability p[l], independently. O(nodes of f).
  double probability(DdNode f, std::span<const double> p) const;

  // The probability of f and, for every level l, the probabilities of f
  // given the variable true and given it false, from one bottom-up and one
  // top-down pass over the nodes of f. Each is a sum of non-negative terms
  // (paths through a node at level l, plus paths jumping over level l), so
  // an exact zero stays zero and small values keep their relative
  // precision; Birnbaum's measure is their difference.
  struct Sensitivity {
    double probability = 0;
    std::vector<double> given_true;   // per level
    std::vector<double> given_false;  // per level
    std::vector<double> birnbaum;     // per level: given_true - given_false
  };
  Sensitivity sensitivity(DdNode f, std::span<const double> p) const;

  // Number of nodes reachable from f, terminals included.
  size_t node_count(DdNode f) const;
  // The levels f depends on, ascending.
  std::vector<uint32_t> support(DdNode f) const;
  const NodeTable& table() const { return table_; }
  void compact(std::span<DdNode> roots);
  void report_growth(NodeTable::GrowthReport report, uint64_t every) {
    table_.report_growth(std::move(report), every);
  }

 private:
  DdNode make(uint32_t level, DdNode low, DdNode high);
  DdNode apply(uint32_t op, DdNode a, DdNode b);
  std::vector<DdNode> reachable(DdNode f) const;  // ascending handles

  uint32_t levels_;
  NodeTable table_;
  ComputedCache cache_;
  // reachable()'s marks: a node is marked when its entry equals epoch_.
  mutable std::vector<uint16_t> seen_;
  mutable uint16_t epoch_ = 0;
};

// ZBDD families of sets of levels.
class Zbdd {
 public:
  static constexpr DdNode kEmpty = 0;  // the empty family: no set
  static constexpr DdNode kBase = 1;   // the family holding only the empty set
  static constexpr uint32_t kNoLimit = UINT32_MAX;

  Zbdd(uint32_t levels, size_t max_nodes = kDefaultMaxNodes);

  uint32_t levels() const { return levels_; }
  // {{level}}
  DdNode singleton(uint32_t level);
  // Minimal members of a ∪ b.
  DdNode unite(DdNode a, DdNode b);
  // Minimal members of {x ∪ y : x in a, y in b} with at most max_order
  // elements (the AND of two monotone functions, cut off by order).
  DdNode join(DdNode a, DdNode b, uint32_t max_order = kNoLimit);
  // Members of a that contain no member of b.
  DdNode without(DdNode a, DdNode b);
  // Members of a that do not contain `level` (the function with that
  // variable fixed to false, for a minimal family).
  DdNode offset(DdNode a, uint32_t level);
  // Members of a with at most max_order elements.
  DdNode truncate(DdNode a, uint32_t max_order);
  // The minimal cut sets of the monotone function f (a BDD whose levels
  // mean the same variables), up to max_order elements: Rauzy's
  // minimal-solutions operator. The BDD must not be compacted while the
  // result is in use as a cache key; clear_cache() forgets such keys.
  DdNode minimal_solutions(const Bdd& bdd, DdNode f, uint32_t max_order = kNoLimit);

  // Number of members of each size (index = size); saturates at UINT64_MAX.
  std::vector<uint64_t> count_by_order(DdNode f) const;
  // Calls `visit` with the levels of each member (ascending), members in
  // an order fixed by the diagram.
  void for_each_set(DdNode f, const std::function<void(std::span<const uint32_t>)>& visit) const;

  const NodeTable& table() const { return table_; }
  void compact(std::span<DdNode> roots);
  void clear_cache() { cache_.clear(); }
  void report_growth(NodeTable::GrowthReport report, uint64_t every) {
    table_.report_growth(std::move(report), every);
  }

 private:
  DdNode make(uint32_t level, DdNode low, DdNode high);
  DdNode low_of(DdNode a, uint32_t level) const;
  DdNode high_of(DdNode a, uint32_t level) const;

  uint32_t levels_;
  NodeTable table_;
  ComputedCache cache_;
};

}  // namespace decouple

#endif  // DECOUPLE_ZBDD_H_
