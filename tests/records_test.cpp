// Records<T> (records.h): owned like a vector, or standing on lent bytes.
#include <doctest/doctest.h>

#include <memory>
#include <numeric>
#include <span>
#include <vector>

#include "decouple/records.h"

namespace decouple {
namespace {

struct Pair {
  int a = 0;
  int b = 0;
  bool operator==(const Pair&) const = default;
};

// Lends a fresh heap array of n records {i, 2i}; `alive` says whether the
// lender still holds it.
Records<Pair> lent_records(size_t n, std::weak_ptr<const void>& alive) {
  auto bytes = std::shared_ptr<Pair[]>(new Pair[n]);
  for (size_t i = 0; i < n; ++i) bytes[i] = {int(i), int(2 * i)};
  Records<Pair> r;
  r.lend(bytes.get(), n, bytes);
  alive = bytes;
  return r;
}

TEST_CASE("records: owned records behave as a vector") {
  Records<Pair> r = {{1, 2}, {3, 4}};
  CHECK_FALSE(r.lent());
  r.push_back({5, 6});
  r.emplace_back(Pair{7, 8});
  CHECK(r.size() == 4);
  CHECK(r.back() == Pair{7, 8});
  r.erase(r.begin() + 1);
  CHECK(r[1] == Pair{5, 6});
  std::vector<Pair> more = {{9, 9}, {10, 10}};
  r.insert(r.end(), more.begin(), more.end());
  CHECK(r.size() == 5);
  std::span<const Pair> view = r;
  CHECK(view.size() == 5);
  CHECK(view[4] == Pair{10, 10});
  r.clear();
  CHECK(r.empty());
  CHECK_THROWS_AS(r.at(0), std::out_of_range);
}

TEST_CASE("records: lent records read and write in place, and copy themselves to grow") {
  std::weak_ptr<const void> alive;
  Records<Pair> r = lent_records(1000, alive);
  REQUIRE(r.lent());
  CHECK(r.size() == 1000);
  CHECK(r[999] == Pair{999, 1998});
  CHECK(std::accumulate(r.begin(), r.end(), 0, [](int s, const Pair& p) { return s + p.a; }) == 499500);
  r[3].b = -1;  // in place: still lent
  CHECK(r.lent());

  // A copy owns its records; the original still stands on the lent bytes.
  Records<Pair> copy = r;
  CHECK_FALSE(copy.lent());
  CHECK(copy == r);
  CHECK(r.lent());
  // Moving keeps the loan.
  Records<Pair> moved = std::move(r);
  CHECK(moved.lent());
  CHECK(moved[3] == Pair{3, -1});
  CHECK_FALSE(alive.expired());

  // Growing by one of its own elements: the argument is read before the
  // lent bytes go (they are freed once the records own a copy).
  moved.push_back(moved[3]);
  CHECK_FALSE(moved.lent());
  CHECK(alive.expired());
  CHECK(moved.size() == 1001);
  CHECK(moved[1000] == Pair{3, -1});
  CHECK(moved[999] == Pair{999, 1998});
}

TEST_CASE("records: every size change on lent records gives them their own storage") {
  std::weak_ptr<const void> alive;
  auto check_owned = [&](Records<Pair>& r, size_t size) {
    CHECK_FALSE(r.lent());
    CHECK(alive.expired());
    CHECK(r.size() == size);
  };
  {
    Records<Pair> r = lent_records(10, alive);
    r.resize(12);
    check_owned(r, 12);
    CHECK(r[9] == Pair{9, 18});
    CHECK(r[11] == Pair{});
  }
  {
    Records<Pair> r = lent_records(10, alive);
    r.insert(r.begin() + 2, r[9]);
    check_owned(r, 11);
    CHECK(r[2] == Pair{9, 18});
    CHECK(r[3] == Pair{2, 4});
  }
  {
    Records<Pair> r = lent_records(10, alive);
    r.erase(r.begin(), r.begin() + 4);
    check_owned(r, 6);
    CHECK(r.front() == Pair{4, 8});
  }
  {
    Records<Pair> r = lent_records(10, alive);
    r.reserve(100);
    check_owned(r, 10);
    CHECK(r.capacity() >= 100);
  }
  {
    Records<Pair> r = lent_records(10, alive);
    r = Records<Pair>{{1, 1}};
    check_owned(r, 1);
  }
}

}  // namespace
}  // namespace decouple
