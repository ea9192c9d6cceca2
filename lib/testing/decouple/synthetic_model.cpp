#include "decouple/synthetic_model.h"

#include <algorithm>
#include <iterator>
#include <random>
#include <vector>

#include <fmt/format.h>

namespace decouple {

std::string synthetic_model_yaml(const SyntheticSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  // Own helpers rather than std distributions, whose output differs
  // between standard libraries: the same seed must give the same model.
  auto below = [&](uint64_t n) { return n == 0 ? 0 : static_cast<uint32_t>(rng() % n); };
  auto chance = [&](double p) { return static_cast<double>(rng() >> 11) * 0x1.0p-53 < p; };

  const uint32_t tiers = std::max<uint32_t>(1, spec.tiers);
  const uint32_t n_items = std::max<uint32_t>(1, spec.items);
  const uint32_t n_firms = std::max<uint32_t>(1, spec.firms);
  static const char* kCountries[] = {"US", "CN", "TW", "JP", "KR", "NL", "DE"};

  auto firm_id = [](uint32_t f) { return f % 3 == 2 ? fmt::format("f{}.x", f) : fmt::format("f{}", f); };
  std::string out = fmt::format("decouple: 1\nname: synthetic {} items seed {}\nfirms:\n", n_items, spec.seed);
  for (uint32_t f = 0; f < n_firms; ++f) {
    out += fmt::format("  - {{id: {}, country: {}", firm_id(f), kCountries[below(std::size(kCountries))]);
    if (spec.probabilities) out += fmt::format(", probability: {}", 0.05 + 0.05 * below(9));
    out += "}\n";
  }

  // Tier of item k: items are split evenly, tier 0 first.
  std::vector<uint32_t> tier_start(tiers + 1);
  for (uint32_t t = 0; t <= tiers; ++t) tier_start[t] = static_cast<uint32_t>(uint64_t{n_items} * t / tiers);
  std::vector<std::string> ids(n_items);
  for (uint32_t t = 0; t < tiers; ++t)
    for (uint32_t k = tier_start[t]; k < tier_start[t + 1]; ++k)
      ids[k] = fmt::format("t{}-{}", t, k - tier_start[t]);
  // Firms of tier t: those with f % tiers == t, when there are enough.
  auto maker_for = [&](uint32_t tier) {
    if (n_firms < tiers) return below(n_firms);
    uint32_t per_tier = (n_firms - tier + tiers - 1) / tiers;
    return tier + tiers * below(per_tier);
  };

  out += "items:\n";
  std::vector<uint32_t> picked;
  for (uint32_t t = 0; t < tiers; ++t) {
    for (uint32_t k = tier_start[t]; k < tier_start[t + 1]; ++k) {
      out += fmt::format("  - id: {}\n    maker: {}\n    kind: {}\n", ids[k], firm_id(maker_for(t)),
                         t == 0 ? "material" : t + 1 == tiers ? "product" : "component");
      if (t == 0 || tier_start[t] == 0) continue;
      uint32_t needs = 1 + below(spec.max_needs);
      out += "    needs:\n";
      for (uint32_t n = 0; n < needs; ++n) {
        out += fmt::format("      - name: n{}\n", n);
        if (chance(spec.non_critical)) out += "        critical: false\n";
        out += "        options:\n";
        uint32_t options = 1 + below(spec.max_options);
        picked.clear();
        for (uint32_t o = 0; o < options; ++o) {
          uint32_t from = chance(spec.back_edge) ? below(n_items) : below(tier_start[t]);
          if (from == k || std::find(picked.begin(), picked.end(), from) != picked.end()) continue;
          picked.push_back(from);
          out += fmt::format("          - {}\n", ids[from]);
        }
        if (picked.empty()) out += fmt::format("          - {}\n", ids[below(tier_start[t])]);
        if (chance(spec.alternative)) {
          uint32_t from = below(tier_start[t]);
          if (std::find(picked.begin(), picked.end(), from) == picked.end())
            out += fmt::format("          - {{item: {}, status: alternative}}\n", ids[from]);
        }
      }
    }
  }
  if (spec.scenarios) {
    out += "scenarios:\n";
    uint32_t listed = below(n_firms);
    std::string add = firm_id(listed);
    if (n_firms > 1) add += ", " + firm_id((listed + 1 + below(n_firms - 1)) % n_firms);
    out += fmt::format("  - id: listing\n    actions:\n      - entity_list: {{by: US, add: [{}]}}\n", add);
    out += fmt::format("  - id: ban\n    actions:\n      - ban: [{}]\n", firm_id(below(n_firms)));
  }
  return out;
}

std::string chain_model_yaml(uint32_t length, uint32_t width) {
  length = std::max<uint32_t>(1, length);
  std::string out = fmt::format("decouple: 1\nname: chain of {}\nfirms:\n  - {{id: root, country: US}}\n"
                                "  - {{id: f, country: CN}}\nitems:\n  - {{id: i0, maker: root, kind: material}}\n",
                                length);
  for (uint32_t k = 1; k < length; ++k)
    fmt::format_to(std::back_inserter(out),
                   "  - {{id: i{}, maker: f, kind: component, needs: [{{name: n, options: [i{}]}}]}}\n", k, k - 1);
  for (uint32_t k = 0; k < width; ++k)
    fmt::format_to(std::back_inserter(out),
                   "  - {{id: p{}, maker: f, kind: product, needs: [{{name: n, options: [i{}]}}]}}\n", k, length - 1);
  out += "scenarios:\n  - id: s\n    name: root banned\n    actions:\n      - ban: [root]\n";
  return out;
}

}  // namespace decouple
