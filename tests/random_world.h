// A random small supply model (1-4 firms, 1-12 items, 0-3 needs an item,
// 1-3 options a need, some alternatives and non-critical needs), as YAML
// without scenarios, for property tests against brute-force oracles
// (propagate_test.cpp, trajectory_test.cpp). Deterministic for a seeded
// std::mt19937 on one standard library.
#ifndef DECOUPLE_TESTS_RANDOM_WORLD_H_
#define DECOUPLE_TESTS_RANDOM_WORLD_H_

#include <random>
#include <string>

namespace decouple::testing {

struct RandomWorld {
  std::string yaml;
  size_t firms = 0;
};

inline RandomWorld random_model(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  RandomWorld out;
  out.firms = static_cast<size_t>(pick(1, 4));
  int items = pick(1, 12);
  std::string y = "decouple: 1\nname: random\nfirms:\n";
  for (size_t f = 0; f < out.firms; ++f) y += "  - {id: f" + std::to_string(f) + ", country: CN}\n";
  y += "items:\n";
  for (int i = 0; i < items; ++i) {
    y += "  - id: i" + std::to_string(i) + "\n    maker: f" +
         std::to_string(pick(0, static_cast<int>(out.firms) - 1)) + "\n    kind: chip\n";
    int needs = items > 1 ? pick(0, 3) : 0;
    if (needs == 0) continue;
    y += "    needs:\n";
    for (int n = 0; n < needs; ++n) {
      y += "      - name: n" + std::to_string(n) + "\n";
      bool critical = pick(0, 3) != 0;
      if (!critical) y += "        critical: false\n";
      y += "        options:\n";
      int options = pick(1, 3);
      for (int o = 0; o < options; ++o) {
        int supplier = pick(0, items - 2);
        if (supplier >= i) ++supplier;  // never the item itself
        // A critical need's first option is current: the loader insists
        // that whatever is critical is made today.
        bool alternative = (!critical || o > 0) && pick(0, 3) == 0;
        y += "          - {item: i" + std::to_string(supplier) +
             (alternative ? ", status: alternative}\n" : "}\n");
      }
    }
  }
  out.yaml = std::move(y);
  return out;
}

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTS_RANDOM_WORLD_H_
