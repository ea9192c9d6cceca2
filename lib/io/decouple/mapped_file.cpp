#include "decouple/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <utility>

namespace decouple {

MappedFile::~MappedFile() { close(); }

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    close();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, false);
  }
  return *this;
}

void MappedFile::close() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
  data_ = nullptr;
  size_ = 0;
  mapped_ = false;
}

void MappedFile::release_before(size_t offset) {
  if (mapped_) release(data_, data_ + std::min(offset, size_));
}

void MappedFile::release(const void* from, const void* to) {
  const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t a = (reinterpret_cast<uintptr_t>(from) + page - 1) / page * page;
  const uintptr_t b = reinterpret_cast<uintptr_t>(to) / page * page;
  if (b > a) ::madvise(reinterpret_cast<void*>(a), b - a, MADV_DONTNEED);
}

std::string MappedFile::open(const std::string& path, bool sequential, bool copy_on_write) {
  close();
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
  // writer forever; it is refused below like any file that is not regular.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::strerror(errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return why;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    if (S_ISDIR(st.st_mode)) return "it is a directory, not a file";
    return S_ISFIFO(st.st_mode) ? "it is a FIFO (named pipe), not a regular file"
                                : "not a regular file (a device or a socket)";
  }
  if (st.st_size == 0) {
    ::close(fd);
    return {};
  }
  void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size),
                   copy_on_write ? PROT_READ | PROT_WRITE : PROT_READ, MAP_PRIVATE, fd, 0);
  std::string why = p == MAP_FAILED ? std::strerror(errno) : "";
  ::close(fd);
  if (p == MAP_FAILED) return why;
  if (sequential) ::madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
  data_ = static_cast<const char*>(p);
  size_ = static_cast<size_t>(st.st_size);
  mapped_ = true;
  return {};
}

}  // namespace decouple
