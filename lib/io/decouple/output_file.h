// Writing output files safely: the content goes to a temporary file in the
// same directory, is flushed, and is renamed over the target, so a reader
// (or an interrupted run) never sees a half-written file.
//
// Only regular files are written or replaced: a target that is a symbolic
// link, FIFO, device, socket or directory is refused with a message (a
// rename would replace the special file itself, e.g. /dev/null when run as
// root). Standard output is the CLI's "-o -". A file registered with
// protect_input() (each file a model was read from: its YAML and every
// table of `tables:`) is refused too, so no output clobbers its input.
#ifndef DECOUPLE_OUTPUT_FILE_H_
#define DECOUPLE_OUTPUT_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace decouple {

// Returns an empty string on success, or what went wrong.
std::string write_file_atomically(const std::string& path, std::string_view content);

// The same for content written in pieces (a file too big to build in
// memory first): opening checks the target and creates the temporary file,
// write() appends, commit() puts the file in place. Destroyed without a
// successful commit() (an error, an exception), it removes the temporary
// file and leaves the target as it was. After the first error every call
// does nothing and error() says what went wrong (the messages of
// write_file_atomically).
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& path() const { return path_; }
  void write(std::string_view content);
  // Overwrites bytes already written, from byte `at` (a placeholder filled
  // in once what it says is known, like a header's checksum).
  void write_at(uint64_t at, std::string_view content);
  // The temporary file holding what was written so far (to read it back
  // before commit()); empty after an error or commit().
  const std::string& temp_path() const { return temp_; }
  // Flushes to disk and renames over the target; returns error().
  const std::string& commit();

 private:
  void fail(std::string why);

  std::string path_, temp_, error_;
  int fd_ = -1;
  bool committed_ = false;
};

// Registers `path` (an existing file, by device and inode) as an input no
// output may replace, for the rest of the process. Thread-safe.
void protect_input(const std::string& path);

// True when `a` and `b` name the same existing file (so writing `b` would
// overwrite input `a`).
bool same_file(const std::string& a, const std::string& b);

}  // namespace decouple

#endif  // DECOUPLE_OUTPUT_FILE_H_
