// Model (model.h): id lookups, whose indexes are built on first use.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "decouple/model.h"

namespace decouple {
namespace {

// A model of `n` firms f0.. and items i0.. (item k made by firm k).
Model numbered(uint32_t n) {
  Model m;
  for (uint32_t k = 0; k < n; ++k) {
    Firm f;
    f.id = f.name = m.text.add("f" + std::to_string(k));
    m.firms.push_back(f);
    Item i;
    i.id = i.name = m.text.add("i" + std::to_string(k));
    i.maker = k;
    m.items.push_back(i);
  }
  Scenario s;
  s.id = s.name = "s";
  m.scenarios.push_back(s);
  m.sources.push_back(SourceRef{"src", "a citation"});
  m.index_ids();
  return m;
}

TEST_CASE("model: every id is found at its position, absent ones are not") {
  Model m = numbered(1000);
  for (uint32_t k = 0; k < 1000; ++k) {
    CHECK(m.find_firm("f" + std::to_string(k)) == k);
    CHECK(m.find_item("i" + std::to_string(k)) == k);
  }
  CHECK(m.find_item("f1") == kNone);
  CHECK(m.find_firm("i1") == kNone);
  CHECK(m.find_item("") == kNone);
  CHECK(m.find_scenario("s") == 0);
  CHECK(m.find_source("src") == 0);
  CHECK(m.find_source("s") == kNone);
}

TEST_CASE("model: copies and moves find ids; a changed copy finds its own after index_ids") {
  Model m = numbered(50);
  CHECK(m.find_item("i7") == 7);  // built here, shared by the copy
  Model copy = m;
  copy.items[7].id = copy.text.add("renamed");
  copy.index_ids();
  CHECK(copy.find_item("renamed") == 7);
  CHECK(copy.find_item("i7") == kNone);
  CHECK(m.find_item("i7") == 7);  // the original keeps its index
  CHECK(m.find_item("renamed") == kNone);

  Model moved = std::move(m);
  CHECK(moved.find_item("i49") == 49);
  Model unbuilt = numbered(10);  // copied before any lookup: each builds on demand
  Model twin = unbuilt;
  CHECK(twin.find_firm("f3") == 3);
  CHECK(unbuilt.find_firm("f9") == 9);
}

TEST_CASE("model: the first lookups may come from several threads at once") {
  Model m = numbered(20000);
  std::vector<std::thread> threads;
  std::vector<int> misses(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (uint32_t k = t; k < 20000; k += 4)
        if (m.find_item("i" + std::to_string(k)) != k) ++misses[t];
    });
  for (std::thread& t : threads) t.join();
  CHECK(misses == std::vector<int>(4, 0));
}

}  // namespace
}  // namespace decouple
