#include "decouple/snapshot.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <unordered_map>
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
// The payload opens with where each section after the main one starts.
enum : int {
  kStringsSection, kBlocksSection, kItemsSection, kNeedsSection, kOptionsSection, kSections
};
// Payloads from this size up decode on several threads (a 10,000-item
// model's is about 0.6 MB, a 100,000-item one's 6 MB).
constexpr size_t kParallelBytes = size_t{1} << 20;

uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// Little-endian loads, as single loads where the machine is little-endian
// (the byte loop these replaced ran the checksum at 2 GB/s, not 6.6).
uint32_t get32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

uint64_t load_le64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// ---- Writing: every value little-endian, byte by byte. ----

// Bytes go to a string; given a file, they are written out every
// kFlushBytes, so a big model's snapshot is never whole in memory (2.4 GB
// at 10^8 option edges, issue #19). Positions count from the first byte
// written, whether it is still in memory or already in the file.
//
// Until the end, the file is written in whole kBlockBytes (2 MiB) blocks at
// offsets that are multiples of it: Linux then keeps the file's bytes in
// the page cache as 2 MiB folios, which a process that maps the snapshot
// maps a block per fault instead of 4 KiB per fault. On a machine where a
// fresh mapping's first touch is dear, that is most of the cost of opening
// (docs/performance.md, session 11: 150 ms to read the 1M snapshot mapped
// once, 15 ms when written this way).
class Writer {
 public:
  Writer() = default;
  explicit Writer(AtomicFile* file) : file_(file) {}

  size_t size() const { return flushed_ + out_.size(); }
  // Between records: writes the whole blocks out once there are enough
  // bytes, keeping the rest (less than a block) for the next write.
  void maybe_flush() {
    if (!file_ || out_.size() < kFlushBytes) return;
    size_t whole = (size() / kBlockBytes) * kBlockBytes - flushed_;
    file_->write(std::string_view(out_).substr(0, whole));
    flushed_ += whole;
    out_.erase(0, whole);
  }
  // Writes out everything (the end of the file).
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
  static constexpr size_t kBlockBytes = size_t{2} << 20;
  static constexpr size_t kFlushBytes = 2 * kBlockBytes;
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

// `items`: how many items the model has (their section is decoded apart).
Action read_action(Reader& r, const Model& m, size_t items) {
  Action action;
  uint8_t kind = r.u8();
  action.source = r.optional_index(m.sources.size());
  action.location = r.location();
  action.from = r.date();
  action.until = r.date();
  const size_t firms = m.firms.size();
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
// (At namespace scope: a function's static would be checked on each of
// millions of calls.)
const int32_t kFirstDay = std::bit_cast<int32_t>(Date::from_days(INT32_MIN));
const int32_t kLastDay = std::bit_cast<int32_t>(Date::from_days(INT32_MAX));
bool valid_date_bits(Date d) {
  const int32_t v = std::bit_cast<int32_t>(d);
  return d.empty() || (v >= kFirstDay && v <= kLastDay);
}

// ---- Items and needs: fixed-size records, read in place too. ----
//
// Format 6 stores items and needs as Item's and Need's own layout (checked
// at compile time as for options), each section at a multiple of
// kSectionAlign. Their strings are in the strings section: entries
// [uint32 length][bytes][NUL][zeros to a multiple of 4], each string once
// (an item whose name is its id, and the few need and attribute names
// repeated a million times, share one entry). A record's Text holds the
// distance from itself to its string's first byte (text.h), which is the
// same in the file as wherever the file is mapped; an item's attributes
// are a block after the strings ([uint32 count][uint32 0][Text, double] x
// count) that the record's CompactVector points at the same way. Opened
// from a file on a machine with these layouts, the sections are lent to
// the model as they lie; elsewhere, or from bytes in memory, each record is
// unpacked into a copy whose strings go into the model's arena. Either way
// every record is checked first: every Text must land on the first byte of
// a string the strings section holds (a bitmap of those, from one walk
// over the section that also checks each string's UTF-8), every index in
// range, enumerations and booleans known, dates valid.

constexpr size_t kItemBytes = 72, kNeedBytes = 40;
enum : size_t {
  kItemAtId = 0, kItemAtName = 8, kItemAtMaker = 16, kItemAtKind = 20, kItemAtOrigin = 21,
  kItemAtValue = 24, kItemAtAttributes = 32, kItemAtSource = 40, kItemAtFirstNeed = 44,
  kItemAtNeedCount = 48, kItemAtLine = 52, kItemAtColumn = 56, kItemAtIntroduced = 60,
  kItemAtDiscontinued = 64,
};
enum : size_t {
  kNeedAtName = 0, kNeedAtItem = 8, kNeedAtShare = 12, kNeedAtFirstOption = 16,
  kNeedAtOptionCount = 20, kNeedAtLine = 24, kNeedAtColumn = 28, kNeedAtStock = 32,
  kNeedAtCritical = 36, kNeedAtRole = 37,
};
using Attributes = CompactVector<std::pair<Text, double>>;
constexpr size_t kAttributeBytes = 16;  // a Text and a double

// What decoding checked, on records read in place or unpacked: indexes in
// range, a known status, valid dates, and each option inside the range of
// options of the need it names (the needs section's bytes, `needs`, whose
// records the needs' own check reads alongside; with that check's tiling,
// every need's options point back at it).
void check_options(const Records<Option>& options, const unsigned char* needs, uint32_t need_count,
                   uint32_t items, uint32_t sources) {
  for (OptionIndex k = 0; k < options.size(); ++k) {
    const Option& o = options[k];
    if (o.need >= need_count || o.item >= items) throw Corrupt("an option's need or item is out of range");
    if (static_cast<uint8_t>(o.status) > static_cast<uint8_t>(OptionStatus::kAlternative))
      throw Corrupt("an option has an unknown status");
    if (o.source != kNone && o.source >= sources) throw Corrupt("an option's source is out of range");
    if (!valid_date_bits(o.as_of) || !valid_date_bits(o.from) || !valid_date_bits(o.until))
      throw Corrupt("an option has an invalid date");
    const unsigned char* need = needs + uint64_t{o.need} * kNeedBytes;
    if (k - get32(need + kNeedAtFirstOption) >= get32(need + kNeedAtOptionCount))
      throw Corrupt("an option does not point back at its need");
  }
}

constexpr bool item_layout_native() {
  return std::endian::native == std::endian::little && sizeof(Item) == kItemBytes &&
         sizeof(Text) == 8 && sizeof(Country) == 2 && sizeof(Attributes) == 8 &&
         sizeof(std::pair<Text, double>) == kAttributeBytes &&
         offsetof(Item, id) == kItemAtId && offsetof(Item, name) == kItemAtName &&
         offsetof(Item, maker) == kItemAtMaker && offsetof(Item, kind) == kItemAtKind &&
         offsetof(Item, origin) == kItemAtOrigin && offsetof(Item, value) == kItemAtValue &&
         offsetof(Item, attributes) == kItemAtAttributes && offsetof(Item, source) == kItemAtSource &&
         offsetof(Item, first_need) == kItemAtFirstNeed &&
         offsetof(Item, need_count) == kItemAtNeedCount && offsetof(Item, location) == kItemAtLine &&
         offsetof(Item, introduced) == kItemAtIntroduced &&
         offsetof(Item, discontinued) == kItemAtDiscontinued;
}
constexpr bool need_layout_native() {
  return std::endian::native == std::endian::little && sizeof(Need) == kNeedBytes &&
         sizeof(bool) == 1 && offsetof(Need, name) == kNeedAtName &&
         offsetof(Need, item) == kNeedAtItem && offsetof(Need, share) == kNeedAtShare &&
         offsetof(Need, first_option) == kNeedAtFirstOption &&
         offsetof(Need, option_count) == kNeedAtOptionCount && offsetof(Need, location) == kNeedAtLine &&
         offsetof(Need, stock) == kNeedAtStock && offsetof(Need, critical) == kNeedAtCritical &&
         offsetof(Need, role) == kNeedAtRole;
}

void put64(unsigned char* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

// What a Text stored at payload position `at` holds for a string whose
// bytes start at `bytes` (0: the empty string).
uint64_t text_bits(uint64_t at, uint64_t bytes) {
  return bytes == 0 ? 0 : static_cast<uint64_t>(Text::stored_offset(at, bytes));
}

// Payload positions of an item's strings and attribute block (0: none).
struct ItemStrings {
  uint64_t id = 0, name = 0, attributes = 0;
};

void pack_item(const Item& i, uint64_t at, const ItemStrings& strings, unsigned char* p) {
  std::memset(p, 0, kItemBytes);
  put64(p + kItemAtId, text_bits(at + kItemAtId, strings.id));
  put64(p + kItemAtName, text_bits(at + kItemAtName, strings.name));
  put32(p + kItemAtMaker, i.maker);
  p[kItemAtKind] = static_cast<uint8_t>(i.kind);
  std::string_view origin = i.origin.view();
  if (!origin.empty()) std::memcpy(p + kItemAtOrigin, origin.data(), 2);
  put64(p + kItemAtValue, std::bit_cast<uint64_t>(i.value));
  if (strings.attributes)
    put64(p + kItemAtAttributes, Attributes::lent_bits(at + kItemAtAttributes, strings.attributes));
  put32(p + kItemAtSource, i.source);
  put32(p + kItemAtFirstNeed, i.first_need);
  put32(p + kItemAtNeedCount, i.need_count);
  put32(p + kItemAtLine, i.location.line);
  put32(p + kItemAtColumn, i.location.column);
  put32(p + kItemAtIntroduced, std::bit_cast<uint32_t>(i.introduced));
  put32(p + kItemAtDiscontinued, std::bit_cast<uint32_t>(i.discontinued));
}

void pack_need(const Need& n, uint64_t at, uint64_t name, unsigned char* p) {
  std::memset(p, 0, kNeedBytes);
  put64(p + kNeedAtName, text_bits(at + kNeedAtName, name));
  put32(p + kNeedAtItem, n.item);
  put32(p + kNeedAtShare, std::bit_cast<uint32_t>(n.share));
  put32(p + kNeedAtFirstOption, n.first_option);
  put32(p + kNeedAtOptionCount, n.option_count);
  put32(p + kNeedAtLine, n.location.line);
  put32(p + kNeedAtColumn, n.location.column);
  put32(p + kNeedAtStock, std::bit_cast<uint32_t>(n.stock));
  p[kNeedAtCritical] = n.critical ? 1 : 0;
  p[kNeedAtRole] = static_cast<uint8_t>(n.role);
}

// The strings section of a payload, checked once; then tells whether a
// stored Text lands on a string's first byte.
class Strings {
 public:
  // Walks [from, to) of `payload`, which must be whole entries.
  Strings(const unsigned char* payload, uint64_t from, uint64_t to)
      : payload_(payload), from_(from), to_(to), starts_((to - from) / 4 / 64 + 1, 0) {
    if (from % 4 != 0) throw Corrupt("the strings section is not aligned");
    uint64_t at = from;
    while (at < to) {
      // The zeros that align the attribute blocks after the last string.
      if (to - at < 8 && std::all_of(payload + at, payload + to, [](unsigned char b) { return b == 0; }))
        break;
      if (to - at < 5) throw Corrupt("a string runs past its section");
      const uint32_t n = get32(payload + at);
      if (n > to - at - 5) throw Corrupt("a string runs past its section");
      const auto* bytes = reinterpret_cast<const char*>(payload + at + 4);
      if (bytes[n] != '\0') throw Corrupt("a string is not terminated");
      if (!is_utf8(std::string_view(bytes, n))) throw Corrupt("a text is not valid UTF-8");
      const uint64_t start = at + 4;
      starts_[(start - from) / 4 / 64] |= uint64_t{1} << ((start - from) / 4 % 64);
      at = (start + n + 1 + 3) & ~uint64_t{3};
    }
  }

  // The position of the string a Text stored at `at` holding `bits`
  // reads (0: empty); Corrupt unless it is a string's first byte.
  uint64_t text(uint64_t at, uint64_t bits) const {
    if (bits == 0) return 0;
    const uint64_t start = at + bits;  // (modulo 2^64, as the Text computes it)
    const uint64_t k = (start - from_) / 4;
    if (start < from_ + 4 || start >= to_ || (start - from_) % 4 != 0 ||
        !(starts_[k / 64] >> (k % 64) & 1))
      throw Corrupt("a text points outside the strings");
    return start;
  }
  std::string_view view(uint64_t start) const {
    if (start == 0) return {};
    return {reinterpret_cast<const char*>(payload_ + start), get32(payload_ + start - 4)};
  }

 private:
  const unsigned char* payload_;
  uint64_t from_, to_;
  std::vector<uint64_t> starts_;  // a bit per 4 bytes: a string's first byte
};

// What every item record must hold, checked in place; the positions of its
// strings and attribute block for the unpacker. `next_need` walks the
// needs, which the items' ranges must tile.
struct ItemCheck {
  const unsigned char* payload;
  const Strings& strings;
  uint64_t blocks_from, blocks_to;
  size_t firms, sources, needs;
  NeedIndex next_need = 0;

  ItemStrings check(uint64_t at) {
    const unsigned char* p = payload + at;
    ItemStrings found;
    found.id = strings.text(at + kItemAtId, load_le64(p + kItemAtId));
    found.name = strings.text(at + kItemAtName, load_le64(p + kItemAtName));
    if (get32(p + kItemAtMaker) >= firms) throw Corrupt("an item's maker is out of range");
    if (p[kItemAtKind] > static_cast<uint8_t>(ItemKind::kIp)) throw Corrupt("an enumeration is out of range");
    if ((p[kItemAtOrigin] || p[kItemAtOrigin + 1]) &&
        !Country::parse(std::string_view(reinterpret_cast<const char*>(p + kItemAtOrigin), 2)))
      throw Corrupt("bad country code");
    if (uint64_t bits = load_le64(p + kItemAtAttributes); bits != 0)
      found.attributes = check_attributes(at + kItemAtAttributes, bits);
    const uint32_t source = get32(p + kItemAtSource);
    if (source != kNone && source >= sources) throw Corrupt("an index is out of range");
    const uint32_t first = get32(p + kItemAtFirstNeed), count = get32(p + kItemAtNeedCount);
    if (first != next_need || count > needs - next_need) throw Corrupt("more needs than the model has");
    next_need += count;
    if (!valid_date_bits(std::bit_cast<Date>(get32(p + kItemAtIntroduced))) ||
        !valid_date_bits(std::bit_cast<Date>(get32(p + kItemAtDiscontinued))))
      throw Corrupt("a date is not YYYY-MM-DD");
    return found;
  }

  void finish() const {
    if (next_need != needs) throw Corrupt("needs belong to no item");
  }

  // A block of at least one attribute, in the block area, names sorted
  // and distinct (Item::attribute searches them).
  uint64_t check_attributes(uint64_t at, uint64_t bits) {
    uint64_t block;
    if (!Attributes::lent_block(bits, at, block) || block < blocks_from || block % 8 != 0 ||
        block > blocks_to || blocks_to - block < Attributes::kBlockHeader)
      throw Corrupt("an item's attributes lie outside their section");
    const uint32_t count = get32(payload + block);
    if (count == 0 || (blocks_to - block - Attributes::kBlockHeader) / kAttributeBytes < count)
      throw Corrupt("an item's attributes lie outside their section");
    std::string_view last;
    for (uint32_t k = 0; k < count; ++k) {
      const uint64_t field = block + Attributes::kBlockHeader + k * kAttributeBytes;
      std::string_view name = strings.view(strings.text(field, load_le64(payload + field)));
      if (name.empty() || (k > 0 && name <= last)) throw Corrupt("an item's attributes are not sorted");
      last = name;
    }
    return block;
  }
};

// What every need record must hold; `next_option` walks the options, which
// the needs' ranges must tile.
struct NeedCheck {
  const unsigned char* payload;
  const Strings& strings;
  uint64_t items_from;  // the items section, whose records the items' check reads alongside
  size_t items, options;
  OptionIndex next_option = 0;
  NeedIndex need = 0;

  uint64_t check(uint64_t at) {
    const unsigned char* p = payload + at;
    const uint64_t name = strings.text(at + kNeedAtName, load_le64(p + kNeedAtName));
    const uint32_t item = get32(p + kNeedAtItem);
    if (item >= items) throw Corrupt("a need's item is out of range");
    // Inside its item's range of needs: with the items' tiling, every
    // item's needs point back at it.
    const unsigned char* owner = payload + items_from + uint64_t{item} * kItemBytes;
    if (need++ - get32(owner + kItemAtFirstNeed) >= get32(owner + kItemAtNeedCount))
      throw Corrupt("a need does not point back at its item");
    const uint32_t first = get32(p + kNeedAtFirstOption), count = get32(p + kNeedAtOptionCount);
    if (first != next_option || count == 0 || count > options - next_option)
      throw Corrupt("a need has no options, or more than the model has");
    next_option += count;
    if (p[kNeedAtCritical] > 1 || p[kNeedAtRole] > static_cast<uint8_t>(NeedRole::kMeans))
      throw Corrupt("an enumeration is out of range");
    return name;
  }
  void finish() const {
    if (next_option != options) throw Corrupt("options belong to no need");
  }
};

// A section of `count` records of `bytes` bytes from `from` (the section,
// padding included, runs to `to`): every record checked (check.check(at)),
// then the whole (check.finish()), then the section lent to `records` (from
// a file, `native` layout) or each record unpacked into a copy by
// unpack(at, what check.check returned, record).
template <typename T, typename Check, typename Unpack>
void read_records(const unsigned char* payload, uint64_t from, uint64_t to, size_t bytes,
                  uint32_t count, bool native, Check& check, Records<T>& records,
                  const std::shared_ptr<const void>& lender, const char* section, const Unpack& unpack) {
  if (to - from < uint64_t{count} * bytes || to - from - uint64_t{count} * bytes >= kSectionAlign)
    throw Corrupt(fmt::format("the {} section has the wrong size", section));
  if (native && lender) {
    for (uint32_t k = 0; k < count; ++k) check.check(from + uint64_t{k} * bytes);
    check.finish();
    records.lend(reinterpret_cast<T*>(const_cast<unsigned char*>(payload + from)), count, lender);
    return;
  }
  std::vector<T> unpacked(count);
  for (uint32_t k = 0; k < count; ++k) {
    const uint64_t at = from + uint64_t{k} * bytes;
    unpack(at, check.check(at), unpacked[k]);
  }
  check.finish();
  records = Records<T>(std::move(unpacked));
}

// The items section; the unpacked ones' strings go into `text`.
void decode_items(const unsigned char* payload, uint64_t from, uint64_t to, ItemCheck check,
                  uint32_t count, Records<Item>& items, TextArena& text,
                  const std::shared_ptr<const void>& lender) {
  const Strings& strings = check.strings;
  read_records(payload, from, to, kItemBytes, count, item_layout_native(), check, items, lender, "items",
               [&](uint64_t at, const ItemStrings& found, Item& i) {
    const unsigned char* p = payload + at;
    i.id = text.add(strings.view(found.id));
    i.name = found.name == found.id ? i.id : text.add(strings.view(found.name));
    i.maker = get32(p + kItemAtMaker);
    i.kind = static_cast<ItemKind>(p[kItemAtKind]);
    if (p[kItemAtOrigin])
      i.origin = *Country::parse(std::string_view(reinterpret_cast<const char*>(p + kItemAtOrigin), 2));
    i.value = std::bit_cast<double>(load_le64(p + kItemAtValue));
    if (found.attributes) {
      i.attributes.resize(get32(payload + found.attributes));
      for (size_t a = 0; a < i.attributes.size(); ++a) {
        const uint64_t field = found.attributes + Attributes::kBlockHeader + a * kAttributeBytes;
        i.attributes[a] = {text.intern(strings.view(strings.text(field, load_le64(payload + field)))),
                           std::bit_cast<double>(load_le64(payload + field + 8))};
      }
    }
    i.source = get32(p + kItemAtSource);
    i.first_need = get32(p + kItemAtFirstNeed);
    i.need_count = get32(p + kItemAtNeedCount);
    i.location = {get32(p + kItemAtLine), get32(p + kItemAtColumn)};
    i.introduced = std::bit_cast<Date>(get32(p + kItemAtIntroduced));
    i.discontinued = std::bit_cast<Date>(get32(p + kItemAtDiscontinued));
  });
}

// The needs section; the unpacked ones' names are interned into `text`.
void decode_needs(const unsigned char* payload, uint64_t from, uint64_t to, NeedCheck check,
                  uint32_t count, Records<Need>& needs, TextArena& text,
                  const std::shared_ptr<const void>& lender) {
  read_records(payload, from, to, kNeedBytes, count, need_layout_native(), check, needs, lender, "needs",
               [&](uint64_t at, uint64_t name, Need& n) {
    const unsigned char* p = payload + at;
    n.name = text.intern(check.strings.view(name));
    n.item = get32(p + kNeedAtItem);
    n.share = std::bit_cast<float>(get32(p + kNeedAtShare));
    n.first_option = get32(p + kNeedAtFirstOption);
    n.option_count = get32(p + kNeedAtOptionCount);
    n.location = {get32(p + kNeedAtLine), get32(p + kNeedAtColumn)};
    n.stock = std::bit_cast<float>(get32(p + kNeedAtStock));
    n.critical = p[kNeedAtCritical] != 0;
    n.role = static_cast<NeedRole>(p[kNeedAtRole]);
  });
}

template <typename T>
bool differs(T value, T fallback) {
  return std::bit_cast<std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>(value) !=
         std::bit_cast<std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>(fallback);
}

// Decodes the payload's main section (everything but the strings, items,
// needs and options sections) into `m`. `on_counts(items, needs, options,
// sources)` runs as soon as the counts are known, so the other sections
// (each at its own offset) can be checked alongside.
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
  // Counts first, so references can be checked as they are read. The
  // items, needs and options sections bound their own counts.
  m.firms.resize(r.count(4));
  const uint32_t items = r.var(), need_count = r.var(), option_count = r.var();
  on_counts(items, need_count, option_count, static_cast<uint32_t>(m.sources.size()));
  m.scenarios.resize(r.count(4));
  const size_t sources = m.sources.size();
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
  const size_t scenarios = m.scenarios.size();
  for (Scenario& s : m.scenarios) {
    s.id = r.str();
    s.name = r.str();
    s.date = r.date();
    s.extends = r.indexes(scenarios);
    s.source = r.optional_index(sources);
    s.location = r.location();
    s.actions.resize(r.count(4));
    for (Action& a : s.actions) a = read_action(r, m, items);
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
    e.item = r.index(items);
    e.scenario = r.optional_index(scenarios);
    e.date = r.date();
    e.blacklist = r.indexes(m.firms.size());
    e.suppliers = r.indexes(m.firms.size());
    e.within = r.f64();
    e.source = r.optional_index(m.sources.size());
    e.location = r.location();
  }
  if (!r.done_but_padding()) throw Corrupt("unexpected bytes after the model");
}

// The options section, on its own (it has its own offset, so it is
// checked while decode() works through the rest): lent in place when
// `lender` keeps the bytes alive and the layout is native, else unpacked.
// `needs` is the needs section ([needs, needs + needs_bytes)), read for
// the options' back-pointers.
void decode_options(const unsigned char* section, size_t bytes, Records<Option>& options,
                    uint32_t count, const unsigned char* needs, uint64_t needs_bytes,
                    uint32_t need_count, uint32_t items, uint32_t sources,
                    const std::shared_ptr<const void>& lender) {
  if (bytes != uint64_t{count} * kOptionBytes) throw Corrupt("the options section has the wrong size");
  if (needs_bytes < uint64_t{need_count} * kNeedBytes) throw Corrupt("the needs section has the wrong size");
  if constexpr (option_layout_native()) {
    if (lender) {
      // The bytes are a private writable mapping: the model may write an
      // option in place; the file never changes.
      options.lend(reinterpret_cast<Option*>(const_cast<unsigned char*>(section)), count, lender);
      check_options(options, needs, need_count, items, sources);
      return;
    }
  }
  std::vector<Option> unpacked(count);
  for (uint32_t k = 0; k < count; ++k) unpacked[k] = unpack_option(section + size_t{k} * kOptionBytes);
  options = Records<Option>(std::move(unpacked));
  check_options(options, needs, need_count, items, sources);
}

}  // namespace

namespace {
// snapshot_checksum(), calling after_read(from, to) each time another
// kReleaseBytes have been read, so a caller reading a mapped file can
// release them.
//
// Eight 64-bit lanes, held as four pairs, over 64-byte stripes: each 8-byte
// word w adds to its lane the product of the two 32-bit halves of w ^ key
// (a multiplication SSE2 does for two lanes at once) and adds itself to the
// other lane of its pair (so a word whose product is zero still counts);
// every 16 stripes (1 KiB) each lane is scrambled. This is the shape of
// XXH3's long-input loop, written with the vector types GCC and Clang share
// (the only compilers this project builds with). On the 1M snapshot it ran
// 1.2-1.4 times as fast as the four-lane multiply-rotate of formats 1-6
// (11.5 against 8.5 GB/s on one quiet run), which had become a third of
// the CPU time of opening it.
template <typename AfterRead>
uint64_t checksum_reading(std::string_view bytes, const AfterRead& after_read) {
  using Pair = uint64_t __attribute__((vector_size(16)));
  constexpr uint64_t kP1 = 0x9e3779b185ebca87ull, kP2 = 0xc2b2ae3d27d4eb4full;
  constexpr uint64_t kP3 = 0x165667b19e3779f9ull, kP32 = 0x9e3779b1ull;
  const Pair key[4] = {{0xbe4ba423396cfeb8ull, 0x1cad21f72c81017cull},
                       {0xdb979083e96dd4deull, 0x1f67b3b7a4a44072ull},
                       {0x78e5c0cc4ee679cbull, 0x2172ffcc7dd05a82ull},
                       {0x8e2443f7744608b8ull, 0x4c263a81e69035e0ull}};
  Pair acc[4] = {{kP2, kP1}, {kP3, 0xd6e8feb86659fd93ull}, {kP32, 0x85ebca77ull},
                 {0xc2b2ae3dull, 0x27d4eb2full}};
  auto load = [](const unsigned char* at) {
    if constexpr (std::endian::native == std::endian::little) {
      Pair v;
      std::memcpy(&v, at, sizeof v);
      return v;
    } else {
      return Pair{load_le64(at), load_le64(at + 8)};
    }
  };
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size();
  const unsigned char* kept = p;
  while (n >= 1024) {
    if (static_cast<size_t>(p - kept) >= kReleaseBytes) {
      after_read(kept, p);
      kept = p;
    }
    for (int stripe = 0; stripe < 16; ++stripe) {
      for (int k = 0; k < 4; ++k) {
        const Pair word = load(p + 16 * k);
        const Pair keyed = word ^ key[k];
        acc[k] += __builtin_shufflevector(word, word, 1, 0);
        acc[k] += (keyed & 0xffffffffull) * (keyed >> 32);
      }
      p += 64;
    }
    for (int k = 0; k < 4; ++k) acc[k] = (acc[k] ^ (acc[k] >> 47) ^ key[k]) * kP32;
    n -= 1024;
  }
  uint64_t h = bytes.size() * kP1;
  for (int k = 0; k < 4; ++k)
    for (int lane = 0; lane < 2; ++lane) h = rotl(h ^ (acc[k][lane] * kP2), 27) * kP1;
  while (n >= 8) {
    h = rotl(h ^ (rotl(load_le64(p) * kP2, 31) * kP1), 27) * kP1 + kP3;
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

// The sections after the main one: strings, attribute blocks, items, needs,
// options (see "Items and needs" above), each start recorded in the
// payload's first bytes.
void write_records(const Model& m, Writer& w) {
  auto here = [&] { return static_cast<uint64_t>(w.size() - kHeaderSize); };
  auto start = [&](int section, size_t align) {
    w.bytes().append((align - w.size() % align) % align, '\0');
    w.u64_at(kHeaderSize + 8 * section, here());
  };
  // Strings: each once. Texts with the same bytes in the model (an item
  // named by its id, interned need and attribute names) share an entry.
  start(kStringsSection, 4);
  std::unordered_map<const char*, uint64_t> written;
  auto put = [&](const Text& t) -> uint64_t {
    if (t.empty()) return 0;
    auto [it, added] = written.try_emplace(t.data(), 0);
    if (!added) return it->second;
    w.u32(static_cast<uint32_t>(t.size()));
    it->second = here();
    w.bytes().append(t.view());
    w.bytes().append(4 - t.size() % 4, '\0');  // the NUL, then zeros to 4
    w.maybe_flush();
    return it->second;
  };
  std::vector<ItemStrings> item_strings(m.items.size());
  for (size_t k = 0; k < m.items.size(); ++k) {
    const Item& i = m.items[k];
    item_strings[k].id = put(i.id);
    item_strings[k].name = i.name == i.id ? item_strings[k].id : put(i.name);
    for (const auto& attribute : i.attributes) put(attribute.first);
  }
  std::vector<uint64_t> need_names(m.needs.size());
  for (size_t k = 0; k < m.needs.size(); ++k) need_names[k] = put(m.needs[k].name);
  // Attribute blocks.
  start(kBlocksSection, 8);
  for (size_t k = 0; k < m.items.size(); ++k) {
    const Item& i = m.items[k];
    if (i.attributes.empty()) continue;
    item_strings[k].attributes = here();
    w.u32(static_cast<uint32_t>(i.attributes.size()));
    w.u32(0);
    for (const auto& [name, value] : i.attributes) {
      w.u64(text_bits(here(), written.at(name.data())));
      w.f64(value);
    }
    w.maybe_flush();
  }
  // Each section of records: `count` records of `Bytes` bytes, the k-th
  // packed by pack(k, its position, its bytes).
  auto records = [&]<size_t Bytes>(int section, size_t count, const auto& pack) {
    start(section, kSectionAlign);
    for (size_t k = 0; k < count; ++k) {
      unsigned char record[Bytes];
      pack(k, here(), record);
      w.bytes().append(reinterpret_cast<const char*>(record), Bytes);
      w.maybe_flush();
    }
  };
  records.operator()<kItemBytes>(kItemsSection, m.items.size(), [&](size_t k, uint64_t at, unsigned char* p) {
    pack_item(m.items[k], at, item_strings[k], p);
  });
  records.operator()<kNeedBytes>(kNeedsSection, m.needs.size(), [&](size_t k, uint64_t at, unsigned char* p) {
    pack_need(m.needs[k], at, need_names[k], p);
  });
  records.operator()<kOptionBytes>(kOptionsSection, m.options.size(),
                                   [&](size_t k, uint64_t, unsigned char* p) { pack_option(m.options[k], p); });
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
  // Where the sections start (from the payload's first byte): filled in
  // below, in kSection order.
  for (int k = 0; k < kSections; ++k) w.u64(0);
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

  write_records(m, w);
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
  // On a large snapshot, several threads: the checksum pass, the strings
  // walk, the options check (from when the counts are known) and the main
  // section in this thread; then the items and the needs checks, each on
  // its own thread. (The id indexes are built by the first lookups that
  // need them.)
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
    const unsigned char* base = data + kHeaderSize;
    // The sections' starts, in kSection order.
    uint64_t at[kSections] = {};
    if (payload.size() >= 8 * kSections) {
      Reader starts(base, payload.size());
      for (uint64_t& a : at) a = starts.u64();
    }
    // The checksum hands back the pages it has read, but for those from
    // the strings section on, which may be lent to the model.
    const unsigned char* keep_from = base + std::min<uint64_t>(at[kStringsSection], payload.size());
    std::future<uint64_t> checksum = std::async(policy, [payload, mapped, keep_from] {
      return mapped ? checksum_reading(payload,
                                       [keep_from](const unsigned char* from, const unsigned char* to) {
                                         if (from < keep_from) MappedFile::release(from, std::min(to, keep_from));
                                       })
                    : snapshot_checksum(payload);
    });
    // Declared after `model`, so they join before it goes; `strings`
    // before the futures that read it.
    std::unique_ptr<Strings> strings;
    std::future<void> items, options;
    std::future<std::unique_ptr<Strings>> walk;
    TextArena item_text, need_text;  // each written by one thread
    try {
      uint64_t previous = 8 * kSections;
      for (uint64_t a : at) {
        if (a < previous || a > payload.size()) throw Corrupt("a section starts out of range");
        previous = a;
      }
      for (int k : {kItemsSection, kNeedsSection, kOptionsSection})
        if ((kHeaderSize + at[k]) % kSectionAlign != 0)
          throw Corrupt("a section of records is not where records start");
      walk = std::async(policy, [base, &at] {
        return std::make_unique<Strings>(base, at[kStringsSection], at[kBlocksSection]);
      });
      Reader reader(base + 8 * kSections, static_cast<size_t>(at[kStringsSection] - 8 * kSections));
      if (mapped) reader.release_as_read();
      uint32_t item_count = 0, need_count = 0, option_count = 0, sources = 0;
      decode(reader, stamps, model,
             [&](uint32_t items_n, uint32_t needs_n, uint32_t options_n, uint32_t sources_n) {
               item_count = items_n;
               need_count = needs_n;
               option_count = options_n;
               sources = sources_n;
               const unsigned char* options_section = base + at[kOptionsSection];
               const size_t options_bytes = static_cast<size_t>(payload.size() - at[kOptionsSection]);
               const unsigned char* needs_section = base + at[kNeedsSection];
               const uint64_t needs_bytes = at[kOptionsSection] - at[kNeedsSection];
               options = std::async(policy, [&model, &lender, options_section, options_bytes, options_n,
                                             needs_section, needs_bytes, needs_n, items_n, sources_n] {
                 decode_options(options_section, options_bytes, model.options, options_n, needs_section,
                                needs_bytes, needs_n, items_n, sources_n, lender);
               });
             });
      strings = walk.get();
      const size_t firms = model.firms.size();
      items = std::async(policy, [&, firms] {
        decode_items(base, at[kItemsSection], at[kNeedsSection],
                     ItemCheck{base, *strings, at[kBlocksSection], at[kItemsSection], firms, sources,
                               need_count},
                     item_count, model.items, item_text, lender);
      });
      // The needs' check reads the items' ranges (their back-pointers) while
      // the items' own check runs: their section must hold them.
      if (at[kNeedsSection] - at[kItemsSection] < uint64_t{item_count} * kItemBytes)
        throw Corrupt("the items section has the wrong size");
      // A damaged item range trips the needs' back-pointer check too; the
      // items' own verdict, which names the field, is reported first.
      std::exception_ptr needs_failed;
      try {
        decode_needs(base, at[kNeedsSection], at[kOptionsSection],
                     NeedCheck{base, *strings, at[kItemsSection], item_count, option_count}, need_count,
                     model.needs, need_text, lender);
      } catch (const Corrupt&) {
        needs_failed = std::current_exception();
      }
      items.get();  // each rethrows its section's Corrupt, if any
      if (needs_failed) std::rethrow_exception(needs_failed);
      options.get();
      model.text.adopt(std::move(item_text));
      model.text.adopt(std::move(need_text));
      if (lender && model.items.lent()) model.text.keep(lender);
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
