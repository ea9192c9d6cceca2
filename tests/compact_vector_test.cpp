// CompactVector: 8 bytes in a record, value semantics like std::vector.
#include "decouple/compact_vector.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <string>
#include <utility>

#include "decouple/model.h"

using decouple::CompactVector;

TEST_CASE("compact vector: one pointer, nothing on the heap while empty") {
  static_assert(sizeof(CompactVector<std::pair<std::string, double>>) == sizeof(void*));
  CompactVector<int> v;
  CHECK(v.empty());
  CHECK(v.size() == 0);
  CHECK(v.begin() == v.end());
  CHECK(v.heap_bytes() == 0);
  v.resize(0);
  CHECK(v.heap_bytes() == 0);
}

TEST_CASE("compact vector: grows, sorts, copies deeply, clears") {
  CompactVector<std::pair<std::string, double>> v;
  v.emplace_back("tpp", 4800);
  v.emplace_back("node_nm", 7);
  std::sort(v.begin(), v.end());
  REQUIRE(v.size() == 2);
  CHECK(v[0].first == "node_nm");
  CHECK(v[1].second == 4800);

  CompactVector<std::pair<std::string, double>> copy = v;
  copy[0].second = 5;
  CHECK(v[0].second == 7);  // the copy owns its own list
  CHECK(!(copy == v));
  copy[0].second = 7;
  CHECK(copy == v);

  CompactVector<std::pair<std::string, double>> moved = std::move(copy);
  CHECK(moved.size() == 2);
  v = moved;
  CHECK(v == moved);
  v.clear();
  CHECK(v.empty());
  CHECK(moved.size() == 2);

  CompactVector<int> n;
  n.resize(3);
  CHECK(n.size() == 3);
  CHECK(n[2] == 0);
}

TEST_CASE("compact vector: an item's attribute lookup reads it") {
  decouple::TextArena text;
  decouple::Item item;
  CHECK(!item.attribute("node_nm"));
  item.attributes.emplace_back(text.intern("node_nm"), 7);
  item.attributes.emplace_back(text.intern("tpp"), 4800);
  decouple::Item copy = item;  // a Model copies its items
  item.attributes.clear();
  CHECK(copy.attribute("tpp") == 4800);
  CHECK(!copy.attribute("year"));
  CHECK(!item.attribute("tpp"));
}

namespace {
// A lent list and its block in one buffer, as a snapshot file holds them:
// [the list's 8 bytes][count][0][int64 x count].
struct LentBlock {
  alignas(8) unsigned char bytes[8 + 8 + 3 * 8] = {};
};
LentBlock lent_block_of(std::initializer_list<int64_t> values) {
  LentBlock b;
  const uint64_t bits = CompactVector<int64_t>::lent_bits(0, 8);
  std::memcpy(b.bytes, &bits, 8);
  const uint32_t n = static_cast<uint32_t>(values.size());
  std::memcpy(b.bytes + 8, &n, 4);
  size_t k = 0;
  for (int64_t v : values) std::memcpy(b.bytes + 8 + CompactVector<int64_t>::kBlockHeader + 8 * k++, &v, 8);
  return b;
}
}  // namespace

TEST_CASE("compact vector: a lent list reads its block wherever it lies, owns nothing, copies out") {
  LentBlock first = lent_block_of({5, 6, 7});
  uint64_t block = 0;
  uint64_t bits;
  std::memcpy(&bits, first.bytes, 8);
  REQUIRE(CompactVector<int64_t>::lent_block(bits, 0, block));
  CHECK(block == 8);
  CHECK_FALSE(CompactVector<int64_t>::lent_block(bits & ~uint64_t{1}, 0, block));  // an owned pointer

  LentBlock second;
  std::memcpy(&second, &first, sizeof first);  // the list and its block moved together
  for (LentBlock* b : {&first, &second}) {
    auto& lent = *reinterpret_cast<CompactVector<int64_t>*>(b->bytes);
    REQUIRE(lent.size() == 3);
    CHECK(lent[0] == 5);
    CHECK(lent[2] == 7);
    CHECK(lent.heap_bytes() == 0);
    CHECK(lent.begin() == reinterpret_cast<const int64_t*>(b->bytes + 16));
  }
  auto& lent = *reinterpret_cast<CompactVector<int64_t>*>(first.bytes);
  lent[1] = 60;  // writes the block in place
  CHECK(*reinterpret_cast<const int64_t*>(first.bytes + 24) == 60);

  CompactVector<int64_t> copy = lent;  // a copy owns its elements
  CHECK(copy == lent);
  CHECK(copy.heap_bytes() > 0);
  copy[0] = 50;
  CHECK(lent[0] == 5);

  // Moved out, the list is re-pointed at the same block; the source empties.
  CompactVector<int64_t> moved = std::move(lent);
  CHECK(lent.empty());  // NOLINT: a moved-from list is empty
  CHECK(moved.size() == 3);
  CHECK(moved.begin() == reinterpret_cast<const int64_t*>(first.bytes + 16));
  CHECK(moved.heap_bytes() == 0);

  // Growing a lent list copies it out first; the block stays as it was.
  moved.emplace_back(8);
  CHECK(moved.size() == 4);
  CHECK(moved[1] == 60);
  CHECK(moved[3] == 8);
  CHECK(moved.heap_bytes() > 0);
  uint32_t count;
  std::memcpy(&count, first.bytes + 8, 4);
  CHECK(count == 3);
}
