#include "decouple/write_all.h"

#include <unistd.h>

#include <cerrno>

namespace decouple {

namespace {
// Calls `write_some(at, size, done)` (done: bytes already written) until
// every byte is written: write(2) and pwrite(2) may write less than asked
// or be interrupted before writing anything.
template <typename WriteSome>
int write_every_byte(const void* bytes, size_t size, const WriteSome& write_some) {
  const char* at = static_cast<const char*>(bytes);
  size_t done = 0;
  while (done < size) {
    ssize_t wrote = write_some(at + done, size - done, done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    if (wrote == 0) return EIO;
    done += static_cast<size_t>(wrote);
  }
  return 0;
}
}  // namespace

int write_all(int fd, const void* bytes, size_t size) {
  return write_every_byte(bytes, size,
                          [fd](const char* at, size_t n, size_t) { return ::write(fd, at, n); });
}

int write_all_at(int fd, const void* bytes, size_t size, uint64_t offset) {
  return write_every_byte(bytes, size, [fd, offset](const char* at, size_t n, size_t done) {
    return ::pwrite(fd, at, n, static_cast<off_t>(offset + done));
  });
}

}  // namespace decouple
