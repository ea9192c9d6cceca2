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
//
// Why a second reader next to CsvReader (csv_stream.h), which reads the
// same RFC 4180 dialect: the two differ in what their callers need, not
// only in speed. This one serves importers of foreign datasets (ETO): it
// reports every syntax error of a file (skipping the bad record and going
// on, so a dataset is fixed in one pass), gives each field its own line
// (a field after a multi-line quoted one is on a later line than its
// record), and keeps a lone CR inside a field as data. CsvReader serves
// decouple's own model tables at 100k-item scale: zero-copy views, stops at
// the first error, rejects a lone CR, and tells an absent field from a
// quoted empty one. Making this a layer over CsvReader needs CsvReader to
// resume after an error and to give per-field lines; until then both stay,
// with tests of each (csv_test.cpp, csv_stream_test.cpp).
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
