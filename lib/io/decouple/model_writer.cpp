#include "decouple/model_writer.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "decouple/csv_stream.h"
#include "decouple/escape.h"
#include "decouple/output_file.h"

namespace decouple {
namespace {

// YAML scalars come from escape.h: plain when safe, double-quoted otherwise.
void append_scalar(std::string& out, std::string_view text) { append_yaml_scalar(out, text); }
std::string scalar(std::string_view text) { return yaml_scalar(text); }

// Shortest text that reads back as the same value (as a float for the
// model's float fields, since the loader narrows what it reads).
std::string number(double value) { return fmt::format("{}", value); }
std::string number(float value) { return fmt::format("{}", value); }

template <typename List, typename Name>
std::string flow_list(const List& list, Name name) {
  std::string out = "[";
  bool first = true;
  for (const auto& element : list) {
    if (!first) out += ", ";
    first = false;
    append_scalar(out, name(element));
  }
  return out + "]";
}

std::string id_list(const Model& model, const std::vector<FirmIndex>& firms) {
  return flow_list(firms, [&](FirmIndex f) -> std::string_view { return model.firms[f].id; });
}

std::string country_list(const std::vector<Country>& countries) {
  return flow_list(countries, [](const Country& c) { return c.view(); });
}

std::string_view condition_op(Condition::Op op) {
  static constexpr std::string_view kOps[] = {"<", "<=", ">", ">=", "==", "!="};
  return kOps[static_cast<int>(op)];
}

// ", kinds: [...], items: [...], where: {...}" for the parts that are set.
std::string filter_fields(const Model& model, const ItemFilter& filter) {
  std::string out;
  if (!filter.kinds.empty())
    out += ", kinds: " + flow_list(filter.kinds, [](ItemKind k) { return to_string(k); });
  if (!filter.items.empty())
    out += ", items: " + flow_list(filter.items, [&](ItemIndex i) -> std::string_view {
             return model.items[i].id;
           });
  if (!filter.where.empty()) {
    out += ", where: {";
    for (size_t k = 0; k < filter.where.size(); ++k) {
      const Condition& c = filter.where[k];
      if (k) out += ", ";
      append_scalar(out, c.attribute);
      out += ": ";
      append_scalar(out, fmt::format("{} {}", condition_op(c.op), number(c.value)));
    }
    out += "}";
  }
  return out;
}

std::string action_body(const Model& model, const ActionBody& body) {
  return std::visit(
      [&](const auto& a) -> std::string {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, EntityListAction>) {
          return fmt::format("entity_list: {{by: {}, add: {}{}}}", a.by.view(), id_list(model, a.add),
                             filter_fields(model, a.filter));
        } else if constexpr (std::is_same_v<T, EmbargoAction>) {
          return fmt::format("embargo: {{by: {}, to: {}{}}}", a.by.view(), country_list(a.to),
                             filter_fields(model, a.filter));
        } else if constexpr (std::is_same_v<T, BanAction>) {
          return fmt::format("ban: {}", id_list(model, a.firms));
        } else if constexpr (std::is_same_v<T, LicenseAction>) {
          std::string out = fmt::format("license: {{by: {}", a.by.view());
          if (a.supplier != kNone) out += ", supplier: " + scalar(model.firms[a.supplier].id);
          if (a.to != kNone) out += ", to: " + scalar(model.firms[a.to].id);
          out += filter_fields(model, a.filter);
          if (!a.until.empty()) out += ", until: " + a.until.str();
          if (a.policy == LicenseAction::Policy::kDeny) out += ", policy: deny";
          return out + "}";
        } else if constexpr (std::is_same_v<T, DeMinimisAction>) {
          if (a.per_country.empty())
            return fmt::format("de_minimis: {{by: {}, threshold: {}}}", a.by.view(),
                               number(a.default_threshold));
          std::string out = fmt::format("de_minimis: {{by: {}, threshold: {{default: {}", a.by.view(),
                                        number(a.default_threshold));
          for (const auto& [country, threshold] : a.per_country)
            out += fmt::format(", {}: {}", country.view(), number(threshold));
          return out + "}}";
        } else {
          static_assert(std::is_same_v<T, ForeignDirectProductAction>);
          return fmt::format("foreign_direct_product: {{by: {}, targets: {}, depth: {}}}", a.by.view(),
                             id_list(model, a.targets), a.depth);
        }
      },
      body);
}

void write_firm(std::string& out, const Model& model, const Firm& firm) {
  out += "  - {id: ";
  append_scalar(out, firm.id);
  if (firm.name != firm.id) {
    out += ", name: ";
    append_scalar(out, firm.name);
  }
  // `none`: a pseudo-firm without jurisdiction (an importer's market node).
  fmt::format_to(std::back_inserter(out), ", country: {}",
                 firm.country.empty() ? std::string_view("none") : firm.country.view());
  auto identity = [](const std::string& s) -> std::string_view { return s; };
  if (!firm.aliases.empty()) out += ", aliases: " + flow_list(firm.aliases, identity);
  if (!firm.tags.empty()) out += ", tags: " + flow_list(firm.tags, identity);
  if (firm.probability >= 0) out += ", probability: " + number(firm.probability);
  if (firm.source != kNone) out += ", source: " + scalar(model.sources[firm.source].id);
  out += "}\n";
}

bool short_option(const Option& o) {
  return o.is_current() && o.share < 0 && o.lead_time == 0 && o.capability == 1 && o.cost == 1 &&
         o.confidence == 1 && o.source == kNone && o.as_of.empty() && o.from.empty() &&
         o.until.empty() && o.stock == 0;
}

void write_option(std::string& out, const Model& model, const Option& o) {
  out += "{item: ";
  append_scalar(out, model.items[o.item].id);
  if (!o.is_current()) out += ", status: alternative";
  if (o.share >= 0) out += ", share: " + number(o.share);
  if (o.lead_time != 0) out += ", lead_time: " + number(o.lead_time);
  if (o.capability != 1) out += ", capability: " + number(o.capability);
  if (o.cost != 1) out += ", cost: " + number(o.cost);
  if (o.confidence != 1) out += ", confidence: " + number(o.confidence);
  if (!o.as_of.empty()) out += ", as_of: " + o.as_of.str();
  if (!o.from.empty()) out += ", from: " + o.from.str();
  if (!o.until.empty()) out += ", until: " + o.until.str();
  if (o.stock != 0) out += ", stock: " + number(o.stock);
  if (o.source != kNone) out += ", source: " + scalar(model.sources[o.source].id);
  out += "}";
}

void write_item(std::string& out, const Model& model, const Item& item) {
  out += "  - id: ";
  append_scalar(out, item.id);
  out += '\n';
  if (item.name != item.id) {
    out += "    name: ";
    append_scalar(out, item.name);
    out += '\n';
  }
  out += "    maker: ";
  append_scalar(out, model.firms[item.maker].id);
  fmt::format_to(std::back_inserter(out), "\n    kind: {}\n", to_string(item.kind));
  if (item.origin != model.firms[item.maker].country)
    fmt::format_to(std::back_inserter(out), "    origin: {}\n", item.origin.view());
  if (item.value >= 0) out += "    value: " + number(item.value) + "\n";
  if (!item.attributes.empty()) {
    out += "    attributes: {";
    for (size_t k = 0; k < item.attributes.size(); ++k) {
      if (k) out += ", ";
      append_scalar(out, item.attributes[k].first);
      out += ": " + number(item.attributes[k].second);
    }
    out += "}\n";
  }
  if (item.source != kNone) out += "    source: " + scalar(model.sources[item.source].id) + "\n";
  if (!item.introduced.empty()) out += "    introduced: " + item.introduced.str() + "\n";
  if (!item.discontinued.empty()) out += "    discontinued: " + item.discontinued.str() + "\n";
  if (item.need_count == 0) return;
  out += "    needs:\n";
  for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
    const Need& need = model.needs[n];
    out += "      - name: ";
    append_scalar(out, need.name);
    out += '\n';
    if (!need.critical) out += "        critical: false\n";
    if (need.role == NeedRole::kMeans) out += "        role: means\n";
    if (need.share >= 0) out += "        share: " + number(need.share) + "\n";
    if (need.stock != 0) out += "        stock: " + number(need.stock) + "\n";
    bool all_short = true;
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
      all_short = all_short && short_option(model.options[o]);
    if (all_short) {
      out += "        options: [";
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        if (o != need.first_option) out += ", ";
        append_scalar(out, model.items[model.options[o].item].id);
      }
      out += "]\n";
      continue;
    }
    out += "        options:\n";
    for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
      out += "          - ";
      if (short_option(model.options[o]))
        append_scalar(out, model.items[model.options[o].item].id);
      else
        write_option(out, model, model.options[o]);
      out += '\n';
    }
  }
}

void write_scenario(std::string& out, const Model& model, const Scenario& s) {
  out += "  - id: ";
  append_scalar(out, s.id);
  out += '\n';
  if (s.name != s.id) {
    out += "    name: ";
    append_scalar(out, s.name);
    out += '\n';
  }
  if (!s.date.empty()) out += "    date: " + s.date.str() + "\n";
  if (s.source != kNone) out += "    source: " + scalar(model.sources[s.source].id) + "\n";
  if (!s.extends.empty())
    out += "    extends: " + flow_list(s.extends, [&](ScenarioIndex e) -> std::string_view {
             return model.scenarios[e].id;
           }) + "\n";
  if (s.actions.empty()) return;
  out += "    actions:\n";
  for (const Action& a : s.actions) {
    out += "      - " + action_body(model, a.body) + "\n";
    if (a.source != kNone) out += "        source: " + scalar(model.sources[a.source].id) + "\n";
    if (!a.from.empty()) out += "        from: " + a.from.str() + "\n";
    if (!a.until.empty()) out += "        until: " + a.until.str() + "\n";
  }
}

void write_exercise(std::string& out, const Model& model, const Exercise& e) {
  out += "  - id: ";
  append_scalar(out, e.id);
  out += '\n';
  if (e.title != e.id) {
    out += "    title: ";
    append_scalar(out, e.title);
    out += '\n';
  }
  out += "    question: ";
  append_scalar(out, e.question);
  out += "\n    kind: " + std::string(to_string(e.kind)) + "\n    target: {item: " +
         scalar(model.items[e.item].id);
  if (e.scenario != kNone) out += ", scenario: " + scalar(model.scenarios[e.scenario].id);
  if (!e.date.empty()) out += ", date: " + e.date.str();
  out += "}\n";
  if (!e.blacklist.empty()) out += "    may_change: {blacklist: " + id_list(model, e.blacklist) + "}\n";
  if (!e.suppliers.empty()) out += "    may_change: {suppliers: " + id_list(model, e.suppliers) + "}\n";
  if (e.within >= 0) out += "    within: " + number(e.within) + "\n";
  if (e.source != kNone) out += "    source: " + scalar(model.sources[e.source].id) + "\n";
}

// Table cells: empty means "the default", so defaults are left empty.
void cell(std::string& out, std::string_view text) {
  out += ',';
  append_csv_field(out, text);
}
void number_cell(std::string& out, bool given, double value) {
  out += ',';
  if (given) fmt::format_to(std::back_inserter(out), "{}", value);
}
void float_cell(std::string& out, bool given, float value) {
  out += ',';
  if (given) fmt::format_to(std::back_inserter(out), "{}", value);
}
void source_cell(std::string& out, const std::vector<SourceRef>& sources, SourceIndex s) {
  out += ',';
  if (s != kNone) append_csv_field(out, sources[s].id);
}
// A name equal to the id is left out; an empty name must read back as
// present, so it is quoted.
void name_cell(std::string& out, std::string_view name, std::string_view id) {
  out += ',';
  if (name != id) append_csv_field(out, name, name.empty());
}
void list_cell(std::string& out, const std::vector<std::string>& values) {
  out += ',';
  // A list of one empty string must not read back as "no list".
  append_csv_field(out, join_list(values), values.size() == 1 && values[0].empty());
}

}  // namespace

std::string write_model_yaml(const Model& model, const TableNames* tables) {
  std::string out = "decouple: 1\nname: ";
  append_scalar(out, model.name);
  out += '\n';
  if (!model.description.empty()) {
    out += "description: ";
    append_scalar(out, model.description);
    out += '\n';
  }
  if (!model.sources.empty()) {
    out += "sources:\n";
    for (const SourceRef& s : model.sources) {
      out += "  ";
      append_scalar(out, s.id);
      out += ": ";
      append_scalar(out, s.citation);
      out += '\n';
    }
  }
  if (tables) {
    out += "tables:\n";
    for (auto [key, file] : {std::pair<const char*, const std::string*>{"firms", &tables->firms},
                             {"items", &tables->items},
                             {"needs", &tables->needs},
                             {"options", &tables->options}}) {
      fmt::format_to(std::back_inserter(out), "  {}: ", key);
      append_scalar(out, *file);
      out += '\n';
    }
  } else {
    if (!model.firms.empty()) {
      out += "firms:\n";
      for (const Firm& f : model.firms) write_firm(out, model, f);
    }
    if (!model.items.empty()) {
      out += "items:\n";
      for (const Item& i : model.items) write_item(out, model, i);
    }
  }
  if (!model.scenarios.empty()) {
    out += "scenarios:\n";
    for (const Scenario& s : model.scenarios) write_scenario(out, model, s);
  }
  if (!model.blocs.empty()) {
    out += "blocs:\n";
    for (const Bloc& b : model.blocs) {
      out += "  - {id: ";
      append_scalar(out, b.id);
      if (b.name != b.id) {
        out += ", name: ";
        append_scalar(out, b.name);
      }
      out += ", countries: " + country_list(b.countries) + "}\n";
    }
  }
  if (!model.exercises.empty()) {
    out += "exercises:\n";
    for (const Exercise& e : model.exercises) write_exercise(out, model, e);
  }
  return out;
}

std::string firms_table_header() { return "id,name,country,aliases,tags,probability,source\n"; }

std::string items_table_header(bool dates) {
  return dates ? "id,name,maker,kind,origin,value,attributes,source,introduced,discontinued\n"
               : "id,name,maker,kind,origin,value,attributes,source\n";
}

std::string needs_table_header(bool stock) {
  return stock ? "item,need,critical,role,share,stock\n" : "item,need,critical,role,share\n";
}

std::string options_table_header(bool times) {
  return std::string("item,need,option,status,share,lead_time,capability,cost,confidence,as_of,source") +
         (times ? ",from,until,stock\n" : "\n");
}

void append_firm_row(std::string& out, const Firm& f, const std::vector<SourceRef>& sources) {
  append_csv_field(out, f.id);
  name_cell(out, f.name, f.id);
  cell(out, f.country.empty() ? std::string_view("none") : f.country.view());
  list_cell(out, f.aliases);
  list_cell(out, f.tags);
  number_cell(out, f.probability >= 0, f.probability);
  source_cell(out, sources, f.source);
  out += '\n';
}

void append_item_row(std::string& out, const Item& i, std::string_view maker_id,
                     Country maker_country, const std::vector<SourceRef>& sources, bool dates) {
  append_csv_field(out, i.id);
  name_cell(out, i.name, i.id);
  cell(out, maker_id);
  cell(out, to_string(i.kind));
  cell(out, i.origin == maker_country ? std::string_view() : i.origin.view());
  number_cell(out, i.value >= 0, i.value);
  out += ',';
  if (!i.attributes.empty()) {
    std::string joined;
    for (size_t k = 0; k < i.attributes.size(); ++k) {
      if (k) joined += '|';
      append_list_element(joined, i.attributes[k].first);
      fmt::format_to(std::back_inserter(joined), "={}", i.attributes[k].second);
    }
    append_csv_field(out, joined);
  }
  source_cell(out, sources, i.source);
  if (dates) {
    cell(out, i.introduced.str());
    cell(out, i.discontinued.str());
  }
  out += '\n';
}

void append_need_row(std::string& out, const Need& n, std::string_view item_id, bool stock) {
  append_csv_field(out, item_id);
  out += ',';
  append_csv_field(out, n.name, n.name.empty());
  cell(out, n.critical ? "" : "false");
  cell(out, n.role == NeedRole::kMeans ? "means" : "");
  float_cell(out, n.share >= 0, n.share);
  if (stock) float_cell(out, n.stock != 0, n.stock);
  out += '\n';
}

void append_option_row(std::string& out, const Option& o, std::string_view item_id,
                       std::string_view need_name, std::string_view supplier_id,
                       const std::vector<SourceRef>& sources, bool times) {
  append_csv_field(out, item_id);
  out += ',';
  append_csv_field(out, need_name, need_name.empty());
  cell(out, supplier_id);
  cell(out, o.is_current() ? "" : "alternative");
  float_cell(out, o.share >= 0, o.share);
  float_cell(out, o.lead_time != 0, o.lead_time);
  float_cell(out, o.capability != 1, o.capability);
  float_cell(out, o.cost != 1, o.cost);
  float_cell(out, o.confidence != 1, o.confidence);
  cell(out, o.as_of.str());
  source_cell(out, sources, o.source);
  if (times) {
    cell(out, o.from.str());
    cell(out, o.until.str());
    float_cell(out, o.stock != 0, o.stock);
  }
  out += '\n';
}

ModelTables write_model_tables(const Model& model) {
  ModelTables t;
  t.firms = firms_table_header();
  for (const Firm& f : model.firms) append_firm_row(t.firms, f, model.sources);
  // The time columns (docs/model-format.md, "Time") only when some row has
  // a value there, so an undated model's tables read as they always did.
  const bool item_dates = std::any_of(model.items.begin(), model.items.end(), [](const Item& i) {
    return !i.introduced.empty() || !i.discontinued.empty();
  });
  const bool need_stock = std::any_of(model.needs.begin(), model.needs.end(),
                                      [](const Need& n) { return n.stock != 0; });
  const bool option_times = std::any_of(model.options.begin(), model.options.end(), [](const Option& o) {
    return !o.from.empty() || !o.until.empty() || o.stock != 0;
  });
  t.items = items_table_header(item_dates);
  t.items.reserve(model.items.size() * 24);
  for (const Item& i : model.items) {
    const Firm& maker = model.firms[i.maker];
    append_item_row(t.items, i, maker.id, maker.country, model.sources, item_dates);
  }
  t.needs = needs_table_header(need_stock);
  t.needs.reserve(model.needs.size() * 24);
  for (const Need& n : model.needs) append_need_row(t.needs, n, model.items[n.item].id, need_stock);
  t.options = options_table_header(option_times);
  t.options.reserve(model.options.size() * 32);
  for (const Option& o : model.options) {
    const Need& n = model.needs[o.need];
    append_option_row(t.options, o, model.items[n.item].id, n.name, model.items[o.item].id,
                      model.sources, option_times);
  }
  return t;
}

std::string model_stem(const std::string& path) {
  for (std::string_view ext : {".yaml", ".yml", ".dcm"})
    if (path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
      return path.substr(0, path.size() - ext.size());
  return path;
}

TablePaths table_paths(const std::string& path) {
  std::string stem = model_stem(path);
  // The header names its tables relative to itself.
  std::string base = stem.substr(stem.find_last_of('/') + 1);
  return {{base + ".firms.csv", base + ".items.csv", base + ".needs.csv", base + ".options.csv"},
          stem.substr(0, stem.size() - base.size())};
}

std::vector<std::string> save_model(const Model& model, const std::string& path,
                                    ModelFileFormat format) {
  std::vector<std::string> written;
  auto save = [&](const std::string& file, std::string_view content) {
    std::string error = write_file_atomically(file, content);
    if (!error.empty()) throw std::runtime_error(fmt::format("{}: {}", file, error));
    written.push_back(file);
  };
  if (format != ModelFileFormat::kCsv) save(path, write_model_yaml(model));
  if (format == ModelFileFormat::kYaml) return written;

  TablePaths tables = table_paths(path);
  ModelTables text = write_model_tables(model);
  save(tables.dir + tables.names.firms, text.firms);
  save(tables.dir + tables.names.items, text.items);
  save(tables.dir + tables.names.needs, text.needs);
  save(tables.dir + tables.names.options, text.options);
  save(format == ModelFileFormat::kCsv ? path : model_stem(path) + ".tables.yaml",
       write_model_yaml(model, &tables.names));
  return written;
}

}  // namespace decouple
