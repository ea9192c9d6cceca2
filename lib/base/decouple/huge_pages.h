// Big arrays on transparent huge pages.
//
// Why: the first touch of each 4 KiB page of fresh memory traps into the
// kernel, and on the virtual machines this project is measured on (a PVM
// guest; docs/performance.md, "Session 10: page faults") each trap costs
// 5-15 us: a 100 MB array written once costs 0.25-0.4 s in traps, 40 times
// the writes themselves. On 2 MiB pages the same array costs 8-12 ms on a
// quiet host. Arrays of a few MB and up that a question writes most of
// (the supply graph's, a LossState's zero pages) are allocated here.
//
// How: an anonymous mapping aligned to 2 MiB and advised MADV_HUGEPAGE, so
// that with the system's THP setting at `madvise` (Debian's default) or
// `always` the kernel backs it with huge pages as it is touched, each
// zeroed on first touch; the pages a question never touches are never
// allocated. Where the system refuses the advice (THP `never`, another
// system) the mapping is plain 4 KiB pages; where it refuses the mapping,
// HugePageAllocator throws std::bad_alloc like std::allocator.
#ifndef DECOUPLE_HUGE_PAGES_H_
#define DECOUPLE_HUGE_PAGES_H_

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace decouple {

// From this many bytes up an array gets its own huge-page mapping.
inline constexpr size_t kHugePageMinBytes = size_t{2} << 20;

// `bytes` of zeroed memory on huge pages, or nullptr when the system
// refuses the mapping. Release with unmap_huge(at, bytes).
void* map_huge(size_t bytes);
void unmap_huge(void* at, size_t bytes);

// std::allocator, but blocks of kHugePageMinBytes and up come from
// map_huge(). Stateless: any two compare equal.
template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(size_t n) {
    if (n * sizeof(T) < kHugePageMinBytes) return std::allocator<T>().allocate(n);
    if (n > SIZE_MAX / sizeof(T)) throw std::bad_array_new_length();
    if (void* at = map_huge(n * sizeof(T))) return static_cast<T*>(at);
    throw std::bad_alloc();
  }
  void deallocate(T* at, size_t n) {
    if (n * sizeof(T) < kHugePageMinBytes)
      std::allocator<T>().deallocate(at, n);
    else
      unmap_huge(at, n * sizeof(T));
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

// A vector whose big buffers are on huge pages.
template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace decouple

#endif  // DECOUPLE_HUGE_PAGES_H_
