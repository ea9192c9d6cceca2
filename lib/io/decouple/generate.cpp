#include "decouple/generate.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "decouple/model_writer.h"
#include "decouple/output_file.h"
#include "decouple/random.h"

namespace decouple {
namespace {

struct Weighted {
  const char* what;
  double weight;
};

// One layer of the supply chain. `draws` says which lower (or, for the
// cycle-closing `means` need, higher) tiers its needs draw suppliers from.
struct Tier {
  const char* name;      // also the firms' tag
  const char* need;      // need names: "<need>", "<need>2", ...
  double fraction;       // of all items
  std::array<Weighted, 4> kinds;
  std::array<Weighted, 10> countries;
  std::array<double, 6> draws;  // weight of each supplier tier
};

// Country mixes are rough, deliberately so: enough to make embargo and
// entity-list scenarios bite the way they do in the real sector (assembly
// and materials in China, design tools in the US, lithography in NL/JP).
constexpr Tier kTiers[] = {
    {"materials", "material", 0.08,
     {{{"material", 1}, {"material", 0}, {"material", 0}, {"material", 0}}},
     {{{"CN", 45}, {"JP", 10}, {"US", 8}, {"AU", 6}, {"DE", 6}, {"KR", 5}, {"CL", 4},
       {"TW", 4}, {"BR", 4}, {"IN", 8}}},
     {0, 0, 0, 0, 0, 0}},
    {"components", "part", 0.22,
     {{{"component", 1}, {"component", 0}, {"component", 0}, {"component", 0}}},
     {{{"CN", 50}, {"JP", 12}, {"TW", 10}, {"KR", 8}, {"US", 6}, {"DE", 5}, {"VN", 4},
       {"MY", 5}, {"MX", 2}, {"TH", 3}}},
     {1, 0, 0, 0, 0, 0}},
    {"chips", "chip", 0.18,
     {{{"chip", 1}, {"chip", 0}, {"chip", 0}, {"chip", 0}}},
     {{{"US", 30}, {"TW", 20}, {"CN", 20}, {"KR", 10}, {"JP", 8}, {"NL", 4}, {"DE", 4},
       {"IL", 2}, {"GB", 1}, {"SG", 1}}},
     {0.4, 0.6, 0, 0, 0, 0}},
    {"tools", "tool", 0.10,
     {{{"tool", 40}, {"software", 35}, {"ip", 10}, {"service", 15}}},
     {{{"US", 45}, {"JP", 15}, {"NL", 8}, {"DE", 8}, {"CN", 12}, {"GB", 6}, {"IL", 3},
       {"KR", 3}, {"FR", 0}, {"CH", 0}}},
     {0.3, 0.7, 0, 0, 0, 0}},
    {"modules", "module", 0.20,
     {{{"component", 1}, {"component", 0}, {"component", 0}, {"component", 0}}},
     {{{"CN", 45}, {"TW", 15}, {"VN", 8}, {"MY", 6}, {"KR", 8}, {"JP", 8}, {"US", 6},
       {"MX", 4}, {"IN", 0}, {"TH", 0}}},
     {0, 0.4, 0.5, 0.1, 0, 0}},
    {"products", "part", 0.22,
     {{{"product", 85}, {"service", 15}, {"product", 0}, {"product", 0}}},
     {{{"CN", 45}, {"US", 12}, {"KR", 8}, {"JP", 7}, {"TW", 6}, {"DE", 5}, {"IN", 8},
       {"VN", 5}, {"FR", 2}, {"GB", 2}}},
     {0, 0, 0.35, 0.15, 0.5, 0}},
};
constexpr int kTierCount = 6;
constexpr int kChips = 2;
constexpr int kTools = 3;

template <size_t N>
const char* pick(Random& random, const std::array<Weighted, N>& choices) {
  double total = 0;
  for (const Weighted& w : choices) total += w.weight;
  double x = random.uniform() * total;
  for (const Weighted& w : choices) {
    if (x < w.weight) return w.what;
    x -= w.weight;
  }
  return choices[0].what;
}

int pick_tier(Random& random, const std::array<double, 6>& draws) {
  double total = 0;
  for (double w : draws) total += w;
  double x = random.uniform() * total;
  for (int t = 0; t < kTierCount; ++t) {
    if (x < draws[t]) return t;
    x -= draws[t];
  }
  return 0;
}

// Rounds to a multiple of `step` so generated numbers print short.
double rounded(double x, double step) { return std::round(x / step) * step; }

// What a sink may need of what was drawn before, without the records:
// ids follow from indices, and the firms' countries are kept (an item's
// origin is written only when it differs from its maker's country).
struct Drawn {
  int firm_width = 1, item_width = 1;
  std::vector<Country> firm_country;
  std::string firm_id(FirmIndex f) const { return fmt::format("f{:0{}}", f, firm_width); }
  std::string item_id(ItemIndex i) const { return fmt::format("i{:0{}}", i, item_width); }
};

// Receives the generated model record by record, in the model's order:
// the header (name, description, sources), the firms, the items, each
// need with its options (needs in item order), then the scenarios. The
// generator draws once, whichever sink takes the records: the Model and
// the streamed tables are the same model.
class Sink {
 public:
  virtual ~Sink() = default;
  // Filled by the generator as it draws, before the records that need it.
  Drawn drawn;
  // Where the records' strings go; valid until the record is handed over.
  virtual TextArena& text() = 0;
  virtual void header(Model&& header) = 0;
  virtual void firm(Firm&& firm) = 0;
  virtual void item(Item&& item) = 0;
  // `need.first_option`/`option_count` and each option's `need` are set.
  virtual void need(Need&& need, std::vector<Option>& options) = 0;
  virtual void scenarios(std::vector<Scenario>&& scenarios) = 0;
};

class Generator {
 public:
  Generator(const GenerateOptions& options, Sink& sink)
      : options_(options), random_(options.seed), sink_(sink), drawn_(sink.drawn) {}

  void run();

 private:
  void make_firms();
  void make_items();
  void make_needs(ItemIndex item, int tier);
  // `first`: the first option's item, when not drawn at random.
  void add_need(ItemIndex item, int supplier_tier, NeedRole role, int ordinal[],
                ItemIndex first = kNone);
  // A supplier item in `tier`, power-law skewed towards the tier's first items.
  ItemIndex draw_supplier(int tier) {
    uint32_t n = tier_end_[tier] - tier_begin_[tier];
    uint32_t k = static_cast<uint32_t>(n * std::pow(random_.uniform(), 2.5));
    return tier_begin_[tier] + std::min(k, n - 1);
  }
  void make_scenarios();

  GenerateOptions options_;
  Random random_;
  Sink& sink_;
  Drawn& drawn_;
  uint32_t tier_begin_[kTierCount] = {}, tier_end_[kTierCount] = {};
  uint32_t firm_begin_[kTierCount] = {}, firm_end_[kTierCount] = {};
  // For the tools that need chips: a chip made with that tool, if any.
  std::vector<ItemIndex> chip_using_tool_;
  uint32_t cycle_tools_ = 0;
  // Needs and options drawn so far, and the options of the need being drawn.
  uint64_t needs_ = 0, options_drawn_ = 0;
  std::vector<Option> need_options_;
};

void Generator::run() {
  Model header;
  header.name = fmt::format("Synthetic supply model ({} items, seed {})", options_.items,
                            options_.seed);
  header.description =
      "Generated by `decouple generate`: tiered synthetic firms and items, not real data.";
  header.sources.push_back(
      {"synthetic", fmt::format("decouple generate --items {} --seed {}", options_.items,
                                options_.seed)});
  sink_.header(std::move(header));
  // Tier boundaries: every tier gets at least two items.
  uint32_t n = options_.items;
  uint32_t begin = 0;
  for (int t = 0; t < kTierCount; ++t) {
    uint32_t left = n - begin;
    uint32_t size = t == kTierCount - 1
                        ? left
                        : std::max<uint32_t>(2, static_cast<uint32_t>(n * kTiers[t].fraction));
    size = std::min(size, left - 2 * (kTierCount - 1 - t));
    tier_begin_[t] = begin;
    tier_end_[t] = begin + size;
    begin += size;
  }
  make_firms();
  make_items();
  if (options_.scenarios) make_scenarios();
}

void Generator::make_firms() {
  uint32_t total = options_.firms ? options_.firms : std::max<uint32_t>(kTierCount, options_.items / 10);
  total = std::max<uint32_t>(total, kTierCount);
  drawn_.firm_width = static_cast<int>(fmt::formatted_size("{}", total - 1));
  drawn_.firm_country.reserve(total);
  uint32_t begin = 0;
  for (int t = 0; t < kTierCount; ++t) {
    uint32_t size = t == kTierCount - 1
                        ? total - begin
                        : std::max<uint32_t>(1, static_cast<uint32_t>(total * kTiers[t].fraction));
    size = std::min(size, total - begin - (kTierCount - 1 - t));
    firm_begin_[t] = begin;
    firm_end_[t] = begin + size;
    for (uint32_t f = begin; f < begin + size; ++f) {
      Firm firm;
      firm.id = sink_.text().add(drawn_.firm_id(f));
      firm.name = firm.id;
      firm.country = *Country::parse(pick(random_, kTiers[t].countries));
      firm.tags = {kTiers[t].name};
      drawn_.firm_country.push_back(firm.country);
      sink_.firm(std::move(firm));
    }
    begin += size;
  }
}

void Generator::make_items() {
  uint32_t n = options_.items;
  drawn_.item_width = static_cast<int>(fmt::formatted_size("{}", n - 1));
  for (int t = 0; t < kTierCount; ++t) {
    uint32_t firms = firm_end_[t] - firm_begin_[t];
    for (ItemIndex i = tier_begin_[t]; i < tier_end_[t]; ++i) {
      Item item;
      item.id = sink_.text().add(drawn_.item_id(i));
      item.name = item.id;
      // The first items of the tier go one to each firm, so every firm makes
      // something; the rest go to big firms more often than small ones.
      uint32_t k = i - tier_begin_[t];
      uint32_t f = k < firms ? k
                             : std::min(firms - 1, static_cast<uint32_t>(
                                                       firms * std::pow(random_.uniform(), 1.8)));
      item.maker = firm_begin_[t] + f;
      item.kind = *parse_item_kind(pick(random_, kTiers[t].kinds));
      item.origin = drawn_.firm_country[item.maker];
      // Some items are made abroad (a US design fabbed in Taiwan, say).
      if (random_.chance(0.05)) item.origin = *Country::parse(pick(random_, kTiers[t].countries));
      if (t == kTierCount - 1)
        item.value = std::round(50 + 1950 * std::pow(random_.uniform(), 2));
      else if (t == kChips)
        item.value = std::round(1 + 199 * std::pow(random_.uniform(), 2));
      if (t == kChips && random_.chance(0.5)) {
        static constexpr double kNodes[] = {3, 5, 7, 10, 14, 16, 28, 40, 65, 90};
        item.attributes.emplace_back(sink_.text().intern("node_nm"), kNodes[random_.below(std::size(kNodes))]);
      }
      if (random_.chance(0.02)) item.source = 0;
      sink_.item(std::move(item));
    }
  }
  cycle_tools_ = static_cast<uint32_t>(
      std::max(1.0, options_.cycle_rate * (tier_end_[kTools] - tier_begin_[kTools])));
  chip_using_tool_.assign(cycle_tools_, kNone);
  for (int t = 0; t < kTierCount; ++t)
    for (ItemIndex i = tier_begin_[t]; i < tier_end_[t]; ++i) make_needs(i, t);
}

void Generator::make_needs(ItemIndex index, int tier) {
  int ordinal[kTierCount] = {};
  if (tier > 0) {
    // 1 + geometric: mean about 1.7 needs, at most 6.
    int count = 1;
    while (count < 6 && random_.chance(0.4)) ++count;
    for (int k = 0; k < count; ++k)
      add_need(index, pick_tier(random_, kTiers[tier].draws), NeedRole::kContent, ordinal);
  }
  // Chips need tools to be made, and a few tools need chips: the cycles.
  if (tier == kChips && random_.chance(0.3)) add_need(index, kTools, NeedRole::kMeans, ordinal);
  // The first tools of their tier need chips, preferably a chip made with
  // that very tool: a two-item supply cycle, as when a lithography tool
  // needs a controller chip from the fab that uses the tool.
  if (tier == kTools && index - tier_begin_[kTools] < cycle_tools_)
    add_need(index, kChips, NeedRole::kContent, ordinal,
             chip_using_tool_[index - tier_begin_[kTools]]);
}

void Generator::add_need(ItemIndex item, int supplier_tier, NeedRole role, int ordinal[],
                         ItemIndex first) {
  Need need;
  need.item = item;
  int k = ++ordinal[supplier_tier];
  const char* base = role == NeedRole::kMeans ? "tooling" : kTiers[supplier_tier].need;
  need.name = sink_.text().intern(k == 1 ? std::string(base) : fmt::format("{}{}", base, k));
  need.role = role;
  need.critical = random_.chance(0.88);
  need.first_option = static_cast<OptionIndex>(options_drawn_);
  NeedIndex index = static_cast<NeedIndex>(needs_);
  std::vector<Option>& options = need_options_;
  options.clear();

  // One draw per statement: the order of operands is unspecified, and the
  // same seed must give the same model whatever the compiler.
  int current = 1 + random_.chance(0.3);
  current += random_.chance(0.1);
  int alternatives = random_.chance(options_.alternative_rate) ? 1 : 0;
  std::array<ItemIndex, 4> chosen{};
  int made = 0;
  for (int o = 0; o < current + alternatives; ++o) {
    // A few draws to find a distinct supplier; a small tier may run out.
    ItemIndex supplier = kNone;
    for (int attempt = 0; attempt < 8 && supplier == kNone; ++attempt) {
      ItemIndex s = o == 0 && first != kNone ? first : draw_supplier(supplier_tier);
      if (s == item || std::find(chosen.begin(), chosen.begin() + made, s) != chosen.begin() + made)
        continue;
      supplier = s;
    }
    if (supplier == kNone) continue;
    chosen[made++] = supplier;
    if (role == NeedRole::kMeans && supplier - tier_begin_[kTools] < cycle_tools_ &&
        chip_using_tool_[supplier - tier_begin_[kTools]] == kNone)
      chip_using_tool_[supplier - tier_begin_[kTools]] = item;
    Option option;
    option.need = index;
    option.item = supplier;
    if (o >= current) {
      option.status = OptionStatus::kAlternative;
      option.lead_time = static_cast<float>(3 + random_.below(22));
      option.capability = static_cast<float>(rounded(0.5 + 0.5 * random_.uniform(), 0.05));
      option.cost = static_cast<float>(rounded(1 + 0.6 * random_.uniform(), 0.05));
    }
    if (random_.chance(0.1))
      option.confidence = static_cast<float>(rounded(0.5 + 0.45 * random_.uniform(), 0.05));
    if (random_.chance(0.05)) {
      // Day first: the order GCC evaluated the two arguments in, when they
      // were one call's (unspecified: clang drew them the other way).
      uint64_t day = 1 + random_.below(28);
      uint64_t month = 1 + random_.below(12);
      option.as_of = fmt::format("2023-{:02}-{:02}", month, day);
    }
    if (random_.chance(0.02)) option.source = 0;
    options.push_back(std::move(option));
  }
  if (made == 0) {
    // Only possible in a two-item tier drawing itself: fall back to the
    // tier's other item, which always exists.
    Option option;
    option.need = index;
    option.item = tier_begin_[supplier_tier] == item ? item + 1 : tier_begin_[supplier_tier];
    options.push_back(std::move(option));
    made = 1;
  }
  // Split today's supply unevenly between two or three current sources.
  uint32_t currents = 0;
  for (const Option& o : options) currents += o.is_current();
  if (currents >= 2 && random_.chance(0.5))
    options.front().share = static_cast<float>(rounded(0.5 + 0.4 * random_.uniform(), 0.05));
  need.option_count = static_cast<OptionIndex>(options.size());
  ++needs_;
  options_drawn_ += options.size();
  sink_.need(std::move(need), options);
}

void Generator::make_scenarios() {
  auto firm_in = [&](int tier, Country country, uint32_t skip) -> FirmIndex {
    for (FirmIndex f = firm_begin_[tier]; f < firm_end_[tier]; ++f)
      if (drawn_.firm_country[f] == country && skip-- == 0) return f;
    return kNone;
  };
  std::vector<Scenario> scenarios;
  Country cn = *Country::parse("CN"), us = *Country::parse("US");
  auto date = [](int month) { return fmt::format("2024-{:02}-01", month); };

  // The biggest Chinese chip and product makers (the first firms of their
  // tiers make the most items).
  EntityListAction listing;
  listing.by = us;
  for (int tier : {kChips, kTierCount - 1}) {
    uint32_t wanted = std::max<uint32_t>(1, (firm_end_[tier] - firm_begin_[tier]) / 200);
    for (uint32_t k = 0; k < wanted; ++k)
      if (FirmIndex f = firm_in(tier, cn, k); f != kNone) listing.add.push_back(f);
  }
  std::sort(listing.add.begin(), listing.add.end());
  FirmIndex first_listed = listing.add.empty() ? kNone : listing.add.front();

  Scenario el;
  el.id = kGeneratedScenarios[0];
  el.name = "Largest Chinese chip and product makers on the US Entity List";
  el.date = date(1);
  el.source = 0;
  el.actions.push_back({std::move(listing), 0, {}});
  scenarios.push_back(std::move(el));

  Scenario embargo;
  embargo.id = kGeneratedScenarios[1];
  embargo.name = "US embargo on chips to China";
  embargo.date = date(2);
  EmbargoAction e;
  e.by = us;
  e.to = {cn};
  e.filter.kinds = {ItemKind::kChip};
  embargo.actions.push_back({std::move(e), kNone, {}});
  scenarios.push_back(std::move(embargo));

  Scenario licensed;
  licensed.id = kGeneratedScenarios[2];
  licensed.name = "Entity listing with one US tool vendor licensed";
  licensed.date = date(3);
  licensed.extends = {0};
  LicenseAction license;
  license.by = us;
  license.supplier = firm_in(kTools, us, 0);
  license.to = first_listed;
  // A license must name a supplier, a recipient or items.
  if (license.supplier == kNone && license.to == kNone) license.filter.items = {tier_begin_[kTools]};
  licensed.actions.push_back({std::move(license), kNone, {}});
  scenarios.push_back(std::move(licensed));

  Scenario ban;
  ban.id = kGeneratedScenarios[3];
  ban.name = "One firm in a hundred cut off";
  ban.date = date(4);
  BanAction b;
  uint32_t firms = static_cast<uint32_t>(drawn_.firm_country.size());
  uint32_t wanted = std::max<uint32_t>(1, firms / 100);
  std::vector<uint8_t> taken(firms, 0);
  while (b.firms.size() < wanted) {
    FirmIndex f = static_cast<FirmIndex>(random_.below(firms));
    if (!taken[f]) {
      taken[f] = 1;
      b.firms.push_back(f);
    }
  }
  std::sort(b.firms.begin(), b.firms.end());
  ban.actions.push_back({std::move(b), kNone, {}});
  scenarios.push_back(std::move(ban));

  Scenario allied;
  allied.id = kGeneratedScenarios[4];
  allied.name = "Japan and the Netherlands stop tool exports to China";
  allied.date = date(5);
  for (const char* by : {"JP", "NL"}) {
    EmbargoAction a;
    a.by = *Country::parse(by);
    a.to = {cn};
    a.filter.kinds = {ItemKind::kTool};
    allied.actions.push_back({std::move(a), kNone, {}});
  }
  scenarios.push_back(std::move(allied));
  sink_.scenarios(std::move(scenarios));
}

// Keeps every record: the Model load_model() would return.
class ModelSink : public Sink {
 public:
  explicit ModelSink(uint32_t items) : items_(items) {}
  TextArena& text() override { return model_.text; }
  void header(Model&& header) override {
    model_ = std::move(header);
    model_.items.reserve(items_);
    model_.needs.reserve(items_ * 3 / 2);
    model_.options.reserve(items_ * 5 / 2);
  }
  void firm(Firm&& firm) override { model_.firms.push_back(std::move(firm)); }
  void item(Item&& item) override { model_.items.push_back(std::move(item)); }
  void need(Need&& need, std::vector<Option>& options) override {
    Item& item = model_.items[need.item];
    if (item.need_count++ == 0) item.first_need = static_cast<NeedIndex>(model_.needs.size());
    model_.needs.push_back(std::move(need));
    model_.options.insert(model_.options.end(), options.begin(), options.end());
  }
  void scenarios(std::vector<Scenario>&& scenarios) override {
    model_.scenarios = std::move(scenarios);
  }
  Model finish() {
    // An item without needs points where the next item's needs start.
    NeedIndex next = 0;
    for (Item& item : model_.items) {
      if (item.need_count == 0) item.first_need = next;
      next = item.first_need + item.need_count;
    }
    model_.index_ids();
    return std::move(model_);
  }

 private:
  uint32_t items_;
  Model model_;
};

// Writes each record as a row of its table as it comes (model_writer.h's
// row writers, so the bytes are save_model's), keeping only a buffer per
// table; the header and its scenarios come last.
class TableSink : public Sink {
 public:
  explicit TableSink(const std::string& path) : paths_(table_paths(path)) {
    for (const std::string* name : {&paths_.names.firms, &paths_.names.items, &paths_.names.needs,
                                    &paths_.names.options}) {
      files_.push_back(std::make_unique<AtomicFile>(paths_.dir + *name));
      check(*files_.back());
    }
    files_.push_back(std::make_unique<AtomicFile>(path));
    check(*files_.back());
    buffers_[kFirms] = firms_table_header();
    // The generator draws no dates, stocks or link windows: the tables
    // have no time columns (write_model_tables leaves them out too).
    buffers_[kItems] = items_table_header(false);
    buffers_[kNeeds] = needs_table_header(false);
    buffers_[kOptions] = options_table_header(false);
  }

  // One scratch arena, emptied after each record is written: memory stays
  // bounded however many records stream through.
  TextArena& text() override { return scratch_; }
  void header(Model&& header) override { header_ = std::move(header); }
  void firm(Firm&& firm) override {
    append_firm_row(buffers_[kFirms], firm, header_.sources);
    flush(kFirms);
    ++counts_.firms;
    scratch_.clear();
  }
  void item(Item&& item) override {
    append_item_row(buffers_[kItems], item, drawn.firm_id(item.maker),
                    drawn.firm_country[item.maker], header_.sources, false);
    flush(kItems);
    ++counts_.items;
    scratch_.clear();
  }
  void need(Need&& need, std::vector<Option>& options) override {
    std::string item_id = drawn.item_id(need.item);
    append_need_row(buffers_[kNeeds], need, item_id, false);
    flush(kNeeds);
    for (const Option& o : options)
      append_option_row(buffers_[kOptions], o, item_id, need.name, drawn.item_id(o.item),
                        header_.sources, false);
    flush(kOptions);
    ++counts_.needs;
    counts_.options += options.size();
    scratch_.clear();
  }
  void scenarios(std::vector<Scenario>&& scenarios) override {
    counts_.scenarios = scenarios.size();
    // The header names firms and items by id: give it just the ones its
    // scenarios name, renumbered, not every record.
    for (Scenario& s : scenarios) {
      for (Action& a : s.actions) std::visit([&](auto& body) { renumber(body); }, a.body);
      header_.scenarios.push_back(std::move(s));
    }
  }

  // Writes the header and puts every file in place; returns the files.
  std::vector<std::string> finish() {
    for (int t = 0; t < kTables; ++t) flush(t, true);
    files_[kTables]->write(write_model_yaml(header_, &paths_.names));
    std::vector<std::string> written;
    for (auto& file : files_) {
      check(*file);
      if (!file->commit().empty()) check(*file);
      written.push_back(file->path());
    }
    return written;
  }
  const GeneratedCounts& counts() const { return counts_; }

 private:
  enum { kFirms, kItems, kNeeds, kOptions, kTables };
  static constexpr size_t kFlushBytes = 1 << 20;

  static void check(const AtomicFile& file) {
    if (!file.ok()) throw std::runtime_error(fmt::format("{}: {}", file.path(), file.error()));
  }
  void flush(int table, bool always = false) {
    std::string& buffer = buffers_[table];
    if (buffer.size() < kFlushBytes && !always) return;
    files_[table]->write(buffer);
    check(*files_[table]);
    buffer.clear();
  }

  FirmIndex renumber_firm(FirmIndex f) {
    if (f == kNone) return f;
    auto [at, added] = header_firms_.emplace(f, static_cast<FirmIndex>(header_.firms.size()));
    if (added) {
      header_.firms.emplace_back();
      header_.firms.back().id = header_.text.add(drawn.firm_id(f));
    }
    return at->second;
  }
  void renumber_items(ItemFilter& filter) {
    for (ItemIndex& i : filter.items) {
      auto [at, added] = header_items_.emplace(i, static_cast<ItemIndex>(header_.items.size()));
      if (added) {
        header_.items.emplace_back();
        header_.items.back().id = header_.text.add(drawn.item_id(i));
      }
      i = at->second;
    }
  }
  void renumber_firms(std::vector<FirmIndex>& firms) {
    for (FirmIndex& f : firms) f = renumber_firm(f);
  }
  void renumber(EntityListAction& a) {
    renumber_firms(a.add);
    renumber_items(a.filter);
  }
  void renumber(EmbargoAction& a) { renumber_items(a.filter); }
  void renumber(BanAction& a) { renumber_firms(a.firms); }
  void renumber(LicenseAction& a) {
    a.supplier = renumber_firm(a.supplier);
    a.to = renumber_firm(a.to);
    renumber_items(a.filter);
  }
  void renumber(DeMinimisAction&) {}
  void renumber(ForeignDirectProductAction& a) { renumber_firms(a.targets); }

  TablePaths paths_;
  // The four tables, then the header.
  std::vector<std::unique_ptr<AtomicFile>> files_;
  std::string buffers_[kTables];
  Model header_;
  TextArena scratch_;
  std::unordered_map<FirmIndex, FirmIndex> header_firms_;
  std::unordered_map<ItemIndex, ItemIndex> header_items_;
  GeneratedCounts counts_;
};

void check_options(const GenerateOptions& options) {
  if (options.items < 2 * kTierCount)
    throw std::invalid_argument(fmt::format("a generated model needs at least {} items",
                                            2 * kTierCount));
}

}  // namespace

Model generate_model(const GenerateOptions& options) {
  check_options(options);
  ModelSink sink(options.items);
  Generator(options, sink).run();
  return sink.finish();
}

GeneratedCounts save_generated_tables(const GenerateOptions& options, const std::string& path,
                                      std::vector<std::string>* written) {
  check_options(options);
  TableSink sink(path);
  Generator(options, sink).run();
  std::vector<std::string> files = sink.finish();
  if (written) *written = std::move(files);
  return sink.counts();
}

}  // namespace decouple
