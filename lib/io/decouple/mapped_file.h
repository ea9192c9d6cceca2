// A read-only view of a whole file, memory-mapped.
//
// MappedFile::open() maps the file (private, read-only) so big inputs are
// read without a copy and the kernel pages them in as they are scanned;
// the mapping ends with the object. Failure comes back as a message (from
// errno), never as an exception. An empty file gives an empty view. Only
// regular files are read: a directory, FIFO, device or socket is refused
// at once (a FIFO is never waited on), so an input cannot hang a run.
#ifndef DECOUPLE_MAPPED_FILE_H_
#define DECOUPLE_MAPPED_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace decouple {

class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // Maps `path`; returns an empty string on success, or what went wrong.
  // `sequential` hints that the file will be read front to back once.
  // `copy_on_write` maps it writable: a write copies the page for this
  // process and never reaches the file (for bytes lent to a model that
  // may edit them, records.h).
  std::string open(const std::string& path, bool sequential = true, bool copy_on_write = false);

  std::string_view text() const { return {data_, size_}; }
  const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(data_); }
  size_t size() const { return size_; }
  // Tells the kernel the bytes before `offset` will not be read again, so
  // their pages leave the resident set (reading them again still works:
  // they are paged back in from the file).
  void release_before(size_t offset);
  // The same for the pages wholly inside [from, to), which must lie in a
  // file mapping and never have been written (on heap memory, or on pages
  // written through a copy-on-write mapping, it would lose the bytes). Safe
  // while other threads still read them: they fault back in.
  static void release(const void* from, const void* to);

 private:
  void close();
  const char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
};

}  // namespace decouple

#endif  // DECOUPLE_MAPPED_FILE_H_
