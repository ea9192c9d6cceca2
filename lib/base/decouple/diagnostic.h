// Diagnostics: errors about user input, as values.
//
// A Diagnostic names the file, line and column (1-based; 0 = unknown) and
// says what is wrong, the way compilers print: `file:line:column: error: msg`.
// Functions that read user input collect every Diagnostic they find and
// return them all, rather than stopping at the first or throwing.
#ifndef DECOUPLE_DIAGNOSTIC_H_
#define DECOUPLE_DIAGNOSTIC_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace decouple {

struct Diagnostic {
  enum class Severity : unsigned char { kError, kWarning };

  std::string file;
  unsigned line = 0;
  unsigned column = 0;
  std::string message;
  // Warnings report input that was skipped or looked inconsistent but did
  // not stop the work (importers use them); everything else is an error.
  Severity severity = Severity::kError;

  // "file:line:column: error: message" (parts that are unknown are left
  // out; "warning:" for warnings).
  std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

// A value, or the diagnostics that explain why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Diagnostics errors) : errors_(std::move(errors)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const T& value() const& { return *value_; }
  T& value() & { return *value_; }
  T&& value() && { return std::move(*value_); }
  const Diagnostics& errors() const { return errors_; }

 private:
  std::optional<T> value_;
  Diagnostics errors_;
};

// The closest candidate to `word` by edit distance, if close enough to be a
// plausible typo; empty otherwise. Used for "did you mean" hints.
std::string closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace decouple

#endif  // DECOUPLE_DIAGNOSTIC_H_
