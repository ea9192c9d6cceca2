#include "decouple/model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace decouple {
namespace {

constexpr std::string_view kKindNames[] = {"chip",    "software", "tool",    "material",
                                           "component", "product", "service", "ip"};

// The id of entry `i` of a vector of firms, items, scenarios or sources.
template <typename Vector>
auto id_of(const Vector& v) {
  return [&v](uint32_t i) -> std::string_view { return v[i].id; };
}

}  // namespace

std::string_view to_string(ItemKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<ItemKind> parse_item_kind(std::string_view text) {
  for (size_t i = 0; i < std::size(kKindNames); ++i)
    if (kKindNames[i] == text) return static_cast<ItemKind>(i);
  return std::nullopt;
}

namespace {
constexpr std::string_view kExerciseKindNames[] = {"smallest-blacklist", "recovery-plan",
                                                   "which-action"};
}  // namespace

std::string_view to_string(ExerciseKind kind) { return kExerciseKindNames[static_cast<int>(kind)]; }

std::optional<ExerciseKind> parse_exercise_kind(std::string_view text) {
  for (size_t i = 0; i < std::size(kExerciseKindNames); ++i)
    if (kExerciseKindNames[i] == text) return static_cast<ExerciseKind>(i);
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

Date Action::last_day() const {
  if (!until.empty()) return until;
  if (const auto* license = std::get_if<LicenseAction>(&body)) return license->until;
  return until;
}

FirmIndex Model::find_firm(std::string_view id) const {
  return firm_ids_.find(id, static_cast<uint32_t>(firms.size()), id_of(firms));
}
ItemIndex Model::find_item(std::string_view id) const {
  return item_ids_.find(id, static_cast<uint32_t>(items.size()), id_of(items));
}
ScenarioIndex Model::find_scenario(std::string_view id) const {
  return scenario_ids_.find(id, static_cast<uint32_t>(scenarios.size()), id_of(scenarios));
}
SourceIndex Model::find_source(std::string_view id) const {
  return source_ids_.find(id, static_cast<uint32_t>(sources.size()), id_of(sources));
}

void Model::index_ids() {
  firm_ids_.reset();
  item_ids_.reset();
  scenario_ids_.reset();
  source_ids_.reset();
}

}  // namespace decouple
