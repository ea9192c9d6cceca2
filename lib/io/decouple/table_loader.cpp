#include "decouple/table_loader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <span>
#include <sys/stat.h>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "decouple/csv_stream.h"
#include "decouple/date.h"
#include "decouple/escape.h"
#include "decouple/input_guard.h"
#include "decouple/mapped_file.h"
#include "decouple/model_check.h"

namespace decouple {

namespace {

// Columns of each table, in the order rows are handed to the parsers.
enum FirmColumn { kFirmId, kFirmName, kFirmCountry, kFirmAliases, kFirmTags, kFirmProbability, kFirmSource };
constexpr std::string_view kFirmColumns[] = {"id",   "name",        "country", "aliases",
                                             "tags", "probability", "source"};
constexpr std::string_view kFirmRequired[] = {"id", "country"};
enum ItemColumn {
  kItemId, kItemName, kItemMaker, kItemKind, kItemOrigin, kItemValue, kItemAttributes, kItemSource,
  kItemIntroduced, kItemDiscontinued
};
constexpr std::string_view kItemColumns[] = {"id",         "name",        "maker",  "kind",
                                             "origin",     "value",       "attributes", "source",
                                             "introduced", "discontinued"};
constexpr std::string_view kItemRequired[] = {"id", "maker", "kind"};
enum NeedColumn { kNeedItem, kNeedName, kNeedCritical, kNeedRole, kNeedShare, kNeedStock };
constexpr std::string_view kNeedColumns[] = {"item", "need", "critical", "role", "share", "stock"};
enum OptionColumn {
  kOptionItem, kOptionNeed, kOptionOption, kOptionStatus, kOptionShare, kOptionLeadTime,
  kOptionCapability, kOptionCost, kOptionConfidence, kOptionAsOf, kOptionSource, kOptionFrom,
  kOptionUntil, kOptionStock
};
constexpr std::string_view kOptionColumns[] = {"item",       "need",  "option",     "status",
                                               "share",      "lead_time", "capability", "cost",
                                               "confidence", "as_of", "source",     "from",
                                               "until",      "stock"};

constexpr size_t kHintLimit = 20;             // did-you-mean hints scan every id
constexpr size_t kReleaseEvery = 16u << 20;   // give back mapped pages every 16 MiB

// Where a need was declared: a needs.csv row, or the options.csv row that
// first named it.
struct NeedOrigin {
  uint32_t line = 0;
  bool from_options = false;
  bool bad_option = false;  // an options row naming it had an error
};

}  // namespace

class TableLoader {
 public:
  TableLoader(Model& model, Diagnostics& errors, const LoadLimits& limits)
      : model_(model), errors_(errors), limits_(limits), ids_(std::make_unique<TableIds>(model)) {}

  std::unique_ptr<TableIds> run(const TableFiles& files);

 private:
  void error(const std::string& file, uint32_t line, uint32_t column, std::string message) {
    errors_.push_back({file, line, column, std::move(message)});
  }

  // Maps `file`, checks its header against `columns` (`required` must be
  // there) and hands every row to `row(fields, line)` with the fields in
  // `columns` order (a column the file lacks reads as absent).
  // Returns false when no row could be read (the file cannot be opened, is
  // too big or empty, or its header lacks a required column).
  template <typename Row>
  bool read_table(const TableFile& file, std::span<const std::string_view> columns,
                  std::span<const std::string_view> required, Row&& row);

  // Field parsers: each reports its own error (worded by model_check.h,
  // as the YAML loader words it; `what` names the field as the message
  // shows it: "'share'") and returns nullopt.
  std::optional<std::string_view> id_field(const CsvField& f, uint32_t line, std::string_view what);
  std::optional<std::string_view> text_field(const CsvField& f, uint32_t line, std::string_view what);
  std::optional<double> number_field(const CsvField& f, uint32_t line, std::string_view what,
                                     double lo, double hi);
  std::optional<Country> country_field(const CsvField& f, uint32_t line, std::string_view what);
  std::optional<bool> bool_field(const CsvField& f, uint32_t line, std::string_view what);
  // A date YYYY-MM-DD; none when the cell is absent or bad (reported).
  Date date_field(const CsvField& f, uint32_t line, std::string_view what);
  // Reports a window whose end comes before its start (date.h), at `last`.
  void check_window(const CsvField& last, uint32_t line, std::string_view first_key,
                    Date first, std::string_view last_key, Date end,
                    bool exclusive_end);
  SourceIndex source_field(const CsvField& f, uint32_t line);
  // The firm (`firm`) or item a cell names; kNone (reported) when absent
  // or unknown.
  uint32_t reference(const CsvField& f, uint32_t line, std::string_view what, bool firm);
  FirmIndex firm_ref(const CsvField& f, uint32_t line, std::string_view what) {
    return reference(f, line, what, true);
  }
  ItemIndex item_ref(const CsvField& f, uint32_t line, std::string_view what) {
    return reference(f, line, what, false);
  }
  // item_ref for a column whose rows come grouped (the consumer item of
  // needs and options): a repeat of the previous row's id costs nothing.
  ItemIndex grouped_item_ref(const CsvField& f, uint32_t line, std::string_view what);
  std::string hint(std::string_view id, bool firms);

  void load_firms(const TableFile& file);
  void load_items(const TableFile& file);
  void load_needs(const TableFile& file);
  void load_options(const TableFile& file);
  // The need of `item` called `name`, or kNone.
  NeedIndex find_need(ItemIndex item, std::string_view name) const;
  NeedIndex add_need(ItemIndex item, std::string_view name, NeedOrigin origin);
  void lay_out(const TableFiles& files);

  Model& model_;
  Diagnostics& errors_;
  LoadLimits limits_;
  std::unique_ptr<TableIds> ids_;
  const std::string* file_ = nullptr;  // the table being read, for messages
  std::unordered_map<std::string, SourceIndex> sources_;
  size_t hints_given_ = 0;
  std::vector<uint32_t> firm_line_, item_line_;
  std::vector<NeedIndex> first_need_of_;  // per item: head of its needs list
  std::vector<NeedIndex> next_need_;      // per need: next need of the same item
  std::vector<NeedOrigin> need_origin_;
  ItemIndex last_item_ = kNone;  // grouped_item_ref's previous answer
};

template <typename Row>
bool TableLoader::read_table(const TableFile& file, std::span<const std::string_view> columns,
                             std::span<const std::string_view> required, Row&& row) {
  file_ = &file.path;
  MappedFile mapped;
  if (std::string why = mapped.open(file.path); !why.empty()) {
    errors_.push_back({file.named_in, file.named_at.line, file.named_at.column,
                       fmt::format("cannot open table '{}': {}", file.path, why)});
    return false;
  }
  if (mapped.size() > limits_.max_file_bytes) {
    error(file.path, 0, 0,
          fmt::format("the file is {} bytes, over the limit of {} bytes (raise it with "
                      "--max-file-size)",
                      mapped.size(), limits_.max_file_bytes));
    return false;
  }
  // Names read here reach JSON and YAML writers, which need UTF-8.
  if (Diagnostics bad = check_text_encoding(mapped.text(), file.path); !bad.empty()) {
    errors_.insert(errors_.end(), bad.begin(), bad.end());
    return false;
  }
  CsvReader reader(mapped.text());
  std::vector<CsvField> fields;
  if (!reader.next(fields)) {
    if (!reader.error().empty())
      error(file.path, reader.error_line(), reader.error_column(), reader.error());
    else
      error(file.path, 1, 1, fmt::format("the table is empty: it needs a header row ({})",
                                         fmt::join(required, ",")));
    return false;
  }
  // Header: which canonical column each position holds.
  std::vector<uint32_t> position_of(columns.size(), kNone);
  std::vector<uint32_t> column_at(fields.size(), kNone);
  bool header_ok = true;
  for (uint32_t k = 0; k < fields.size(); ++k) {
    std::string_view name = fields[k].text;
    auto it = std::find(columns.begin(), columns.end(), name);
    if (it == columns.end()) {
      std::string suggestion =
          closest_match(name, std::vector<std::string_view>(columns.begin(), columns.end()));
      error(file.path, reader.line(), fields[k].column,
            fmt::format("unknown column '{}' (columns: {}){}", name, fmt::join(columns, ", "),
                        suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
      // The rows are still read, without this column: one typo in a header
      // is one error, not a cascade of "unknown firm" for every reference
      // to a table thrown away.
      continue;
    }
    uint32_t c = static_cast<uint32_t>(it - columns.begin());
    if (position_of[c] != kNone) {
      error(file.path, reader.line(), fields[k].column, fmt::format("duplicate column '{}'", name));
      continue;  // the first one is read
    }
    position_of[c] = k;
    column_at[k] = c;
  }
  for (std::string_view name : required) {
    uint32_t c = static_cast<uint32_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
    if (position_of[c] == kNone) {
      error(file.path, reader.line(), 1, fmt::format("the header lacks the column '{}'", name));
      header_ok = false;
    }
  }
  if (!header_ok) return false;

  const size_t width = fields.size();
  std::vector<CsvField> row_fields(columns.size());
  size_t released = 0;
  const char* base = mapped.text().data();
  while (reader.next(fields)) {
    if (fields.size() != width) {
      error(file.path, reader.line(), 1,
            fmt::format("the row has {} fields but the header has {}", fields.size(), width));
      continue;
    }
    std::fill(row_fields.begin(), row_fields.end(), CsvField{});
    for (size_t k = 0; k < width; ++k)
      if (column_at[k] != kNone) row_fields[column_at[k]] = fields[k];
    row(row_fields, reader.line());
    // Pages already parsed are not needed again: keep the resident set to
    // the model, not the model plus the file.
    if (!fields.empty() && fields.back().text.data() >= base &&
        fields.back().text.data() < base + mapped.size()) {
      size_t at = static_cast<size_t>(fields.back().text.data() - base);
      if (at - released >= kReleaseEvery) {
        mapped.release_before(at);
        released = at;
      }
    }
  }
  if (!reader.error().empty())
    error(file.path, reader.error_line(), reader.error_column(), reader.error());
  return true;
}

std::optional<std::string_view> TableLoader::text_field(const CsvField& f, uint32_t line,
                                                        std::string_view what) {
  if (f.text.size() > limits_.max_name_length) {
    error(*file_, line, f.column, length_problem(what, f.text.size(), limits_.max_name_length));
    return std::nullopt;
  }
  return f.text;
}

std::optional<std::string_view> TableLoader::id_field(const CsvField& f, uint32_t line,
                                                      std::string_view what) {
  if (f.absent()) {
    error(*file_, line, f.column, fmt::format("missing {}", what));
    return std::nullopt;
  }
  if (f.text.size() > limits_.max_id_length) {
    error(*file_, line, f.column, length_problem(what, f.text.size(), limits_.max_id_length));
    return std::nullopt;
  }
  if (!valid_id(f.text)) {
    error(*file_, line, f.column, invalid_id_problem(f.text, ""));
    return std::nullopt;
  }
  return f.text;
}

Date TableLoader::date_field(const CsvField& f, uint32_t line, std::string_view what) {
  if (f.absent()) return {};
  if (valid_date(f.text)) return Date(f.text);
  error(*file_, line, f.column, date_problem(what, f.text));
  return {};
}

void TableLoader::check_window(const CsvField& last, uint32_t line, std::string_view first_key,
                               Date first, std::string_view last_key, Date end,
                               bool exclusive_end) {
  std::string problem = window_problem(first_key, first, last_key, end, exclusive_end);
  if (!problem.empty()) error(*file_, line, last.column, problem);
}

std::optional<double> TableLoader::number_field(const CsvField& f, uint32_t line,
                                                std::string_view what, double lo, double hi) {
  double value = 0;
  const char* end = f.text.data() + f.text.size();
  auto [ptr, ec] = std::from_chars(f.text.data(), end, value);
  bool parsed = !f.text.empty() && ec == std::errc() && ptr == end && std::isfinite(value);
  if (std::string problem = number_problem(what, f.text, parsed, value, lo, hi); !problem.empty()) {
    error(*file_, line, f.column, std::move(problem));
    return std::nullopt;
  }
  return value;
}

std::optional<Country> TableLoader::country_field(const CsvField& f, uint32_t line,
                                                  std::string_view what) {
  std::optional<Country> c = Country::parse(f.text);
  if (!c)
    error(*file_, line, f.column, country_problem(what, f.text));
  return c;
}

std::optional<bool> TableLoader::bool_field(const CsvField& f, uint32_t line, std::string_view what) {
  if (f.text == "true") return true;
  if (f.text == "false") return false;
  error(*file_, line, f.column, bool_problem(what, f.text));
  return std::nullopt;
}

SourceIndex TableLoader::source_field(const CsvField& f, uint32_t line) {
  if (f.absent()) return kNone;
  auto it = sources_.find(std::string(f.text));
  if (it != sources_.end()) return it->second;
  std::vector<std::string_view> names;
  for (const SourceRef& s : model_.sources) names.push_back(s.id);
  std::string suggestion = closest_match(f.text, names);
  error(*file_, line, f.column,
        fmt::format("unknown source '{}'{}", f.text,
                    suggestion.empty() ? " (list it under 'sources' in the YAML)" : did_you_mean(suggestion)));
  return kNone;
}

std::string TableLoader::hint(std::string_view id, bool firms) {
  if (hints_given_ >= kHintLimit) return {};
  ++hints_given_;
  std::vector<std::string_view> names;
  if (firms)
    for (const Firm& f : model_.firms) names.push_back(f.id);
  else
    for (const Item& i : model_.items) names.push_back(i.id);
  return closest_match(id, names);
}

uint32_t TableLoader::reference(const CsvField& f, uint32_t line, std::string_view what, bool firm) {
  if (f.absent()) {
    error(*file_, line, f.column, fmt::format("missing {}", what));
    return kNone;
  }
  uint32_t index = firm ? ids_->find_firm(f.text) : ids_->find_item(f.text);
  if (index == kNone && (firm ? ids_->firms_complete() : ids_->items_complete()))
    error(*file_, line, f.column,
          unknown_reference_problem(firm ? "firm" : "item", f.text, what, hint(f.text, firm)));
  return index;
}

ItemIndex TableLoader::grouped_item_ref(const CsvField& f, uint32_t line, std::string_view what) {
  if (last_item_ != kNone && model_.items[last_item_].id == f.text) return last_item_;
  ItemIndex item = item_ref(f, line, what);
  if (item != kNone) last_item_ = item;
  return item;
}

// Rows a file may hold, counted from its line breaks: reserving that much
// up front keeps a million-row vector from being copied while it grows.
size_t count_lines(const std::string& path) {
  MappedFile mapped;
  if (!mapped.open(path).empty()) return 0;
  std::string_view text = mapped.text();
  if (text.empty()) return 1;  // an empty file maps to no memory at all
  size_t lines = 0;
  for (const char* p = text.data(), *end = p + text.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr; ++p)
    ++lines;
  return lines + 1;
}

void TableLoader::load_firms(const TableFile& file) {
  model_.firms.reserve(count_lines(file.path));
  auto key = [&](uint32_t f) -> std::string_view { return model_.firms[f].id; };
  ids_->firms_complete_ = read_table(file, kFirmColumns, kFirmRequired, [&](std::span<const CsvField> f,
                                                                 uint32_t line) {
    std::optional<std::string_view> id = id_field(f[kFirmId], line, "firm id");
    if (!id) return;
    FirmIndex index = static_cast<FirmIndex>(model_.firms.size());
    model_.firms.emplace_back().id = model_.text.add(*id);
    if (FirmIndex first = ids_->firms_.insert(*id, index, key); first != IdIndex::kAbsent) {
      model_.firms.pop_back();
      error(*file_, line, f[kFirmId].column, duplicate_id_problem(*id, firm_line_[first]));
      return;
    }
    firm_line_.push_back(line);
    Firm& firm = model_.firms.back();
    firm.name = f[kFirmName].absent()
                    ? firm.id
                    : model_.text.add(text_field(f[kFirmName], line, "name").value_or(""));
    if (f[kFirmCountry].absent())
      error(*file_, line, f[kFirmCountry].column, fmt::format("firm '{}' needs a 'country'", firm.id));
    else if (f[kFirmCountry].text == "none")
      ;  // a pseudo-firm without jurisdiction, as in YAML
    else if (auto c = country_field(f[kFirmCountry], line, "'country'"))
      firm.country = *c;
    // A quoted empty list cell is a list of one empty string.
    if (!f[kFirmAliases].absent())
      firm.aliases = f[kFirmAliases].text.empty() ? std::vector<std::string>{""}
                                                  : split_list(f[kFirmAliases].text);
    if (!f[kFirmTags].absent())
      firm.tags = f[kFirmTags].text.empty() ? std::vector<std::string>{""}
                                            : split_list(f[kFirmTags].text);
    if (!f[kFirmProbability].absent())
      firm.probability = number_field(f[kFirmProbability], line, "'probability'", 0, 1).value_or(-1);
    firm.source = source_field(f[kFirmSource], line);
  });
}

void TableLoader::load_items(const TableFile& file) {
  model_.items.reserve(count_lines(file.path));
  auto key = [&](uint32_t i) -> std::string_view { return model_.items[i].id; };
  ids_->items_.reserve(model_.items.capacity());
  ids_->items_complete_ = read_table(file, kItemColumns, kItemRequired,
             [&](std::span<const CsvField> f, uint32_t line) {
    std::optional<std::string_view> id = id_field(f[kItemId], line, "item id");
    if (!id) return;
    if (FirmIndex firm = ids_->find_firm(*id); firm != kNone) {
      error(*file_, line, f[kItemId].column,
            fmt::format("duplicate id '{}' (a firm in line {} of the firms table)", *id,
                        firm_line_[firm]));
      return;
    }
    ItemIndex index = static_cast<ItemIndex>(model_.items.size());
    model_.items.emplace_back().id = model_.text.add(*id);
    if (ItemIndex first = ids_->items_.insert(*id, index, key); first != IdIndex::kAbsent) {
      model_.items.pop_back();
      error(*file_, line, f[kItemId].column, duplicate_id_problem(*id, item_line_[first]));
      return;
    }
    item_line_.push_back(line);
    Item& item = model_.items.back();
    item.name = f[kItemName].absent()
                    ? item.id
                    : model_.text.add(text_field(f[kItemName], line, "name").value_or(""));
    item.maker = firm_ref(f[kItemMaker], line, "'maker'");
    if (f[kItemKind].absent()) {
      error(*file_, line, f[kItemKind].column, fmt::format("item '{}' needs a 'kind'", item.id));
    } else if (auto kind = parse_item_kind(f[kItemKind].text)) {
      item.kind = *kind;
    } else {
      error(*file_, line, f[kItemKind].column, unknown_kind_problem(f[kItemKind].text, ""));
    }
    if (!f[kItemOrigin].absent()) {
      if (auto c = country_field(f[kItemOrigin], line, "'origin'")) item.origin = *c;
    } else if (item.maker != kNone) {
      item.origin = model_.firms[item.maker].country;
    }
    if (!f[kItemValue].absent())
      item.value = number_field(f[kItemValue], line, "'value'", 0, INFINITY).value_or(-1);
    if (!f[kItemAttributes].absent()) {
      auto pairs = split_pairs(f[kItemAttributes].text);
      if (!pairs) {
        error(*file_, line, f[kItemAttributes].column,
              "'attributes' must be name=number pairs joined by '|', e.g. node_nm=7|tpp=4800");
      } else {
        for (auto& [name, text] : *pairs) {
          CsvField value{text, false, f[kItemAttributes].column, f[kItemAttributes].line};
          if (auto v = number_field(value, line, fmt::format("'attribute {}'", name), -INFINITY, INFINITY))
            item.attributes.emplace_back(model_.text.intern(name), *v);
        }
        std::sort(item.attributes.begin(), item.attributes.end());
      }
    }
    item.source = source_field(f[kItemSource], line);
    item.introduced = date_field(f[kItemIntroduced], line, "'introduced'");
    item.discontinued = date_field(f[kItemDiscontinued], line, "'discontinued'");
    check_window(f[kItemDiscontinued], line, "introduced", item.introduced, "discontinued",
                 item.discontinued, true);
  });
  first_need_of_.assign(model_.items.size(), kNone);
}

NeedIndex TableLoader::find_need(ItemIndex item, std::string_view name) const {
  for (NeedIndex n = first_need_of_[item]; n != kNone; n = next_need_[n])
    if (model_.needs[n].name == name) return n;
  return kNone;
}

NeedIndex TableLoader::add_need(ItemIndex item, std::string_view name, NeedOrigin origin) {
  NeedIndex n = static_cast<NeedIndex>(model_.needs.size());
  Need& need = model_.needs.emplace_back();
  need.item = item;
  need.name = model_.text.intern(name);
  next_need_.push_back(first_need_of_[item]);
  first_need_of_[item] = n;
  need_origin_.push_back(origin);
  return n;
}

void TableLoader::load_needs(const TableFile& file) {
  model_.needs.reserve(count_lines(file.path));
  read_table(file, kNeedColumns, std::span(kNeedColumns, 2), [&](std::span<const CsvField> f,
                                                                 uint32_t line) {
    ItemIndex item = grouped_item_ref(f[kNeedItem], line, "'item'");
    std::optional<std::string_view> name = text_field(f[kNeedName], line, "need name");
    if (item == kNone || !name) return;
    if (f[kNeedName].absent()) {
      error(*file_, line, f[kNeedName].column, "missing need name");
      return;
    }
    if (NeedIndex n = find_need(item, *name); n != kNone) {
      error(*file_, line, f[kNeedName].column,
            fmt::format("duplicate need '{}' in item '{}' (first at line {})", *name,
                        model_.items[item].id, need_origin_[n].line));
      return;
    }
    Need& need = model_.needs[add_need(item, *name, {line, false})];
    if (!f[kNeedCritical].absent()) need.critical = bool_field(f[kNeedCritical], line, "'critical'").value_or(true);
    if (!f[kNeedRole].absent()) {
      if (f[kNeedRole].text == "means")
        need.role = NeedRole::kMeans;
      else if (f[kNeedRole].text != "content")
        error(*file_, line, f[kNeedRole].column,
              fmt::format("'role' must be content or means, not '{}'", f[kNeedRole].text));
    }
    if (!f[kNeedShare].absent())
      need.share = static_cast<float>(number_field(f[kNeedShare], line, "'share'", 0, 1).value_or(-1));
    if (!f[kNeedStock].absent())
      need.stock = static_cast<float>(number_field(f[kNeedStock], line, "'stock'", 0, 1200).value_or(0));
  });
}

void TableLoader::load_options(const TableFile& file) {
  model_.options.reserve(count_lines(file.path));
  read_table(file, kOptionColumns, std::span(kOptionColumns, 3), [&](std::span<const CsvField> f,
                                                                     uint32_t line) {
    ItemIndex consumer = grouped_item_ref(f[kOptionItem], line, "'item'");
    ItemIndex supplied = item_ref(f[kOptionOption], line, "'option'");
    if (f[kOptionNeed].absent()) {
      error(*file_, line, f[kOptionNeed].column, "missing need name");
      return;
    }
    std::optional<std::string_view> name = text_field(f[kOptionNeed], line, "need name");
    if (consumer == kNone || !name) return;
    NeedIndex need = find_need(consumer, *name);
    if (need == kNone) need = add_need(consumer, *name, {line, true});
    if (supplied == kNone) {
      // Already reported; the need is not "without options" on top of it.
      need_origin_[need].bad_option = true;
      return;
    }
    if (supplied == consumer) {
      need_origin_[need].bad_option = true;
      error(*file_, line, f[kOptionOption].column,
            fmt::format("the option names the item itself ('{}')", model_.items[consumer].id));
      return;
    }
    Option& o = model_.options.emplace_back();
    o.need = need;
    o.item = supplied;
    if (!f[kOptionStatus].absent()) {
      if (f[kOptionStatus].text == "alternative")
        o.status = OptionStatus::kAlternative;
      else if (f[kOptionStatus].text != "current")
        error(*file_, line, f[kOptionStatus].column,
              fmt::format("'status' must be current or alternative, not '{}'", f[kOptionStatus].text));
    }
    auto number = [&](OptionColumn c, std::string_view what, double lo, double hi, float fallback) {
      if (f[c].absent()) return fallback;
      return static_cast<float>(number_field(f[c], line, what, lo, hi).value_or(fallback));
    };
    o.share = number(kOptionShare, "'share'", 0, 1, -1);
    o.lead_time = number(kOptionLeadTime, "'lead_time'", 0, 1200, 0);
    o.capability = number(kOptionCapability, "'capability'", 0, 1, 1);
    o.cost = number(kOptionCost, "'cost'", 0, 1e6, 1);
    o.confidence = number(kOptionConfidence, "'confidence'", 0, 1, 1);
    o.stock = number(kOptionStock, "'stock'", 0, 1200, 0);
    o.as_of = date_field(f[kOptionAsOf], line, "'as_of'");
    o.from = date_field(f[kOptionFrom], line, "'from'");
    o.until = date_field(f[kOptionUntil], line, "'until'");
    check_window(f[kOptionUntil], line, "from", o.from, "until", o.until, false);
    o.source = source_field(f[kOptionSource], line);
  });
}

// Applies a permutation in place: element i moves to position to[i].
template <typename Records>
void permute(Records& values, std::vector<uint32_t> to) {
  for (uint32_t i = 0; i < values.size(); ++i)
    while (to[i] != i) {
      uint32_t j = to[i];
      std::swap(values[i], values[j]);
      std::swap(to[i], to[j]);
    }
}

// Positions that stably sort `keys` (a counting sort), or empty when the
// keys are already in order (then nothing needs to move).
std::vector<uint32_t> stable_positions(size_t key_count, size_t n, const auto& key_of) {
  bool sorted = true;
  for (size_t i = 1; i < n && sorted; ++i) sorted = key_of(i - 1) <= key_of(i);
  if (sorted) return {};
  std::vector<uint32_t> start(key_count + 1, 0);
  for (size_t i = 0; i < n; ++i) ++start[key_of(i) + 1];
  for (size_t k = 0; k < key_count; ++k) start[k + 1] += start[k];
  std::vector<uint32_t> to(n);
  for (size_t i = 0; i < n; ++i) to[i] = start[key_of(i)]++;
  return to;
}

void TableLoader::lay_out(const TableFiles& files) {
  const std::string& needs_file = files.needs.path.empty() ? files.options.path : files.needs.path;
  auto need_file = [&](NeedIndex n) -> const std::string& {
    return need_origin_[n].from_options ? files.options.path : needs_file;
  };
  std::vector<NeedOptions> tally(model_.needs.size());
  for (const Option& o : model_.options) tally[o.need].add(o);
  std::vector<double> content_share(model_.items.size(), 0);
  for (NeedIndex n = 0; n < model_.needs.size(); ++n) {
    const Need& need = model_.needs[n];
    for (std::string& problem : need_problems(need.name, model_.items[need.item].id, need.critical,
                                              tally[n], need_origin_[n].bad_option))
      error(need_file(n), need_origin_[n].line, 1, std::move(problem));
    if (need.role == NeedRole::kContent && need.share > 0) content_share[need.item] += need.share;
  }
  for (ItemIndex i = 0; i < model_.items.size(); ++i)
    if (std::string problem = content_share_problem(model_.items[i].id, content_share[i]); !problem.empty())
      error(files.items.path, item_line_[i], 1, std::move(problem));
  if (!errors_.empty()) return;

  // Needs grouped by item, options by need, keeping file order within each
  // group: the same layout the YAML loader builds.
  std::vector<uint32_t> need_to = stable_positions(
      model_.items.size(), model_.needs.size(), [&](size_t n) { return model_.needs[n].item; });
  if (!need_to.empty()) {
    for (Option& o : model_.options) o.need = need_to[o.need];
    permute(model_.needs, std::move(need_to));
  }
  std::vector<uint32_t> option_to = stable_positions(
      model_.needs.size(), model_.options.size(), [&](size_t o) { return model_.options[o].need; });
  if (!option_to.empty()) permute(model_.options, std::move(option_to));

  for (Item& item : model_.items) item.need_count = 0;
  for (NeedIndex n = model_.needs.size(); n-- > 0;) {
    Item& item = model_.items[model_.needs[n].item];
    item.first_need = n;
    ++item.need_count;
  }
  for (Need& need : model_.needs) need.option_count = 0;
  for (OptionIndex o = model_.options.size(); o-- > 0;) {
    Need& need = model_.needs[model_.options[o].need];
    need.first_option = o;
    ++need.option_count;
  }
  // Items without needs point at the end, as the YAML loader leaves them.
  NeedIndex next = 0;
  for (Item& item : model_.items) {
    if (item.need_count == 0) item.first_need = next;
    next = item.first_need + item.need_count;
  }
}

std::unique_ptr<TableIds> TableLoader::run(const TableFiles& files) {
  model_.firms.clear();
  model_.items.clear();
  model_.needs.clear();
  model_.options.clear();
  for (SourceIndex s = 0; s < model_.sources.size(); ++s) sources_.emplace(model_.sources[s].id, s);
  if (!files.firms.path.empty()) load_firms(files.firms);
  if (!files.items.path.empty()) load_items(files.items);
  first_need_of_.resize(model_.items.size(), kNone);
  if (!files.needs.path.empty()) load_needs(files.needs);
  if (!files.options.path.empty()) load_options(files.options);
  lay_out(files);
  return std::move(ids_);
}

std::unique_ptr<TableIds> load_tables(const TableFiles& files, Model& model, Diagnostics& errors,
                                      const LoadLimits& limits) {
  return TableLoader(model, errors, limits).run(files);
}

namespace {

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The header a folder of tables stands for: the four usual names, the
// optional two only when present (a model without needs has no needs.csv).
// The model is named after the folder.
std::string folder_header(const std::string& dir) {
  std::string name = dir;
  while (name.size() > 1 && name.back() == '/') name.pop_back();
  name = name.substr(name.find_last_of('/') + 1);
  std::string header = "decouple: 1\nname: " + yaml_quoted(name) +
                       "\ntables:\n  firms: firms.csv\n  items: items.csv\n";
  for (const char* table : {"needs", "options"})
    if (is_file(dir + "/" + table + ".csv")) header += fmt::format("  {0}: {0}.csv\n", table);
  return header;
}

}  // namespace

bool is_table_folder(const std::string& source) {
  struct stat st {};
  return ::stat(source.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Result<Model> load_table_source(const std::string& source, const LoadLimits& limits) {
  return is_table_folder(source) ? load_model_from_string(folder_header(source), source + "/tables.yaml", limits)
                                 : load_model(source, limits);
}

}  // namespace decouple
