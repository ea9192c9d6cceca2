// IdIndex: id -> position lookups for millions of ids, without a heap node
// per entry.
//
// The index does not store the ids: it stores positions, and asks a
// caller-supplied `key_of(position)` for the id when a probe needs to
// compare (the ids live in the caller's vector or file buffer, which must
// not move while the index is used). Open addressing with linear probing,
// at most half full, 16 bytes a slot: the position, a hash tag with the
// id's length, and the id's first 8 bytes, so an id shorter than 8 bytes
// is found without touching the caller's memory at all (on a large model
// each such touch is a cache miss), and a longer one almost always with a
// single compare. Ids must not contain NUL bytes. Not thread-safe for
// writes; concurrent finds are fine.
#ifndef DECOUPLE_ID_INDEX_H_
#define DECOUPLE_ID_INDEX_H_

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace decouple {

// A fast non-cryptographic hash of a short string (not stable across
// builds: never store it).
inline uint64_t hash_id(std::string_view s) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (s.size() * 0xc4ceb9fe1a85ec53ull);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  if (n > 0) {  // (never for an empty view, whose data() may be null)
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
  }
  h *= 0xff51afd7ed558ccdull;
  return h ^ (h >> 32);
}

class IdIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // Makes room for `count` ids without rehashing; only before the first
  // insert (later it does nothing).
  void reserve(size_t count) {
    if (size_ != 0) return;
    size_t want = 16;
    while (want < 2 * count) want *= 2;
    if (want > slots_.size()) slots_.assign(want, Slot{});
  }

  // Adds `id` at `position`, or returns the position already holding `id`
  // (and adds nothing). key_of(p) must return the id at position p.
  template <typename KeyOf>
  uint32_t insert(std::string_view id, uint32_t position, const KeyOf& key_of) {
    if (2 * (size_ + 1) > slots_.size()) grow(key_of);
    return place(id, hash_id(id), position, key_of);
  }

  template <typename KeyOf>
  uint32_t find(std::string_view id, const KeyOf& key_of) const {
    if (slots_.empty()) return kAbsent;
    uint64_t h = hash_id(id);
    uint32_t tag = tag_of(h, id);
    uint64_t prefix = prefix_of(id);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.position == kAbsent) return kAbsent;
      if (s.tag == tag && s.prefix == prefix && (id.size() < 8 || key_of(s.position) == id))
        return s.position;
    }
  }

  // Rebuilds the index over positions 0..count-1 (the first of equal ids
  // wins). Inserting in the order of the slots the ids land in turns a
  // million random writes into one sweep over the slot array: several
  // times faster than insert() one by one on a large model.
  template <typename KeyOf>
  void build(uint32_t count, const KeyOf& key_of) {
    clear();
    reserve(count);
    const size_t mask = slots_.size() - 1;
    std::vector<uint64_t> hashes(count);
    for (uint32_t p = 0; p < count; ++p) hashes[p] = hash_id(key_of(p));
    // Stable counting sort of positions by home slot, on its top bits
    // (the rest of the order barely matters for locality).
    const int bits = std::min<int>(16, std::countr_zero(slots_.size()));
    const int shift = std::countr_zero(slots_.size()) - bits;
    std::vector<uint32_t> start((size_t{1} << bits) + 1, 0);
    for (uint32_t p = 0; p < count; ++p) ++start[((hashes[p] & mask) >> shift) + 1];
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::vector<uint32_t> order(count);
    for (uint32_t p = 0; p < count; ++p) order[start[(hashes[p] & mask) >> shift]++] = p;
    for (uint32_t p : order) place(key_of(p), hashes[p], p, key_of);
  }

  size_t size() const { return size_; }
  void clear() {
    slots_.clear();
    size_ = 0;
  }

 private:
  struct Slot {
    uint32_t position = kAbsent;
    uint32_t tag = 0;     // hash bits 40..63, then min(length, 255)
    uint64_t prefix = 0;  // the id's first 8 bytes, zero-padded
  };
  // Equal tags and prefixes of an id under 8 bytes mean equal ids: the
  // length is in the tag and the whole id in the prefix.
  static uint32_t tag_of(uint64_t h, std::string_view id) {
    return static_cast<uint32_t>(h >> 40) << 8 | static_cast<uint32_t>(id.size() < 255 ? id.size() : 255);
  }
  static uint64_t prefix_of(std::string_view id) {
    uint64_t p = 0;
    if (!id.empty()) std::memcpy(&p, id.data(), id.size() < 8 ? id.size() : 8);
    return p;
  }

  // Puts `position` (whose id is `id`, hashing to `h`) in its slot; returns
  // the position already holding `id`, if any, instead.
  template <typename KeyOf>
  uint32_t place(std::string_view id, uint64_t h, uint32_t position, const KeyOf& key_of) {
    uint32_t tag = tag_of(h, id);
    uint64_t prefix = prefix_of(id);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.position == kAbsent) {
        s = {position, tag, prefix};
        ++size_;
        return kAbsent;
      }
      if (s.tag == tag && s.prefix == prefix && (id.size() < 8 || key_of(s.position) == id))
        return s.position;
    }
  }

  template <typename KeyOf>
  void grow(const KeyOf& key_of) {
    rehash(slots_.empty() ? 16 : 2 * slots_.size(),
           [&](uint32_t p) { return hash_id(key_of(p)); });
  }
  // Re-places every entry in `count` slots; `rehash_of` recomputes the full
  // hash of an entry (the tag alone is not enough to find its home).
  template <typename HashOf>
  void rehash(size_t count, const HashOf& hash_of) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(count, Slot{});
    size_t mask = count - 1;
    for (const Slot& s : old) {
      if (s.position == kAbsent) continue;
      uint64_t h = hash_of(s.position);
      size_t i = h & mask;
      while (slots_[i].position != kAbsent) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace decouple

#endif  // DECOUPLE_ID_INDEX_H_
