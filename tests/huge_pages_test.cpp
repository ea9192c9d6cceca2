// Huge-page arrays (huge_pages.h): big blocks start on a 2 MiB boundary and
// read as zero; vectors on them keep std::vector's contract as they grow,
// shrink and copy; small blocks come from the ordinary heap.
#include "decouple/huge_pages.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <numeric>

namespace decouple {
namespace {

bool on_boundary(const void* at) { return reinterpret_cast<uintptr_t>(at) % kHugePageMinBytes == 0; }

TEST_CASE("map_huge: aligned zeroed memory, every byte writable") {
  const size_t bytes = 3 * kHugePageMinBytes + 12345;  // not a whole number of huge pages
  auto* at = static_cast<unsigned char*>(map_huge(bytes));
  REQUIRE(at != nullptr);
  CHECK(on_boundary(at));
  CHECK(at[0] == 0);
  CHECK(at[bytes - 1] == 0);
  at[0] = 1;
  at[bytes - 1] = 2;
  CHECK(at[0] + at[bytes - 1] == 3);
  unmap_huge(at, bytes);
  CHECK(map_huge(0) == nullptr);
}

TEST_CASE("HugeVector keeps the vector contract across the huge-page threshold") {
  const size_t big = kHugePageMinBytes / sizeof(uint32_t) + 7;
  HugeVector<uint32_t> v;
  for (uint32_t k = 0; k < big; ++k) v.push_back(k);  // grows from the heap onto huge pages
  CHECK(on_boundary(v.data()));
  bool in_order = true;
  for (uint32_t k = 0; k < big; ++k) in_order = in_order && v[k] == k;
  CHECK(in_order);

  HugeVector<uint32_t> copy = v;
  CHECK(copy == v);
  CHECK(on_boundary(copy.data()));
  v.resize(10);
  v.shrink_to_fit();  // back to the heap
  CHECK(v.size() == 10);
  CHECK(v[9] == 9);
  CHECK(copy.back() == big - 1);

  HugeVector<uint64_t> zeros(big, 0);
  CHECK(std::accumulate(zeros.begin(), zeros.end(), uint64_t{0}) == 0);
  HugeVector<uint64_t> filled(big, 5);
  CHECK(std::accumulate(filled.begin(), filled.end(), uint64_t{0}) == 5 * big);
}

}  // namespace
}  // namespace decouple
