// Writing a whole buffer to a file descriptor.
//
// write(2) may write less than asked, and a signal may interrupt it before
// it writes anything (EINTR); write_all() calls it until every byte is
// written. Returns 0, or the errno of the failure (EIO when write(2)
// wrote nothing without saying why).
#ifndef DECOUPLE_WRITE_ALL_H_
#define DECOUPLE_WRITE_ALL_H_

#include <cstddef>
#include <cstdint>

namespace decouple {

int write_all(int fd, const void* bytes, size_t size);
// The same from byte `offset` of the file (pwrite(2)), leaving the file
// position alone: for filling in a placeholder written earlier.
int write_all_at(int fd, const void* bytes, size_t size, uint64_t offset);

}  // namespace decouple

#endif  // DECOUPLE_WRITE_ALL_H_
