#include "decouple/snapshot.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <future>
#include <memory>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>

#include "decouple/date.h"
#include "decouple/input_guard.h"
#include "decouple/mapped_file.h"
#include "decouple/output_file.h"

namespace decouple {
namespace {

constexpr char kMagic[8] = {'D', 'C', 'P', 'L', 'S', 'N', 'A', 'P'};
constexpr uint32_t kByteOrderMark = 0x01020304;
constexpr size_t kHeaderSize = 64;
// Where the options section may start in the file (a page, usually).
constexpr size_t kSectionAlign = 4096;
// Payloads from this size up decode on several threads (a 10,000-item
// model's is about 0.6 MB, a 100,000-item one's 6 MB).
constexpr size_t kParallelBytes = size_t{1} << 20;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint32_t get32(const unsigned char* p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

uint64_t load_le64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// ---- Writing: every value little-endian, byte by byte. ----

// Bytes go to a string; given a file, they are written out every
// kFlushBytes, so a big model's snapshot is never whole in memory (2.4 GB
// at 10^8 option edges, issue #19). Positions count from the first byte
// written, whether it is still in memory or already in the file.
class Writer {
 public:
  Writer() = default;
  explicit Writer(AtomicFile* file) : file_(file) {}

  size_t size() const { return flushed_ + out_.size(); }
  // Between records: writes the bytes out once there are enough of them.
  void maybe_flush() {
    if (file_ && out_.size() >= kFlushBytes) flush();
  }
  void flush() {
    if (!file_) return;
    file_->write(out_);
    flushed_ += out_.size();
    out_.clear();
  }

  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  // Overwrites the u64 written at byte `at` (a placeholder filled in later).
  void u64_at(size_t at, uint64_t v) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(v >> (8 * i));
    if (at + sizeof bytes > flushed_ && at < flushed_) flush();  // straddles: all to the file
    if (at >= flushed_)
      std::memcpy(&out_[at - flushed_], bytes, sizeof bytes);
    else
      file_->write_at(at, {bytes, sizeof bytes});
  }
  void f32(float v) { u32(std::bit_cast<uint32_t>(v)); }
  void f64(double v) { u64(std::bit_cast<uint64_t>(v)); }
  // LEB128: 7 bits a byte, low first; most counts and indexes take 1-3.
  void var(uint32_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  // An index or kNone, shifted so kNone costs one byte.
  void optional(uint32_t v) { var(v + 1); }
  void str(std::string_view s) {
    var(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void country(Country c) {
    std::string_view v = c.view();
    u8(v.empty() ? 0 : static_cast<uint8_t>(v[0]));
    u8(v.empty() ? 0 : static_cast<uint8_t>(v[1]));
  }
  void location(Location at) {
    var(at.line);
    var(at.column);
  }
  void strings(const std::vector<std::string>& v) {
    var(static_cast<uint32_t>(v.size()));
    for (const std::string& s : v) str(s);
  }
  void indexes(const std::vector<uint32_t>& v) {
    var(static_cast<uint32_t>(v.size()));
    for (uint32_t i : v) var(i);
  }
  void countries(const std::vector<Country>& v) {
    var(static_cast<uint32_t>(v.size()));
    for (Country c : v) country(c);
  }
  void filter(const ItemFilter& f) {
    var(static_cast<uint32_t>(f.kinds.size()));
    for (ItemKind k : f.kinds) u8(static_cast<uint8_t>(k));
    indexes(f.items);
    var(static_cast<uint32_t>(f.where.size()));
    for (const Condition& c : f.where) {
      str(c.attribute);
      u8(static_cast<uint8_t>(c.op));
      f64(c.value);
    }
  }
  std::string& bytes() { return out_; }

 private:
  static constexpr size_t kFlushBytes = size_t{4} << 20;
  std::string out_;
  AtomicFile* file_ = nullptr;
  size_t flushed_ = 0;  // bytes already in the file
};

void write_action(Writer& w, const Action& action) {
  w.u8(static_cast<uint8_t>(action.body.index()));
  w.optional(action.source);
  w.location(action.location);
  w.str(action.from.str());
  w.str(action.until.str());
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, EntityListAction>) {
          w.country(a.by);
          w.indexes(a.add);
          w.filter(a.filter);
        } else if constexpr (std::is_same_v<T, EmbargoAction>) {
          w.country(a.by);
          w.countries(a.to);
          w.filter(a.filter);
        } else if constexpr (std::is_same_v<T, BanAction>) {
          w.indexes(a.firms);
        } else if constexpr (std::is_same_v<T, LicenseAction>) {
          w.country(a.by);
          w.optional(a.supplier);
          w.optional(a.to);
          w.filter(a.filter);
          w.str(a.until.str());
          w.u8(static_cast<uint8_t>(a.policy));
        } else if constexpr (std::is_same_v<T, DeMinimisAction>) {
          w.country(a.by);
          w.f64(a.default_threshold);
          w.var(static_cast<uint32_t>(a.per_country.size()));
          for (const auto& [c, t] : a.per_country) {
            w.country(c);
            w.f64(t);
          }
        } else {
          static_assert(std::is_same_v<T, ForeignDirectProductAction>);
          w.country(a.by);
          w.indexes(a.targets);
          w.var(a.depth);
        }
      },
      action.body);
}

struct SourceStamp {
  std::string path;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

bool stamp_of(const std::string& path, SourceStamp& stamp) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  stamp.size = static_cast<uint64_t>(st.st_size);
  stamp.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return true;
}

std::string absolute(const std::string& path) {
  if (!path.empty() && path.front() == '/') return path;
  char* real = ::realpath(path.c_str(), nullptr);
  if (!real) return path;
  std::string out(real);
  std::free(real);
  return out;
}

// ---- Reading: bounds-checked; any overrun is corruption. ----

struct Corrupt : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Decoding a mapped snapshot releases what it has read every 2 MiB (a
// system call per 2 MiB read, per thread), so the file's pages do not add
// up on top of the model being built (measured at 1M items: with the 63 MB
// file mapped whole, decoding peaked 72 MiB over the decoded model, then
// 25 MiB; the impact's peak went from 428 to 422 MiB).
constexpr size_t kReleaseBytes = size_t{2} << 20;

class Reader {
 public:
  Reader(const unsigned char* data, size_t size) : p_(data), end_(data + size), kept_(data) {}

  // From now on, release_behind() hands back what was read (mapped files).
  void release_as_read() { release_ = true; }
  // Cheap when there is little to release: call once per record.
  void release_behind() {
    if (release_ && static_cast<size_t>(p_ - kept_) >= kReleaseBytes) {
      MappedFile::release(kept_, p_);
      kept_ = p_;
    }
  }

  uint8_t u8() {
    need(1);
    return *p_++;
  }
  uint32_t u32() {
    need(4);
    uint32_t v = get32(p_);
    p_ += 4;
    return v;
  }
  uint64_t u64() {
    need(8);
    uint64_t v = load_le64(p_);
    p_ += 8;
    return v;
  }
  float f32() { return std::bit_cast<float>(u32()); }
  double f64() { return std::bit_cast<double>(u64()); }
  uint32_t var() {
    // Most numbers are one byte: take those without the general loop.
    if (p_ != end_ && *p_ < 0x80) return *p_++;
    uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      uint8_t b = u8();
      if (shift == 28 && b > 0x0f) throw Corrupt("a number is too long");
      v |= static_cast<uint32_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    throw Corrupt("a number is too long");
  }
  std::string str() {
    std::string s;
    str_into(s);
    return s;
  }
  // Like str(), into an existing string (no temporary).
  void str_into(std::string& s) {
    uint32_t n = var();
    need(n);
    s.assign(reinterpret_cast<const char*>(p_), n);
    utf8(s);
    p_ += n;
  }
  // Text in a model is UTF-8 (the loaders refuse anything else, and the
  // JSON and XML writers rely on it): a forged string is corruption.
  static void utf8(std::string_view s) {
    if (!is_utf8(s)) throw Corrupt("a text is not valid UTF-8");
  }
  // A string into `arena` (interned: equal strings share one copy).
  Text text(TextArena& arena, bool interned = false) {
    uint32_t n = var();
    need(n);
    std::string_view s(reinterpret_cast<const char*>(p_), n);
    utf8(s);
    p_ += n;
    return interned ? arena.intern(s) : arena.add(s);
  }
  // A count of elements each at least `min_bytes` long: bounded by what is
  // left, so a corrupt count cannot make a huge allocation.
  uint32_t count(size_t min_bytes) { return fits(var(), min_bytes); }
  // `n` (read elsewhere) elements each at least `min_bytes` long fit in
  // what is left of this reader.
  uint32_t fits(uint32_t n, size_t min_bytes) const {
    if (left() / min_bytes < n) throw Corrupt("a count exceeds the data");
    return n;
  }
  Country country() {
    char code[2] = {static_cast<char>(u8()), static_cast<char>(u8())};
    if (code[0] == 0 && code[1] == 0) return {};
    std::optional<Country> c = Country::parse(std::string_view(code, 2));
    if (!c) throw Corrupt("bad country code");
    return *c;
  }
  Location location() {
    Location at;
    at.line = var();
    at.column = var();
    return at;
  }
  // A date YYYY-MM-DD or empty; anything else is corruption (the model's
  // dates are compared as text, so a bad one would mis-order silently).
  Date date() {
    std::string s = str();
    if (!s.empty() && !valid_date(s)) throw Corrupt("a date is not YYYY-MM-DD");
    return s;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> v(count(1));
    for (std::string& s : v) s = str();
    return v;
  }
  std::vector<uint32_t> indexes(size_t limit) {
    std::vector<uint32_t> v(count(1));
    for (uint32_t& i : v) i = index(limit);
    return v;
  }
  // An index below `limit`.
  uint32_t index(size_t limit) {
    uint32_t i = var();
    if (i >= limit) throw Corrupt("an index is out of range");
    return i;
  }
  // An index below `limit`, or kNone.
  uint32_t optional_index(size_t limit) {
    uint32_t i = var() - 1;  // 0 (kNone + 1) wraps back to kNone
    if (i != kNone && i >= limit) throw Corrupt("an index is out of range");
    return i;
  }
  std::vector<Country> countries() {
    std::vector<Country> v(count(2));
    for (Country& c : v) c = country();
    return v;
  }
  template <typename Enum>
  Enum enumeration(uint8_t last) {
    uint8_t v = u8();
    if (v > last) throw Corrupt("an enumeration is out of range");
    return static_cast<Enum>(v);
  }
  ItemFilter filter(size_t items) {
    ItemFilter f;
    f.kinds.resize(count(1));
    for (ItemKind& k : f.kinds) k = enumeration<ItemKind>(static_cast<uint8_t>(ItemKind::kIp));
    f.items = indexes(items);
    f.where.resize(count(10));
    for (Condition& c : f.where) {
      c.attribute = str();
      c.op = enumeration<Condition::Op>(static_cast<uint8_t>(Condition::Op::kNotEqual));
      c.value = f64();
    }
    return f;
  }
  bool done() const { return p_ == end_; }
  // Done but for the zero bytes that align the next section.
  bool done_but_padding() const {
    return left() < kSectionAlign && std::all_of(p_, end_, [](unsigned char b) { return b == 0; });
  }
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  size_t offset(const unsigned char* base) const { return static_cast<size_t>(p_ - base); }

 private:
  void need(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) throw Corrupt("the data ends early");
  }
  const unsigned char* p_;
  const unsigned char* end_;
  const unsigned char* kept_;  // read but not yet released from here
  bool release_ = false;
};

Action read_action(Reader& r, const Model& m) {
  Action action;
  uint8_t kind = r.u8();
  action.source = r.optional_index(m.sources.size());
  action.location = r.location();
  action.from = r.date();
  action.until = r.date();
  const size_t firms = m.firms.size(), items = m.items.size();
  switch (kind) {
    case 0: {
      EntityListAction a;
      a.by = r.country();
      a.add = r.indexes(firms);
      a.filter = r.filter(items);
      action.body = std::move(a);
      break;
    }
    case 1: {
      EmbargoAction a;
      a.by = r.country();
      a.to = r.countries();
      a.filter = r.filter(items);
      action.body = std::move(a);
      break;
    }
    case 2: {
      BanAction a;
      a.firms = r.indexes(firms);
      action.body = std::move(a);
      break;
    }
    case 3: {
      LicenseAction a;
      a.by = r.country();
      a.supplier = r.optional_index(firms);
      a.to = r.optional_index(firms);
      a.filter = r.filter(items);
      a.until = r.date();
      a.policy = r.enumeration<LicenseAction::Policy>(1);
      action.body = std::move(a);
      break;
    }
    case 4: {
      DeMinimisAction a;
      a.by = r.country();
      a.default_threshold = r.f64();
      a.per_country.resize(r.count(10));
      for (auto& [c, t] : a.per_country) {
        c = r.country();
        t = r.f64();
      }
      action.body = std::move(a);
      break;
    }
    case 5: {
      ForeignDirectProductAction a;
      a.by = r.country();
      a.targets = r.indexes(firms);
      a.depth = r.var();
      action.body = std::move(a);
      break;
    }
    default: throw Corrupt("unknown action kind");
  }
  return action;
}

// Bits of the per-record flags byte: which fields differ from their
// default (and so follow in the record). Defaults compare by bits, so even
// -0.0 survives the trip.
enum : uint8_t {
  kFirmName = 1, kFirmAliases = 2, kFirmTags = 4, kFirmProbability = 8, kFirmSource = 16,
  kItemName = 1, kItemOrigin = 2, kItemValue = 4, kItemAttributes = 8, kItemSource = 16,
  kItemIntroduced = 32, kItemDiscontinued = 64,
  kNeedOptional = 1, kNeedMeans = 2, kNeedShare = 4, kNeedStock = 8,
};
// ---- Options: fixed-size records, read in place. ----
//
// The options section (format 5) is the options as an array of
// kOptionBytes-byte records, little-endian, at a file offset that is a
// multiple of kSectionAlign. Where Option has exactly that layout in memory
// (a little-endian machine, and the field offsets below: checked at compile
// time by option_layout_native()), a snapshot opened from a file lends
// Model::options the section itself (records.h): no decoding and no fresh
// memory for the biggest array of a model. Elsewhere, or from bytes in
// memory, each record is unpacked into a copy. Either way every record is
// checked as decoding checked it.
constexpr size_t kOptionBytes = 60;
enum : size_t {
  kAtNeed = 0, kAtItem = 4, kAtStatus = 8, kAtShare = 12, kAtLeadTime = 16, kAtCapability = 20,
  kAtCost = 24, kAtConfidence = 28, kAtSource = 32, kAtAsOf = 36, kAtLine = 40, kAtColumn = 44,
  kAtFrom = 48, kAtUntil = 52, kAtStock = 56,
};

constexpr bool option_layout_native() {
  return std::endian::native == std::endian::little && sizeof(Option) == kOptionBytes &&
         sizeof(Date) == 4 && sizeof(OptionStatus) == 1 && offsetof(Option, need) == kAtNeed &&
         offsetof(Option, item) == kAtItem && offsetof(Option, status) == kAtStatus &&
         offsetof(Option, share) == kAtShare && offsetof(Option, lead_time) == kAtLeadTime &&
         offsetof(Option, capability) == kAtCapability && offsetof(Option, cost) == kAtCost &&
         offsetof(Option, confidence) == kAtConfidence && offsetof(Option, source) == kAtSource &&
         offsetof(Option, as_of) == kAtAsOf && offsetof(Option, location) == kAtLine &&
         offsetof(Option, from) == kAtFrom && offsetof(Option, until) == kAtUntil &&
         offsetof(Option, stock) == kAtStock && std::is_trivially_copyable_v<Option>;
}

void put32(unsigned char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

// The record of `o`; the three bytes after the status are zero.
void pack_option(const Option& o, unsigned char* p) {
  std::memset(p, 0, kOptionBytes);
  put32(p + kAtNeed, o.need);
  put32(p + kAtItem, o.item);
  p[kAtStatus] = static_cast<uint8_t>(o.status);
  put32(p + kAtShare, std::bit_cast<uint32_t>(o.share));
  put32(p + kAtLeadTime, std::bit_cast<uint32_t>(o.lead_time));
  put32(p + kAtCapability, std::bit_cast<uint32_t>(o.capability));
  put32(p + kAtCost, std::bit_cast<uint32_t>(o.cost));
  put32(p + kAtConfidence, std::bit_cast<uint32_t>(o.confidence));
  put32(p + kAtSource, o.source);
  put32(p + kAtAsOf, std::bit_cast<uint32_t>(o.as_of));
  put32(p + kAtLine, o.location.line);
  put32(p + kAtColumn, o.location.column);
  put32(p + kAtFrom, std::bit_cast<uint32_t>(o.from));
  put32(p + kAtUntil, std::bit_cast<uint32_t>(o.until));
  put32(p + kAtStock, std::bit_cast<uint32_t>(o.stock));
}

// The option a record holds, field by field (any machine).
Option unpack_option(const unsigned char* p) {
  Option o;
  o.need = get32(p + kAtNeed);
  o.item = get32(p + kAtItem);
  o.status = static_cast<OptionStatus>(p[kAtStatus]);
  o.share = std::bit_cast<float>(get32(p + kAtShare));
  o.lead_time = std::bit_cast<float>(get32(p + kAtLeadTime));
  o.capability = std::bit_cast<float>(get32(p + kAtCapability));
  o.cost = std::bit_cast<float>(get32(p + kAtCost));
  o.confidence = std::bit_cast<float>(get32(p + kAtConfidence));
  o.source = get32(p + kAtSource);
  o.as_of = std::bit_cast<Date>(get32(p + kAtAsOf));
  o.location = {get32(p + kAtLine), get32(p + kAtColumn)};
  o.from = std::bit_cast<Date>(get32(p + kAtFrom));
  o.until = std::bit_cast<Date>(get32(p + kAtUntil));
  o.stock = std::bit_cast<float>(get32(p + kAtStock));
  return o;
}

// A date as a record holds it: none, or a day from 0000-01-01 to
// 9999-12-31 (what Date can hold).
bool valid_date_bits(Date d) {
  static const int32_t kFirst = std::bit_cast<int32_t>(Date::from_days(INT32_MIN));
  static const int32_t kLast = std::bit_cast<int32_t>(Date::from_days(INT32_MAX));
  const int32_t v = std::bit_cast<int32_t>(d);
  return d.empty() || (v >= kFirst && v <= kLast);
}

// What decoding checked, on records read in place or unpacked: indexes in
// range, a known status, valid dates. (Each need's options pointing back at
// it is checked by link(), once the needs are decoded.)
void check_options(const Records<Option>& options, uint32_t needs, uint32_t items, uint32_t sources) {
  for (const Option& o : options) {
    if (o.need >= needs || o.item >= items) throw Corrupt("an option's need or item is out of range");
    if (static_cast<uint8_t>(o.status) > static_cast<uint8_t>(OptionStatus::kAlternative))
      throw Corrupt("an option has an unknown status");
    if (o.source != kNone && o.source >= sources) throw Corrupt("an option's source is out of range");
    if (!valid_date_bits(o.as_of) || !valid_date_bits(o.from) || !valid_date_bits(o.until))
      throw Corrupt("an option has an invalid date");
  }
}

template <typename T>
bool differs(T value, T fallback) {
  return std::bit_cast<std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>(value) !=
         std::bit_cast<std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>(fallback);
}

// Decodes the payload's main section (everything but needs and options)
// into `m`. `on_counts(needs, options, items, sources)` runs as soon as the
// counts are known, so the needs and options sections (each at its own
// offset) can be decoded alongside (decode_needs, decode_options).
// Need::item and Option::need are left to link().
template <typename OnCounts>
void decode(Reader& r, std::vector<SourceStamp>& stamps, Model& m, const OnCounts& on_counts) {
  stamps.resize(r.count(18));
  for (SourceStamp& s : stamps) {
    s.path = r.str();
    s.size = r.u64();
    s.mtime_ns = static_cast<int64_t>(r.u64());
  }
  m.version = static_cast<int>(r.var());
  m.name = r.str();
  m.description = r.str();
  m.sources.resize(r.count(2));
  for (SourceRef& s : m.sources) {
    s.id = r.str();
    s.citation = r.str();
  }
  // Counts first, so references can be checked as they are read.
  m.firms.resize(r.count(4));
  m.items.resize(r.count(4));
  // The needs and options sections bound their own counts.
  const uint32_t need_count = r.var(), option_count = r.var();
  on_counts(need_count, option_count, static_cast<uint32_t>(m.items.size()),
            static_cast<uint32_t>(m.sources.size()));
  m.scenarios.resize(r.count(4));
  const size_t sources = m.sources.size(), firms = m.firms.size(), items = m.items.size();
  for (Firm& f : m.firms) {
    r.release_behind();
    f.id = r.text(m.text);
    uint8_t flags = r.u8();
    f.name = flags & kFirmName ? r.text(m.text) : f.id;
    f.country = r.country();
    if (flags & kFirmAliases) f.aliases = r.strings();
    if (flags & kFirmTags) f.tags = r.strings();
    if (flags & kFirmProbability) f.probability = r.f64();
    if (flags & kFirmSource) f.source = r.index(sources);
    f.location = r.location();
  }
  // Needs and options are stored in the model's flat order: an item's
  // needs start where the previous item's end, and so on.
  NeedIndex next_need = 0;
  for (ItemIndex index = 0; index < items; ++index) {
    r.release_behind();
    Item& i = m.items[index];
    i.id = r.text(m.text);
    uint8_t flags = r.u8();
    i.kind = r.enumeration<ItemKind>(static_cast<uint8_t>(ItemKind::kIp));
    i.maker = r.index(firms);
    i.name = flags & kItemName ? r.text(m.text) : i.id;
    i.origin = flags & kItemOrigin ? r.country() : m.firms[i.maker].country;
    if (flags & kItemValue) i.value = r.f64();
    if (flags & kItemAttributes) {
      i.attributes.resize(r.count(9));
      for (auto& [name, value] : i.attributes) {
        name = r.text(m.text, true);
        value = r.f64();
      }
    }
    if (flags & kItemSource) i.source = r.index(sources);
    if (flags & kItemIntroduced) i.introduced = r.date();
    if (flags & kItemDiscontinued) i.discontinued = r.date();
    i.first_need = next_need;
    i.need_count = r.var();
    if (i.need_count > need_count - next_need) throw Corrupt("more needs than the model has");
    next_need += i.need_count;
    i.location = r.location();
  }
  if (next_need != need_count) throw Corrupt("needs belong to no item");
  const size_t scenarios = m.scenarios.size();
  for (Scenario& s : m.scenarios) {
    s.id = r.str();
    s.name = r.str();
    s.date = r.date();
    s.extends = r.indexes(scenarios);
    s.source = r.optional_index(sources);
    s.location = r.location();
    s.actions.resize(r.count(4));
    for (Action& a : s.actions) a = read_action(r, m);
  }
  m.blocs.resize(r.count(4));
  for (Bloc& b : m.blocs) {
    b.id = r.str();
    b.name = r.str();
    b.countries = r.countries();
    b.location = r.location();
  }
  m.exercises.resize(r.count(8));
  for (Exercise& e : m.exercises) {
    e.id = r.str();
    e.title = r.str();
    e.question = r.str();
    uint32_t kind = r.var();
    if (kind > static_cast<uint32_t>(ExerciseKind::kWhichAction)) throw Corrupt("bad exercise kind");
    e.kind = static_cast<ExerciseKind>(kind);
    e.item = r.index(m.items.size());
    e.scenario = r.optional_index(scenarios);
    e.date = r.date();
    e.blacklist = r.indexes(m.firms.size());
    e.suppliers = r.indexes(m.firms.size());
    e.within = r.f64();
    e.source = r.optional_index(m.sources.size());
    e.location = r.location();
  }
  if (!r.done()) throw Corrupt("unexpected bytes after the model");
}

// The options section, on its own (it has its own offset, so it is
// checked while decode() works through the rest): lent in place when
// `lender` keeps the bytes alive and the layout is native, else unpacked.
void decode_options(const unsigned char* section, size_t bytes, Records<Option>& options,
                    uint32_t count, uint32_t needs, uint32_t items, uint32_t sources,
                    const std::shared_ptr<const void>& lender) {
  if (bytes != uint64_t{count} * kOptionBytes) throw Corrupt("the options section has the wrong size");
  if constexpr (option_layout_native()) {
    if (lender) {
      // The bytes are a private writable mapping: the model may write an
      // option in place; the file never changes.
      options.lend(reinterpret_cast<Option*>(const_cast<unsigned char*>(section)), count, lender);
      check_options(options, needs, items, sources);
      return;
    }
  }
  std::vector<Option> unpacked(count);
  for (uint32_t k = 0; k < count; ++k) unpacked[k] = unpack_option(section + size_t{k} * kOptionBytes);
  options = Records<Option>(std::move(unpacked));
  check_options(options, needs, items, sources);
}

// The needs section: each need's first option follows from the counts
// before it, which must tile the `options` options exactly.
void decode_needs(Reader& r, Records<Need>& needs, TextArena& text, uint32_t count,
                  uint32_t options) {
  needs.resize(r.fits(count, 4));
  OptionIndex next_option = 0;
  for (Need& need : needs) {
    r.release_behind();
    need.name = r.text(text, true);
    uint8_t flags = r.u8();
    need.critical = !(flags & kNeedOptional);
    need.role = flags & kNeedMeans ? NeedRole::kMeans : NeedRole::kContent;
    if (flags & kNeedShare) need.share = r.f32();
    if (flags & kNeedStock) need.stock = r.f32();
    need.first_option = next_option;
    need.option_count = r.var();
    if (need.option_count == 0 || need.option_count > options - next_option)
      throw Corrupt("a need has no options, or more than the model has");
    next_option += need.option_count;
    need.location = r.location();
  }
  if (next_option != options) throw Corrupt("options belong to no need");
  if (!r.done_but_padding()) throw Corrupt("unexpected bytes after the needs");
}

// Each need's item, from the ranges the sections checked (items' needs and
// needs' options tile them exactly); each option's need, which the options
// section holds, is checked against the same ranges.
void link(Model& m) {
  for (ItemIndex i = 0; i < m.items.size(); ++i) {
    const Item& item = m.items[i];
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) m.needs[n].item = i;
  }
  for (NeedIndex n = 0; n < m.needs.size(); ++n) {
    const Need& need = m.needs[n];
    for (OptionIndex k = need.first_option; k < need.first_option + need.option_count; ++k)
      if (m.options[k].need != n) throw Corrupt("an option does not point back at its need");
  }
}

}  // namespace

namespace {
// snapshot_checksum(), calling after_read(from, to) each time another
// kReleaseBytes (a multiple of 32) have been read, so a caller reading a
// mapped file can release them.
template <typename AfterRead>
uint64_t checksum_reading(std::string_view bytes, const AfterRead& after_read) {
  // Four independent lanes over 32-byte blocks (so the CPU can overlap
  // them), then the tail, then a final avalanche.
  constexpr uint64_t kP1 = 0x9e3779b185ebca87ull, kP2 = 0xc2b2ae3d27d4eb4full;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  uint64_t v[4] = {kP1 + kP2, kP2, 0, 0 - kP1};
  const unsigned char* kept = p;
  while (n >= 32) {
    if (static_cast<size_t>(p - kept) >= kReleaseBytes) {
      after_read(kept, p);
      kept = p;
    }
    for (int lane = 0; lane < 4; ++lane) {
      v[lane] = rotl(v[lane] + load_le64(p) * kP2, 31) * kP1;
      p += 8;
    }
    n -= 32;
  }
  uint64_t h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18) + bytes.size();
  while (n >= 8) {
    h = rotl(h ^ (rotl(load_le64(p) * kP2, 31) * kP1), 27) * kP1 + kP2;
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    h = rotl(h ^ (*p++ * kP1), 11) * kP2;
    --n;
  }
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP1;
  return h ^ (h >> 32);
}
}  // namespace

uint64_t snapshot_checksum(std::string_view bytes) {
  return checksum_reading(bytes, [](const unsigned char*, const unsigned char*) {});
}

namespace {

// The header: format, payload size and checksum, counts, its own checksum.
std::string snapshot_header(const Model& m, uint64_t payload_size, uint64_t payload_checksum) {
  Writer header;
  header.bytes().append(kMagic, sizeof kMagic);
  header.u32(kSnapshotFormat);
  header.u32(kByteOrderMark);
  header.u64(payload_size);
  header.u64(payload_checksum);
  for (size_t count : {m.firms.size(), m.items.size(), m.needs.size(), m.options.size()})
    header.u32(static_cast<uint32_t>(count));
  header.u64(snapshot_checksum(header.bytes()));
  header.bytes().resize(kHeaderSize, '\0');
  return std::move(header.bytes());
}

// Writes kHeaderSize bytes of room for the header, then the payload.
void write_payload(const Model& m, Writer& w) {
  w.bytes().append(kHeaderSize, '\0');
  std::vector<SourceStamp> stamps;
  std::vector<std::string> inputs = m.table_files;
  inputs.insert(inputs.begin(), m.file);
  for (const std::string& path : inputs) {
    SourceStamp s;
    if (!path.empty() && stamp_of(path, s)) {
      s.path = absolute(path);
      stamps.push_back(std::move(s));
    }
  }
  // Where the needs and the options sections start (from the payload's
  // first byte): filled in below.
  w.u64(0);
  w.u64(0);
  w.var(static_cast<uint32_t>(stamps.size()));
  for (const SourceStamp& s : stamps) {
    w.str(s.path);
    w.u64(s.size);
    w.u64(static_cast<uint64_t>(s.mtime_ns));
  }
  w.var(static_cast<uint32_t>(m.version));
  w.str(m.name);
  w.str(m.description);
  w.var(static_cast<uint32_t>(m.sources.size()));
  for (const SourceRef& s : m.sources) {
    w.str(s.id);
    w.str(s.citation);
  }
  for (size_t count : {m.firms.size(), m.items.size(), m.needs.size(), m.options.size(),
                       m.scenarios.size()})
    w.var(static_cast<uint32_t>(count));
  for (const Firm& f : m.firms) {
    w.str(f.id);
    uint8_t flags = (f.name != f.id ? kFirmName : 0) | (f.aliases.empty() ? 0 : kFirmAliases) |
                    (f.tags.empty() ? 0 : kFirmTags) |
                    (differs(f.probability, -1.0) ? kFirmProbability : 0) |
                    (f.source != kNone ? kFirmSource : 0);
    w.u8(flags);
    if (flags & kFirmName) w.str(f.name);
    w.country(f.country);
    if (flags & kFirmAliases) w.strings(f.aliases);
    if (flags & kFirmTags) w.strings(f.tags);
    if (flags & kFirmProbability) w.f64(f.probability);
    if (flags & kFirmSource) w.var(f.source);
    w.location(f.location);
    w.maybe_flush();
  }
  for (const Item& i : m.items) {
    w.str(i.id);
    uint8_t flags = (i.name != i.id ? kItemName : 0) |
                    (i.origin != m.firms[i.maker].country ? kItemOrigin : 0) |
                    (differs(i.value, -1.0) ? kItemValue : 0) |
                    (i.attributes.empty() ? 0 : kItemAttributes) | (i.source != kNone ? kItemSource : 0) |
                    (i.introduced.empty() ? 0 : kItemIntroduced) |
                    (i.discontinued.empty() ? 0 : kItemDiscontinued);
    w.u8(flags);
    w.u8(static_cast<uint8_t>(i.kind));
    w.var(i.maker);
    if (flags & kItemName) w.str(i.name);
    if (flags & kItemOrigin) w.country(i.origin);
    if (flags & kItemValue) w.f64(i.value);
    if (flags & kItemAttributes) {
      w.var(static_cast<uint32_t>(i.attributes.size()));
      for (const auto& [name, value] : i.attributes) {
        w.str(name);
        w.f64(value);
      }
    }
    if (flags & kItemSource) w.var(i.source);
    if (flags & kItemIntroduced) w.str(i.introduced.str());
    if (flags & kItemDiscontinued) w.str(i.discontinued.str());
    w.var(i.need_count);
    w.location(i.location);
    w.maybe_flush();
  }
  // Everything with an id before needs and options (the reader indexes
  // ids while it decodes those).
  for (const Scenario& s : m.scenarios) {
    w.str(s.id);
    w.str(s.name);
    w.str(s.date.str());
    w.indexes(s.extends);
    w.optional(s.source);
    w.location(s.location);
    w.var(static_cast<uint32_t>(s.actions.size()));
    for (const Action& a : s.actions) write_action(w, a);
  }
  w.var(static_cast<uint32_t>(m.blocs.size()));
  for (const Bloc& b : m.blocs) {
    w.str(b.id);
    w.str(b.name);
    w.countries(b.countries);
    w.location(b.location);
  }
  w.var(static_cast<uint32_t>(m.exercises.size()));
  for (const Exercise& e : m.exercises) {
    w.str(e.id);
    w.str(e.title);
    w.str(e.question);
    w.var(static_cast<uint32_t>(e.kind));
    w.var(e.item);
    w.optional(e.scenario);
    w.str(e.date.str());
    w.indexes(e.blacklist);
    w.indexes(e.suppliers);
    w.f64(e.within);
    w.optional(e.source);
    w.location(e.location);
  }

  w.u64_at(kHeaderSize, w.size() - kHeaderSize);  // where the needs section starts
  for (const Need& n : m.needs) {
    w.str(n.name);
    uint8_t flags = (n.critical ? 0 : kNeedOptional) | (n.role == NeedRole::kMeans ? kNeedMeans : 0) |
                    (differs(n.share, -1.0f) ? kNeedShare : 0) |
                    (differs(n.stock, 0.0f) ? kNeedStock : 0);
    w.u8(flags);
    if (flags & kNeedShare) w.f32(n.share);
    if (flags & kNeedStock) w.f32(n.stock);
    w.var(n.option_count);
    w.location(n.location);
    w.maybe_flush();
  }
  // The options section: fixed-size records from a file offset that is a
  // multiple of kSectionAlign, so the section can be mapped in place.
  w.bytes().append((kSectionAlign - w.size() % kSectionAlign) % kSectionAlign, '\0');
  w.u64_at(kHeaderSize + 8, w.size() - kHeaderSize);  // where the options section starts
  for (const Option& o : m.options) {
    unsigned char record[kOptionBytes];
    pack_option(o, record);
    w.bytes().append(reinterpret_cast<const char*>(record), sizeof record);
    w.maybe_flush();
  }
}

}  // namespace

std::string write_snapshot(const Model& m) {
  Writer w;
  write_payload(m, w);
  std::string& bytes = w.bytes();
  std::string_view payload = std::string_view(bytes).substr(kHeaderSize);
  std::string header = snapshot_header(m, payload.size(), snapshot_checksum(payload));
  bytes.replace(0, kHeaderSize, header);
  return std::move(bytes);
}

// Streams the payload to the temporary file, reads it back mapped for the
// checksum (handing pages back as it goes), then fills in the header: the
// memory it takes is a few MiB whatever the model's size.
std::string save_snapshot(const Model& model, const std::string& path) {
  AtomicFile file(path);
  Writer w(&file);
  write_payload(model, w);
  w.flush();
  if (!file.ok()) return file.error();
  MappedFile written;
  if (std::string why = written.open(file.temp_path()); !why.empty())
    return "cannot read the snapshot back: " + why;
  if (written.size() != w.size()) return "cannot write: the file came out short";
  std::string_view payload = written.text().substr(kHeaderSize);
  uint64_t checksum = checksum_reading(payload, MappedFile::release);
  file.write_at(0, snapshot_header(model, payload.size(), checksum));
  return file.commit();
}

bool is_snapshot(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof kMagic] = {};
  return in.read(magic, sizeof magic) && std::memcmp(magic, kMagic, sizeof kMagic) == 0;
}

namespace {
// read_snapshot(); `mapped`: the bytes are a file mapping no one writes
// to, whose pages the decoders and the checksum may hand back as they go;
// `lender`, when set, keeps that mapping (private and writable) alive, and
// the options section is lent to the model in place.
Result<Model> read_bytes(std::string_view bytes, const std::string& file, bool check_sources,
                         bool mapped, std::shared_ptr<const void> lender = nullptr) {
  auto refuse = [&](std::string why) { return Diagnostics{{file, 0, 0, std::move(why)}}; };
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() < sizeof kMagic || std::memcmp(data, kMagic, sizeof kMagic) != 0)
    return refuse("not a decouple snapshot (compile one with `decouple compile MODEL -o FILE.dcm`)");
  if (bytes.size() < kHeaderSize) return refuse("corrupt snapshot: the header is truncated");
  Reader header(data + sizeof kMagic, kHeaderSize - sizeof kMagic);
  uint32_t format = header.u32();
  uint32_t mark = header.u32();
  uint64_t payload_size = header.u64();
  uint64_t payload_checksum = header.u64();
  for (int k = 0; k < 4; ++k) header.u32();
  uint64_t header_checksum = header.u64();
  if (header_checksum != snapshot_checksum(bytes.substr(0, 48)))
    return refuse("corrupt snapshot: the header checksum does not match");
  if (mark != kByteOrderMark) return refuse("corrupt snapshot: bad byte-order mark");
  if (format != kSnapshotFormat)
    return refuse(fmt::format("stale snapshot: written in snapshot format {}, this decouple "
                              "reads format {} (run `decouple compile` again)",
                              format, kSnapshotFormat));
  if (payload_size != bytes.size() - kHeaderSize)
    return refuse(fmt::format("corrupt snapshot: {} bytes of data, the header says {} (truncated "
                              "or appended to)",
                              bytes.size() - kHeaderSize, payload_size));
  std::string_view payload = bytes.substr(kHeaderSize);
  // Four things at once on a large snapshot: the checksum pass, the needs
  // and the options sections (each at its own offset) and the rest. (The
  // id indexes are built by the first lookups that need them.)
  // Decoding damaged bytes is safe (every read is bounds-checked), so the
  // checksum's verdict may come last; it still decides before anything is
  // returned, and a damaged file is reported as damaged even when the
  // decoder tripped over the damage first.
  Model model;
  std::vector<SourceStamp> stamps;
  std::string corrupt;
  bool checksum_ok = false;
  {
    // A small snapshot decodes in less time than starting the threads
    // takes on a busy machine: its parts run one after another, in this
    // thread, when their results are asked for.
    const std::launch policy =
        payload.size() >= kParallelBytes ? std::launch::async : std::launch::deferred;
    // Declared after `model`, so they join before it goes.
    std::future<void> needs, options;
    TextArena need_names;  // written by the needs' thread only
    // The checksum hands back the pages it has read, but for those of the
    // options section (the last), which may be lent to the model.
    Reader start(data + kHeaderSize, payload.size());
    const uint64_t needs_at = payload.size() >= 16 ? start.u64() : 0;
    const uint64_t options_at = payload.size() >= 16 ? start.u64() : 0;
    const unsigned char* keep_from = data + kHeaderSize + std::min<uint64_t>(options_at, payload.size());
    std::future<uint64_t> checksum = std::async(policy, [payload, mapped, keep_from] {
      return mapped ? checksum_reading(payload,
                                       [keep_from](const unsigned char* from, const unsigned char* to) {
                                         if (from < keep_from) MappedFile::release(from, std::min(to, keep_from));
                                       })
                    : snapshot_checksum(payload);
    });
    try {
      if (needs_at < 16 || needs_at > options_at || options_at > payload.size())
        throw Corrupt("a section starts out of range");
      if ((kHeaderSize + options_at) % kSectionAlign != 0)
        throw Corrupt("the options section is not where records start");
      auto section = [&](uint64_t from, uint64_t to) {
        Reader r(data + kHeaderSize + from, static_cast<size_t>(to - from));
        if (mapped) r.release_as_read();
        return r;
      };
      Reader reader = section(16, needs_at);
      decode(
          reader, stamps, model,
          [&](uint32_t need_count, uint32_t option_count, uint32_t items, uint32_t sources) {
            // By value: these may outlive this block when it throws.
            Reader needs_section = section(needs_at, options_at);
            const unsigned char* options_section = data + kHeaderSize + options_at;
            const size_t options_bytes = static_cast<size_t>(payload.size() - options_at);
            needs = std::async(policy, [&model, &need_names, needs_section, need_count,
                                                    option_count]() mutable {
              decode_needs(needs_section, model.needs, need_names, need_count, option_count);
            });
            options = std::async(policy, [&model, &lender, options_section, options_bytes,
                                          option_count, need_count, items, sources] {
              decode_options(options_section, options_bytes, model.options, option_count,
                             need_count, items, sources, lender);
            });
          });
      needs.get();  // each rethrows its section's Corrupt, if any
      options.get();
      model.text.adopt(std::move(need_names));
      link(model);
    } catch (const Corrupt& e) {
      corrupt = e.what();
    }
    checksum_ok = checksum.get() == payload_checksum;
  }
  if (!checksum_ok)
    return refuse("corrupt snapshot: the checksum does not match (the file was damaged)");
  if (!corrupt.empty()) return refuse(fmt::format("corrupt snapshot: {}", corrupt));
  if (check_sources) {
    for (const SourceStamp& s : stamps) {
      SourceStamp now;
      if (!stamp_of(s.path, now)) continue;
      if (now.size != s.size || now.mtime_ns != s.mtime_ns)
        return refuse(fmt::format("stale snapshot: {} changed since the snapshot was compiled "
                                  "(run `decouple compile` again)",
                                  s.path));
    }
  }
  model.file = file;
  return model;
}
}  // namespace

Result<Model> read_snapshot(std::string_view bytes, const std::string& file, bool check_sources) {
  return read_bytes(bytes, file, check_sources, false);
}

Result<Model> load_snapshot(const std::string& path) {
  // Private and writable: the options lent to the model can be written in
  // place without the file changing.
  auto mapped = std::make_shared<MappedFile>();
  if (std::string why = mapped->open(path, true, true); !why.empty())
    return Diagnostics{{path, 0, 0, fmt::format("cannot open: {}", why)}};
  return read_bytes(mapped->text(), path, true, true, mapped);
}

}  // namespace decouple
