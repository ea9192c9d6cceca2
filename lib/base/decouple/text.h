// Text: the model's strings (ids, names, need names), each stored once in a
// TextArena and referenced by an 8-byte handle.
//
// A million-item model holds about three million such strings. As
// std::string each cost 32 bytes in its record (plus a heap block when
// longer than 15 bytes); as Text it costs 8 in the record and its bytes
// once in the arena, and an item whose name is its id shares them (issue
// #19, docs/performance.md "Memory").
//
// Contract:
//  - A Text is immutable and copies as a value. It reads as a
//    std::string_view (implicit conversion), compares and orders as its
//    bytes, and prints through fmt and ostreams.
//  - A Text is position-independent: it holds the distance from itself
//    to its bytes, and copying re-points it. So records holding Texts can
//    be read in place from a mapped file that holds their bytes too,
//    wherever the file lands in memory (snapshot.h); moving such bytes
//    with memcpy moves the Texts with them only when their bytes move
//    along (records and strings of one file).
//  - A Text is valid as long as the arena that made it, or any arena
//    copied from that one, is alive: a Model owns its arena, so a record's
//    Text lives as long as the model (copying a Model shares the bytes).
//    A Text taken out of a model that is then destroyed dangles, as a
//    string_view would.
//  - The default Text is empty. data() is never null and the bytes are
//    followed by a NUL, so c_str() is safe for C APIs.
//
// TextArena::add copies bytes in; intern() also returns the same Text for
// equal bytes (for the few distinct need names repeated a million times).
// Neither is thread-safe for concurrent writes to one arena; reading Texts
// is safe from any thread.
#ifndef DECOUPLE_TEXT_H_
#define DECOUPLE_TEXT_H_

#include <fmt/core.h>

#include <compare>
#include <cstdint>
#include <cstring>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/id_index.h"

namespace decouple {

class Text {
 public:
  Text() = default;
  Text(const Text& other) noexcept : offset_(other.offset_ ? other.address() - here() : 0) {}
  Text& operator=(const Text& other) noexcept {
    offset_ = other.offset_ ? other.address() - here() : 0;
    return *this;
  }

  // What a Text stored at `at` holding bytes at `bytes` (the first byte,
  // after the length) keeps: for writers of files read in place. 0: empty.
  static int64_t stored_offset(uint64_t at, uint64_t bytes) {
    return static_cast<int64_t>(bytes - at);
  }

  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }  // NOLINT: reads as a view
  // Implicit, as the std::string fields Text replaced were: code that
  // copies an id into a row of strings still reads as it did.
  operator std::string() const { return str(); }  // NOLINT
  std::string str() const { return std::string(view()); }
  const char* data() const { return offset_ ? bytes() : ""; }
  const char* c_str() const { return data(); }
  size_t size() const {
    if (!offset_) return 0;
    uint32_t n;
    std::memcpy(&n, bytes() - sizeof n, sizeof n);
    return n;
  }
  bool empty() const { return size() == 0; }
  // The string_view reading operations code uses on ids and names.
  char operator[](size_t i) const { return data()[i]; }
  const char* begin() const { return data(); }
  const char* end() const { return data() + size(); }
  bool starts_with(std::string_view prefix) const { return view().starts_with(prefix); }
  bool ends_with(std::string_view suffix) const { return view().ends_with(suffix); }
  std::string_view substr(size_t at, size_t n = std::string_view::npos) const {
    return view().substr(at, n);
  }
  size_t find(std::string_view s, size_t at = 0) const { return view().find(s, at); }
  size_t find(char c, size_t at = 0) const { return view().find(c, at); }
  // Same bytes in the same place: equal without reading them.
  bool same(const Text& other) const { return data() == other.data(); }

  friend bool operator==(const Text& a, const Text& b) { return a.same(b) || a.view() == b.view(); }
  friend bool operator==(const Text& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const Text& a, const char* b) { return a.view() == b; }
  friend bool operator==(const Text& a, const std::string& b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const Text& a, const Text& b) {
    return a.view() <=> b.view();
  }
  friend std::strong_ordering operator<=>(const Text& a, std::string_view b) {
    return a.view() <=> b;
  }
  friend std::strong_ordering operator<=>(const Text& a, const char* b) {
    return a.view() <=> std::string_view(b);
  }
  friend std::strong_ordering operator<=>(const Text& a, const std::string& b) {
    return a.view() <=> std::string_view(b);
  }
  friend std::ostream& operator<<(std::ostream& out, const Text& text) {
    return out << text.view();
  }
  friend std::string operator+(std::string a, const Text& b) { return a.append(b.view()); }
  friend std::string operator+(const Text& a, std::string_view b) {
    std::string s(a.view());
    return s.append(b);
  }
  friend std::string operator+(const char* a, const Text& b) { return std::string(a).append(b.view()); }

 private:
  friend class TextArena;
  explicit Text(const char* bytes) : offset_(reinterpret_cast<intptr_t>(bytes) - here()) {}
  intptr_t here() const { return reinterpret_cast<intptr_t>(this); }
  intptr_t address() const { return here() + offset_; }
  const char* bytes() const { return reinterpret_cast<const char*>(address()); }
  // From this Text to the first byte; the length is the uint32 just
  // before it, a NUL just after the last. 0: empty (bytes never lie where
  // the Text itself does).
  intptr_t offset_ = 0;
};
static_assert(sizeof(Text) == 8);

class TextArena {
 public:
  TextArena() = default;
  // A copy shares the other's bytes (kept alive by shared ownership) and
  // writes its own new bytes elsewhere, so the two never write to one
  // block and need no lock.
  TextArena(const TextArena& other);
  TextArena& operator=(const TextArena& other);
  TextArena(TextArena&&) noexcept = default;
  TextArena& operator=(TextArena&&) noexcept = default;

  // A Text holding a copy of `s`. Empty `s`: the default Text, no bytes.
  Text add(std::string_view s);
  // As add(), but equal strings share one copy.
  Text intern(std::string_view s);

  // Takes over the bytes of `other` (a thread's arena, say): its Texts stay
  // valid and now live as long as this arena.
  void adopt(TextArena&& other);

  // Keeps `bytes` alive as long as this arena or a copy of it: for Texts
  // that stand in a mapped file (records read in place, snapshot.h).
  void keep(std::shared_ptr<const void> bytes) { kept_.push_back(std::move(bytes)); }

  // Forgets every Text made here (they dangle), keeping one block to
  // reuse: for writers that stream records and need each one's strings only
  // until it is written.
  void clear();

  // Bytes held (blocks allocated), for memory measurements.
  size_t capacity() const { return held_; }

 private:
  std::vector<std::shared_ptr<char[]>> blocks_;
  std::vector<std::shared_ptr<const void>> kept_;
  char* next_ = nullptr;  // free room in the last block, which only this arena writes
  size_t room_ = 0;
  size_t last_bytes_ = 0;  // size of the last block
  size_t held_ = 0;
  std::vector<Text> interned_;  // positions for interned_index_
  IdIndex interned_index_;
};

}  // namespace decouple

// fmt::format("{}", text) prints its bytes, with string formatting options.
template <>
struct fmt::formatter<decouple::Text> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const decouple::Text& text, FormatContext& context) const {
    return fmt::formatter<std::string_view>::format(text.view(), context);
  }
};

#endif  // DECOUPLE_TEXT_H_
