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
    const uint32_t maker =
        i < spec.fixed_makers.size() ? spec.fixed_makers[i] : static_cast<uint32_t>(random.below(out.firms));
    y += fmt::format("  - id: i{}\n    maker: f{}\n    kind: chip\n", i, maker);
    if (spec.origin > 0 && random.chance(spec.origin)) {
      const std::string& origin = spec.origins[random.below(spec.origins.size())];
      y += fmt::format("    origin: {}\n", origin);
    }
    if (spec.value > 0 && random.chance(spec.value)) {
      const uint32_t value = draw_between(random, 1, 100);
      y += fmt::format("    value: {}\n", value);
    }
    const bool leaf = out.items == 1 || i < spec.first_leaves || i + spec.last_leaves >= out.items;
    const uint32_t needs = leaf ? 0 : draw_between(random, spec.min_needs, std::max(spec.min_needs, spec.max_needs));
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
      const uint32_t min_options = std::max<uint32_t>(1, spec.min_options);
      const uint32_t options = draw_between(random, min_options, std::max(min_options, spec.max_options));
      for (uint32_t o = 0; o < options; ++o) {
        uint32_t supplier = 0;
        if (o == 0 && i != 0 && spec.supplier_i0 > 0 && random.chance(spec.supplier_i0)) {
          supplier = 0;
        } else if (i + 1 < out.items && spec.later_supplier > 0 && random.chance(spec.later_supplier)) {
          supplier = i + 1 + static_cast<uint32_t>(random.below(out.items - i - 1));
        } else {
          supplier = static_cast<uint32_t>(random.below(out.items - 1));
          if (supplier >= i) ++supplier;  // never the item itself
        }
        if (spec.distinct_suppliers && std::find(used.begin(), used.end(), supplier) != used.end()) continue;
        // A critical need's first option is current: the loader insists
        // that whatever is critical is made today.
        const bool may_be_alternative = !used.empty() || (!critical && !spec.first_option_current);
        used.push_back(supplier);
        y += fmt::format("          - {{item: i{}", supplier);
        if (may_be_alternative && spec.alternative > 0 && random.chance(spec.alternative))
          y += ", status: alternative";
        if (spec.option_share > 0 && random.chance(spec.option_share)) {
          const uint32_t share = static_cast<uint32_t>(random.below(supply_left + 1));
          supply_left -= share;
          y += fmt::format(", share: {}", share_text(share));
        }
        if (spec.terms > 0 && random.chance(spec.terms)) {
          const std::string& lead_time = spec.lead_times[random.below(spec.lead_times.size())];
          const std::string& capability = spec.capabilities[random.below(spec.capabilities.size())];
          const std::string& cost = spec.costs[random.below(spec.costs.size())];
          y += fmt::format(", lead_time: {}, capability: {}, cost: {}", lead_time, capability, cost);
        }
        y += "}\n";
      }
    }
  }
  return out;
}

void demote_first_options(Model& model, double unmet, Random& random) {
  for (const Need& need : model.needs) {
    if (!need.critical || need.option_count == 0) continue;
    Option& first = model.options[need.first_option];
    if (first.is_current() && random.chance(unmet)) first.status = OptionStatus::kAlternative;
  }
}

std::vector<OptionIndex> make_uncertain(Model& model, Random& random, size_t count, double chance,
                                        uint32_t parts) {
  std::vector<OptionIndex> chosen;
  for (OptionIndex o = 0; o < model.options.size() && chosen.size() < count; ++o) {
    if (!model.options[o].is_current() || !random.chance(chance)) continue;
    const uint64_t k = 1 + random.below(parts - 1);
    model.options[o].confidence = static_cast<float>(static_cast<double>(k) / parts);
    chosen.push_back(o);
  }
  return chosen;
}

}  // namespace decouple::testing
