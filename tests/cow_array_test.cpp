// Copy-on-write arrays (cow_array.h): private copies read as their template,
// writes stay private, reset() goes back to the template; the same for
// small arrays, which are plain heap copies.
#include "decouple/cow_array.h"
#include "decouple/huge_pages.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <numeric>
#include <vector>

namespace decouple {
namespace {

std::vector<uint32_t> counting(size_t n) {
  std::vector<uint32_t> values(n);
  std::iota(values.begin(), values.end(), 7u);
  return values;
}

bool equal(const CowArray<uint32_t>& array, const std::vector<uint32_t>& expected) {
  if (array.size() != expected.size()) return false;
  for (size_t i = 0; i < expected.size(); ++i)
    if (array[i] != expected[i]) return false;
  return true;
}

// Runs the contract on a template of `n` >= 3 values.
void check_contract(size_t n) {
  const std::vector<uint32_t> values = counting(n);
  CowTemplate<uint32_t> from(values);
  REQUIRE(from.size() == n);
  CowArray<uint32_t> a(from), b(from);
  CHECK(equal(a, values));
  a[0] = 1;
  a[n - 1] = 2;
  a[n / 2] = 3;
  CHECK(a[0] == 1);
  CHECK(a[n / 2] == 3);
  CHECK(equal(b, values));  // another copy does not see the writes
  CHECK(from[0] == values[0]);
  CHECK(from[n - 1] == values[n - 1]);  // nor does the template

  CowArray<uint32_t> copy(a);  // a copy keeps the writes, then resets on its own
  CHECK(copy[n / 2] == 3);
  a.reset();
  CHECK(equal(a, values));
  CHECK(copy[n / 2] == 3);
  copy.reset();
  CHECK(equal(copy, values));

  a[1] = 99;  // written again after a reset
  CHECK(a[1] == 99);
  CowArray<uint32_t> moved(std::move(a));
  CHECK(moved[1] == 99);
  moved.reset();
  CHECK(equal(moved, values));

  CowArray<uint32_t> zeros = CowArray<uint32_t>::zeroed(n);
  CHECK(equal(zeros, std::vector<uint32_t>(n, 0)));
  zeros[n - 1] = 5;
  CHECK(zeros[n - 1] == 5);
  zeros.reset();
  CHECK(equal(zeros, std::vector<uint32_t>(n, 0)));
}

TEST_CASE("a big array shares its template's pages and keeps its writes private") {
  const size_t n = 3 * kCowMinBytes / sizeof(uint32_t) + 123;  // not a whole number of pages
  CowTemplate<uint32_t> from(counting(n));
  // On Linux the template is a memory file and copies map it; were the
  // system to refuse, the heap fallback would still pass check_contract,
  // so say which path ran.
  MESSAGE("memory file: " << (from.file() >= 0 ? "yes" : "no (heap fallback)"));
#ifdef __linux__
  CHECK(from.file() >= 0);
  CHECK(CowArray<uint32_t>(from).shares_pages());
  CHECK(CowArray<uint32_t>::zeroed(n).shares_pages());
#endif
  check_contract(n);
}

TEST_CASE("an array of huge pages' size: zeros on huge pages, a template copied from a span") {
  // Over kHugePageMinBytes, zeroed() maps huge pages (huge_pages.h); the
  // contract is the same, and the mapping is a whole number of 2 MiB pages.
  const size_t n = kHugePageMinBytes / sizeof(uint32_t) + 1000;
  check_contract(n);
  const std::vector<uint32_t> values = counting(n);
  CowTemplate<uint32_t> from{std::span<const uint32_t>(values)};
  CHECK(equal(CowArray<uint32_t>(from), values));
  CowTemplate<uint32_t> small{std::span<const uint32_t>(values).first(5)};
  CHECK(small.file() < 0);
  CHECK(equal(CowArray<uint32_t>(small), counting(5)));
}

TEST_CASE("a small array is a heap copy with the same contract") {
  CowTemplate<uint32_t> from(counting(10));
  CHECK(from.file() < 0);
  CHECK_FALSE(CowArray<uint32_t>(from).shares_pages());
  check_contract(10);
  check_contract(3);  // the smallest with three distinct positions written
}

TEST_CASE("empty arrays") {
  CowTemplate<uint32_t> from{std::vector<uint32_t>{}};
  CowArray<uint32_t> a(from);
  CHECK(a.size() == 0);
  a.reset();
  CowArray<uint32_t> z = CowArray<uint32_t>::zeroed(0);
  CHECK(z.size() == 0);
  z.reset();
}

}  // namespace
}  // namespace decouple
