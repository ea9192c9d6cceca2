#include "decouple/zbdd.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

namespace decouple {
namespace {

// Families of sets of up to 6 levels, as bit masks (bit l = level l).
using Family = std::set<uint32_t>;
constexpr uint32_t kLevels = 6;

Family minimal(const Family& family) {
  Family out;
  for (uint32_t x : family) {
    bool keep = true;
    for (uint32_t y : family)
      if (y != x && (y & x) == y) keep = false;
    if (keep) out.insert(x);
  }
  return out;
}

Family random_minimal(std::mt19937& rng) {
  Family f;
  int n = static_cast<int>(rng() % 6);
  for (int k = 0; k < n; ++k) f.insert(rng() % (1u << kLevels));
  return minimal(f);
}

DdNode build(Zbdd& z, const Family& family) {
  DdNode out = Zbdd::kEmpty;
  for (uint32_t set : family) {
    DdNode product = Zbdd::kBase;
    for (uint32_t l = 0; l < kLevels; ++l)
      if (set >> l & 1) product = z.join(product, z.singleton(l));
    out = z.unite(out, product);
  }
  return out;
}

Family read(const Zbdd& z, DdNode f) {
  Family out;
  z.for_each_set(f, [&](std::span<const uint32_t> levels) {
    uint32_t mask = 0;
    for (uint32_t l : levels) mask |= 1u << l;
    out.insert(mask);
  });
  return out;
}

int popcount(uint32_t x) { return __builtin_popcount(x); }

bool holds(const Family& f, uint32_t assignment) {
  return std::any_of(f.begin(), f.end(), [&](uint32_t s) { return (s & assignment) == s; });
}

DdNode bdd_of(Bdd& b, const Family& family) {
  DdNode out = Bdd::kFalse;
  for (uint32_t set : family) {
    DdNode product = Bdd::kTrue;
    for (uint32_t l = 0; l < kLevels; ++l)
      if (set >> l & 1) product = b.conj(product, b.variable(l));
    out = b.disj(out, product);
  }
  return out;
}

}  // namespace

TEST_CASE("zbdd: terminals and singletons") {
  Zbdd z(3);
  CHECK(read(z, Zbdd::kEmpty).empty());
  CHECK(read(z, Zbdd::kBase) == Family{0});
  DdNode a = z.singleton(0), b = z.singleton(1);
  CHECK(read(z, z.unite(a, b)) == Family{1, 2});
  CHECK(read(z, z.join(a, b)) == Family{3});
  CHECK(z.join(a, b, 1) == Zbdd::kEmpty);
  // {a} subsumes {a, b}.
  CHECK(read(z, z.unite(a, z.join(a, b))) == Family{1});
  CHECK(z.unite(a, Zbdd::kBase) == Zbdd::kBase);
  CHECK(z.singleton(2) == z.singleton(2));
}

TEST_CASE("zbdd: minimal operations agree with brute force on random families") {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    Zbdd z(kLevels);
    Family a = random_minimal(rng), b = random_minimal(rng);
    DdNode za = build(z, a), zb = build(z, b);
    REQUIRE(read(z, za) == a);
    Family u;
    for (uint32_t x : a) u.insert(x);
    for (uint32_t y : b) u.insert(y);
    CHECK(read(z, z.unite(za, zb)) == minimal(u));
    uint32_t k = rng() % 5;
    Family j;
    for (uint32_t x : a)
      for (uint32_t y : b)
        if (popcount(x | y) <= static_cast<int>(k)) j.insert(x | y);
    // Minimal members of the cut-off product: the cut-off cannot hide a
    // smaller witness, which is itself within the limit.
    CHECK(read(z, z.join(za, zb, k)) == minimal(j));
    Family w;
    for (uint32_t x : a)
      if (!std::any_of(b.begin(), b.end(), [&](uint32_t y) { return (y & x) == y; })) w.insert(x);
    CHECK(read(z, z.without(za, zb)) == w);
    Family t, o;
    uint32_t level = rng() % kLevels;
    for (uint32_t x : a) {
      if (popcount(x) <= static_cast<int>(k)) t.insert(x);
      if (!(x >> level & 1)) o.insert(x);
    }
    CHECK(read(z, z.truncate(za, k)) == t);
    CHECK(read(z, z.offset(za, level)) == o);
    std::vector<uint64_t> counts = z.count_by_order(za);
    for (uint32_t order = 0; order <= kLevels; ++order) {
      uint64_t expected = static_cast<uint64_t>(
          std::count_if(a.begin(), a.end(), [&](uint32_t x) { return popcount(x) == static_cast<int>(order); }));
      CHECK((order < counts.size() ? counts[order] : 0) == expected);
    }
  }
}

TEST_CASE("bdd: functions, probabilities, Birnbaum measures and minimal solutions") {
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    Bdd b(kLevels);
    Zbdd z(kLevels);
    Family f = random_minimal(rng);
    DdNode fb = bdd_of(b, f);
    std::vector<double> p(kLevels);
    for (double& q : p) q = 0.05 + 0.9 * (rng() % 1000) / 1000.0;
    double expected = 0;
    std::vector<double> given_true(kLevels, 0), given_false(kLevels, 0);
    for (uint32_t x = 0; x < (1u << kLevels); ++x) {
      double weight = 1;
      for (uint32_t l = 0; l < kLevels; ++l) weight *= (x >> l & 1) ? p[l] : 1 - p[l];
      bool value = holds(f, x);
      if (value) expected += weight;
      for (uint32_t l = 0; l < kLevels; ++l) {
        double w = weight / ((x >> l & 1) ? p[l] : 1 - p[l]);
        if (value && (x >> l & 1)) given_true[l] += w;
        if (value && !(x >> l & 1)) given_false[l] += w;
      }
    }
    Bdd::Sensitivity s = b.sensitivity(fb, p);
    CHECK(s.probability == doctest::Approx(expected).epsilon(1e-12));
    CHECK(b.probability(fb, p) == doctest::Approx(expected).epsilon(1e-12));
    for (uint32_t l = 0; l < kLevels; ++l)
      CHECK(s.birnbaum[l] == doctest::Approx(given_true[l] - given_false[l]).epsilon(1e-12));
    uint32_t level = rng() % kLevels;
    DdNode r = b.restrict(fb, level, false);
    Family o;
    for (uint32_t x : f)
      if (!(x >> level & 1)) o.insert(x);
    CHECK(r == bdd_of(b, o));
    CHECK(read(z, z.minimal_solutions(b, fb)) == f);
    uint32_t k = rng() % 4;
    Family t;
    for (uint32_t x : f)
      if (popcount(x) <= static_cast<int>(k)) t.insert(x);
    CHECK(read(z, z.minimal_solutions(b, fb, k)) == t);
    CHECK(z.minimal_solutions(b, fb) == build(z, f));
  }
}

TEST_CASE("node tables refuse to grow past their budget, and compaction keeps the roots") {
  Zbdd small(40, 16);
  DdNode f = Zbdd::kEmpty;
  CHECK_THROWS_AS(
      {
        for (uint32_t l = 0; l < 40; ++l) f = small.unite(f, small.singleton(l));
      },
      DiagramOverflow);
  try {
    Bdd tiny(40, 8);
    DdNode g = Bdd::kTrue;
    for (uint32_t l = 0; l < 40; ++l) g = tiny.conj(g, tiny.variable(l));
    FAIL("expected an overflow");
  } catch (const DiagramOverflow& e) {
    CHECK(std::string(e.what()) == "decision diagram exceeded its budget of 8 nodes");
  }

  Zbdd z(8);
  DdNode keep = z.join(z.singleton(1), z.singleton(5));
  for (uint32_t l = 0; l < 8; ++l) (void)z.join(z.singleton(l), z.singleton((l + 3) % 8));
  size_t before = z.table().size();
  std::vector<DdNode> roots = {keep};
  z.compact(roots);
  CHECK(z.table().size() < before);
  CHECK(read(z, roots[0]) == Family{(1u << 1) | (1u << 5)});
  CHECK(z.join(z.singleton(1), z.singleton(5)) == roots[0]);
}

TEST_CASE("node tables report growth every N lookups, by count, through compaction") {
  Bdd b(64);
  std::vector<uint64_t> reports;
  b.report_growth([&](uint64_t made) { reports.push_back(made); }, 10);
  // x0 or x1 or ... x63: one variable node and one disjunction node a level.
  DdNode any = Bdd::kFalse;
  for (uint32_t l = 0; l < 64; ++l) any = b.disj(any, b.variable(l));
  uint64_t made = b.table().made();
  CHECK(made == b.table().size() - 2);  // no compaction yet: every node still there
  // At least one report per 10 nodes made (lookups include them), each the
  // count made so far, never decreasing.
  REQUIRE(reports.size() >= made / 10);
  CHECK(std::is_sorted(reports.begin(), reports.end()));
  CHECK(reports.back() <= made);
  std::vector<DdNode> roots = {any};
  b.compact(roots);
  CHECK(b.table().made() == made);  // compaction does not lower the count
  size_t before = reports.size();
  for (uint32_t l = 0; l < 64; ++l) (void)b.variable(l);  // 64 lookups (compaction dropped some)
  CHECK(reports.size() >= before + 6);
  CHECK(reports.back() >= made);
  CHECK(reports.back() <= b.table().made());
  b.report_growth({}, 10);
  size_t seen = reports.size();
  for (uint32_t l = 0; l < 64; ++l) (void)b.conj(b.variable(l), b.variable((l + 7) % 64));
  CHECK(reports.size() == seen);
}

TEST_CASE("bdd: node counts and supports of small functions in a big table") {
  // rank measures thousands of small targets in one shared table.
  Bdd b(200);
  std::vector<DdNode> pairs;
  for (uint32_t l = 0; l + 1 < 200; ++l) pairs.push_back(b.conj(b.variable(l), b.variable(l + 1)));
  for (uint32_t l = 0; l + 1 < 200; ++l) {
    CHECK(b.node_count(pairs[l]) == 4);  // two decisions and both terminals
    CHECK(b.support(pairs[l]) == std::vector<uint32_t>{l, l + 1});
  }
  CHECK(b.node_count(Bdd::kTrue) == 1);
  CHECK(b.support(Bdd::kFalse).empty());
}

}  // namespace decouple
