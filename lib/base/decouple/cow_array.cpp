#include "decouple/cow_array.h"

#include <sys/mman.h>
#include <unistd.h>

#include "decouple/huge_pages.h"
#include "decouple/write_all.h"

namespace decouple::cow_detail {

std::pair<int, const void*> make_file(const void* bytes, size_t size) {
  int fd = memfd_create("decouple-cow", MFD_CLOEXEC);
  if (fd < 0) return {-1, nullptr};
  // Write the values through write(), not a shared writable mapping, so a
  // file the system cannot back fails here rather than with SIGBUS later.
  if (write_all(fd, bytes, size) != 0) {
    ::close(fd);
    return {-1, nullptr};
  }
  void* view = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (view == MAP_FAILED) {
    ::close(fd);
    return {-1, nullptr};
  }
  return {fd, view};
}

void close_file(int fd, const void* view, size_t size) {
  if (view) ::munmap(const_cast<void*>(view), size);
  if (fd >= 0) ::close(fd);
}

void* map_private(int fd, size_t size) {
  if (size == 0) return nullptr;
  // Zero pages from kHugePageMinBytes up are huge pages: a question that
  // writes all over a per-item array pays one fault per 2 MiB, not per 4 KiB.
  if (fd < 0 && size >= kHugePageMinBytes) return map_huge(size);
  void* at = fd >= 0 ? ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)
                     : ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return at == MAP_FAILED ? nullptr : at;
}

bool discard(void* at, size_t size) { return ::madvise(at, size, MADV_DONTNEED) == 0; }

void unmap(int fd, void* at, size_t size) {
  if (fd < 0 && size >= kHugePageMinBytes)
    unmap_huge(at, size);
  else
    ::munmap(at, size);
}

}  // namespace decouple::cow_detail
