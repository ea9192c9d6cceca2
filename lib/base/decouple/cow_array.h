// Copy-on-write arrays: one read-only template, many private copies that
// each cost O(1) to make and pay only for the pages they write.
//
// Why: every LossState (propagate.h) starts from the same per-need
// counters and per-edge needs. Copying them is O(model) per state, which
// on a big model is most of a what-if question's time (issue #19: 0.12 s
// of set-up for a propagation of a few milliseconds at 1M items).
//
// How: a CowTemplate keeps its values in an anonymous memory file (Linux
// memfd_create). A CowArray maps that file privately, so the kernel copies
// a page only when the array first writes to it; reset() hands the written
// pages back (madvise MADV_DONTNEED) and the array reads as the template
// again, in time proportional to the pages written. CowArray::zeroed() is
// the same over zero pages (an anonymous private mapping). Many arrays of
// one template share its unwritten pages, in one process.
//
// Arrays smaller than kCowMinBytes, and any array whose memory file or
// mapping the system refuses, are plain heap copies instead: the same
// contents and contract, O(n) to make and to reset. T must be trivially
// copyable (its bytes are its value).
#ifndef DECOUPLE_COW_ARRAY_H_
#define DECOUPLE_COW_ARRAY_H_

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace decouple {

// Below this many bytes a heap copy costs less than the system calls.
inline constexpr size_t kCowMinBytes = 64 * 1024;

namespace cow_detail {
// A memory file holding a copy of `bytes`, and a read-only shared mapping
// of it; {-1, nullptr} when the system refuses either.
std::pair<int, const void*> make_file(const void* bytes, size_t size);
void close_file(int fd, const void* view, size_t size);
// A private (copy-on-write) mapping of `fd`, or of zero pages when fd < 0;
// nullptr when refused.
void* map_private(int fd, size_t size);
// Drops the pages written since mapping: they read as the file (or zero)
// again. False when refused.
bool discard(void* at, size_t size);
// Unmaps what map_private(fd, size) mapped.
void unmap(int fd, void* at, size_t size);
}  // namespace cow_detail

template <class T>
class CowTemplate {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  CowTemplate() = default;
  explicit CowTemplate(std::vector<T> values) : size_(values.size()) {
    if (bytes() >= kCowMinBytes && to_file(values.data())) return;
    heap_ = std::move(values);
    view_ = heap_.data();
  }
  // A template holding a copy of `values`.
  explicit CowTemplate(std::span<const T> values) : size_(values.size()) {
    if (bytes() >= kCowMinBytes && to_file(values.data())) return;
    heap_.assign(values.begin(), values.end());
    view_ = heap_.data();
  }
  ~CowTemplate() { cow_detail::close_file(fd_, fd_ >= 0 ? view_ : nullptr, bytes()); }
  CowTemplate(CowTemplate&& other) noexcept { swap(other); }
  CowTemplate& operator=(CowTemplate&& other) noexcept {
    CowTemplate(std::move(other)).swap(*this);
    return *this;
  }
  CowTemplate(const CowTemplate&) = delete;
  CowTemplate& operator=(const CowTemplate&) = delete;

  size_t size() const { return size_; }
  const T& operator[](size_t i) const { return view_[i]; }
  std::span<const T> values() const { return {view_, size_}; }
  // The memory file, or -1 when the values live on the heap.
  int file() const { return fd_; }

 private:
  size_t bytes() const { return size_ * sizeof(T); }
  // Puts bytes() of `values` in a memory file; false when refused.
  bool to_file(const T* values) {
    auto [fd, view] = cow_detail::make_file(values, bytes());
    if (!view) return false;
    fd_ = fd;
    view_ = static_cast<const T*>(view);
    return true;
  }
  void swap(CowTemplate& other) noexcept {
    std::swap(size_, other.size_);
    std::swap(fd_, other.fd_);
    std::swap(view_, other.view_);
    heap_.swap(other.heap_);
    // A heap view points into heap_, which moved along with it.
  }

  size_t size_ = 0;
  int fd_ = -1;
  const T* view_ = nullptr;
  std::vector<T> heap_;
};

template <class T>
class CowArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  CowArray() = default;
  // A private copy of `from`, which must outlive it.
  explicit CowArray(const CowTemplate<T>& from) : size_(from.size()), from_(&from) {
    if (from.file() >= 0) map(from.file());
    if (!mapped_) {
      heap_ = std::make_unique<T[]>(size_);
      if (size_ > 0) std::memcpy(heap_.get(), from.values().data(), size_ * sizeof(T));
      data_ = heap_.get();
    }
  }
  // `n` zero-valued elements (all bytes zero).
  static CowArray zeroed(size_t n) {
    CowArray array;
    array.size_ = n;
    if (n * sizeof(T) >= kCowMinBytes) array.map(-1);
    if (!array.mapped_) {
      array.heap_ = std::make_unique<T[]>(n);  // value-initialised: zero
      array.data_ = array.heap_.get();
    }
    return array;
  }
  ~CowArray() {
    if (mapped_) cow_detail::unmap(from_ ? from_->file() : -1, data_, size_ * sizeof(T));
  }
  CowArray(CowArray&& other) noexcept { swap(other); }
  CowArray& operator=(CowArray&& other) noexcept {
    CowArray(std::move(other)).swap(*this);
    return *this;
  }
  // A copy is a plain heap copy (O(n)): it still resets to the template.
  CowArray(const CowArray& other) : size_(other.size_), from_(other.from_) {
    heap_ = std::make_unique<T[]>(size_);
    if (size_ > 0) std::memcpy(heap_.get(), other.data_, size_ * sizeof(T));
    data_ = heap_.get();
  }
  CowArray& operator=(const CowArray& other) {
    if (this != &other) CowArray(other).swap(*this);
    return *this;
  }

  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  // Whether pages are shared with the template (copy on write) rather than
  // copied: for tests and measurements.
  bool shares_pages() const { return mapped_; }

  // Back to the template's values (or zeros): O(pages written) when
  // shared, O(n) otherwise.
  void reset() {
    if (mapped_ && cow_detail::discard(data_, size_ * sizeof(T))) return;
    if (size_ == 0) return;
    if (from_)
      std::memcpy(data_, from_->values().data(), size_ * sizeof(T));
    else
      std::memset(static_cast<void*>(data_), 0, size_ * sizeof(T));
  }

 private:
  void map(int fd) {
    if (void* at = cow_detail::map_private(fd, size_ * sizeof(T))) {
      data_ = static_cast<T*>(at);
      mapped_ = true;
    }
  }
  void swap(CowArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(mapped_, other.mapped_);
    std::swap(from_, other.from_);
    heap_.swap(other.heap_);
  }

  T* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  const CowTemplate<T>* from_ = nullptr;  // nullptr: zeroed
  std::unique_ptr<T[]> heap_;             // when not mapped
};

}  // namespace decouple

#endif  // DECOUPLE_COW_ARRAY_H_
