#include "decouple/model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace decouple {
namespace {

constexpr std::string_view kKindNames[] = {"chip",    "software", "tool",    "material",
                                           "component", "product", "service", "ip"};

template <typename Map>
uint32_t find_in(const Map& map, std::string_view id) {
  auto it = map.find(std::string(id));
  return it == map.end() ? kNone : it->second;
}

}  // namespace

std::string_view to_string(ItemKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<ItemKind> parse_item_kind(std::string_view text) {
  for (size_t i = 0; i < std::size(kKindNames); ++i)
    if (kKindNames[i] == text) return static_cast<ItemKind>(i);
  return std::nullopt;
}

std::optional<double> Item::attribute(std::string_view name) const {
  auto it = std::lower_bound(attributes.begin(), attributes.end(), name,
                             [](const auto& pair, std::string_view key) { return pair.first < key; });
  if (it == attributes.end() || it->first != name) return std::nullopt;
  return it->second;
}

bool Condition::matches(const Item& item) const {
  std::optional<double> v = item.attribute(attribute);
  if (!v) return false;
  switch (op) {
    case Op::kLess: return *v < value;
    case Op::kLessEqual: return *v <= value;
    case Op::kGreater: return *v > value;
    case Op::kGreaterEqual: return *v >= value;
    case Op::kEqual: return *v == value;
    case Op::kNotEqual: return *v != value;
  }
  return false;
}

std::string to_string(const Condition& condition) {
  static constexpr std::string_view kOps[] = {"<", "<=", ">", ">=", "==", "!="};
  return fmt::format("{} {} {}", condition.attribute, kOps[static_cast<int>(condition.op)],
                     condition.value);
}

bool ItemFilter::matches(ItemIndex index, const Item& item) const {
  if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), item.kind) == kinds.end())
    return false;
  if (!items.empty() && !std::binary_search(items.begin(), items.end(), index)) return false;
  for (const Condition& c : where)
    if (!c.matches(item)) return false;
  return true;
}

double DeMinimisAction::threshold_for(Country destination) const {
  for (const auto& [country, threshold] : per_country)
    if (country == destination) return threshold;
  return default_threshold;
}

std::string_view action_kind(const ActionBody& body) {
  static constexpr std::string_view kNames[] = {"entity_list", "embargo", "ban",
                                                "license", "de_minimis", "foreign_direct_product"};
  return kNames[body.index()];
}

FirmIndex Model::find_firm(std::string_view id) const { return find_in(firm_ids_, id); }
ItemIndex Model::find_item(std::string_view id) const { return find_in(item_ids_, id); }
ScenarioIndex Model::find_scenario(std::string_view id) const { return find_in(scenario_ids_, id); }
SourceIndex Model::find_source(std::string_view id) const { return find_in(source_ids_, id); }

void Model::index_ids() {
  firm_ids_.clear();
  item_ids_.clear();
  scenario_ids_.clear();
  source_ids_.clear();
  firm_ids_.reserve(firms.size());
  item_ids_.reserve(items.size());
  for (FirmIndex i = 0; i < firms.size(); ++i) firm_ids_.emplace(firms[i].id, i);
  for (ItemIndex i = 0; i < items.size(); ++i) item_ids_.emplace(items[i].id, i);
  for (ScenarioIndex i = 0; i < scenarios.size(); ++i) scenario_ids_.emplace(scenarios[i].id, i);
  for (SourceIndex i = 0; i < sources.size(); ++i) source_ids_.emplace(sources[i].id, i);
}

}  // namespace decouple
