#include "decouple/eto_import.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "decouple/country.h"
#include "decouple/escape.h"
#include "decouple/model.h"

namespace decouple {
namespace {

// Shares in thousandths of a percent (1e-5 of the market): the dataset
// gives percents with one decimal, so integer arithmetic is exact and a
// country's remainder (total minus its organisations) has no rounding drift.
using Units = int64_t;
constexpr Units kWholeMarket = 100'000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "12.3", "12.3%", "7" -> units; nullopt when it is not a plain decimal.
// More than three decimals round half up.
std::optional<Units> parse_percent(std::string_view text) {
  text = trim(text);
  if (!text.empty() && text.back() == '%') text = trim(text.substr(0, text.size() - 1));
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || whole.size() > 9) return std::nullopt;
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(fraction)) return std::nullopt;
  Units value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  for (size_t i = 0; i < 3; ++i) value = value * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  if (fraction.size() > 3 && fraction[3] >= '5') ++value;
  return value;
}

std::string trimmed_decimal(Units value, Units scale, int width) {
  std::string out = std::to_string(value / scale);
  Units fraction = value % scale;
  if (fraction == 0) return out;
  std::string digits = fmt::format("{:0{}d}", fraction, width);
  digits.erase(digits.find_last_not_of('0') + 1);
  return out + "." + digits;
}
// As a model share, 0..1.
std::string share_text(Units units) { return trimmed_decimal(units, kWholeMarket, 5); }
// As a percent, for messages.
std::string percent_text(Units units) { return trimmed_decimal(units, 1000, 3) + "%"; }

// Lowercase ASCII letters and digits joined by single dashes.
std::string slug(std::string_view name) {
  std::string out;
  bool gap = false;
  for (unsigned char c : name) {
    if (std::isalnum(c) && c < 0x80) {
      if (gap && !out.empty()) out += '-';
      gap = false;
      out += static_cast<char>(std::tolower(c));
    } else {
      gap = true;
    }
  }
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "N20" -> 20, or -1 when the id is not letters then digits.
int64_t id_number(std::string_view id) {
  size_t i = 0;
  while (i < id.size() && std::isalpha(static_cast<unsigned char>(id[i]))) ++i;
  if (i == id.size() || id.size() - i > 9) return -1;
  int64_t n = 0;
  for (; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return -1;
    n = n * 10 + (id[i] - '0');
  }
  return n;
}

// Natural order of dataset ids: N2 before N10.
bool natural_less(std::string_view a, std::string_view b) {
  auto key = [](std::string_view id) {
    size_t i = 0;
    while (i < id.size() && std::isalpha(static_cast<unsigned char>(id[i]))) ++i;
    return std::make_tuple(id.substr(0, i), id_number(id), id);
  };
  return key(a) < key(b);
}

struct Input {
  std::string eto_id;
  std::string name;
  ItemKind kind = ItemKind::kProduct;
  bool process = false;  // made by `production` rather than `market`
  uint32_t line = 0;
  std::string slug;      // the model item id
};

struct Provider {
  std::string eto_id;
  std::string name;
  std::vector<std::string> aliases;  // a provider may be listed once per alias
  bool is_country = false;
  bool aggregate = false;  // "Various companies": unnamed firms of various countries
  std::optional<Country> country;
  uint32_t line = 0;
};

struct Row {
  uint32_t provider = 0;
  uint32_t input = 0;
  int year = 0;
  std::optional<Units> share;
  std::string source;
  uint32_t line = 0;
};

// One option of an input's `supply` need.
struct Supply {
  std::string firm;  // firm id in the model
  std::optional<Units> share;
  int year = 0;
  std::string source;
  std::string item;  // filled when ids are assigned
};

struct FirmEntry {
  std::string name;
  Country country;
  std::vector<std::string> aliases;
  std::string tag;  // "eto:P88", or "unattributed"
};

class Importer {
 public:
  Importer(const EtoTables& tables, const EtoImportOptions& options)
      : t_(tables), options_(options) {}

  Result<EtoImport> run() {
    Diagnostics errors;
    require(t_.inputs, {"input_id", "input_name", "type"}, errors);
    require(t_.providers, {"provider_id", "provider_name", "provider_type", "country"}, errors);
    require(t_.provision, {"provider_id", "provided_id", "share_provided", "year"}, errors);
    require(t_.sequence, {"input_id", "goes_into_id", "is_type_of_id"}, errors);
    if (!errors.empty()) return errors;
    read_inputs();
    assign_input_ids();
    read_providers();
    read_provision();
    read_sequence();
    sort_lists();
    EtoImport out;
    out.yaml = emit();
    out.warnings = std::move(warnings_);
    std::stable_sort(out.warnings.begin(), out.warnings.end(), [&](const Diagnostic& a, const Diagnostic& b) {
      return std::make_tuple(file_rank(a.file), a.line, a.column) <
             std::make_tuple(file_rank(b.file), b.line, b.column);
    });
    out.inputs = inputs_.size();
    out.firms = firms_.size();
    out.unattributed = unattributed_;
    out.rows_used = rows_used_;
    for (const auto& s : supply_) out.provider_items += s.size();
    return out;
  }

 private:
  int file_rank(const std::string& file) const {
    const CsvTable* order[] = {&t_.inputs, &t_.providers, &t_.provision, &t_.sequence};
    for (int i = 0; i < 4; ++i)
      if (order[i]->file == file) return i;
    return 4;
  }

  static void require(const CsvTable& table, std::initializer_list<const char*> columns,
                      Diagnostics& errors) {
    for (const char* c : columns) {
      if (table.column(c) != kNone) continue;
      std::string have;
      for (const std::string& h : table.header) have += (have.empty() ? "" : ", ") + h;
      errors.push_back({table.file, 1, 1,
                        fmt::format("missing column '{}' (the header has: {})", c, have)});
    }
  }

  void warn(const CsvTable& table, const CsvRow& row, uint32_t column, std::string message) {
    Location at{row.line, 0};
    if (column != kNone && column < row.at.size()) at = row.at[column];
    warnings_.push_back({table.file, at.line, at.column, std::move(message),
                         Diagnostic::Severity::kWarning});
  }

  static std::string field(const CsvRow& row, uint32_t column) {
    if (column == kNone || column >= row.fields.size()) return {};
    return std::string(trim(row.fields[column]));
  }

  // False (and a warning) when the row's field count differs from the header's.
  bool well_formed(const CsvTable& table, const CsvRow& row) {
    if (row.fields.size() == table.header.size()) return true;
    warn(table, row, kNone,
         fmt::format("the row has {} fields, the header {}: row skipped", row.fields.size(),
                     table.header.size()));
    return false;
  }

  void read_inputs() {
    const CsvTable& t = t_.inputs;
    uint32_t c_id = t.column("input_id"), c_name = t.column("input_name"), c_type = t.column("type");
    for (const CsvRow& row : t.rows) {
      if (!well_formed(t, row)) continue;
      Input in;
      in.eto_id = field(row, c_id);
      in.name = field(row, c_name);
      in.line = row.line;
      if (in.eto_id.empty()) {
        warn(t, row, c_id, "an input without an input_id: row skipped");
        continue;
      }
      if (input_index_.count(in.eto_id)) {
        warn(t, row, c_id, fmt::format("duplicate input '{}' (first at line {}): row skipped",
                                       in.eto_id, inputs_[input_index_[in.eto_id]].line));
        continue;
      }
      if (in.name.empty()) in.name = in.eto_id;
      std::string type = field(row, c_type);
      if (type == "tool_resource") {
        in.kind = ItemKind::kTool;
      } else if (type == "material_resource") {
        in.kind = ItemKind::kMaterial;
      } else if (type == "design_resource") {
        in.kind = ItemKind::kChip;
      } else if (type == "process") {
        in.kind = ItemKind::kProduct;
        in.process = true;
      } else if (type == "ultimate_output") {
        in.kind = ItemKind::kChip;
        in.process = true;
      } else {
        warn(t, row, c_type,
             fmt::format("unknown input type '{}' (tool_resource, material_resource, "
                         "design_resource, process, ultimate_output): imported as a product",
                         type));
      }
      input_index_[in.eto_id] = static_cast<uint32_t>(inputs_.size());
      inputs_.push_back(std::move(in));
    }
  }

  void read_providers() {
    const CsvTable& t = t_.providers;
    uint32_t c_id = t.column("provider_id"), c_name = t.column("provider_name"),
             c_alias = t.column("alias"), c_type = t.column("provider_type"),
             c_country = t.column("country");
    for (const CsvRow& row : t.rows) {
      if (!well_formed(t, row)) continue;
      Provider p;
      p.eto_id = field(row, c_id);
      p.name = field(row, c_name);
      std::string alias = field(row, c_alias);
      if (!alias.empty() && alias != p.name) p.aliases.push_back(alias);
      p.line = row.line;
      if (p.eto_id.empty()) {
        warn(t, row, c_id, "a provider without a provider_id: row skipped");
        continue;
      }
      std::string type = field(row, c_type);
      if (auto seen = provider_index_.find(p.eto_id); seen != provider_index_.end()) {
        // The dataset repeats a provider once per alias (a firm's
        // subsidiaries); anything else under the same id is a conflict.
        Provider& first = providers_[seen->second];
        if (p.name == first.name && (type == "country") == first.is_country &&
            field(row, c_country) == first_country_[seen->second]) {
          for (const std::string& a : p.aliases)
            if (std::find(first.aliases.begin(), first.aliases.end(), a) == first.aliases.end())
              first.aliases.push_back(a);
        } else {
          warn(t, row, c_id,
               fmt::format("provider '{}' again, as '{}' (first at line {} as '{}'): row skipped",
                           p.eto_id, p.name, first.line, first.name));
        }
        continue;
      }
      if (type == "country") {
        // A country provider is named by its ISO-3 code; the dataset also
        // has "EUR" (Europe) and "Various countries".
        p.is_country = true;
        p.country = country_of(p.name);
        if (!p.country)
          warn(t, row, c_name,
               fmt::format("country provider '{}' is not an ISO 3166-1 alpha-3 code: its rows "
                           "are skipped",
                           p.name));
      } else if (type == "organization" || type == "organisation") {
        std::string home = field(row, c_country);
        if (home == "Various countries") {
          p.aggregate = true;
        } else {
          p.country = country_of(home);
          if (!p.country)
            warn(t, row, c_country,
                 fmt::format("organisation '{}' has home country '{}', not an ISO 3166-1 "
                             "alpha-3 code: its rows are skipped",
                             p.name, home));
        }
      } else {
        warn(t, row, c_type,
             fmt::format("unknown provider_type '{}' (country or organization): its rows are "
                         "skipped",
                         type));
      }
      provider_index_[p.eto_id] = static_cast<uint32_t>(providers_.size());
      providers_.push_back(std::move(p));
      first_country_.push_back(field(row, c_country));
    }
  }

  static std::optional<Country> country_of(std::string_view code) {
    if (code == "Various countries") return Country::parse("ZZ");
    if (code == "EUR") return Country::parse("EU");
    return Country::from_alpha3(code);
  }

  void read_provision() {
    const CsvTable& t = t_.provision;
    uint32_t c_pid = t.column("provider_id"), c_pname = t.column("provider_name"),
             c_iid = t.column("provided_id"), c_iname = t.column("provided_name"),
             c_share = t.column("share_provided"), c_year = t.column("year"),
             c_source = t.column("source");
    // Rows that pass the checks, per (provider, input) pair, in file order.
    std::map<std::pair<uint32_t, uint32_t>, std::vector<Row>> candidates;
    size_t after_year = 0;
    uint32_t first_after_year = 0;
    for (const CsvRow& row : t.rows) {
      if (!well_formed(t, row)) continue;
      std::string pid = field(row, c_pid), iid = field(row, c_iid);
      auto p = provider_index_.find(pid);
      if (p == provider_index_.end()) {
        warn(t, row, c_pid, fmt::format("unknown provider '{}' (not in {}): row skipped", pid,
                                        t_.providers.file));
        continue;
      }
      auto i = input_index_.find(iid);
      if (i == input_index_.end()) {
        if (iid.size() >= 2 && iid[0] == 'S' && id_number(iid) >= 0)
          warn(t, row, c_iid,
               fmt::format("'{}' is a stage of production, not an input: stage-level shares are "
                           "not imported",
                           iid));
        else
          warn(t, row, c_iid, fmt::format("unknown input '{}' (not in {}): row skipped", iid,
                                          t_.inputs.file));
        continue;
      }
      const Provider& provider = providers_[p->second];
      if (!provider.country && !provider.aggregate) {
        warn(t, row, c_pid,
             fmt::format("provider '{}' ({}) has no usable country (see {}:{}): row skipped",
                         provider.name, pid, t_.providers.file, provider.line));
        continue;
      }
      Row r;
      r.provider = p->second;
      r.input = i->second;
      r.line = row.line;
      r.source = field(row, c_source);
      std::string year = field(row, c_year);
      bool four_digits = year.size() == 4 && std::all_of(year.begin(), year.end(), [](char ch) {
                           return ch >= '0' && ch <= '9';
                         });
      if (!four_digits) {
        warn(t, row, c_year, fmt::format("year '{}' is not a year: row skipped", year));
        continue;
      }
      r.year = std::stoi(year);
      std::string share = field(row, c_share);
      if (!share.empty()) {
        r.share = parse_percent(share);
        if (!r.share) {
          warn(t, row, c_share,
               fmt::format("share_provided '{}' is not a percentage: row skipped", share));
          continue;
        }
        if (*r.share > kWholeMarket) {
          warn(t, row, c_share,
               fmt::format("share_provided {} is over 100%: row skipped", percent_text(*r.share)));
          continue;
        }
      }
      std::string pname = field(row, c_pname), iname = field(row, c_iname);
      if (c_pname != kNone && pname != provider.name)
        warn(t, row, c_pname,
             fmt::format("provider_name '{}' differs from '{}' for {} in {}:{} (the id wins)",
                         pname, provider.name, pid, t_.providers.file, provider.line));
      if (c_iname != kNone && iname != inputs_[r.input].name)
        warn(t, row, c_iname,
             fmt::format("provided_name '{}' differs from '{}' for {} in {}:{} (the id wins)",
                         iname, inputs_[r.input].name, iid, t_.inputs.file,
                         inputs_[r.input].line));
      if (options_.year && r.year > *options_.year) {
        if (after_year++ == 0) first_after_year = row.line;
        continue;
      }
      candidates[{r.provider, r.input}].push_back(std::move(r));
    }
    if (after_year > 0)
      warnings_.push_back({t.file, first_after_year, 0,
                           fmt::format("{} row{} dated after {} left out (--year {}); the first "
                                       "is here",
                                       after_year, after_year == 1 ? "" : "s", *options_.year,
                                       *options_.year),
                           Diagnostic::Severity::kWarning});

    // The latest year wins per pair; same-year duplicates keep the first.
    std::vector<std::vector<Row>> by_input(inputs_.size());
    for (auto& [pair, rows] : candidates) {
      const Row* best = &rows[0];
      for (const Row& r : rows)
        if (r.year > best->year) best = &r;
      for (const Row& r : rows) {
        if (&r == best) continue;
        std::string message =
            r.year == best->year
                ? fmt::format("a second {} row for {} / {} (first at line {}): row skipped",
                              r.year, providers_[r.provider].eto_id, inputs_[r.input].eto_id,
                              best->line)
                : fmt::format("superseded by the {} row for {} / {} at line {}", best->year,
                              providers_[r.provider].eto_id, inputs_[r.input].eto_id, best->line);
        warnings_.push_back({t.file, r.line, 0, std::move(message), Diagnostic::Severity::kWarning});
      }
      by_input[pair.second].push_back(*best);
    }
    supply_.resize(inputs_.size());
    for (uint32_t i = 0; i < inputs_.size(); ++i) {
      std::sort(by_input[i].begin(), by_input[i].end(),
                [](const Row& a, const Row& b) { return a.line < b.line; });
      combine(i, by_input[i]);
    }
  }

  // Country rows are totals: organisations take their own shares, and what
  // a country's listed organisations do not cover goes to an unnamed
  // provider of that country.
  void combine(uint32_t input, const std::vector<Row>& rows) {
    const CsvTable& t = t_.provision;
    const Input& in = inputs_[input];
    if (rows.empty()) return;
    int latest = 0;
    for (const Row& r : rows) latest = std::max(latest, r.year);
    for (const Row& r : rows) {
      if (r.year == latest) continue;
      warnings_.push_back({t.file, r.line, 0,
                           fmt::format("{} ({}) mixes years: this row is from {}, others from "
                                       "{}; country totals and organisation shares may not match",
                                       in.name, in.eto_id, r.year, latest),
                           Diagnostic::Severity::kWarning});
      break;
    }
    std::map<Country, const Row*> totals;
    bool any_total = false;
    for (const Row& r : rows) {
      const Provider& p = providers_[r.provider];
      if (!p.is_country) continue;
      any_total = true;
      auto [it, fresh] = totals.emplace(*p.country, &r);
      if (!fresh)
        warnings_.push_back({t.file, r.line, 0,
                             fmt::format("a second country row for {} on {} (first at line {}): "
                                         "row skipped",
                                         p.country->view(), in.eto_id, it->second->line),
                             Diagnostic::Severity::kWarning});
    }
    struct Listed {
      Units known = 0;
      size_t count = 0;
    };
    std::map<Country, Listed> listed;
    std::vector<Supply>& out = supply_[input];
    for (const Row& r : rows) {
      const Provider& p = providers_[r.provider];
      if (p.is_country) continue;
      Country home;
      if (p.aggregate) {
        // Unnamed firms of various countries: when country totals exist
        // they already hold these firms' share, in each country's remainder.
        if (any_total) {
          warnings_.push_back(
              {t.file, r.line, 0,
               fmt::format("'{}' ({}) on {} is unnamed firms of various countries: the country "
                           "totals already hold their share, as unnamed providers of each "
                           "country; row skipped",
                           p.name, p.eto_id, in.eto_id),
               Diagnostic::Severity::kWarning});
          continue;
        }
        home = *Country::parse("ZZ");
      } else {
        home = *p.country;
      }
      Listed& l = listed[home];
      ++l.count;
      if (r.share) l.known += *r.share;
      out.push_back({organisation_firm(r.provider, home), r.share, r.year, r.source, {}});
      ++rows_used_;
    }
    for (const auto& [country, row] : totals) {
      const Listed l = listed.count(country) ? listed[country] : Listed{};
      std::optional<Units> rest;
      if (row->share) {
        if (l.known > *row->share) {
          warnings_.push_back(
              {t.file, row->line, 0,
               fmt::format("the organisations of {} listed for {} ({}) add up to {}, more than "
                           "{}'s total of {}: no unnamed {} provider",
                           country.view(), in.name, in.eto_id, percent_text(l.known),
                           country.view(), percent_text(*row->share), country.view()),
               Diagnostic::Severity::kWarning});
          continue;
        }
        if (l.known == *row->share) continue;
        rest = *row->share - l.known;
      } else if (l.count > 0) {
        continue;  // no total, and organisations are listed: nothing is left over
      }
      out.push_back({unattributed_firm(country, providers_[row->provider]), rest, row->year,
                     row->source, {}});
      ++rows_used_;
    }
    scale_to_whole_market(input, rows.front().line);
  }

  // The dataset rounds shares (and rounds shares under 1% up to 1% in
  // older rows), so an input's shares can add up to a little over 100%,
  // which a model does not allow. Such shares are scaled down to add up to
  // exactly 100%: each gets its floor, and the units left over go to the
  // largest remainders (ties to the earlier option), so the result is exact
  // and deterministic.
  void scale_to_whole_market(uint32_t input, uint32_t line) {
    std::vector<Supply>& list = supply_[input];
    Units total = 0;
    for (const Supply& s : list)
      if (s.share) total += *s.share;
    if (total <= kWholeMarket) return;
    std::vector<std::pair<Units, size_t>> remainders;  // (-remainder, index)
    Units given = 0;
    for (size_t k = 0; k < list.size(); ++k) {
      if (!list[k].share) continue;
      Units scaled = *list[k].share * kWholeMarket;
      list[k].share = scaled / total;
      given += *list[k].share;
      remainders.emplace_back(-(scaled % total), k);
    }
    std::sort(remainders.begin(), remainders.end());
    for (size_t k = 0; given < kWholeMarket; ++k, ++given) *list[remainders[k].second].share += 1;
    warnings_.push_back({t_.provision.file, line, 0,
                         fmt::format("the shares of {} ({}) add up to {}: scaled down to 100%",
                                     inputs_[input].name, inputs_[input].eto_id,
                                     percent_text(total)),
                         Diagnostic::Severity::kWarning});
  }

  std::string organisation_firm(uint32_t provider, Country home) {
    const Provider& p = providers_[provider];
    std::string key = "org:" + p.eto_id;
    auto it = firm_keys_.find(key);
    if (it != firm_keys_.end()) return it->second;
    std::string id = unique_id(slug(p.name).empty() ? "provider" : slug(p.name), lower(p.eto_id));
    firm_keys_[key] = id;
    firms_[id] = {p.name, home, p.aliases, "eto:" + p.eto_id};
    return id;
  }

  std::string unattributed_firm(Country country, const Provider& total) {
    std::string key = "other:" + country.str();
    auto it = firm_keys_.find(key);
    if (it != firm_keys_.end()) return it->second;
    std::string id = unique_id("other-" + lower(country.view()), "");
    std::string place = country.view() == "ZZ" ? std::string("various countries")
                        : !total.aliases.empty() ? total.aliases[0]
                                                : country.str();
    firm_keys_[key] = id;
    firms_[id] = {fmt::format("Other providers in {}", place), country, {}, "unattributed"};
    ++unattributed_;
    return id;
  }

  // `base`, or base-suffix, or base-suffix-2...: the first free one.
  std::string unique_id(const std::string& base, const std::string& suffix) {
    std::string id = base;
    if (taken_.count(id) && !suffix.empty()) id = base + "-" + suffix;
    for (int n = 2; taken_.count(id); ++n) id = fmt::format("{}-{}", suffix.empty() ? base : base + "-" + suffix, n);
    taken_.insert(id);
    return id;
  }

  void read_sequence() {
    const CsvTable& t = t_.sequence;
    uint32_t c_in = t.column("input_id"), c_into = t.column("goes_into_id"),
             c_type = t.column("is_type_of_id");
    const std::pair<uint32_t, const char*> names[] = {{t.column("input_name"), "input_id"},
                                                      {t.column("goes_into_name"), "goes_into_id"},
                                                      {t.column("is_type_of_name"), "is_type_of_id"}};
    flows_.resize(inputs_.size());
    subtypes_.resize(inputs_.size());
    std::set<std::tuple<uint32_t, uint32_t, int>> seen;
    for (const CsvRow& row : t.rows) {
      if (!well_formed(t, row)) continue;
      std::string from = field(row, c_in);
      auto f = input_index_.find(from);
      if (f == input_index_.end()) {
        warn(t, row, c_in, fmt::format("unknown input '{}' (not in {}): row skipped", from,
                                       t_.inputs.file));
        continue;
      }
      for (const auto& [c_name, id_column] : names) {
        if (c_name == kNone) continue;
        std::string id = field(row, t.column(id_column)), name = field(row, c_name);
        auto known = input_index_.find(id);
        if (!id.empty() && known != input_index_.end() && name != inputs_[known->second].name)
          warn(t, row, c_name,
               fmt::format("'{}' differs from the name of {} in {}:{}, '{}' (the id wins)", name,
                           id, t_.inputs.file, inputs_[known->second].line,
                           inputs_[known->second].name));
      }
      std::string into = field(row, c_into), type_of = field(row, c_type);
      if (into.empty() && type_of.empty()) {
        warn(t, row, c_into, "the row has neither goes_into_id nor is_type_of_id: row skipped");
        continue;
      }
      auto relate = [&](const std::string& to, uint32_t column, int kind) {
        if (to.empty()) return;
        auto target = input_index_.find(to);
        const char* what = kind == 0 ? "goes_into_id" : "is_type_of_id";
        if (target == input_index_.end()) {
          warn(t, row, column, fmt::format("unknown input '{}' in {} (not in {}): skipped", to,
                                           what, t_.inputs.file));
          return;
        }
        if (target->second == f->second) {
          warn(t, row, column, fmt::format("{} names the input itself: skipped", what));
          return;
        }
        // One link per pair: a second row, or the same pair under both
        // relations, adds nothing.
        if (!seen.insert({f->second, target->second, 0}).second) {
          warn(t, row, column,
               fmt::format("{} is already linked to {} (by an earlier row or the other column): "
                           "skipped",
                           from, to));
          return;
        }
        (kind == 0 ? flows_ : subtypes_)[target->second].push_back(f->second);
      };
      relate(into, c_into, 0);
      relate(type_of, c_type, 1);
    }
  }

  // Inputs take their ids before any firm, so an input keeps its readable
  // name and a firm whose name slugs the same gets its dataset id as suffix.
  void assign_input_ids() {
    taken_.insert({"market", "production"});
    order_.resize(inputs_.size());
    for (uint32_t i = 0; i < inputs_.size(); ++i) order_[i] = i;
    std::sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
      return natural_less(inputs_[a].eto_id, inputs_[b].eto_id);
    });
    for (uint32_t i : order_) {
      std::string base = slug(inputs_[i].name);
      inputs_[i].slug = unique_id(base.empty() ? "input" : base, lower(inputs_[i].eto_id));
    }
  }

  void sort_lists() {
    for (uint32_t i = 0; i < inputs_.size(); ++i) {
      for (Supply& s : supply_[i]) s.item = s.firm + "." + inputs_[i].slug;
      std::sort(supply_[i].begin(), supply_[i].end(), [](const Supply& a, const Supply& b) {
        if (a.share.has_value() != b.share.has_value()) return a.share.has_value();
        if (a.share && *a.share != *b.share) return *a.share > *b.share;
        return a.item < b.item;
      });
    }
    for (auto& list : flows_) sort_natural(list);
    for (auto& list : subtypes_) sort_natural(list);
  }

  void sort_natural(std::vector<uint32_t>& list) {
    std::sort(list.begin(), list.end(), [&](uint32_t a, uint32_t b) {
      return natural_less(inputs_[a].eto_id, inputs_[b].eto_id);
    });
  }

  std::string emit() {
    // Row sources become `sources` entries, numbered in text order.
    std::set<std::string> texts;
    for (const auto& list : supply_)
      for (const Supply& s : list)
        if (!s.source.empty()) texts.insert(s.source);
    for (const std::string& text : texts)
      source_ids_[text] = fmt::format("eto-{}", source_ids_.size() + 1);
    std::string out = emit_header(texts);
    out += emit_firms();
    out += emit_items();
    return out;
  }

  std::string source_of(const std::string& text) const {
    return text.empty() ? std::string("eto") : source_ids_.at(text);
  }

  std::string emit_header(const std::set<std::string>& texts) const {
    bool and_mode = options_.type_of == EtoImportOptions::TypeOf::kAnd;
    std::string year = options_.year ? fmt::format("the latest row of {} or before", *options_.year)
                                     : std::string("the latest row");
    std::string out;
    out += "# Imported by `decouple import eto` from the ETO Advanced Semiconductor Supply Chain\n"
           "# Dataset (Chip Explorer) of the Emerging Technology Observatory, Center for Security\n"
           "# and Emerging Technology (CSET), Georgetown University. Attribute ETO/CSET when you\n"
           "# use or share this model or results drawn from it (see the `eto` source).\n";
    out += fmt::format("# Import options: year = {} per (provider, input) pair; is_type_of = {}.\n",
                       year, and_mode ? "and" : "or");
    out += "decouple: 1\n";
    out += "name: " + yaml_quoted("ETO advanced semiconductor supply chain (Chip Explorer)") + "\n";
    out += "description: " +
           yaml_quoted(fmt::format(
               "Inputs of advanced logic chip production, their providers and market shares, and "
               "the production flow, from the ETO Chip Explorer dataset (ETO/CSET). Each input is "
               "an item made by a pseudo-firm with no country ('market' for design, tool and "
               "material inputs, 'production' for process steps and the final output); its need "
               "'supply' lists every provider's item with its share of the world market. A "
               "country's share that its listed organisations do not cover is held by an "
               "unnamed provider 'other-<cc>'. Production flow: A goes into B makes A a need of "
               "B. Sub-types (is_type_of) {}. Year: {} per (provider, input) pair.",
               and_mode ? "are each a need of the broad input (and)"
                        : "are further options of the broad input's supply (or)",
               year)) +
           "\n";
    out += "sources:\n";
    out += "  eto: " +
           yaml_quoted("Emerging Technology Observatory (ETO), Center for Security and Emerging "
                  "Technology (CSET), Georgetown University: ETO Advanced Semiconductor Supply "
                  "Chain Dataset (Chip Explorer), github.com/georgetown-cset/eto-chip-explorer, "
                  "folder data/. Most figures from CSET, 'The Semiconductor Supply Chain: "
                  "Assessing National Competitiveness' (2021), with later updates. Licensed CC BY "
                  "4.0 (dataset documentation) / CC BY-NC 4.0 (repository): attribution required.") +
           "\n";
    for (const std::string& text : texts) out += "  " + source_ids_.at(text) + ": " + yaml_quoted(text) + "\n";
    return out;
  }

  std::string emit_firms() const {
    std::string out;
    bool any_market = false, any_process = false;
    for (const Input& in : inputs_) (in.process ? any_process : any_market) = true;
    out += "firms:\n";
    if (any_market)
      out += "  - id: market\n"
             "    name: \"World market (pseudo-firm: groups the providers of one input)\"\n"
             "    country: none\n"
             "    tags: [pseudo-firm]\n";
    if (any_process)
      out += "  - id: production\n"
             "    name: \"Production flow (pseudo-firm: the process steps of whoever makes the chip)\"\n"
             "    country: none\n"
             "    tags: [pseudo-firm]\n";
    for (const auto& [id, firm] : firms_) {
      out += "  - id: " + yaml_scalar(id) + "\n";
      out += "    name: " + yaml_quoted(firm.name) + "\n";
      out += "    country: " + firm.country.str() + "\n";
      if (!firm.aliases.empty()) {
        out += "    aliases: [";
        for (size_t a = 0; a < firm.aliases.size(); ++a)
          out += (a ? ", " : "") + yaml_quoted(firm.aliases[a]);
        out += "]\n";
      }
      out += "    tags: [" + yaml_quoted(firm.tag) + "]\n";
      out += "    source: eto\n";
    }
    return out;
  }

  // Inputs in id order, each followed by its providers' items.
  std::string emit_items() {
    bool and_mode = options_.type_of == EtoImportOptions::TypeOf::kAnd;
    std::string out;
    out += "items:\n";
    for (uint32_t i : order_) {
      const Input& in = inputs_[i];
      out += "  - id: " + yaml_scalar(in.slug) + "\n";
      out += "    name: " + yaml_quoted(in.name) + "\n";
      out += std::string("    maker: ") + (in.process ? "production" : "market") + "\n";
      out += fmt::format("    kind: {}\n", to_string(in.kind));
      if (int64_t n = id_number(in.eto_id); n >= 0)
        out += fmt::format("    attributes: {{eto_input: {}}}\n", n);
      out += "    source: eto\n";
      std::vector<std::string> needs;
      std::set<std::string> names;
      auto need_name = [&](std::string base) {
        while (!names.insert(base).second) base += "-input";
        return base;
      };
      std::string supply;
      for (const Supply& s : supply_[i]) {
        supply += "          - {item: " + yaml_scalar(s.item);
        if (s.share) supply += ", share: " + share_text(*s.share);
        supply += ", source: " + source_of(s.source) + "}\n";
      }
      // A sub-type meets the broad input, but its market is already inside
      // the broad input's provider shares: with providers listed, it adds
      // a way to be met and no share (share 0).
      if (!and_mode)
        for (uint32_t sub : subtypes_[i])
          supply += supply_[i].empty()
                        ? "          - " + yaml_scalar(inputs_[sub].slug) + "\n"
                        : "          - {item: " + yaml_scalar(inputs_[sub].slug) + ", share: 0}\n";
      if (!supply.empty())
        needs.push_back("      - name: " + need_name("supply") + "\n        options:\n" + supply);
      auto single = [&](uint32_t from) {
        return "      - name: " + yaml_scalar(need_name(inputs_[from].slug)) +
               "\n        options: [" + yaml_scalar(inputs_[from].slug) + "]\n";
      };
      if (and_mode)
        for (uint32_t sub : subtypes_[i]) needs.push_back(single(sub));
      for (uint32_t from : flows_[i]) needs.push_back(single(from));
      if (needs.empty())
        warnings_.push_back({t_.inputs.file, in.line, 0,
                             fmt::format("{} ({}) has no providers, sub-types or inputs going "
                                         "into it: nothing can cut it off",
                                         in.name, in.eto_id),
                             Diagnostic::Severity::kWarning});
      else
        out += "    needs:\n";
      for (const std::string& n : needs) out += n;
      for (const Supply& s : supply_[i]) {
        out += "  - id: " + yaml_scalar(s.item) + "\n";
        out += "    name: " + yaml_quoted(in.name) + "\n";
        out += "    maker: " + yaml_scalar(s.firm) + "\n";
        out += fmt::format("    kind: {}\n", to_string(in.kind));
        if (int64_t n = id_number(in.eto_id); n >= 0)
          out += fmt::format("    attributes: {{eto_input: {}, year: {}}}\n", n, s.year);
        else
          out += fmt::format("    attributes: {{year: {}}}\n", s.year);
        out += "    source: " + source_of(s.source) + "\n";
      }
    }
    return out;
  }

  const EtoTables& t_;
  const EtoImportOptions& options_;
  Diagnostics warnings_;
  std::vector<Input> inputs_;
  std::unordered_map<std::string, uint32_t> input_index_;
  std::vector<Provider> providers_;
  std::unordered_map<std::string, uint32_t> provider_index_;
  std::vector<std::string> first_country_;  // per provider: its `country` field
  std::vector<std::vector<Supply>> supply_;   // per input
  std::vector<std::vector<uint32_t>> flows_;  // per input: inputs that go into it
  std::vector<std::vector<uint32_t>> subtypes_;  // per input: its sub-types
  std::vector<uint32_t> order_;               // inputs in natural id order
  std::map<std::string, FirmEntry> firms_;         // by model id
  std::unordered_map<std::string, std::string> firm_keys_;  // provider key -> model id
  std::set<std::string> taken_;               // ids in use (firms and items share them)
  std::map<std::string, std::string> source_ids_;  // row source text -> `sources` id
  size_t unattributed_ = 0;
  size_t rows_used_ = 0;
};

}  // namespace

Result<EtoImport> import_eto(const EtoTables& tables, const EtoImportOptions& options) {
  return Importer(tables, options).run();
}

Result<EtoImport> import_eto(const std::string& dir, const EtoImportOptions& options) {
  EtoTables tables;
  Diagnostics errors;
  auto read = [&](const char* name, CsvTable& into) {
    Result<CsvTable> table = read_csv(dir + "/" + name);
    if (table.ok())
      into = std::move(table).value();
    else
      errors.insert(errors.end(), table.errors().begin(), table.errors().end());
  };
  read("inputs.csv", tables.inputs);
  read("providers.csv", tables.providers);
  read("provision.csv", tables.provision);
  read("sequence.csv", tables.sequence);
  if (!errors.empty()) return errors;
  return import_eto(tables, options);
}

}  // namespace decouple
