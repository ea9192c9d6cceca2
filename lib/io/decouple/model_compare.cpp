#include "decouple/model_compare.h"

#include <cstring>

#include <fmt/format.h>

namespace decouple {
namespace {

// Floats and doubles compare by bits, so a NaN equals itself and -0 does
// not equal 0: a round trip must give back exactly what went in.
template <typename T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

bool same(const ItemFilter& a, const ItemFilter& b) {
  if (a.kinds != b.kinds || a.items != b.items || a.where.size() != b.where.size()) return false;
  for (size_t k = 0; k < a.where.size(); ++k)
    if (a.where[k].attribute != b.where[k].attribute || a.where[k].op != b.where[k].op ||
        !same_bits(a.where[k].value, b.where[k].value))
      return false;
  return true;
}

bool same(const ActionBody& x, const ActionBody& y) {
  if (x.index() != y.index()) return false;
  return std::visit(
      [&](const auto& a) -> bool {
        using T = std::decay_t<decltype(a)>;
        const T& b = std::get<T>(y);
        if constexpr (std::is_same_v<T, EntityListAction>) {
          return a.by == b.by && a.add == b.add && same(a.filter, b.filter);
        } else if constexpr (std::is_same_v<T, EmbargoAction>) {
          return a.by == b.by && a.to == b.to && same(a.filter, b.filter);
        } else if constexpr (std::is_same_v<T, BanAction>) {
          return a.firms == b.firms;
        } else if constexpr (std::is_same_v<T, LicenseAction>) {
          return a.by == b.by && a.supplier == b.supplier && a.to == b.to &&
                 same(a.filter, b.filter) && a.until == b.until && a.policy == b.policy;
        } else if constexpr (std::is_same_v<T, DeMinimisAction>) {
          if (a.by != b.by || !same_bits(a.default_threshold, b.default_threshold) ||
              a.per_country.size() != b.per_country.size())
            return false;
          for (size_t k = 0; k < a.per_country.size(); ++k)
            if (a.per_country[k].first != b.per_country[k].first ||
                !same_bits(a.per_country[k].second, b.per_country[k].second))
              return false;
          return true;
        } else {
          return a.by == b.by && a.targets == b.targets && a.depth == b.depth;
        }
      },
      x);
}

}  // namespace

std::string model_difference(const Model& a, const Model& b) {
  if (a.version != b.version) return "version";
  if (a.name != b.name) return "name";
  if (a.description != b.description) return "description";
  if (a.sources.size() != b.sources.size()) return "number of sources";
  for (size_t s = 0; s < a.sources.size(); ++s)
    if (a.sources[s].id != b.sources[s].id || a.sources[s].citation != b.sources[s].citation)
      return fmt::format("source {}", s);
  if (a.firms.size() != b.firms.size()) return "number of firms";
  for (size_t f = 0; f < a.firms.size(); ++f) {
    const Firm &x = a.firms[f], &y = b.firms[f];
    if (x.id != y.id || x.name != y.name || x.country != y.country || x.aliases != y.aliases ||
        x.tags != y.tags || !same_bits(x.probability, y.probability) || x.source != y.source)
      return fmt::format("firm {} ('{}')", f, x.id);
  }
  if (a.items.size() != b.items.size()) return "number of items";
  for (size_t i = 0; i < a.items.size(); ++i) {
    const Item &x = a.items[i], &y = b.items[i];
    bool attributes = x.attributes.size() == y.attributes.size();
    for (size_t k = 0; attributes && k < x.attributes.size(); ++k)
      attributes = x.attributes[k].first == y.attributes[k].first &&
                   same_bits(x.attributes[k].second, y.attributes[k].second);
    if (x.id != y.id || x.name != y.name || x.maker != y.maker || x.kind != y.kind ||
        x.origin != y.origin || !same_bits(x.value, y.value) || !attributes ||
        x.source != y.source || x.introduced != y.introduced || x.discontinued != y.discontinued ||
        x.first_need != y.first_need || x.need_count != y.need_count)
      return fmt::format("item {} ('{}')", i, x.id);
  }
  if (a.needs.size() != b.needs.size()) return "number of needs";
  for (size_t n = 0; n < a.needs.size(); ++n) {
    const Need &x = a.needs[n], &y = b.needs[n];
    if (x.item != y.item || x.name != y.name || x.critical != y.critical || x.role != y.role ||
        !same_bits(x.share, y.share) || !same_bits(x.stock, y.stock) ||
        x.first_option != y.first_option ||
        x.option_count != y.option_count)
      return fmt::format("need {} ('{}' of '{}')", n, x.name, a.items[x.item].id);
  }
  if (a.options.size() != b.options.size()) return "number of options";
  for (size_t o = 0; o < a.options.size(); ++o) {
    const Option &x = a.options[o], &y = b.options[o];
    if (x.need != y.need || x.item != y.item || x.status != y.status ||
        !same_bits(x.share, y.share) || !same_bits(x.lead_time, y.lead_time) ||
        !same_bits(x.capability, y.capability) || !same_bits(x.cost, y.cost) ||
        !same_bits(x.confidence, y.confidence) || x.source != y.source || x.as_of != y.as_of ||
        x.from != y.from || x.until != y.until || !same_bits(x.stock, y.stock))
      return fmt::format("option {} (of need '{}' of '{}')", o, a.needs[x.need].name,
                         a.items[a.needs[x.need].item].id);
  }
  if (a.scenarios.size() != b.scenarios.size()) return "number of scenarios";
  for (size_t s = 0; s < a.scenarios.size(); ++s) {
    const Scenario &x = a.scenarios[s], &y = b.scenarios[s];
    if (x.id != y.id || x.name != y.name || x.date != y.date || x.extends != y.extends ||
        x.source != y.source || x.actions.size() != y.actions.size())
      return fmt::format("scenario {} ('{}')", s, x.id);
    for (size_t k = 0; k < x.actions.size(); ++k)
      if (x.actions[k].source != y.actions[k].source || x.actions[k].from != y.actions[k].from ||
          x.actions[k].until != y.actions[k].until || !same(x.actions[k].body, y.actions[k].body))
        return fmt::format("action {} of scenario '{}'", k + 1, x.id);
  }
  if (a.blocs.size() != b.blocs.size()) return "number of blocs";
  for (size_t k = 0; k < a.blocs.size(); ++k)
    if (a.blocs[k].id != b.blocs[k].id || a.blocs[k].name != b.blocs[k].name ||
        a.blocs[k].countries != b.blocs[k].countries)
      return fmt::format("bloc {} ('{}')", k, a.blocs[k].id);
  if (a.exercises.size() != b.exercises.size()) return "number of exercises";
  for (size_t k = 0; k < a.exercises.size(); ++k) {
    const Exercise &x = a.exercises[k], &y = b.exercises[k];
    if (x.id != y.id || x.title != y.title || x.question != y.question || x.kind != y.kind ||
        x.item != y.item || x.scenario != y.scenario || x.date != y.date || x.blacklist != y.blacklist ||
        x.suppliers != y.suppliers || !same_bits(x.within, y.within) || x.source != y.source)
      return fmt::format("exercise {} ('{}')", k, x.id);
  }
  return {};
}

}  // namespace decouple
