#include "decouple/loader.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "decouple/date.h"
#include "decouple/input_guard.h"
#include "decouple/mapped_file.h"
#include "decouple/model_check.h"
#include "decouple/table_loader.h"
#include "decouple/yaml_tree.h"

namespace decouple {

bool valid_id(std::string_view id) {
  if (id.empty()) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) {
    return lower_or_digit(c) || c == '.' || c == '_' || c == '-';
  });
}

namespace {

Location location_of(YamlNode node) { return node.location(); }

const char* type_name(YamlNode node) {
  if (!node) return "an undefined value";
  switch (node.kind()) {
    case YamlKind::kNull: return "nothing";
    case YamlKind::kScalar: return "a scalar";
    case YamlKind::kSequence: return "a list";
    case YamlKind::kMap: return "a map";
  }
  return "an undefined value";
}

// Parses YAML into a Model, collecting diagnostics instead of stopping.
// Ids are collected in a first pass over firms, items and scenarios so that
// references may point forward in the file.
class Loader {
 public:
  Loader(std::string file, const LoadLimits& limits) : file_(std::move(file)), limits_(limits) {
    model_.file = file_;
  }

  Result<Model> load(std::string_view text);

 private:
  void error(Location at, std::string message) {
    diagnostics_.push_back({file_, at.line, at.column, std::move(message)});
  }
  void error(YamlNode node, std::string message) {
    error(location_of(node), std::move(message));
  }

  // Reports fields of `node` that are not in `allowed`, with a did-you-mean.
  // Each key of `node` once; false (after an error per repeat) otherwise.
  bool check_unique_keys(YamlNode node, std::string_view context);
  void check_fields(YamlNode node, std::initializer_list<std::string_view> allowed,
                    std::string_view context);
  bool expect_map(YamlNode node, std::string_view what);
  bool expect_list(YamlNode node, std::string_view what);

  std::optional<std::string> scalar(YamlNode node, std::string_view what);
  std::optional<std::string> text_field(YamlNode map, const char* key,
                                        std::string_view context, bool required);
  std::optional<std::string> id_field(YamlNode map, const char* key,
                                      std::string_view context);
  std::optional<double> number(YamlNode node, std::string_view what, double lo,
                               double hi);
  std::optional<double> number_field(YamlNode map, const char* key,
                                     std::string_view context, double lo, double hi);
  std::optional<bool> bool_field(YamlNode map, const char* key, std::string_view context);
  std::optional<Country> country(YamlNode node, std::string_view what);
  std::optional<std::string> date_field(YamlNode map, const char* key,
                                        std::string_view context);
  // Reports a window whose end comes before its start: `last` must be on or
  // after `first` (an inclusive end), or strictly after it when
  // `exclusive_end` (an item's `discontinued`). Either may be empty.
  void check_window(YamlNode map, const char* first_key, Date first,
                    const char* last_key, Date last, std::string_view context,
                    bool exclusive_end);
  std::vector<std::string> string_list(YamlNode node, std::string_view what);
  SourceIndex source_field(YamlNode map, std::string_view context);

  // What a reference names: a firm, an item or a scenario.
  enum class Ref { kFirm, kItem, kScenario };
  // The one lookup of a reference: the index of the entity of kind `ref`
  // whose id is `node`'s scalar, or kNone after reporting why not (not a
  // scalar; an unknown id, with a did-you-mean; nothing when a table that
  // could not be read may have held it, as its own error says). A value
  // that is not a scalar is named `what` (`context` when empty), an unknown
  // id is "in" `context`.
  uint32_t reference(YamlNode node, std::string_view context, Ref ref, std::string_view what = {});
  FirmIndex firm_ref(YamlNode node, std::string_view context) {
    return reference(node, context, Ref::kFirm);
  }
  ItemIndex item_ref(YamlNode node, std::string_view context) {
    return reference(node, context, Ref::kItem);
  }
  ScenarioIndex scenario_ref(YamlNode node, std::string_view context, std::string_view what = {}) {
    return reference(node, context, Ref::kScenario, what);
  }
  std::vector<FirmIndex> firm_list(YamlNode node, std::string_view context);
  std::vector<Country> country_list(YamlNode node, std::string_view context);

  void parse_sources(YamlNode node);
  void collect_ids(YamlNode firms, YamlNode items);
  // `tables:` (table_loader.h): firms and items come from CSV files.
  void parse_tables(YamlNode tables, YamlNode firms, YamlNode items);
  void parse_firm(YamlNode node, FirmIndex index);
  void parse_item(YamlNode node, ItemIndex index);
  void parse_need(YamlNode node, ItemIndex item, std::set<std::string>& names);
  void parse_option(YamlNode node, NeedIndex need, std::string_view context);
  void parse_scenarios(YamlNode node);
  std::optional<Action> parse_action(YamlNode node, std::string_view context);
  ItemFilter parse_filter(YamlNode map, std::string_view context);
  std::vector<Condition> parse_where(YamlNode node, std::string_view context);
  void parse_blocs(YamlNode node);
  void parse_exercises(YamlNode node);
  void check_extends_cycles(const std::vector<std::vector<Location>>& extends_locations);
  void check_extends_depth(const std::vector<std::vector<Location>>& extends_locations);
  // Counts one more entity; false (with a diagnostic, once) past the limit.
  bool count_entity(YamlNode node);
  // Iterative walk of an alias-free tree; false (with a diagnostic) when
  // it nests deeper than the limit.
  bool check_depth(YamlNode root);
  uint64_t entities_ = 0;

  std::string file_;
  LoadLimits limits_;
  Model model_;
  Diagnostics diagnostics_;
  // Names of ids collected in the first pass, for did-you-mean hints.
  std::vector<std::string_view> firm_names_, item_names_, scenario_names_, source_names_;
  // Did-you-mean over ids scans every id, so only the first kHintLimit
  // dangling references get one (as the table loader does): 20,000 dangling
  // makers cost 20 scans, not 20,000.
  static constexpr size_t kHintLimit = 20;
  size_t hints_given_ = 0;
  std::string id_hint(std::string_view id, const std::vector<std::string_view>& names) {
    if (hints_given_ >= kHintLimit) return {};
    ++hints_given_;
    return closest_match(id, names);
  }
  std::unordered_map<std::string, FirmIndex> firm_index_;
  std::unordered_map<std::string, ItemIndex> item_index_;
  std::unordered_map<std::string, ScenarioIndex> scenario_index_;
  std::unordered_map<std::string, SourceIndex> source_index_;
  // Firms and items that failed to parse their id: skipped in later passes.
  std::vector<bool> firm_ok_, item_ok_;
  // Ids of firms and items loaded from tables, when the model has tables.
  std::unique_ptr<TableIds> table_ids_;
};

bool Loader::check_unique_keys(YamlNode node, std::string_view context) {
  // yaml-cpp keeps both entries of a repeated key and lookups see only the
  // first, so a second `name:` (or `tpp:` in attributes) would vanish
  // without a word. A hash set: a map of 80,000 keys is checked in linear
  // time, not with a scan of the keys seen so far.
  std::unordered_set<std::string_view> seen;
  bool ok = true;
  for (YamlPair pair : node.pairs()) {
    if (!pair.key().is_scalar()) continue;
    if (!seen.insert(pair.key().scalar()).second) {
      error(pair.key(), fmt::format("duplicate field '{}' in {}", pair.key().scalar(), context));
      ok = false;
    }
  }
  return ok;
}

void Loader::check_fields(YamlNode node, std::initializer_list<std::string_view> allowed,
                          std::string_view context) {
  check_unique_keys(node, context);
  std::unordered_set<std::string_view> reported;
  for (YamlPair pair : node.pairs()) {
    if (!pair.key().is_scalar()) {
      error(pair.key(), fmt::format("{}: field names must be plain words", context));
      continue;
    }
    std::string_view key = pair.key().scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    if (!reported.insert(key).second) continue;  // a duplicate, reported above
    std::string hint = closest_match(key, std::vector<std::string_view>(allowed));
    error(pair.key(), fmt::format("unknown field '{}' in {}{}", key, context, did_you_mean(hint)));
  }
}

bool Loader::expect_map(YamlNode node, std::string_view what) {
  if (node.is_map()) return true;
  error(node, fmt::format("{} must be a map, not {}", what, type_name(node)));
  return false;
}

bool Loader::expect_list(YamlNode node, std::string_view what) {
  if (node.is_sequence()) return true;
  error(node, fmt::format("{} must be a list, not {}", what, type_name(node)));
  return false;
}

std::optional<std::string> Loader::scalar(YamlNode node, std::string_view what) {
  if (!node.is_scalar()) {
    error(node, fmt::format("{} must be a single value, not {}", what, type_name(node)));
    return std::nullopt;
  }
  if (node.scalar().size() > limits_.max_name_length) {
    error(node, length_problem(what, node.scalar().size(), limits_.max_name_length));
    return std::nullopt;
  }
  return std::string(node.scalar());
}

std::optional<std::string> Loader::text_field(YamlNode map, const char* key,
                                              std::string_view context, bool required) {
  YamlNode node = map[key];
  if (!node) {
    if (required) {
      bool vowel = std::string_view("aeiou").find(key[0]) != std::string_view::npos;
      error(map, fmt::format("{} needs {} '{}'", context, vowel ? "an" : "a", key));
    }
    return std::nullopt;
  }
  return scalar(node, fmt::format("'{}' of {}", key, context));
}

std::optional<std::string> Loader::id_field(YamlNode map, const char* key,
                                            std::string_view context) {
  std::optional<std::string> id = text_field(map, key, context, true);
  if (!id) return std::nullopt;
  if (id->size() > limits_.max_id_length) {
    error(map[key], length_problem(fmt::format("id in {}", context), id->size(), limits_.max_id_length));
    return std::nullopt;
  }
  if (!valid_id(*id)) {
    error(map[key], invalid_id_problem(*id, context));
    return std::nullopt;
  }
  return id;
}

std::optional<double> Loader::number(YamlNode node, std::string_view what, double lo,
                                     double hi) {
  std::optional<std::string> text = scalar(node, what);
  if (!text) return std::nullopt;
  const char* begin = text->c_str();
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(begin, &end);
  bool parsed = !text->empty() && end == begin + text->size() && errno != ERANGE && std::isfinite(value);
  if (std::string problem = number_problem(what, *text, parsed, value, lo, hi); !problem.empty()) {
    error(node, std::move(problem));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Loader::number_field(YamlNode map, const char* key,
                                           std::string_view context, double lo, double hi) {
  YamlNode node = map[key];
  if (!node) return std::nullopt;
  return number(node, fmt::format("'{}' of {}", key, context), lo, hi);
}

std::optional<bool> Loader::bool_field(YamlNode map, const char* key,
                                       std::string_view context) {
  YamlNode node = map[key];
  if (!node) return std::nullopt;
  std::optional<std::string> text = scalar(node, fmt::format("'{}' of {}", key, context));
  if (!text) return std::nullopt;
  if (*text == "true") return true;
  if (*text == "false") return false;
  error(node, bool_problem(fmt::format("'{}' of {}", key, context), *text));
  return std::nullopt;
}

std::optional<Country> Loader::country(YamlNode node, std::string_view what) {
  std::optional<std::string> text = scalar(node, what);
  if (!text) return std::nullopt;
  std::optional<Country> c = Country::parse(*text);
  if (!c) {
    error(node, country_problem(what, *text));
  }
  return c;
}

std::optional<std::string> Loader::date_field(YamlNode map, const char* key,
                                              std::string_view context) {
  std::optional<std::string> text = text_field(map, key, context, false);
  if (!text) return std::nullopt;
  if (!valid_date(*text)) {
    error(map[key], date_problem(fmt::format("'{}' of {}", key, context), *text));
    return std::nullopt;
  }
  return text;
}

void Loader::check_window(YamlNode map, const char* first_key, Date first,
                          const char* last_key, Date last, std::string_view context,
                          bool exclusive_end) {
  std::string problem = window_problem(first_key, first, last_key, last, exclusive_end);
  if (!problem.empty()) error(map[last_key], fmt::format("{}: {}", context, problem));
}

std::vector<std::string> Loader::string_list(YamlNode node, std::string_view what) {
  std::vector<std::string> out;
  if (!expect_list(node, what)) return out;
  for (YamlNode element : node.items())
    if (auto s = scalar(element, fmt::format("an entry of {}", what))) out.push_back(*s);
  return out;
}

SourceIndex Loader::source_field(YamlNode map, std::string_view context) {
  YamlNode node = map["source"];
  if (!node) return kNone;
  std::optional<std::string> id = scalar(node, fmt::format("'source' of {}", context));
  if (!id) return kNone;
  auto it = source_index_.find(*id);
  if (it != source_index_.end()) return it->second;
  std::string hint = id_hint(*id, source_names_);
  error(node, fmt::format("unknown source '{}' in {}{}", *id, context,
                          hint.empty() ? " (list it under 'sources')" : did_you_mean(hint)));
  return kNone;
}

uint32_t Loader::reference(YamlNode node, std::string_view context, Ref ref, std::string_view what) {
  std::optional<std::string> id = scalar(node, what.empty() ? context : what);
  if (!id) return kNone;
  const std::unordered_map<std::string, uint32_t>& index =
      ref == Ref::kFirm ? firm_index_ : ref == Ref::kItem ? item_index_ : scenario_index_;
  auto it = index.find(*id);
  if (it != index.end()) return it->second;
  std::vector<std::string_view>& names =
      ref == Ref::kFirm ? firm_names_ : ref == Ref::kItem ? item_names_ : scenario_names_;
  // Scenarios never come from tables.
  if (table_ids_ && ref != Ref::kScenario) {
    const bool firm = ref == Ref::kFirm;
    if (uint32_t found = firm ? table_ids_->find_firm(*id) : table_ids_->find_item(*id); found != kNone)
      return found;
    if (!(firm ? table_ids_->firms_complete() : table_ids_->items_complete()))
      return kNone;  // the table's error says why
    // The ids of the tables' entities, for the hint, gathered once.
    if (names.empty()) {
      if (firm)
        for (const Firm& f : model_.firms) names.push_back(f.id);
      else
        for (const Item& i : model_.items) names.push_back(i.id);
    }
  }
  std::string hint = id_hint(*id, names);
  const char* kind = ref == Ref::kFirm ? "firm" : ref == Ref::kItem ? "item" : "scenario";
  error(node, unknown_reference_problem(kind, *id, context, hint));
  return kNone;
}

std::vector<FirmIndex> Loader::firm_list(YamlNode node, std::string_view context) {
  std::vector<FirmIndex> out;
  if (!expect_list(node, context)) return out;
  for (YamlNode element : node.items()) {
    FirmIndex f = firm_ref(element, context);
    if (f != kNone) out.push_back(f);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Country> Loader::country_list(YamlNode node, std::string_view context) {
  std::vector<Country> out;
  if (!expect_list(node, context)) return out;
  for (YamlNode element : node.items())
    if (auto c = country(element, context)) out.push_back(*c);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Loader::parse_sources(YamlNode node) {
  if (!node || !expect_map(node, "'sources'")) return;  // repeats: "duplicate source id" below
  for (YamlPair pair : node.pairs()) {
    std::optional<std::string> id = scalar(pair.key(), "a source id");
    if (!id) continue;
    if (!valid_id(*id)) {
      error(pair.key(), fmt::format("invalid source id '{}'", *id));
      continue;
    }
    std::optional<std::string> citation = scalar(pair.value(), fmt::format("source '{}'", *id));
    if (!citation) continue;
    if (source_index_.count(*id)) {
      error(pair.key(), fmt::format("duplicate source id '{}'", *id));
      continue;
    }
    source_index_.emplace(*id, static_cast<SourceIndex>(model_.sources.size()));
    model_.sources.push_back({*id, *citation});
  }
  for (const SourceRef& s : model_.sources) source_names_.push_back(s.id);
}

// First pass: every firm and item id, so references may point forward.
void Loader::collect_ids(YamlNode firms, YamlNode items) {
  std::unordered_map<std::string, Location> seen;
  auto collect = [&](YamlNode list, const char* what, auto& index, auto& ok) {
    if (!list || !expect_list(list, fmt::format("'{}'", what))) return;
    uint32_t n = 0;
    for (YamlNode node : list.items()) {
      if (!count_entity(node)) return;
      ok.push_back(false);
      uint32_t position = n++;
      if (!expect_map(node, fmt::format("an entry of '{}'", what))) continue;
      std::optional<std::string> id = id_field(node, "id", fmt::format("an entry of '{}'", what));
      if (!id) continue;
      auto [it, inserted] = seen.emplace(*id, location_of(node["id"]));
      if (!inserted) {
        error(node["id"], duplicate_id_problem(*id, it->second.line));
        continue;
      }
      index.emplace(*id, position);
      ok.back() = true;
    }
  };
  collect(firms, "firms", firm_index_, firm_ok_);
  collect(items, "items", item_index_, item_ok_);
  model_.firms.resize(firm_ok_.size());
  model_.items.resize(item_ok_.size());
  for (auto& [id, i] : firm_index_) firm_names_.push_back(id);
  for (auto& [id, i] : item_index_) item_names_.push_back(id);
  std::sort(firm_names_.begin(), firm_names_.end());
  std::sort(item_names_.begin(), item_names_.end());
}

void Loader::parse_tables(YamlNode node, YamlNode firms, YamlNode items) {
  for (YamlNode listed : {firms, items})
    if (listed)
      error(listed, "firms and items come from the tables when 'tables' is given: move them "
                    "into the CSV files");
  if (!expect_map(node, "'tables'")) return;
  check_fields(node, {"firms", "items", "needs", "options"}, "'tables'");
  // Table paths are relative to the YAML file.
  std::string dir = file_.substr(0, file_.find_last_of('/') + 1);
  TableFiles files;
  for (auto [key, file] : {std::pair<const char*, TableFile*>{"firms", &files.firms},
                           {"items", &files.items},
                           {"needs", &files.needs},
                           {"options", &files.options}}) {
    YamlNode path = node[key];
    if (!path) continue;
    std::optional<std::string> text = scalar(path, fmt::format("'{}' of 'tables'", key));
    if (!text) continue;
    file->path = !text->empty() && text->front() == '/' ? *text : dir + *text;
    file->named_in = file_;
    file->named_at = location_of(path);
    model_.table_files.push_back(file->path);
  }
  table_ids_ = load_tables(files, model_, diagnostics_, limits_);
}

void Loader::parse_firm(YamlNode node, FirmIndex index) {
  Firm& firm = model_.firms[index];
  firm.id = model_.text.add(node["id"].scalar());
  firm.location = location_of(node);
  std::string context = fmt::format("firm '{}'", firm.id);
  check_fields(node, {"id", "name", "country", "aliases", "tags", "probability", "source"}, context);
  if (auto name = text_field(node, "name", context, false))
    firm.name = model_.text.add(*name);
  else
    firm.name = firm.id;
  if (YamlNode c = node["country"]) {
    // `none`: a pseudo-firm with no jurisdiction (an importer's market
    // node); its items have no origin, so no action is ever subject to them.
    if (!(c.is_scalar() && c.scalar() == "none"))
      if (auto parsed = country(c, fmt::format("'country' of {}", context))) firm.country = *parsed;
  } else {
    error(node, fmt::format("{} needs a 'country'", context));
  }
  if (YamlNode a = node["aliases"]) firm.aliases = string_list(a, "'aliases' of " + context);
  if (YamlNode t = node["tags"]) firm.tags = string_list(t, "'tags' of " + context);
  firm.probability = number_field(node, "probability", context, 0, 1).value_or(-1);
  firm.source = source_field(node, context);
}

void Loader::parse_item(YamlNode node, ItemIndex index) {
  Item& item = model_.items[index];
  item.id = model_.text.add(node["id"].scalar());
  item.location = location_of(node);
  std::string context = fmt::format("item '{}'", item.id);
  check_fields(node, {"id", "name", "maker", "kind", "origin", "value", "attributes", "needs",
                      "source", "introduced", "discontinued"},
               context);
  if (auto name = text_field(node, "name", context, false))
    item.name = model_.text.add(*name);
  else
    item.name = item.id;
  if (YamlNode maker = node["maker"]) {
    item.maker = firm_ref(maker, fmt::format("'maker' of {}", context));
  } else {
    error(node, fmt::format("{} needs a 'maker'", context));
  }
  if (YamlNode kind = node["kind"]) {
    if (auto text = scalar(kind, "'kind' of " + context)) {
      if (auto parsed = parse_item_kind(*text))
        item.kind = *parsed;
      else
        error(kind, unknown_kind_problem(*text, context));
    }
  } else {
    error(node, fmt::format("{} needs a 'kind'", context));
  }
  if (YamlNode origin = node["origin"]) {
    if (auto c = country(origin, "'origin' of " + context)) item.origin = *c;
  }
  item.value = number_field(node, "value", context, 0, INFINITY).value_or(-1);
  if (YamlNode attributes = node["attributes"]) {
    if (expect_map(attributes, "'attributes' of " + context) &&
        check_unique_keys(attributes, "'attributes' of " + context)) {
      for (YamlPair pair : attributes.pairs()) {
        std::optional<std::string> name = scalar(pair.key(), "an attribute name");
        if (!name) continue;
        if (auto v = number(pair.value(), fmt::format("attribute '{}' of {}", *name, context),
                            -INFINITY, INFINITY))
          item.attributes.emplace_back(model_.text.intern(*name), *v);
      }
      std::sort(item.attributes.begin(), item.attributes.end());
    }
  }
  item.source = source_field(node, context);
  item.introduced = date_field(node, "introduced", context).value_or("");
  item.discontinued = date_field(node, "discontinued", context).value_or("");
  check_window(node, "introduced", item.introduced, "discontinued", item.discontinued, context,
               true);

  item.first_need = static_cast<NeedIndex>(model_.needs.size());
  if (YamlNode needs = node["needs"]) {
    if (expect_list(needs, "'needs' of " + context)) {
      std::set<std::string> names;
      for (YamlNode need : needs.items()) parse_need(need, index, names);
    }
  }
  item.need_count = static_cast<NeedIndex>(model_.needs.size()) - item.first_need;

  double content_share = 0;
  for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
    const Need& need = model_.needs[n];
    if (need.role == NeedRole::kContent && need.share > 0) content_share += need.share;
  }
  if (std::string problem = content_share_problem(item.id, content_share); !problem.empty())
    error(node, std::move(problem));
}

void Loader::parse_need(YamlNode node, ItemIndex item, std::set<std::string>& names) {
  std::string item_context = fmt::format("item '{}'", model_.items[item].id);
  if (!expect_map(node, "a need of " + item_context)) return;
  if (!count_entity(node)) return;
  Need need;
  need.item = item;
  need.location = location_of(node);
  std::optional<std::string> name = text_field(node, "name", "a need of " + item_context, true);
  std::string context = fmt::format("need '{}' of {}", name.value_or("?"), item_context);
  check_fields(node, {"name", "critical", "role", "share", "stock", "options"}, context);
  if (name) {
    if (!names.insert(*name).second)
      error(node["name"], fmt::format("duplicate need '{}' in {}", *name, item_context));
    need.name = model_.text.intern(*name);
  }
  need.critical = bool_field(node, "critical", context).value_or(true);
  if (auto role = text_field(node, "role", context, false)) {
    if (*role == "content")
      need.role = NeedRole::kContent;
    else if (*role == "means")
      need.role = NeedRole::kMeans;
    else
      error(node["role"], fmt::format("'role' of {} must be content or means, not '{}'", context,
                                      *role));
  }
  need.share = static_cast<float>(number_field(node, "share", context, 0, 1).value_or(-1));
  need.stock = static_cast<float>(number_field(node, "stock", context, 0, 1200).value_or(0));

  NeedIndex index = static_cast<NeedIndex>(model_.needs.size());
  need.first_option = static_cast<OptionIndex>(model_.options.size());
  model_.needs.push_back(std::move(need));
  YamlNode options = node["options"];
  const std::string_view need_name = name ? std::string_view(*name) : std::string_view("?");
  if (!options) {
    error(node, no_options_problem(need_name, model_.items[item].id));
  } else if (expect_list(options, "'options' of " + context)) {
    if (options.size() == 0) error(options, no_options_problem(need_name, model_.items[item].id));
    for (YamlNode option : options.items()) parse_option(option, index, context);
  }
  Need& stored = model_.needs[index];
  stored.option_count = static_cast<OptionIndex>(model_.options.size()) - stored.first_option;
  NeedOptions tally;
  for (OptionIndex o = stored.first_option; o < stored.first_option + stored.option_count; ++o)
    tally.add(model_.options[o]);
  // A need left without options was reported above, where they belong (or
  // each of its options was, as it was read).
  for (std::string& problem :
       need_problems(need_name, model_.items[item].id, stored.critical, tally, true))
    error(node, std::move(problem));
}

void Loader::parse_option(YamlNode node, NeedIndex need, std::string_view context) {
  if (!count_entity(node)) return;
  Option option;
  option.need = need;
  option.location = location_of(node);
  std::string option_context = fmt::format("an option of {}", context);
  if (node.is_scalar()) {
    option.item = item_ref(node, option_context);
  } else if (expect_map(node, option_context)) {
    check_fields(node, {"item", "status", "share", "lead_time", "capability", "cost",
                        "confidence", "as_of", "source", "from", "until", "stock"},
                 option_context);
    if (YamlNode item = node["item"])
      option.item = item_ref(item, option_context);
    else
      error(node, fmt::format("{} needs an 'item'", option_context));
    if (auto status = text_field(node, "status", option_context, false)) {
      if (*status == "current")
        option.status = OptionStatus::kCurrent;
      else if (*status == "alternative")
        option.status = OptionStatus::kAlternative;
      else
        error(node["status"], fmt::format("'status' of {} must be current or alternative, not '{}'",
                                          option_context, *status));
    }
    option.share = static_cast<float>(number_field(node, "share", option_context, 0, 1).value_or(-1));
    option.lead_time =
        static_cast<float>(number_field(node, "lead_time", option_context, 0, 1200).value_or(0));
    option.capability =
        static_cast<float>(number_field(node, "capability", option_context, 0, 1).value_or(1));
    option.cost = static_cast<float>(number_field(node, "cost", option_context, 0, 1e6).value_or(1));
    option.confidence =
        static_cast<float>(number_field(node, "confidence", option_context, 0, 1).value_or(1));
    option.as_of = date_field(node, "as_of", option_context).value_or("");
    option.from = date_field(node, "from", option_context).value_or("");
    option.until = date_field(node, "until", option_context).value_or("");
    check_window(node, "from", option.from, "until", option.until, option_context, false);
    option.stock =
        static_cast<float>(number_field(node, "stock", option_context, 0, 1200).value_or(0));
    option.source = source_field(node, option_context);
  } else {
    return;
  }
  if (option.item == kNone) return;
  if (option.item == model_.needs[need].item) {
    error(node, fmt::format("{} names the item itself", option_context));
    return;
  }
  model_.options.push_back(std::move(option));
}

ItemFilter Loader::parse_filter(YamlNode map, std::string_view context) {
  ItemFilter filter;
  if (YamlNode kinds = map["kinds"]) {
    std::string what = fmt::format("'kinds' of {}", context);
    if (expect_list(kinds, what)) {
      for (YamlNode element : kinds.items()) {
        std::optional<std::string> k = scalar(element, "an entry of " + what);
        if (!k) continue;
        if (auto kind = parse_item_kind(*k))
          filter.kinds.push_back(*kind);
        else
          error(element, unknown_kind_problem(*k, context));
      }
    }
  }
  if (YamlNode items = map["items"]) {
    if (expect_list(items, fmt::format("'items' of {}", context))) {
      for (YamlNode element : items.items()) {
        ItemIndex i = item_ref(element, fmt::format("'items' of {}", context));
        if (i != kNone) filter.items.push_back(i);
      }
      std::sort(filter.items.begin(), filter.items.end());
    }
  }
  if (YamlNode where = map["where"]) filter.where = parse_where(where, context);
  return filter;
}

std::vector<Condition> Loader::parse_where(YamlNode node, std::string_view context) {
  std::vector<Condition> out;
  if (!expect_map(node, fmt::format("'where' of {}", context))) return out;
  if (!check_unique_keys(node, fmt::format("'where' of {}", context))) return out;
  for (YamlPair pair : node.pairs()) {
    std::optional<std::string> attribute = scalar(pair.key(), "an attribute name");
    std::optional<std::string> text = scalar(pair.value(), "a 'where' condition");
    if (!attribute || !text) continue;
    Condition c;
    c.attribute = *attribute;
    std::string_view rest = *text;
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    static constexpr std::pair<std::string_view, Condition::Op> kOps[] = {
        {"<=", Condition::Op::kLessEqual}, {">=", Condition::Op::kGreaterEqual},
        {"==", Condition::Op::kEqual},     {"!=", Condition::Op::kNotEqual},
        {"<", Condition::Op::kLess},       {">", Condition::Op::kGreater}};
    for (auto [symbol, op] : kOps) {
      if (rest.substr(0, symbol.size()) == symbol) {
        c.op = op;
        rest.remove_prefix(symbol.size());
        break;
      }
    }
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    std::string number_text(rest);
    char* end = nullptr;
    double value = number_text.empty() ? NAN : std::strtod(number_text.c_str(), &end);
    if (number_text.empty() || end != number_text.c_str() + number_text.size() ||
        !std::isfinite(value)) {
      error(pair.value(), fmt::format("bad condition '{}' on '{}' in {}: write an operator (<, "
                                      "<=, >, >=, ==, !=) and a number, e.g. \">= 4800\"",
                                      *text, *attribute, context));
      continue;
    }
    c.value = value;
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<Action> Loader::parse_action(YamlNode node, std::string_view context) {
  if (!expect_map(node, "an action of " + std::string(context))) return std::nullopt;
  Action action;
  action.location = location_of(node);
  const std::string action_context = "an action of " + std::string(context);
  action.source = source_field(node, action_context);
  action.from = date_field(node, "from", action_context).value_or("");
  action.until = date_field(node, "until", action_context).value_or("");
  check_window(node, "from", action.from, "until", action.until, action_context, false);
  static constexpr std::string_view kKinds[] = {"entity_list", "embargo", "ban", "license",
                                                "de_minimis",  "foreign_direct_product"};
  std::string kind;
  YamlNode body;
  int count = 0;
  if (!check_unique_keys(node, "an action of " + std::string(context))) return std::nullopt;
  for (YamlPair pair : node.pairs()) {
    if (!pair.key().is_scalar()) continue;
    std::string_view key = pair.key().scalar();
    if (key == "source" || key == "from" || key == "until") continue;
    ++count;
    if (std::find(std::begin(kKinds), std::end(kKinds), key) == std::end(kKinds)) {
      std::string hint = closest_match(key, std::vector<std::string_view>(std::begin(kKinds),
                                                                          std::end(kKinds)));
      error(pair.key(),
            fmt::format("unknown action '{}' in {}{}", key, context,
                        did_you_mean(hint)));
      return std::nullopt;
    }
    kind = key;
    body = pair.value();
  }
  if (count != 1) {
    error(node, fmt::format("an action of {} must have exactly one of entity_list, embargo, ban, "
                            "license, de_minimis, foreign_direct_product",
                            context));
    return std::nullopt;
  }
  std::string where = fmt::format("'{}' in {}", kind, context);
  auto jurisdiction = [&](YamlNode map) -> Country {
    if (YamlNode by = map["by"]) {
      if (auto c = country(by, "'by' of " + where)) return *c;
      return {};
    }
    error(map, fmt::format("{} needs 'by' (the jurisdiction acting, e.g. US)", where));
    return {};
  };

  if (kind == "ban") {
    BanAction ban;
    if (body.is_map()) {
      check_fields(body, {"firms"}, where);
      if (YamlNode firms = body["firms"])
        ban.firms = firm_list(firms, where);
      else
        error(body, fmt::format("{} needs 'firms'", where));
    } else {
      ban.firms = firm_list(body, where);
    }
    action.body = std::move(ban);
    return action;
  }
  if (!expect_map(body, where)) return std::nullopt;
  if (kind == "entity_list") {
    check_fields(body, {"by", "add", "kinds", "items", "where"}, where);
    EntityListAction a;
    a.by = jurisdiction(body);
    if (YamlNode add = body["add"])
      a.add = firm_list(add, where);
    else
      error(body, fmt::format("{} needs 'add' (the listed firms)", where));
    a.filter = parse_filter(body, where);
    action.body = std::move(a);
  } else if (kind == "embargo") {
    check_fields(body, {"by", "to", "kinds", "items", "where"}, where);
    EmbargoAction a;
    a.by = jurisdiction(body);
    if (YamlNode to = body["to"])
      a.to = country_list(to, where);
    else
      error(body, fmt::format("{} needs 'to' (the destination countries)", where));
    a.filter = parse_filter(body, where);
    action.body = std::move(a);
  } else if (kind == "license") {
    check_fields(body, {"by", "supplier", "to", "items", "kinds", "until", "policy"}, where);
    LicenseAction a;
    a.by = jurisdiction(body);
    if (YamlNode s = body["supplier"]) a.supplier = firm_ref(s, "'supplier' of " + where);
    if (YamlNode t = body["to"]) a.to = firm_ref(t, "'to' of " + where);
    a.filter = parse_filter(body, where);
    if (!body["supplier"] && !body["to"] && !body["items"])
      error(body, fmt::format("{} needs at least one of 'supplier', 'to' or 'items'", where));
    a.until = date_field(body, "until", where).value_or("");
    if (!a.until.empty() && !action.until.empty())
      error(body["until"], fmt::format("{} has 'until' twice: on the action ({}) and in its body "
                                       "({}); keep one",
                                       where, action.until, a.until));
    check_window(body, "from", action.from, "until", a.until, where, false);
    if (auto policy = text_field(body, "policy", where, false)) {
      if (*policy == "approve")
        a.policy = LicenseAction::Policy::kApprove;
      else if (*policy == "deny")
        a.policy = LicenseAction::Policy::kDeny;
      else
        error(body["policy"], fmt::format("'policy' of {} must be approve or deny, not '{}'", where,
                                          *policy));
    }
    action.body = std::move(a);
  } else if (kind == "de_minimis") {
    check_fields(body, {"by", "threshold"}, where);
    DeMinimisAction a;
    a.by = jurisdiction(body);
    YamlNode threshold = body["threshold"];
    if (!threshold) {
      error(body, fmt::format("{} needs 'threshold'", where));
    } else if (threshold.is_map()) {
      if (!check_unique_keys(threshold, "'threshold' of " + where)) return std::nullopt;
      for (YamlPair pair : threshold.pairs()) {
        std::optional<std::string> key = scalar(pair.key(), "a threshold destination");
        std::optional<double> v = number(pair.value(), "a threshold", 0, 1);
        if (!key || !v) continue;
        if (*key == "default") {
          a.default_threshold = *v;
        } else if (auto c = country(pair.key(), "a threshold destination")) {
          a.per_country.emplace_back(*c, *v);
        }
      }
    } else if (auto v = number(threshold, "'threshold' of " + where, 0, 1)) {
      a.default_threshold = *v;
    }
    action.body = std::move(a);
  } else if (kind == "foreign_direct_product") {
    check_fields(body, {"by", "targets", "depth"}, where);
    ForeignDirectProductAction a;
    a.by = jurisdiction(body);
    if (YamlNode targets = body["targets"])
      a.targets = firm_list(targets, where);
    else
      error(body, fmt::format("{} needs 'targets'", where));
    a.depth = static_cast<uint32_t>(number_field(body, "depth", where, 1, 64).value_or(1));
    action.body = std::move(a);
  }
  return action;
}

void Loader::parse_scenarios(YamlNode node) {
  if (!node || !expect_list(node, "'scenarios'")) return;
  // First pass: ids, so `extends` may name a later scenario.
  std::vector<bool> ok;
  for (YamlNode s : node.items()) {
    ok.push_back(false);
    if (!expect_map(s, "an entry of 'scenarios'")) continue;
    std::optional<std::string> id = id_field(s, "id", "a scenario");
    if (!id) continue;
    if (scenario_index_.count(*id)) {
      error(s["id"], fmt::format("duplicate scenario id '{}'", *id));
      continue;
    }
    scenario_index_.emplace(*id, static_cast<ScenarioIndex>(model_.scenarios.size()));
    Scenario scenario;
    scenario.id = *id;
    model_.scenarios.push_back(std::move(scenario));
    ok.back() = true;
  }
  for (const Scenario& s : model_.scenarios) scenario_names_.push_back(s.id);

  std::vector<std::vector<Location>> extends_locations(model_.scenarios.size());
  ScenarioIndex index = 0;
  size_t position = 0;
  for (YamlNode s : node.items()) {
    if (!ok[position++]) continue;
    Scenario& scenario = model_.scenarios[index];
    scenario.location = location_of(s);
    std::string context = fmt::format("scenario '{}'", scenario.id);
    check_fields(s, {"id", "name", "date", "extends", "actions", "source", "description"}, context);
    scenario.name = text_field(s, "name", context, false).value_or(scenario.id);
    scenario.date = date_field(s, "date", context).value_or("");
    scenario.source = source_field(s, context);
    if (YamlNode extends = s["extends"]) {
      if (extends.is_scalar()) {
        error(extends, fmt::format("'extends' of {} must be a list, e.g. [{}]", context,
                                   extends.scalar()));
      } else if (expect_list(extends, "'extends' of " + context)) {
        for (YamlNode e : extends.items()) {
          ScenarioIndex extended = scenario_ref(e, "'extends' of " + context);
          if (extended == kNone) continue;
          model_.scenarios[index].extends.push_back(extended);
          extends_locations[index].push_back(location_of(e));
        }
      }
    }
    if (YamlNode actions = s["actions"]) {
      if (expect_list(actions, "'actions' of " + context)) {
        for (YamlNode a : actions.items())
          if (auto action = parse_action(a, context))
            model_.scenarios[index].actions.push_back(std::move(*action));
      }
    }
    ++index;
  }
  check_extends_cycles(extends_locations);
  check_extends_depth(extends_locations);
}

// Iterative depth-first search, so a chain of 10,000 `extends` cannot
// overflow the stack.
void Loader::check_extends_cycles(const std::vector<std::vector<Location>>& extends_locations) {
  enum class Mark : uint8_t { kNew, kActive, kDone };
  std::vector<Mark> mark(model_.scenarios.size(), Mark::kNew);
  for (ScenarioIndex root = 0; root < model_.scenarios.size(); ++root) {
    if (mark[root] != Mark::kNew) continue;
    std::vector<std::pair<ScenarioIndex, size_t>> stack = {{root, 0}};
    mark[root] = Mark::kActive;
    while (!stack.empty()) {
      auto& [s, next] = stack.back();
      const auto& extends = model_.scenarios[s].extends;
      if (next >= extends.size()) {  // >=: a cycle edge clears the list
        mark[s] = Mark::kDone;
        stack.pop_back();
        continue;
      }
      size_t edge = next++;
      ScenarioIndex t = extends[edge];
      if (mark[t] == Mark::kActive) {
        // A cycle through thousands of scenarios names the first and last
        // few and counts the rest: one line, not 40 KB of ids.
        constexpr size_t kShown = 4;
        size_t first = 0;
        while (stack[first].first != t) ++first;
        const size_t length = stack.size() - first;
        std::string cycle;
        for (size_t k = first; k < stack.size(); ++k) {
          size_t at = k - first;
          if (length > 2 * kShown && at == kShown)
            cycle += fmt::format("... ({} more) -> ", length - 2 * kShown);
          if (length > 2 * kShown && at >= kShown && at < length - kShown) continue;
          cycle += model_.scenarios[stack[k].first].id + " -> ";
        }
        cycle += model_.scenarios[t].id;
        error(extends_locations[s][edge], fmt::format("'extends' forms a cycle: {}", cycle));
        model_.scenarios[s].extends.clear();  // keep later passes finite
        continue;
      }
      if (mark[t] == Mark::kNew) {
        mark[t] = Mark::kActive;
        stack.push_back({t, 0});
      }
    }
  }
}

// The extends graph is acyclic here (cycles were cut); the longest chain
// is found by memoised depth in one iterative pass.
void Loader::check_extends_depth(const std::vector<std::vector<Location>>& extends_locations) {
  const size_t n = model_.scenarios.size();
  std::vector<uint32_t> depth(n, 0);  // 0 = not computed; else chain length
  for (ScenarioIndex root = 0; root < n; ++root) {
    if (depth[root]) continue;
    std::vector<std::pair<ScenarioIndex, size_t>> stack = {{root, 0}};
    while (!stack.empty()) {
      auto& [s, next] = stack.back();
      const auto& extends = model_.scenarios[s].extends;
      if (next < extends.size()) {
        ScenarioIndex t = extends[next++];
        if (!depth[t]) stack.push_back({t, 0});
        continue;
      }
      uint32_t d = 1;
      for (ScenarioIndex t : extends) d = std::max(d, depth[t] + 1);
      depth[s] = d;
      stack.pop_back();
    }
  }
  for (ScenarioIndex s = 0; s < n; ++s) {
    if (depth[s] <= limits_.max_extends_depth) continue;
    Location at = extends_locations[s].empty() ? model_.scenarios[s].location
                                               : extends_locations[s].front();
    error(at, fmt::format("scenario '{}' extends a chain of {} scenarios, more than the limit of {} "
                          "(--max-extends-depth)",
                          model_.scenarios[s].id, depth[s], limits_.max_extends_depth));
    return;  // one report is enough: every later link would repeat it
  }
}

bool Loader::check_depth(YamlNode root) {
  std::vector<std::pair<YamlNode, uint32_t>> stack = {{root, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (!node.is_map() && !node.is_sequence()) continue;
    if (depth >= limits_.max_depth) {
      error(node, fmt::format("nesting deeper than {} levels (the limit is --max-depth)",
                              limits_.max_depth));
      return false;
    }
    if (node.is_map()) {
      for (YamlPair pair : node.pairs()) stack.emplace_back(pair.value(), depth + 1);
    } else {
      for (YamlNode child : node.items()) stack.emplace_back(child, depth + 1);
    }
  }
  return true;
}

bool Loader::count_entity(YamlNode node) {
  if (++entities_ <= limits_.max_entities) return true;
  if (entities_ == limits_.max_entities + 1)
    error(node, fmt::format("the model has more than {} entities (firms, items, needs, options, "
                            "scenarios); the limit is --max-entities",
                            limits_.max_entities));
  return false;
}

void Loader::parse_blocs(YamlNode node) {
  if (!node || !expect_list(node, "'blocs'")) return;
  std::set<std::string> ids;
  for (YamlNode b : node.items()) {
    if (!expect_map(b, "an entry of 'blocs'")) continue;
    std::optional<std::string> id = id_field(b, "id", "a bloc");
    if (!id) continue;
    std::string context = fmt::format("bloc '{}'", *id);
    check_fields(b, {"id", "name", "countries"}, context);
    if (!ids.insert(*id).second) {
      error(b["id"], fmt::format("duplicate bloc id '{}'", *id));
      continue;
    }
    Bloc bloc;
    bloc.id = *id;
    bloc.location = location_of(b);
    bloc.name = text_field(b, "name", context, false).value_or(*id);
    if (YamlNode countries = b["countries"])
      bloc.countries = country_list(countries, "'countries' of " + context);
    else
      error(b, fmt::format("{} needs 'countries'", context));
    model_.blocs.push_back(std::move(bloc));
  }
}

void Loader::parse_exercises(YamlNode node) {
  if (!node || !expect_list(node, "'exercises'")) return;
  std::set<std::string> ids;
  for (YamlNode e : node.items()) {
    if (!expect_map(e, "an entry of 'exercises'")) continue;
    std::optional<std::string> id = id_field(e, "id", "an exercise");
    if (!id) continue;
    std::string context = fmt::format("exercise '{}'", *id);
    check_fields(e, {"id", "title", "question", "kind", "target", "may_change", "within", "source"},
                 context);
    // A repeated id is reported and its fields still checked, so one run
    // shows every error; only the first exercise of that id is kept.
    const bool repeated = !ids.insert(*id).second;
    if (repeated) error(e["id"], fmt::format("duplicate exercise id '{}'", *id));
    Exercise exercise;
    exercise.id = *id;
    exercise.location = location_of(e);
    exercise.title = text_field(e, "title", context, false).value_or(*id);
    exercise.question = text_field(e, "question", context, true).value_or("");
    exercise.source = source_field(e, context);
    bool kind_ok = false;
    if (auto kind = text_field(e, "kind", context, true)) {
      if (auto k = parse_exercise_kind(*kind)) {
        exercise.kind = *k;
        kind_ok = true;
      } else {
        std::vector<std::string_view> kinds = {"smallest-blacklist", "recovery-plan", "which-action"};
        std::string hint = closest_match(*kind, kinds);
        error(e["kind"], fmt::format("unknown kind '{}' in {} (one of smallest-blacklist, recovery-plan, "
                                     "which-action){}",
                                     *kind, context, hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
      }
    }
    if (YamlNode target = e["target"]; !target) {
      error(e, fmt::format("{} needs a 'target' (item, and optionally scenario and date)", context));
    } else if (expect_map(target, "'target' of " + context)) {
      std::string where = "'target' of " + context;
      check_fields(target, {"item", "scenario", "date"}, where);
      if (YamlNode item = target["item"])
        exercise.item = item_ref(item, where);
      else
        error(target, fmt::format("{} needs an 'item'", where));
      if (YamlNode scenario = target["scenario"])
        exercise.scenario = scenario_ref(scenario, where, "'scenario' of " + where);
      exercise.date = date_field(target, "date", where).value_or("");
    }
    if (YamlNode may = e["may_change"]; may && expect_map(may, "'may_change' of " + context)) {
      std::string where = "'may_change' of " + context;
      check_fields(may, {"blacklist", "suppliers"}, where);
      if (YamlNode list = may["blacklist"]) {
        if (kind_ok && exercise.kind != ExerciseKind::kSmallestBlacklist)
          error(list, fmt::format("{}: 'blacklist' is for kind smallest-blacklist, not {}", where,
                                  to_string(exercise.kind)));
        exercise.blacklist = firm_list(list, "'blacklist' of " + where);
      }
      if (YamlNode list = may["suppliers"]) {
        if (kind_ok && exercise.kind != ExerciseKind::kRecoveryPlan)
          error(list, fmt::format("{}: 'suppliers' is for kind recovery-plan, not {}", where,
                                  to_string(exercise.kind)));
        exercise.suppliers = firm_list(list, "'suppliers' of " + where);
      }
    }
    if (YamlNode within = e["within"]) {
      if (kind_ok && exercise.kind != ExerciseKind::kRecoveryPlan)
        error(within, fmt::format("'within' of {} is for kind recovery-plan, not {}", context,
                                  to_string(exercise.kind)));
      exercise.within = number(within, fmt::format("'within' of {}", context), 0, 1200).value_or(-1);
    } else if (kind_ok && exercise.kind == ExerciseKind::kRecoveryPlan) {
      error(e, fmt::format("{} of kind recovery-plan needs 'within' (months)", context));
    }
    if (kind_ok && exercise.kind == ExerciseKind::kWhichAction && e["target"] && !e["target"]["scenario"])
      error(e["target"], fmt::format("'target' of {} needs a 'scenario' (kind which-action asks which of "
                                     "its actions cut the item)",
                                     context));
    if (!repeated) model_.exercises.push_back(std::move(exercise));
  }
}

Result<Model> Loader::load(std::string_view text) {
  if (text.size() > limits_.max_file_bytes) {
    error(Location{}, fmt::format("the file is {} bytes, over the limit of {} bytes", text.size(),
                                  limits_.max_file_bytes));
    return diagnostics_;
  }
  diagnostics_ = check_text_encoding(text, file_);
  if (diagnostics_.empty()) diagnostics_ = check_flow_buffering(text, file_);
  // Classic Mac line ends: the parser would read one long line and report
  // something puzzling far from the cause.
  if (diagnostics_.empty() && text.find('\r') != std::string_view::npos &&
      text.find('\n') == std::string_view::npos)
    error(Location{1, static_cast<uint32_t>(text.find('\r') + 1)},
          "lines end with a carriage return alone (old Mac line ends); save the file with LF or "
          "CRLF line ends");
  // Only anchors make aliases, and only aliases can expand: without an '&'
  // the event pre-pass (which doubles parse time) is skipped and depth is
  // checked on the tree below, which costs far less than parsing.
  const bool may_alias = text.find('&') != std::string_view::npos;
  if (diagnostics_.empty() && may_alias) diagnostics_ = check_yaml_shape(text, file_, limits_);
  if (!diagnostics_.empty()) return diagnostics_;
  // The tree points into `text` for most scalars; both live until the
  // Model is built, which copies what it keeps.
  YamlTree tree(text);
  if (tree.error()) {
    if (tree.error()->message.starts_with("nesting deeper")) {
      // yaml-cpp's own depth guard stops where the scanner is (often a
      // line's end) and names its limit, not ours: the event pass finds the
      // first node too deep where it opens, against --max-depth.
      if (!may_alias) diagnostics_ = check_yaml_shape(text, file_, limits_);
      if (!diagnostics_.empty()) return diagnostics_;
      error(tree.error()->at, tree.error()->message + " (the YAML parser's own limit; --max-depth cannot raise it)");
      return diagnostics_;
    }
    error(tree.error()->at, tree.error()->message);
    return diagnostics_;
  }
  if (tree.document_count() > 1) {
    error(tree.document(1), "a model file holds one YAML document; this is a second one");
    return diagnostics_;
  }
  YamlNode root;
  if (tree.document_count() == 1) root = tree.document(0);
  if (!may_alias && !check_depth(root)) return diagnostics_;
  if (!root || root.is_null()) {
    error(Location{1, 1}, "the file is empty: a model starts with 'decouple: 1'");
    return diagnostics_;
  }
  if (!expect_map(root, "a model")) return diagnostics_;
  check_fields(root, {"decouple", "name", "description", "sources", "firms", "items",
                      "scenarios", "blocs", "tables", "exercises"},
               "the model");
  if (YamlNode version = root["decouple"]) {
    std::optional<std::string> v = scalar(version, "'decouple'");
    if (v && *v != "1")
      error(version, fmt::format("unsupported format version '{}' (this decouple reads 1)", *v));
  } else {
    error(root, "the model needs 'decouple: 1' (the format version)");
  }
  model_.name = text_field(root, "name", "the model", true).value_or("");
  model_.description = text_field(root, "description", "the model", false).value_or("");

  parse_sources(root["sources"]);
  YamlNode firms = root["firms"];
  YamlNode items = root["items"];
  if (YamlNode tables = root["tables"]) {
    parse_tables(tables, firms, items);
    firms = items = YamlNode();
  } else {
    collect_ids(firms, items);
  }
  // Each entry whose id collect_ids() accepted, up to the entity limit.
  auto parse_each = [](YamlNode list, const std::vector<bool>& ok, auto parse) {
    if (!list || !list.is_sequence()) return;
    uint32_t i = 0;
    for (YamlNode entry : list.items()) {
      if (i >= ok.size()) break;  // stopped at the entity limit
      if (ok[i]) parse(entry, i);
      ++i;
    }
  };
  parse_each(firms, firm_ok_, [&](YamlNode f, FirmIndex i) { parse_firm(f, i); });
  parse_each(items, item_ok_, [&](YamlNode item, ItemIndex i) { parse_item(item, i); });
  parse_scenarios(root["scenarios"]);
  parse_blocs(root["blocs"]);
  parse_exercises(root["exercises"]);
  if (!diagnostics_.empty()) {
    // The YAML file's diagnostics by position; those of its tables after
    // them, in the order the tables were read.
    auto key = [&](const Diagnostic& d) {
      return d.file == file_ ? std::tuple(0u, d.line, d.column) : std::tuple(1u, 0u, 0u);
    };
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
    return diagnostics_;
  }
  for (Item& item : model_.items)
    if (item.origin.empty()) item.origin = model_.firms[item.maker].country;
  model_.index_ids();
  return std::move(model_);
}

}  // namespace

Result<Model> load_model_from_string(std::string_view text, const std::string& file_name,
                                     const LoadLimits& limits) {
  return Loader(file_name, limits).load(text);
}

Result<Model> load_model(const std::string& path, const LoadLimits& limits) {
  MappedFile file;
  if (std::string why = file.open(path); !why.empty())
    return Diagnostics{{path, 0, 0, fmt::format("cannot open: {}", why)}};
  if (file.size() > limits.max_file_bytes) {
    return Diagnostics{{path, 0, 0,
                        fmt::format("the file is {} bytes, over the limit of {} bytes (raise it "
                                    "with --max-file-size)",
                                    file.size(), limits.max_file_bytes)}};
  }
  return load_model_from_string(file.text(), path, limits);
}

}  // namespace decouple
