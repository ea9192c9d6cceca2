// CompactVector: 8 bytes in a record, value semantics like std::vector.
#include "decouple/compact_vector.h"

#include <doctest/doctest.h>

#include <algorithm>
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
