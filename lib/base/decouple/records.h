// Records<T>: an array of a model's records (Model::options) that either
// owns its elements, as a std::vector does, or stands on bytes lent to it.
//
// A snapshot opened from a file lends the model its options section in
// place (snapshot.h): the section is mapped copy-on-write and the records
// are read where they lie, so opening costs neither decoding nor fresh
// memory for them, and processes opening one snapshot share its pages
// (issue #19).
//
// Contract:
//  - Reading is a std::vector's: size(), operator[], data(), iteration
//    over T*, std::span.
//  - Writing an element in place works either way (a lent mapping is
//    private: the first write to a page copies it for this process).
//  - Whatever changes the size (push_back, resize, insert, erase, clear,
//    assign...) first gives the records storage of their own (one copy of
//    the lent elements), then does what std::vector does. Copying makes
//    owned records; moving keeps the loan.
//  - Only records that read correctly wherever their bytes lie can be
//    lent: trivially copyable ones, and types declared lendable
//    (kLendable below), whose parts are position-independent (Text, a
//    lent CompactVector) and own nothing while they stand on lent bytes.
//    Lent records are never destroyed (the lender's bytes are simply let
//    go): memory a lent record is given in place (a list grown on it)
//    lives to the end of the process.
#ifndef DECOUPLE_RECORDS_H_
#define DECOUPLE_RECORDS_H_

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace decouple {

// Whether Records<T> may stand on lent bytes (see the contract above).
template <typename T>
inline constexpr bool kLendable = std::is_trivially_copyable_v<T>;

template <typename T>
class Records {
 public:
  using value_type = T;
  using size_type = size_t;
  using difference_type = std::ptrdiff_t;
  using reference = T&;
  using const_reference = const T&;
  using pointer = T*;
  using const_pointer = const T*;
  using iterator = T*;
  using const_iterator = const T*;

  Records() = default;
  Records(std::initializer_list<T> init) : own_(init) { sync(); }
  explicit Records(std::vector<T> records) : own_(std::move(records)) { sync(); }
  Records(const Records& other) : own_(other.begin(), other.end()) { sync(); }
  Records(Records&& other) noexcept { take(std::move(other)); }
  Records& operator=(const Records& other) {
    if (this != &other) {
      std::vector<T> copy(other.begin(), other.end());
      own_.swap(copy);
      lender_.reset();
      sync();
    }
    return *this;
  }
  Records& operator=(Records&& other) noexcept {
    if (this != &other) take(std::move(other));
    return *this;
  }
  Records& operator=(std::initializer_list<T> init) {
    lender_.reset();
    own_.assign(init);
    sync();
    return *this;
  }

  // Stands on `count` records at `data` (which `keep` keeps alive), giving
  // up any of its own.
  void lend(T* data, size_t count, std::shared_ptr<const void> keep) {
    static_assert(kLendable<T>, "only position-independent records can stand on lent bytes");
    std::vector<T>().swap(own_);
    lender_ = std::move(keep);
    data_ = data;
    size_ = count;
  }
  // Whether the records stand on lent bytes.
  bool lent() const { return lender_ != nullptr; }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return lent() ? size_ : own_.capacity(); }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& at(size_t i) { return data_[checked(i)]; }
  const T& at(size_t i) const { return data_[checked(i)]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T* cbegin() const { return data_; }
  const T* cend() const { return data_ + size_; }

  // Changing the size: on records of their own. (Each holds the lent bytes
  // until it is done: an argument may point into them, as in
  // push_back(r[0]).)
  void reserve(size_t n) {
    auto keep = own();
    own_.reserve(n);
    sync();
  }
  void resize(size_t n) {
    auto keep = own();
    own_.resize(n);
    sync();
  }
  void resize(size_t n, const T& value) {
    auto keep = own();
    own_.resize(n, value);
    sync();
  }
  void clear() {
    auto keep = own();
    own_.clear();
    sync();
  }
  void push_back(const T& value) {
    auto keep = own();
    own_.push_back(value);
    sync();
  }
  void push_back(T&& value) {
    auto keep = own();
    own_.push_back(std::move(value));
    sync();
  }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    auto keep = own();
    T& added = own_.emplace_back(std::forward<Args>(args)...);
    sync();
    return added;
  }
  void pop_back() {
    auto keep = own();
    own_.pop_back();
    sync();
  }
  void assign(size_t n, const T& value) {
    auto keep = own();
    own_.assign(n, value);
    sync();
  }
  template <typename It>
  void assign(It first, It last) {
    auto keep = own();
    own_.assign(first, last);
    sync();
  }
  template <typename It>
  T* insert(const T* at, It first, It last) {
    size_t i = index(at);
    auto keep = own();
    own_.insert(own_.begin() + i, first, last);
    sync();
    return data_ + i;
  }
  T* insert(const T* at, const T& value) {
    size_t i = index(at);
    auto keep = own();
    own_.insert(own_.begin() + i, value);
    sync();
    return data_ + i;
  }
  T* erase(const T* at) { return erase(at, at + 1); }
  T* erase(const T* first, const T* last) {
    size_t i = index(first), j = index(last);
    auto keep = own();
    own_.erase(own_.begin() + i, own_.begin() + j);
    sync();
    return data_ + i;
  }

  friend bool operator==(const Records& a, const Records& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i])) return false;
    return true;
  }

 private:
  // Copies lent records into storage of their own; returns what kept the
  // lent bytes alive, for the caller to hold while it still reads them.
  [[nodiscard]] std::shared_ptr<const void> own() {
    if (!lent()) return nullptr;
    std::vector<T> copy(data_, data_ + size_);
    own_.swap(copy);
    sync();
    return std::move(lender_);
  }
  void sync() {
    data_ = own_.data();
    size_ = own_.size();
  }
  void take(Records&& other) {
    own_ = std::move(other.own_);
    lender_ = std::move(other.lender_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    other.own_.clear();
  }
  size_t index(const T* at) const { return static_cast<size_t>(at - data_); }
  size_t checked(size_t i) const {
    if (i >= size_) throw std::out_of_range("Records::at");
    return i;
  }

  std::vector<T> own_;
  std::shared_ptr<const void> lender_;  // set while the records stand on lent bytes
  T* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace decouple

#endif  // DECOUPLE_RECORDS_H_
