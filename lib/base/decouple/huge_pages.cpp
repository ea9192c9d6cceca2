#include "decouple/huge_pages.h"

#include <sys/mman.h>

#include <cstdint>

namespace decouple {
namespace {
constexpr size_t kHuge = size_t{2} << 20;
size_t round_up(size_t bytes) { return (bytes + kHuge - 1) & ~(kHuge - 1); }
}  // namespace

void* map_huge(size_t bytes) {
  if (bytes == 0) return nullptr;
  // Over-map by one huge page and trim both ends, so what is kept starts
  // on a 2 MiB boundary and the kernel can place huge pages in it.
  const size_t size = round_up(bytes);
  void* raw = ::mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const uintptr_t start = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (start + kHuge - 1) & ~(kHuge - 1);
  if (aligned > start) ::munmap(raw, aligned - start);
  if (const uintptr_t end = start + size + kHuge; end > aligned + size)
    ::munmap(reinterpret_cast<void*>(aligned + size), end - (aligned + size));
#ifdef MADV_HUGEPAGE
  ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
#endif
  return reinterpret_cast<void*>(aligned);
}

void unmap_huge(void* at, size_t bytes) {
  if (at) ::munmap(at, round_up(bytes));
}

}  // namespace decouple
