// The supply model: firms, the items they make, what each item needs, and
// the scenarios of export-control actions to evaluate.
//
// A Model is plain, immutable-after-load data. It is stored flat, the way
// a compressed sparse row graph is: every item owns a contiguous range of
// needs, every need a contiguous range of options, all indexes into the
// model's vectors. That keeps a million-item model in a few hundred bytes
// an item and lets algorithms walk it without pointer chasing.
//
// Index types (FirmIndex, ItemIndex, ...) are plain uint32_t positions into
// the vectors below; kNone marks "absent". A Model produced by load_model()
// is valid: every index is in range, every id unique, every need has at
// least one option. Algorithms may assert these invariants.
#ifndef DECOUPLE_MODEL_H_
#define DECOUPLE_MODEL_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "decouple/compact_vector.h"
#include "decouple/country.h"
#include "decouple/date.h"
#include "decouple/huge_pages.h"
#include "decouple/id_index.h"
#include "decouple/records.h"
#include "decouple/text.h"

namespace decouple {

using FirmIndex = uint32_t;
using ItemIndex = uint32_t;
using NeedIndex = uint32_t;
using OptionIndex = uint32_t;
using ScenarioIndex = uint32_t;
using SourceIndex = uint32_t;
inline constexpr uint32_t kNone = UINT32_MAX;

// A position in a model file, 1-based; line 0 means "no position".
struct Location {
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class ItemKind : uint8_t {
  kChip, kSoftware, kTool, kMaterial, kComponent, kProduct, kService, kIp
};
std::string_view to_string(ItemKind kind);
std::optional<ItemKind> parse_item_kind(std::string_view text);

enum class OptionStatus : uint8_t { kCurrent, kAlternative };
enum class NeedRole : uint8_t { kContent, kMeans };

// Records name their strings as Text (text.h): 8 bytes each, the bytes
// held once in the model's arena (Model::text).
struct Firm {
  Text id;
  Text name;  // defaults to id (the same bytes)
  Country country;
  std::vector<std::string> aliases;
  std::vector<std::string> tags;
  double probability = -1;  // < 0: not given
  SourceIndex source = kNone;
  Location location;
};

struct Option {
  NeedIndex need = kNone;     // the need this option serves
  ItemIndex item = kNone;     // the item supplied
  OptionStatus status = OptionStatus::kCurrent;
  float share = -1;           // share of today's supply, < 0: not given
  float lead_time = 0;        // months
  float capability = 1;
  float cost = 1;
  float confidence = 1;
  SourceIndex source = kNone;
  Date as_of;                 // when the link was documented; none: not given
  Location location;
  // The link's own window (docs/model-format.md, "Time"): it exists from
  // `from` to `until`, both days included, for commercial reasons (a
  // supplier that started or stopped selling), not by law. None: open.
  // (After `location`, with initializers, so brace-initialised Options
  // that stop at `location` still compile warning-free.)
  Date from = {};
  Date until = {};
  float stock = 0;            // months of this link's supply the buyer holds

  bool is_current() const { return status == OptionStatus::kCurrent; }
};

// (Fields ordered so no padding is left: 64 bytes, where a million-item
// model holds one and a half million needs.)
struct Need {
  Text name;               // interned: a few words repeated across the model
  ItemIndex item = kNone;  // the item that has this need
  float share = -1;        // part of the item's value, < 0: not given
  OptionIndex first_option = 0;
  OptionIndex option_count = 0;
  Location location;
  float stock = 0;         // months of stock the maker holds, from any supplier
  bool critical = true;
  NeedRole role = NeedRole::kContent;
};

struct Item {
  Text id;
  Text name;  // defaults to id (the same bytes)
  FirmIndex maker = kNone;
  ItemKind kind = ItemKind::kProduct;
  Country origin;
  double value = -1;  // < 0: not given
  // Sorted by name. Most items have none: 8 bytes in the record, not 24.
  CompactVector<std::pair<Text, double>> attributes;  // names interned
  SourceIndex source = kNone;
  NeedIndex first_need = 0;
  NeedIndex need_count = 0;
  Location location;
  // Made on [introduced, discontinued): `discontinued` is the first day it
  // is no longer made. None: since always / still made.
  Date introduced = {};
  Date discontinued = {};

  // The attribute's value, or nullopt.
  std::optional<double> attribute(std::string_view name) const;
};

// An item's and a need's Texts and attribute list read correctly wherever
// their bytes lie, and own nothing there: a snapshot lends them in place.
template <>
inline constexpr bool kLendable<Item> = true;
template <>
inline constexpr bool kLendable<Need> = true;

// One condition of a `where` filter: attribute <op> value.
struct Condition {
  enum class Op : uint8_t { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual };
  std::string attribute;
  Op op = Op::kEqual;
  double value = 0;
  bool matches(const Item& item) const;
};
std::string to_string(const Condition& condition);

// Filter on supplied items shared by several actions. Empty parts match all.
struct ItemFilter {
  std::vector<ItemKind> kinds;
  std::vector<ItemIndex> items;       // sorted
  std::vector<Condition> where;       // all must hold
  bool matches(ItemIndex index, const Item& item) const;
  bool empty() const { return kinds.empty() && items.empty() && where.empty(); }
};

struct EntityListAction {
  Country by;
  std::vector<FirmIndex> add;  // sorted
  ItemFilter filter;           // `where` (and kinds/items) on the supplied item
};
struct EmbargoAction {
  Country by;
  std::vector<Country> to;
  ItemFilter filter;
};
struct BanAction {
  std::vector<FirmIndex> firms;  // sorted
};
struct LicenseAction {
  enum class Policy : uint8_t { kApprove, kDeny };
  Country by;
  FirmIndex supplier = kNone;  // kNone: any supplier
  FirmIndex to = kNone;        // kNone: any recipient
  ItemFilter filter;           // items / kinds
  Date until;                  // none: no end
  Policy policy = Policy::kApprove;
};
struct DeMinimisAction {
  Country by;
  double default_threshold = 0.25;
  std::vector<std::pair<Country, double>> per_country;  // destination -> threshold
  double threshold_for(Country destination) const;
};
struct ForeignDirectProductAction {
  Country by;
  std::vector<FirmIndex> targets;  // sorted
  uint32_t depth = 1;
};

using ActionBody = std::variant<EntityListAction, EmbargoAction, BanAction, LicenseAction,
                                DeMinimisAction, ForeignDirectProductAction>;
std::string_view action_kind(const ActionBody& body);

struct Action {
  ActionBody body;
  SourceIndex source = kNone;
  Location location;
  // In force from `from` (none: from its scenario's date, or always when
  // the scenario is undated) to `until` inclusive (none: no end).
  Date from = {};
  Date until = {};

  // The last day in force: `until`, or a licence's body-level `until` (the
  // older spelling; the loader refuses both at once). None: no end.
  Date last_day() const;
};

struct Scenario {
  std::string id;
  std::string name;  // defaults to id
  Date date;         // none: undated
  std::vector<ScenarioIndex> extends;
  std::vector<Action> actions;
  SourceIndex source = kNone;
  Location location;
};

struct Bloc {
  std::string id;
  std::string name;
  std::vector<Country> countries;  // sorted
  Location location;
};

// A classroom exercise (docs/model-format.md, "Exercises"): a question on
// one item under one scenario, the kind of answer the student gives and
// what the student may change. The correct answer is not stored: the
// engines compute it (exercise.h).
enum class ExerciseKind : uint8_t {
  kSmallestBlacklist,  // the fewest firms whose cut-off stops the item
  kRecoveryPlan,       // a supplier per lost need that brings the item back within `within` months
  kWhichAction,        // which of the scenario's actions cut the item
};
std::string_view to_string(ExerciseKind kind);
std::optional<ExerciseKind> parse_exercise_kind(std::string_view text);

struct Exercise {
  std::string id;
  std::string title;     // defaults to id
  std::string question;  // plain words, for the student
  ExerciseKind kind = ExerciseKind::kSmallestBlacklist;
  ItemIndex item = kNone;              // the target
  ScenarioIndex scenario = kNone;      // kNone: nothing applied before the student's change
  Date date;                           // the day the scenario is read at; none: its own date
  std::vector<FirmIndex> blacklist;    // smallest-blacklist: firms the student may list; empty: any
  std::vector<FirmIndex> suppliers;    // recovery-plan: firms the student may switch to; empty: any
  double within = -1;                  // recovery-plan: months allowed
  SourceIndex source = kNone;
  Location location;
};

struct SourceRef {
  std::string id;
  std::string citation;
};

class Model {
 public:
  int version = 1;
  std::string file;  // path it was loaded from, for messages
  // CSV tables the YAML file named (`tables:`), as opened; empty otherwise.
  std::vector<std::string> table_files;
  std::string name;
  std::string description;
  std::vector<SourceRef> sources;
  // On huge pages from 2 MiB up (huge_pages.h): a snapshot's hundred
  // thousand firms are 10 MB of fresh memory, 2,400 first touches of 4 KiB.
  HugeVector<Firm> firms;
  // Records, not vectors: a snapshot opened in place lends them (records.h).
  Records<Item> items;
  Records<Need> needs;
  Records<Option> options;
  std::vector<Scenario> scenarios;
  std::vector<Bloc> blocs;
  std::vector<Exercise> exercises;
  // The bytes of every record's Text. Writers add through it
  // (`firm.id = model.text.add(id)`); copying a Model shares them.
  TextArena text;

  // Id lookups; kNone when absent. Each index is built on the first
  // lookup of its kind (once, thread-safe), so a question that looks up no
  // item by id pays nothing for indexing a million of them (issue #19).
  // Concurrent lookups are safe; lookups during a change of the vectors
  // are not.
  FirmIndex find_firm(std::string_view id) const;
  ItemIndex find_item(std::string_view id) const;
  ScenarioIndex find_scenario(std::string_view id) const;
  SourceIndex find_source(std::string_view id) const;
  // Forgets the id indexes after the vectors changed (the next lookups
  // rebuild them).
  void index_ids();

  // The maker of the item an option supplies.
  FirmIndex supplier_of(OptionIndex option) const { return items[options[option].item].maker; }
  // The firm that receives an option's supply (the maker of the needing item).
  FirmIndex recipient_of(OptionIndex option) const {
    return items[needs[options[option].need].item].maker;
  }
  ItemIndex consumer_of(OptionIndex option) const { return needs[options[option].need].item; }

 private:
  // A flat hash index over one vector's ids (16 bytes a slot, no node per
  // entry: a million-item model pays 32 MB here, not 70), built on first
  // use. Copies share the built index (the ids are the same until
  // index_ids() gives the changed model a fresh one); a move leaves the
  // source a usable index too.
  class LazyIds {
   public:
    LazyIds() = default;
    LazyIds(const LazyIds&) = default;
    LazyIds(LazyIds&& other) noexcept : state_(other.state_) {}
    LazyIds& operator=(const LazyIds&) = default;
    LazyIds& operator=(LazyIds&& other) noexcept {
      state_ = other.state_;
      return *this;
    }
    // The position of `id` among `count` ids, key_of(p) giving the p-th.
    template <typename KeyOf>
    uint32_t find(std::string_view id, uint32_t count, const KeyOf& key_of) const {
      State& s = *state_;
      std::call_once(s.built, [&] { s.index.build(count, key_of); });
      return s.index.find(id, key_of);
    }
    void reset() { state_ = std::make_shared<State>(); }

   private:
    struct State {
      std::once_flag built;
      IdIndex index;
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
  };
  LazyIds firm_ids_, item_ids_, scenario_ids_, source_ids_;
};

}  // namespace decouple

#endif  // DECOUPLE_MODEL_H_
