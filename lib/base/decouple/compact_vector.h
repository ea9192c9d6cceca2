// CompactVector<T>: a list that costs 8 bytes in its record when empty.
//
// For record fields that are empty on almost every record of a large model
// (an item's attributes): a std::vector costs 24 bytes in each of a million
// records whether or not it holds anything; this holds one pointer, null
// when empty, to a std::vector on the heap. It offers the part of the
// std::vector interface those fields use (size, indexing, iteration as
// plain pointers, emplace_back, resize, clear) and copies deeply, so a
// record holding one copies like a value. Not for hot paths: every access
// goes through the pointer.
#ifndef DECOUPLE_COMPACT_VECTOR_H_
#define DECOUPLE_COMPACT_VECTOR_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

namespace decouple {

template <typename T>
class CompactVector {
 public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  CompactVector() = default;
  CompactVector(const CompactVector& other) { copy_from(other); }
  CompactVector(CompactVector&& other) noexcept { take(other); }
  CompactVector& operator=(const CompactVector& other) {
    if (this != &other) {
      CompactVector copy(other);
      release();
      take(copy);
    }
    return *this;
  }
  CompactVector& operator=(CompactVector&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~CompactVector() { release(); }

  // What a lent list stored at file offset `at` keeps for its block at
  // `block` (8-aligned, count first): for writers of files read in place.
  static uint64_t lent_bits(uint64_t at, uint64_t block) { return ((block - at) << 1) | 1; }
  // Whether `bits`, as a lent list stored at `at` keeps them, name a block
  // at `block`; for readers checking a file before reading it in place.
  static bool lent_block(uint64_t bits, uint64_t at, uint64_t& block) {
    if (!(bits & 1)) return false;
    block = at + static_cast<uint64_t>(static_cast<int64_t>(bits) >> 1);
    return true;
  }
  // The first element of a block (after the count and its padding).
  static constexpr size_t kBlockHeader = 8;

  size_t size() const {
    if (bits_ == 0) return 0;
    if (lent()) {
      uint32_t n;
      std::memcpy(&n, block(), sizeof n);
      return n;
    }
    return list()->size();
  }
  bool empty() const { return bits_ == 0; }
  T* begin() { return const_cast<T*>(std::as_const(*this).begin()); }
  T* end() { return begin() + size(); }
  const T* begin() const {
    if (bits_ == 0) return nullptr;
    if (lent()) return reinterpret_cast<const T*>(block() + kBlockHeader);
    return list()->data();
  }
  const T* end() const { return begin() + size(); }
  T& operator[](size_t i) { return begin()[i]; }
  const T& operator[](size_t i) const { return begin()[i]; }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return own().emplace_back(std::forward<Args>(args)...);
  }
  void resize(size_t n) {
    if (n == 0) clear();
    else own().resize(n);
  }
  void clear() { release(); }

  // Heap bytes this list owns (for memory accounting; a lent list: none).
  size_t heap_bytes() const {
    return bits_ != 0 && !lent() ? sizeof(std::vector<T>) + list()->capacity() * sizeof(T) : 0;
  }

  friend bool operator==(const CompactVector& a, const CompactVector& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }

 private:
  bool lent() const { return bits_ & 1; }
  intptr_t here() const { return reinterpret_cast<intptr_t>(this); }
  const char* block() const { return reinterpret_cast<const char*>(here() + (bits_ >> 1)); }
  std::vector<T>* list() const { return reinterpret_cast<std::vector<T>*>(bits_); }
  void copy_from(const CompactVector& other) {
    if (!other.empty()) bits_ = reinterpret_cast<intptr_t>(new std::vector<T>(other.begin(), other.end()));
  }
  // Takes `other`'s list, leaving it empty (a lent one is re-pointed).
  void take(CompactVector& other) noexcept {
    bits_ = other.bits_;
    if (lent()) bits_ = ((reinterpret_cast<intptr_t>(other.block()) - here()) << 1) | 1;
    other.bits_ = 0;
  }
  void release() {
    if (bits_ != 0 && !lent()) delete list();
    bits_ = 0;
  }
  std::vector<T>& own() {
    if (bits_ == 0) {
      bits_ = reinterpret_cast<intptr_t>(new std::vector<T>());
    } else if (lent()) {
      auto* copy = new std::vector<T>(std::as_const(*this).begin(), std::as_const(*this).end());
      bits_ = reinterpret_cast<intptr_t>(copy);
    }
    return *list();
  }
  // 0: empty; even: a std::vector<T>* this list owns; odd: lent, the
  // distance to the block shifted left by one.
  intptr_t bits_ = 0;
};
static_assert(sizeof(CompactVector<int>) == 8);

}  // namespace decouple

#endif  // DECOUPLE_COMPACT_VECTOR_H_
