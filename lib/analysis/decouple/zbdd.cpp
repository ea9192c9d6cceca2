#include "decouple/zbdd.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

namespace decouple {
namespace {

uint64_t mix(uint64_t x) {
  // splitmix64 finaliser: cheap and spreads consecutive handles well.
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

uint64_t hash3(uint32_t a, uint32_t b, uint32_t c) {
  return mix((uint64_t{a} << 32 | b) ^ mix(c));
}

// The computed cache follows the node table up to this many entries
// (20 bytes each), so small problems stay small and large ones keep a
// useful hit rate.
constexpr size_t kMaxCacheEntries = size_t{1} << 22;

uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

enum Op : uint32_t {
  kAnd = 1, kOr, kRestrict0, kRestrict1,
  kUnite, kJoin, kWithout, kOffset, kTruncate, kMinsol,
};

}  // namespace

// ---- NodeTable ----

NodeTable::NodeTable(size_t max_nodes) : max_nodes_(std::max<size_t>(max_nodes, 2)) {
  nodes_.push_back({kTerminalLevel, 0, 0});
  nodes_.push_back({kTerminalLevel, 1, 1});
  buckets_.assign(1024, 0);
}

DdNode NodeTable::find_or_add(uint32_t level, DdNode low, DdNode high) {
  if (++steps_ == next_report_) grown();
  size_t mask = buckets_.size() - 1;
  size_t slot = hash3(level, low, high) & mask;
  while (uint32_t n = buckets_[slot]) {
    const Node& node = nodes_[n];
    if (node.level == level && node.low == low && node.high == high) return n;
    slot = (slot + 1) & mask;
  }
  if (nodes_.size() >= max_nodes_)
    throw DiagramOverflow(fmt::format("decision diagram exceeded its budget of {} nodes", max_nodes_));
  DdNode n = static_cast<DdNode>(nodes_.size());
  nodes_.push_back({level, low, high});
  buckets_[slot] = n;
  if (nodes_.size() * 2 > buckets_.size()) rehash(buckets_.size() * 2);
  ++made_;
  return n;
}

void NodeTable::report_growth(GrowthReport report, uint64_t every) {
  report_ = std::move(report);
  report_every_ = std::max<uint64_t>(every, 1);
  next_report_ = report_ ? steps_ + report_every_ : UINT64_MAX;
}

void NodeTable::grown() {
  next_report_ = steps_ + report_every_;
  report_(made_);
}

void NodeTable::rehash(size_t bucket_count) {
  buckets_.assign(bucket_count, 0);
  size_t mask = bucket_count - 1;
  for (DdNode n = 2; n < nodes_.size(); ++n) {
    const Node& node = nodes_[n];
    size_t slot = hash3(node.level, node.low, node.high) & mask;
    while (buckets_[slot]) slot = (slot + 1) & mask;
    buckets_[slot] = n;
  }
}

void NodeTable::compact(std::span<DdNode> roots) {
  std::vector<uint8_t> live(nodes_.size(), 0);
  live[0] = live[1] = 1;
  std::vector<DdNode> stack(roots.begin(), roots.end());
  while (!stack.empty()) {
    DdNode n = stack.back();
    stack.pop_back();
    if (live[n]) continue;
    live[n] = 1;
    stack.push_back(nodes_[n].low);
    stack.push_back(nodes_[n].high);
  }
  // Children precede parents, so one ascending sweep renumbers children
  // before anyone reads their new number.
  std::vector<DdNode> renumber(nodes_.size(), 0);
  renumber[1] = 1;
  size_t kept = 2;
  for (DdNode n = 2; n < nodes_.size(); ++n) {
    if (!live[n]) continue;
    Node node = nodes_[n];
    node.low = renumber[node.low];
    node.high = renumber[node.high];
    renumber[n] = static_cast<DdNode>(kept);
    nodes_[kept++] = node;
  }
  nodes_.resize(kept);
  nodes_.shrink_to_fit();
  for (DdNode& root : roots) root = renumber[root];
  size_t buckets = 1024;
  while (buckets < nodes_.size() * 2) buckets *= 2;
  rehash(buckets);
}

// ---- ComputedCache ----

ComputedCache::ComputedCache(size_t entries) { reserve(entries); }

size_t ComputedCache::slot(uint32_t op, uint32_t a, uint32_t b, uint32_t c) const {
  return (hash3(a, b, c) ^ mix(op)) & (entries_.size() - 1);
}

bool ComputedCache::find(uint32_t op, uint32_t a, uint32_t b, uint32_t c, DdNode& result) const {
  const Entry& e = entries_[slot(op, a, b, c)];
  if (e.op != op || e.a != a || e.b != b || e.c != c) return false;
  result = e.result;
  return true;
}

void ComputedCache::store(uint32_t op, uint32_t a, uint32_t b, uint32_t c, DdNode result) {
  entries_[slot(op, a, b, c)] = {op, a, b, c, result};
}

void ComputedCache::follow(size_t table_size) {
  if (table_size <= entries_.size() || entries_.size() >= kMaxCacheEntries) return;
  reserve(std::min(kMaxCacheEntries, entries_.size() * 4));
}

void ComputedCache::clear() { std::fill(entries_.begin(), entries_.end(), Entry{}); }

void ComputedCache::reserve(size_t entries) {
  size_t size = 1;
  while (size < entries) size *= 2;
  if (size <= entries_.size()) {
    clear();
    return;
  }
  entries_.assign(size, Entry{});
}

// ---- Bdd ----

namespace {
size_t initial_cache(size_t max_nodes) { return std::min<size_t>(size_t{1} << 12, max_nodes); }
}  // namespace

Bdd::Bdd(uint32_t levels, size_t max_nodes)
    : levels_(levels), table_(max_nodes), cache_(initial_cache(max_nodes)) {}

DdNode Bdd::make(uint32_t level, DdNode low, DdNode high) {
  if (low == high) return low;
  return table_.find_or_add(level, low, high);
}

DdNode Bdd::variable(uint32_t level) { return make(level, kFalse, kTrue); }

DdNode Bdd::conj(DdNode a, DdNode b) { return apply(kAnd, a, b); }
DdNode Bdd::disj(DdNode a, DdNode b) { return apply(kOr, a, b); }

DdNode Bdd::apply(uint32_t op, DdNode a, DdNode b) {
  if (op == kAnd) {
    if (a == kFalse || b == kFalse) return kFalse;
    if (a == kTrue) return b;
    if (b == kTrue || a == b) return a;
  } else {
    if (a == kTrue || b == kTrue) return kTrue;
    if (a == kFalse) return b;
    if (b == kFalse || a == b) return a;
  }
  if (a > b) std::swap(a, b);
  DdNode result;
  if (cache_.find(op, a, b, 0, result)) return result;
  uint32_t la = table_.level(a), lb = table_.level(b);
  uint32_t level = std::min(la, lb);
  DdNode a0 = la == level ? table_[a].low : a, a1 = la == level ? table_[a].high : a;
  DdNode b0 = lb == level ? table_[b].low : b, b1 = lb == level ? table_[b].high : b;
  DdNode low = apply(op, a0, b0);
  DdNode high = apply(op, a1, b1);
  result = make(level, low, high);
  cache_.follow(table_.size());
  cache_.store(op, a, b, 0, result);
  return result;
}

DdNode Bdd::restrict(DdNode f, uint32_t level, bool value) {
  uint32_t lf = table_.level(f);
  if (lf > level) return f;  // terminals too: their level is the largest
  if (lf == level) return value ? table_[f].high : table_[f].low;
  uint32_t op = value ? kRestrict1 : kRestrict0;
  DdNode result;
  if (cache_.find(op, f, level, 0, result)) return result;
  DdNode low = restrict(table_[f].low, level, value);
  DdNode high = restrict(table_[f].high, level, value);
  result = make(lf, low, high);
  cache_.store(op, f, level, 0, result);
  return result;
}

std::vector<DdNode> Bdd::reachable(DdNode f) const {
  // Depth-first from f, marking in a scratch array stamped with a fresh
  // epoch per call, then sorted: O(k log k) for the k nodes of f. (A sweep
  // down every handle below f costs O(f) whatever f's size, which made
  // `rank` quadratic: thousands of small targets in one big table.)
  if (seen_.size() < table_.size()) seen_.resize(table_.size(), 0);
  if (++epoch_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    epoch_ = 1;
  }
  std::vector<DdNode> out;
  std::vector<DdNode> stack = {f};
  seen_[f] = epoch_;
  while (!stack.empty()) {
    DdNode n = stack.back();
    stack.pop_back();
    out.push_back(n);
    if (n <= 1) continue;
    for (DdNode child : {table_[n].low, table_[n].high}) {
      if (seen_[child] == epoch_) continue;
      seen_[child] = epoch_;
      stack.push_back(child);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

size_t Bdd::node_count(DdNode f) const { return reachable(f).size(); }

std::vector<uint32_t> Bdd::support(DdNode f) const {
  std::vector<uint32_t> levels;
  for (DdNode n : reachable(f))
    if (n > 1) levels.push_back(table_[n].level);
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

double Bdd::probability(DdNode f, std::span<const double> p) const {
  return sensitivity(f, p).probability;
}

Bdd::Sensitivity Bdd::sensitivity(DdNode f, std::span<const double> p) const {
  std::vector<DdNode> nodes = reachable(f);
  auto index = [&](DdNode n) {
    return static_cast<size_t>(std::lower_bound(nodes.begin(), nodes.end(), n) - nodes.begin());
  };
  // Ascending handles: children before parents.
  std::vector<double> prob(nodes.size(), 0);
  std::vector<size_t> low(nodes.size(), 0), high(nodes.size(), 0);
  for (size_t k = 0; k < nodes.size(); ++k) {
    DdNode n = nodes[k];
    if (n <= 1) {
      prob[k] = n == kTrue ? 1.0 : 0.0;
      continue;
    }
    const NodeTable::Node& node = table_[n];
    low[k] = index(node.low);
    high[k] = index(node.high);
    double q = p[node.level];
    prob[k] = q * prob[high[k]] + (1 - q) * prob[low[k]];
  }
  Sensitivity out;
  out.probability = prob.back();  // f has the largest handle of its nodes
  // Paths that jump over level l (an edge from above l to below it, or the
  // root itself below l) do not care about l: their mass goes to both
  // conditionals. Intervals of jumped levels are summed in a segment tree
  // with point queries, which only ever adds.
  size_t width = 1;
  while (width < levels_ + size_t{1}) width *= 2;
  std::vector<double> jumped(2 * width, 0);
  auto add_jump = [&](uint32_t from, uint32_t to, double mass) {  // levels (from, to), exclusive
    size_t lo = size_t{from} + 1, hi = std::min<size_t>(to, levels_);
    if (lo >= hi || mass == 0) return;
    for (lo += width, hi += width; lo < hi; lo >>= 1, hi >>= 1) {
      if (lo & 1) jumped[lo++] += mass;
      if (hi & 1) jumped[--hi] += mass;
    }
  };
  auto level_of = [&](DdNode n) { return n <= 1 ? levels_ : table_[n].level; };
  // Every path jumps over the levels above f's own.
  for (size_t lo = width, hi = width + level_of(f); lo < hi; lo >>= 1, hi >>= 1) {
    if (lo & 1) jumped[lo++] += out.probability;
    if (hi & 1) jumped[--hi] += out.probability;
  }
  out.given_true.assign(levels_, 0);
  out.given_false.assign(levels_, 0);
  // Top-down: the probability of reaching each node from f.
  std::vector<double> reach(nodes.size(), 0);
  reach.back() = 1;
  for (size_t k = nodes.size(); k-- > 0;) {
    DdNode n = nodes[k];
    if (n <= 1) continue;
    uint32_t level = table_[n].level;
    double q = p[level];
    out.given_true[level] += reach[k] * prob[high[k]];
    out.given_false[level] += reach[k] * prob[low[k]];
    reach[high[k]] += reach[k] * q;
    reach[low[k]] += reach[k] * (1 - q);
    add_jump(level, level_of(table_[n].high), reach[k] * q * prob[high[k]]);
    add_jump(level, level_of(table_[n].low), reach[k] * (1 - q) * prob[low[k]]);
  }
  out.birnbaum.assign(levels_, 0);
  for (uint32_t l = 0; l < levels_; ++l) {
    double through = 0;
    for (size_t i = l + width; i >= 1; i >>= 1) through += jumped[i];
    out.given_true[l] += through;
    out.given_false[l] += through;
    out.birnbaum[l] = out.given_true[l] - out.given_false[l];
  }
  return out;
}

void Bdd::compact(std::span<DdNode> roots) {
  table_.compact(roots);
  cache_.clear();
}

// ---- Zbdd ----

Zbdd::Zbdd(uint32_t levels, size_t max_nodes)
    : levels_(levels), table_(max_nodes), cache_(initial_cache(max_nodes)) {}

DdNode Zbdd::make(uint32_t level, DdNode low, DdNode high) {
  if (high == kEmpty) return low;
  return table_.find_or_add(level, low, high);
}

DdNode Zbdd::low_of(DdNode a, uint32_t level) const {
  return table_.level(a) == level ? table_[a].low : a;
}

DdNode Zbdd::high_of(DdNode a, uint32_t level) const {
  return table_.level(a) == level ? table_[a].high : kEmpty;
}

DdNode Zbdd::singleton(uint32_t level) { return make(level, kEmpty, kBase); }

DdNode Zbdd::unite(DdNode a, DdNode b) {
  if (a == kEmpty) return b;
  if (b == kEmpty || a == b) return a;
  // A minimal family holding the empty set holds nothing else, and the
  // empty set is contained in every set.
  if (a == kBase || b == kBase) return kBase;
  if (a > b) std::swap(a, b);
  DdNode result;
  if (cache_.find(kUnite, a, b, 0, result)) return result;
  uint32_t level = std::min(table_.level(a), table_.level(b));
  DdNode low = unite(low_of(a, level), low_of(b, level));
  DdNode high = without(unite(high_of(a, level), high_of(b, level)), low);
  result = make(level, low, high);
  cache_.follow(table_.size());
  cache_.store(kUnite, a, b, 0, result);
  return result;
}

DdNode Zbdd::without(DdNode a, DdNode b) {
  if (a == kEmpty || a == b) return kEmpty;
  if (b == kEmpty) return a;
  if (b == kBase) return kEmpty;
  if (a == kBase) return kBase;  // b minimal and not {∅}: ∅ contains none of it
  DdNode result;
  if (cache_.find(kWithout, a, b, 0, result)) return result;
  uint32_t la = table_.level(a), lb = table_.level(b);
  if (la > lb) {
    // Members of b holding lb cannot fit in members of a, which never do.
    result = without(a, table_[b].low);
  } else if (la < lb) {
    result = make(la, without(table_[a].low, b), without(table_[a].high, b));
  } else {
    DdNode low = without(table_[a].low, table_[b].low);
    DdNode high = without(without(table_[a].high, table_[b].low), table_[b].high);
    result = make(la, low, high);
  }
  cache_.store(kWithout, a, b, 0, result);
  return result;
}

DdNode Zbdd::join(DdNode a, DdNode b, uint32_t max_order) {
  if (a == kEmpty || b == kEmpty) return kEmpty;
  if (a == kBase) return truncate(b, max_order);
  if (b == kBase || a == b) return truncate(a, max_order);
  if (max_order == 0) return kEmpty;  // neither holds the empty set
  if (a > b) std::swap(a, b);
  DdNode result;
  if (cache_.find(kJoin, a, b, max_order, result)) return result;
  uint32_t level = std::min(table_.level(a), table_.level(b));
  DdNode a0 = low_of(a, level), a1 = high_of(a, level);
  DdNode b0 = low_of(b, level), b1 = high_of(b, level);
  uint32_t rest = max_order == kNoLimit ? kNoLimit : max_order - 1;
  // (a0 + v.a1)(b0 + v.b1) = a0.b0 + v.(a1.(b0 + b1) + a0.b1)
  DdNode low = join(a0, b0, max_order);
  DdNode high = unite(join(a1, unite(b0, b1), rest), join(a0, b1, rest));
  result = make(level, low, without(high, low));
  cache_.follow(table_.size());
  cache_.store(kJoin, a, b, max_order, result);
  return result;
}

DdNode Zbdd::offset(DdNode a, uint32_t level) {
  uint32_t la = table_.level(a);
  if (la > level) return a;
  if (la == level) return table_[a].low;
  DdNode result;
  if (cache_.find(kOffset, a, level, 0, result)) return result;
  result = make(la, offset(table_[a].low, level), offset(table_[a].high, level));
  cache_.store(kOffset, a, level, 0, result);
  return result;
}

DdNode Zbdd::truncate(DdNode a, uint32_t max_order) {
  if (a <= kBase || max_order == kNoLimit) return a;
  if (max_order == 0) return kEmpty;  // a > kBase: for a minimal family, no empty set
  DdNode result;
  if (cache_.find(kTruncate, a, max_order, 0, result)) return result;
  result = make(table_.level(a), truncate(table_[a].low, max_order),
                truncate(table_[a].high, max_order - 1));
  cache_.store(kTruncate, a, max_order, 0, result);
  return result;
}

DdNode Zbdd::minimal_solutions(const Bdd& bdd, DdNode f, uint32_t max_order) {
  if (f == Bdd::kFalse) return kEmpty;
  if (f == Bdd::kTrue) return kBase;
  if (max_order == 0) return kEmpty;
  DdNode result;
  if (cache_.find(kMinsol, f, max_order, 0, result)) return result;
  const NodeTable::Node& node = bdd.table()[f];
  uint32_t rest = max_order == kNoLimit ? kNoLimit : max_order - 1;
  // For a monotone f = v.f1 + f0 with f0 <= f1: the minimal solutions
  // without v are those of f0; with v, those of f1 not already covered.
  DdNode low = minimal_solutions(bdd, node.low, max_order);
  DdNode high = without(minimal_solutions(bdd, node.high, rest), low);
  result = make(node.level, low, high);
  cache_.store(kMinsol, f, max_order, 0, result);
  return result;
}

std::vector<uint64_t> Zbdd::count_by_order(DdNode f) const {
  std::unordered_map<DdNode, std::vector<uint64_t>> memo;
  std::function<const std::vector<uint64_t>&(DdNode)> count =
      [&](DdNode n) -> const std::vector<uint64_t>& {
    auto it = memo.find(n);
    if (it != memo.end()) return it->second;
    std::vector<uint64_t> out;
    if (n == kBase) {
      out = {1};
    } else if (n != kEmpty) {
      std::vector<uint64_t> low = count(table_[n].low);
      const std::vector<uint64_t>& high = count(table_[n].high);
      out.assign(std::max(low.size(), high.size() + 1), 0);
      for (size_t k = 0; k < low.size(); ++k) out[k] = low[k];
      for (size_t k = 0; k < high.size(); ++k) out[k + 1] = saturating_add(out[k + 1], high[k]);
    }
    return memo.emplace(n, std::move(out)).first->second;
  };
  return count(f);
}

void Zbdd::for_each_set(DdNode f,
                        const std::function<void(std::span<const uint32_t>)>& visit) const {
  std::vector<uint32_t> path;
  std::function<void(DdNode)> walk = [&](DdNode n) {
    if (n == kEmpty) return;
    if (n == kBase) {
      visit(path);
      return;
    }
    walk(table_[n].low);
    path.push_back(table_[n].level);
    walk(table_[n].high);
    path.pop_back();
  };
  walk(f);
}

void Zbdd::compact(std::span<DdNode> roots) {
  table_.compact(roots);
  cache_.clear();
}

}  // namespace decouple
