// CSV, read in one pass and written back, for tabular models and sweeps.
//
// The dialect is RFC 4180: comma-separated, a field may be in double
// quotes (then it may hold commas, quotes doubled as "", and line breaks),
// LF or CRLF line ends, a UTF-8 byte order mark is skipped. Blank lines are
// skipped. One extension, needed to tell "not given" from "given, empty":
// an unquoted empty field is *absent*, a quoted one ("") is an empty
// string. Lists inside a field are joined with '|' and a backslash escapes
// '|', '=' and '\' (see join_list / split_list).
//
// CsvReader does not own the text: it hands out string_views into it (or,
// for quoted fields with "" inside, into its own scratch buffer, valid
// until the next call to next()). Positions are 1-based line and byte
// column of each field's first character, for `file:line:column` errors.
// A field starting with an apostrophe that a guarded writer added (see
// CsvCells below) is read without it. Cost: one pass over the bytes, no
// allocation per field.
#ifndef DECOUPLE_CSV_STREAM_H_
#define DECOUPLE_CSV_STREAM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace decouple {

struct CsvField {
  std::string_view text;
  bool quoted = false;
  uint32_t column = 0;
  // Absent: unquoted and empty.
  bool absent() const { return !quoted && text.empty(); }
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Reads the next record (skipping blank lines) into `fields`. Returns
  // false at the end of the text, or on a syntax error (then error() says
  // what, and error_line()/error_column() where).
  bool next(std::vector<CsvField>& fields);
  // Line of the record next() returned last.
  uint32_t line() const { return record_line_; }
  const std::string& error() const { return error_; }
  uint32_t error_line() const { return error_line_; }
  uint32_t error_column() const { return error_column_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  size_t line_start_ = 0;  // offset of the current line's first byte
  uint32_t line_ = 1;
  uint32_t record_line_ = 0;
  std::string scratch_;
  std::string error_;
  uint32_t error_line_ = 0, error_column_ = 0;
};

// Spreadsheet safety. A spreadsheet runs a cell starting with = + - @ (or
// a tab or carriage return) as a formula, so names from a shared model
// could run code on an analyst's machine. Every CSV field decouple writes
// goes through append_csv_field, which by default (kGuarded) puts one
// apostrophe before such a text cell, also when apostrophes precede the
// character: "=cmd()" becomes "'=cmd()", "'=x" becomes "''=x".
// Spreadsheets hide a leading apostrophe, and CsvReader removes exactly
// one, so the convention is reversible. Numbers ("-5", "+1.5e3") are never
// touched. kRaw writes cells as they are, for machine consumers
// (`--csv-raw`). Documented in docs/cli.md.
enum class CsvCells : uint8_t { kGuarded, kRaw };
// The process-wide choice (default kGuarded); set once, before output.
void set_csv_cells(CsvCells cells);
CsvCells csv_cells();
// Whether a guarded writer prefixes `text`.
bool csv_needs_guard(std::string_view text);
// `cell` without the apostrophe a guarded writer added (as read back).
std::string_view csv_unguard(std::string_view cell);

// The one CSV field writer: appends `value` to `out` as one field,
// guarded as csv_cells() says, quoted when it must be (it holds a comma,
// quote or line break) or when `force_quotes` (an empty string that must
// read back as present).
void append_csv_field(std::string& out, std::string_view value, bool force_quotes = false);

// "a|b" for {"a", "b"}, escaping '|', '=' and '\' with a backslash.
std::string join_list(const std::vector<std::string>& values);
// Appends one element, escaped, to a list being joined by hand.
void append_list_element(std::string& out, std::string_view value);
// Splits on unescaped '|' and unescapes; "" gives an empty list.
// split_pairs also splits each element at its first unescaped '=' (key,
// value); nullopt when an element has no '='.
std::vector<std::string> split_list(std::string_view text);
std::optional<std::vector<std::pair<std::string, std::string>>> split_pairs(std::string_view text);

}  // namespace decouple

#endif  // DECOUPLE_CSV_STREAM_H_
