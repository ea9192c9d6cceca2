#include "decouple/random_model.h"

#include <algorithm>

#include <fmt/format.h>

namespace decouple::testing {

RandomModel random_model(const RandomModelSpec& spec, Random& random) {
  RandomModel out;
  out.firms = draw_between(random, std::max<uint32_t>(1, spec.min_firms), std::max(spec.min_firms, spec.max_firms));
  out.items = draw_between(random, std::max<uint32_t>(1, spec.min_items), std::max(spec.min_items, spec.max_items));
  const uint32_t parts = std::max<uint32_t>(1, spec.share_parts);
  auto share_text = [&](uint32_t k) { return fmt::format("{}", static_cast<double>(k) / parts); };

  std::string& y = out.yaml;
  y = "decouple: 1\nname: random\nfirms:\n";
  for (uint32_t f = 0; f < out.firms; ++f) {
    std::string country;
    if (f < spec.fixed_countries.size()) {
      country = spec.fixed_countries[f];
    } else {
      country = spec.countries[random.below(spec.countries.size())];
    }
    y += fmt::format("  - {{id: f{}, country: {}}}\n", f, country);
  }
  y += "items:\n";
  std::vector<uint32_t> used;
  for (uint32_t i = 0; i < out.items; ++i) {
    const uint32_t maker = static_cast<uint32_t>(random.below(out.firms));
    y += fmt::format("  - id: i{}\n    maker: f{}\n    kind: chip\n", i, maker);
    if (spec.origin > 0 && random.chance(spec.origin)) {
      const std::string& origin = spec.origins[random.below(spec.origins.size())];
      y += fmt::format("    origin: {}\n", origin);
    }
    const uint32_t needs = out.items > 1 ? draw_between(random, 0, spec.max_needs) : 0;
    if (needs == 0) continue;
    y += "    needs:\n";
    uint32_t content_left = parts;  // of the item's value, in parts
    for (uint32_t n = 0; n < needs; ++n) {
      y += fmt::format("      - name: n{}\n", n);
      const bool critical = !(spec.non_critical > 0 && random.chance(spec.non_critical));
      if (!critical) y += "        critical: false\n";
      const bool means = spec.means > 0 && random.chance(spec.means);
      if (spec.means > 0) y += means ? "        role: means\n" : "        role: content\n";
      if (spec.need_share > 0 && random.chance(spec.need_share)) {
        const uint32_t share = static_cast<uint32_t>(random.below((means ? parts : content_left) + 1));
        if (!means) content_left -= share;
        y += fmt::format("        share: {}\n", share_text(share));
      }
      y += "        options:\n";
      used.clear();
      uint32_t supply_left = parts;  // of the need's supply, in parts
      const uint32_t options = draw_between(random, 1, std::max<uint32_t>(1, spec.max_options));
      for (uint32_t o = 0; o < options; ++o) {
        uint32_t supplier = static_cast<uint32_t>(random.below(out.items - 1));
        if (supplier >= i) ++supplier;  // never the item itself
        if (spec.distinct_suppliers && std::find(used.begin(), used.end(), supplier) != used.end()) continue;
        // A critical need's first option is current: the loader insists
        // that whatever is critical is made today.
        const bool may_be_alternative = !critical || !used.empty();
        used.push_back(supplier);
        y += fmt::format("          - {{item: i{}", supplier);
        if (may_be_alternative && spec.alternative > 0 && random.chance(spec.alternative))
          y += ", status: alternative";
        if (spec.option_share > 0 && random.chance(spec.option_share)) {
          const uint32_t share = static_cast<uint32_t>(random.below(supply_left + 1));
          supply_left -= share;
          y += fmt::format(", share: {}", share_text(share));
        }
        y += "}\n";
      }
    }
  }
  return out;
}

}  // namespace decouple::testing
