// Writing output files safely: the content goes to a temporary file in the
// same directory, is flushed, and is renamed over the target, so a reader
// (or an interrupted run) never sees a half-written file.
#ifndef DECOUPLE_OUTPUT_FILE_H_
#define DECOUPLE_OUTPUT_FILE_H_

#include <string>
#include <string_view>

namespace decouple {

// Returns an empty string on success, or what went wrong.
std::string write_file_atomically(const std::string& path, std::string_view content);

// True when `a` and `b` name the same existing file (so writing `b` would
// overwrite input `a`).
bool same_file(const std::string& a, const std::string& b);

}  // namespace decouple

#endif  // DECOUPLE_OUTPUT_FILE_H_
