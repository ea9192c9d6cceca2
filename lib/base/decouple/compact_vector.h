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
  CompactVector(const CompactVector& other)
      : list_(other.empty() ? nullptr : std::make_unique<std::vector<T>>(*other.list_)) {}
  CompactVector(CompactVector&&) noexcept = default;
  CompactVector& operator=(const CompactVector& other) {
    if (this != &other) list_ = other.empty() ? nullptr : std::make_unique<std::vector<T>>(*other.list_);
    return *this;
  }
  CompactVector& operator=(CompactVector&&) noexcept = default;

  size_t size() const { return list_ ? list_->size() : 0; }
  bool empty() const { return size() == 0; }
  T* begin() { return list_ ? list_->data() : nullptr; }
  T* end() { return begin() + size(); }
  const T* begin() const { return list_ ? list_->data() : nullptr; }
  const T* end() const { return begin() + size(); }
  T& operator[](size_t i) { return (*list_)[i]; }
  const T& operator[](size_t i) const { return (*list_)[i]; }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    return own().emplace_back(std::forward<Args>(args)...);
  }
  void resize(size_t n) {
    if (n == 0) list_.reset();
    else own().resize(n);
  }
  void clear() { list_.reset(); }

  // Heap bytes this list owns (for memory accounting).
  size_t heap_bytes() const { return list_ ? sizeof(std::vector<T>) + list_->capacity() * sizeof(T) : 0; }

  friend bool operator==(const CompactVector& a, const CompactVector& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }

 private:
  std::vector<T>& own() {
    if (!list_) list_ = std::make_unique<std::vector<T>>();
    return *list_;
  }
  std::unique_ptr<std::vector<T>> list_;
};

}  // namespace decouple

#endif  // DECOUPLE_COMPACT_VECTOR_H_
