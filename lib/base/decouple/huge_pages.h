// Big arrays that are filled whole, on 2 MiB pages.
//
// A fresh page of memory costs a page fault and the kernel zeroing it the
// first time it is written. For the arrays a big model is made of (a
// million items' records, their id index) that is most of the time it
// takes to open a snapshot: 60% of `decouple impact` on the 1M snapshot
// went to the kernel zeroing 4 KiB pages. Backed by transparent huge pages
// the same bytes cost about a quarter (touching 300 MB fresh on the 2-core
// VM: 140 ms in 4 KiB pages, 33 ms in 2 MiB ones).
//
// Only for arrays that are written whole right after: a huge page is
// resident as soon as one byte of it is touched, so an array meant to be
// touched sparsely (zero pages paid for as used, cow_array.h) must not ask
// for them. Where the kernel has no transparent huge pages, or they are
// off, this does nothing; the memory is the same either way.
#ifndef DECOUPLE_HUGE_PAGES_H_
#define DECOUPLE_HUGE_PAGES_H_

#include <cstddef>
#include <vector>

namespace decouple {

// Asks for 2 MiB pages on the untouched memory [data, data + bytes). Does
// nothing for less than kHugePageMinBytes.
void advise_huge_pages(const void* data, size_t bytes);
inline constexpr size_t kHugePageMinBytes = size_t{4} << 20;

// v.reserve(n), the new room on huge pages: for a vector about to be
// filled with n elements.
template <typename T>
void reserve_huge(std::vector<T>& v, size_t n) {
  if (n <= v.capacity()) return;
  v.reserve(n);
  advise_huge_pages(v.data() + v.size(), (v.capacity() - v.size()) * sizeof(T));
}

// v.resize(n) with the new elements on huge pages (resize then writes them).
template <typename T>
void resize_huge(std::vector<T>& v, size_t n) {
  reserve_huge(v, n);
  v.resize(n);
}

// v.assign(n, value) on huge pages.
template <typename T>
void assign_huge(std::vector<T>& v, size_t n, const T& value) {
  if (n > v.capacity()) {
    std::vector<T>().swap(v);  // fresh room, not a copy of the old elements
    reserve_huge(v, n);
  }
  v.assign(n, value);
}

}  // namespace decouple

#endif  // DECOUPLE_HUGE_PAGES_H_
