#include "decouple/write_all.h"

#include <unistd.h>

#include <cerrno>

namespace decouple {

int write_all(int fd, const void* bytes, size_t size) {
  const char* at = static_cast<const char*>(bytes);
  while (size > 0) {
    ssize_t wrote = ::write(fd, at, size);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    if (wrote == 0) return EIO;
    at += wrote;
    size -= static_cast<size_t>(wrote);
  }
  return 0;
}

}  // namespace decouple
