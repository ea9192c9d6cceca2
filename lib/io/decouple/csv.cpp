#include "decouple/csv.h"

#include "decouple/input_guard.h"
#include "decouple/mapped_file.h"

namespace decouple {
namespace {

// A cursor over the text that keeps the 1-based line and byte column.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return i_ >= text_.size(); }
  char peek() const { return text_[i_]; }
  bool starts(std::string_view s) const { return text_.substr(i_, s.size()) == s; }
  // At a record separator: LF or CRLF.
  bool at_line_end() const { return !done() && (peek() == '\n' || starts("\r\n")); }
  Location where() const { return {line_, column_}; }
  void advance(size_t n = 1) {
    for (size_t k = 0; k < n && i_ < text_.size(); ++k, ++i_) {
      if (text_[i_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }
  void skip_line_end() { advance(peek() == '\n' ? 1 : 2); }
  // Skips to just past the end of the physical line (error recovery).
  void skip_line() {
    while (!done() && !at_line_end()) advance();
    if (!done()) skip_line_end();
  }

 private:
  std::string_view text_;
  size_t i_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
};

}  // namespace

uint32_t CsvTable::column(std::string_view name) const {
  for (uint32_t c = 0; c < header.size(); ++c)
    if (header[c] == name) return c;
  return kNone;
}

Result<CsvTable> parse_csv(std::string_view text, const std::string& file_name) {
  CsvTable table;
  table.file = file_name;
  Diagnostics errors;
  auto fail = [&](Location at, std::string message) {
    errors.push_back({file_name, at.line, at.column, std::move(message)});
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Cursor in(text);
  bool have_header = false;
  while (!in.done()) {
    if (in.at_line_end()) {  // an empty line is no record
      in.skip_line_end();
      continue;
    }
    CsvRow row;
    row.line = in.where().line;
    bool ok = true;
    while (ok) {
      Location start = in.where();
      std::string field;
      if (!in.done() && in.peek() == '"') {
        in.advance();
        bool closed = false;
        while (!in.done()) {
          if (in.starts("\"\"")) {
            field += '"';
            in.advance(2);
          } else if (in.peek() == '"') {
            in.advance();
            closed = true;
            break;
          } else {
            field += in.peek();
            in.advance();
          }
        }
        if (!closed) {
          // Nothing after an unclosed quote can be trusted: stop here.
          fail(start, "a quoted field never ends (missing closing '\"')");
          return errors;
        }
        if (!in.done() && in.peek() != ',' && !in.at_line_end()) {
          fail(in.where(), "text after a closing quote (write a quote inside a quoted field as \"\")");
          ok = false;
        }
      } else {
        while (!in.done() && in.peek() != ',' && !in.at_line_end()) {
          if (in.peek() == '"') {
            fail(in.where(), "a quote inside an unquoted field (quote the whole field and double the quote)");
            ok = false;
            break;
          }
          field += in.peek();
          in.advance();
        }
      }
      if (!ok) break;
      row.fields.push_back(std::move(field));
      row.at.push_back(start);
      if (!in.done() && in.peek() == ',') {
        in.advance();
        continue;
      }
      if (!in.done()) in.skip_line_end();
      break;
    }
    if (!ok) {
      in.skip_line();
      continue;
    }
    if (!have_header) {
      table.header = std::move(row.fields);
      have_header = true;
    } else {
      table.rows.push_back(std::move(row));
    }
  }
  if (!errors.empty()) return errors;
  if (!have_header) {
    fail({1, 1}, "the file is empty: a CSV file starts with a header row");
    return errors;
  }
  return table;
}

Result<CsvTable> read_csv(const std::string& path) {
  MappedFile file;  // regular files only: a FIFO is refused, never waited on
  if (std::string why = file.open(path); !why.empty()) return Diagnostics{{path, 0, 0, "cannot open: " + why}};
  if (Diagnostics bad = check_text_encoding(file.text(), path); !bad.empty()) return bad;
  return parse_csv(file.text(), path);
}

}  // namespace decouple
