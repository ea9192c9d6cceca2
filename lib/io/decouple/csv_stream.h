// CSV, read in one pass and written back: decouple's one CSV reader and
// its one field writer, for tabular models, sweeps and imported datasets.
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
// column of each field's first character, for `file:line:column` errors;
// a field after a multi-line quoted one is on a later line than its
// record. Cost: one pass over the bytes, no allocation per field.
//
// Files differ in what a reader should make of them, so a reader takes a
// CsvDialect: decouple's own tables (kModel: a field starting with an
// apostrophe that a guarded writer added, see CsvCells below, is read
// without it; a lone CR is an error) or a foreign dataset (kDataset: every
// byte is data, a lone CR inside a field too). The two keep the wording of
// their syntax errors as users have seen them. After a syntax error,
// skip_bad_record() lets a caller go on with the next line, so a dataset is
// fixed in one pass (parse_csv below does that).
#ifndef DECOUPLE_CSV_STREAM_H_
#define DECOUPLE_CSV_STREAM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/diagnostic.h"
#include "decouple/model.h"

namespace decouple {

struct CsvField {
  std::string_view text;
  bool quoted = false;
  uint32_t column = 0;
  uint32_t line = 0;  // where the field starts
  // Absent: unquoted and empty.
  bool absent() const { return !quoted && text.empty(); }
};

enum class CsvDialect : uint8_t {
  kModel,    // decouple's own tables: unguards cells, rejects a lone CR
  kDataset,  // a foreign dataset: keeps every byte, a lone CR is data
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text, CsvDialect dialect = CsvDialect::kModel);

  // Reads the next record (skipping blank lines) into `fields`. Returns
  // false at the end of the text, or on a syntax error (then error() says
  // what, and error_line()/error_column() where).
  bool next(std::vector<CsvField>& fields);
  // After a syntax error: skips the rest of the physical line it is on and
  // clears it, so next() goes on with the following line. False (the error
  // stays) when nothing after it can be trusted: a quoted field that never
  // ends.
  bool skip_bad_record();
  // Line of the record next() returned last.
  uint32_t line() const { return record_line_; }
  const std::string& error() const { return error_; }
  uint32_t error_line() const { return error_line_; }
  uint32_t error_column() const { return error_column_; }

 private:
  enum class Syntax : uint8_t { kUnterminated, kTextAfterQuote, kQuoteInField, kLoneCr };
  bool fail(Syntax what, uint32_t line, size_t column0);

  std::string_view text_;
  CsvDialect dialect_;
  size_t pos_ = 0;
  size_t line_start_ = 0;  // offset of the current line's first byte
  uint32_t line_ = 1;
  uint32_t record_line_ = 0;
  std::string scratch_;
  std::string error_;
  uint32_t error_line_ = 0, error_column_ = 0;
  bool resumable_ = false;
};

// A whole CSV file read into owned rows, for importers of foreign datasets
// (CsvDialect::kDataset). The first record is the header. Every field keeps
// where it started. Syntax errors come back as Diagnostics with
// file:line:column, all of them (a bad record is skipped and reading goes
// on), and no table. Rows with a different number of fields than the
// header are kept as they are: whether that is fatal is the caller's
// decision (an importer skips and reports the row). Cost: one pass; the
// table owns copies of the fields.
struct CsvRow {
  std::vector<std::string> fields;
  std::vector<Location> at;  // where each field starts
  uint32_t line = 0;         // line the record starts on
};

struct CsvTable {
  std::string file;  // for messages
  std::vector<std::string> header;
  std::vector<CsvRow> rows;  // the records after the header

  // Index of the header column named `name`, or kNone.
  uint32_t column(std::string_view name) const;
};

// Parses `text` as if read from `file_name` (used in messages only).
Result<CsvTable> parse_csv(std::string_view text, const std::string& file_name);

// Reads and parses a regular file; a file that cannot be read, or is not
// valid UTF-8, is one Diagnostic.
Result<CsvTable> read_csv(const std::string& path);

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
