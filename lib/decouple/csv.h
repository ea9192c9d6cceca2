// Reading CSV files (RFC 4180) into rows of text fields.
//
// A small, strict reader for the datasets importers consume: fields are
// separated by commas, records by LF or CRLF; a field in double quotes may
// hold commas, line breaks and doubled quotes (""). A UTF-8 byte order mark
// before the header is skipped, and so are completely empty lines. The first
// record is the header.
//
// Every field keeps where it started (1-based line and column, columns
// counted in bytes), so callers can point at the spot when a value is bad.
// Syntax errors — a quote inside an unquoted field, text after a closing
// quote, a quoted field that never ends — come back as Diagnostics with
// file:line:column, all of them, and no table. Rows with a different number
// of fields than the header are kept as they are: whether that is fatal is
// the caller's decision (an importer skips and reports the row).
//
// Cost: one pass over the text; the table owns copies of the fields.
#ifndef DECOUPLE_CSV_H_
#define DECOUPLE_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/diagnostic.h"
#include "decouple/model.h"

namespace decouple {

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

}  // namespace decouple

#endif  // DECOUPLE_CSV_H_
