// A plain-text table whose columns line up in a terminal, whatever the
// script: widths are counted in display columns (a CJK character takes two,
// a combining mark none), not bytes. Rendering and layout only.
#ifndef DECOUPLE_TEXT_TABLE_H_
#define DECOUPLE_TEXT_TABLE_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace decouple {

// Display columns `text` (UTF-8) takes in a terminal. Invalid bytes count one.
size_t display_width(std::string_view text);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  // Header, a rule, then the rows; columns padded to their widest cell.
  std::string str() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string csv_field(std::string_view text);
std::string csv_row(const std::vector<std::string>& fields);
// The same row appended to `out`, from views (no string per field: the
// rows of a big table, like impact's 53,000 at 1M items).
void append_csv_row(std::string& out, std::initializer_list<std::string_view> fields);

}  // namespace decouple

#endif  // DECOUPLE_TEXT_TABLE_H_
