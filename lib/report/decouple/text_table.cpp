#include "decouple/text_table.h"

#include <algorithm>

#include "decouple/csv_stream.h"

namespace decouple {
namespace {

// Wide (two-column) ranges of Unicode East Asian Width W and F, the ones
// met in names: Hangul Jamo, CJK, Hangul syllables, compatibility and
// full-width forms, and the supplementary ideograph planes.
bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

bool is_zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || c == 0x200B || c == 0x200D || c == 0xFEFF ||
         (c >= 0xFE00 && c <= 0xFE0F);
}

}  // namespace

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > text.size()) {
      ++width;
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : b & (0x7F >> len);
    bool valid = true;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cont = static_cast<unsigned char>(text[i + k]);
      if ((cont >> 6) != 2) valid = false;
      c = (c << 6) | (cont & 0x3F);
    }
    if (!valid) {
      ++width;
      ++i;
      continue;
    }
    i += len;
    if (is_zero_width(c)) continue;
    width += is_wide(c) ? 2 : 1;
  }
  return width;
}

std::string TextTable::str() const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], display_width(row[c]));
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < widths.size(); ++c) {
      std::string_view cell = c < row.size() ? std::string_view(row[c]) : std::string_view();
      line += cell;
      if (c + 1 < widths.size()) line.append(widths[c] - display_width(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  };
  emit(header_);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  emit(rule);
  for (const auto& row : rows_) emit(row);
  return out;
}

// Through the one CSV writer (csv_stream.h), spreadsheet guard included.
std::string csv_field(std::string_view text) {
  std::string out;
  append_csv_field(out, text);
  return out;
}

namespace {
template <typename Fields>
void append_fields(std::string& out, const Fields& fields) {
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) out += ',';
    first = false;
    append_csv_field(out, field);
  }
  out += '\n';
}
}  // namespace

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  append_fields(out, fields);
  return out;
}

void append_csv_row(std::string& out, std::initializer_list<std::string_view> fields) {
  append_fields(out, fields);
}

}  // namespace decouple
