#include "decouple/csv_stream.h"

#include <atomic>
#include <charconv>
#include <cstring>

#include "decouple/input_guard.h"
#include "decouple/mapped_file.h"

namespace decouple {

CsvReader::CsvReader(std::string_view text, CsvDialect dialect) : text_(text), dialect_(dialect) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = line_start_ = 3;
}

bool CsvReader::fail(Syntax what, uint32_t line, size_t column0) {
  // Each dialect keeps the wording its users have always seen.
  const bool model = dialect_ == CsvDialect::kModel;
  switch (what) {
    case Syntax::kUnterminated:
      error_ = model ? "unterminated quoted field" : "a quoted field never ends (missing closing '\"')";
      break;
    case Syntax::kTextAfterQuote:
      error_ = model ? "unexpected character after a closing quote (a field is quoted as a whole)"
                     : "text after a closing quote (write a quote inside a quoted field as \"\")";
      break;
    case Syntax::kQuoteInField:
      error_ = model ? "quote inside an unquoted field (quote the whole field and double the quote)"
                     : "a quote inside an unquoted field (quote the whole field and double the quote)";
      break;
    case Syntax::kLoneCr:
      error_ = "carriage return without a line feed";
      break;
  }
  error_line_ = line;
  error_column_ = static_cast<uint32_t>(column0 + 1);
  resumable_ = what != Syntax::kUnterminated;
  return false;
}

bool CsvReader::skip_bad_record() {
  if (error_.empty() || !resumable_) return false;
  // pos_ is on the byte that was wrong; the record ends with its line.
  const void* hit = std::memchr(text_.data() + pos_, '\n', text_.size() - pos_);
  if (hit) {
    pos_ = static_cast<size_t>(static_cast<const char*>(hit) - text_.data()) + 1;
    ++line_;
    line_start_ = pos_;
  } else {
    pos_ = text_.size();
  }
  error_.clear();
  return true;
}

bool CsvReader::next(std::vector<CsvField>& fields) {
  fields.clear();
  scratch_.clear();
  if (!error_.empty()) return false;
  const size_t size = text_.size();
  const char* data = text_.data();
  // Blank lines carry no record.
  while (pos_ < size) {
    if (data[pos_] == '\n') {
      ++pos_;
    } else if (data[pos_] == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n') {
      pos_ += 2;
    } else {
      break;
    }
    ++line_;
    line_start_ = pos_;
  }
  if (pos_ >= size) return false;
  record_line_ = line_;
  // Fields unescaped into scratch_ are fixed up at the end: scratch_ may
  // move while the record grows.
  struct Unescaped {
    size_t field, offset, length;
  };
  std::vector<Unescaped> in_scratch;
  const bool lone_cr_is_data = dialect_ == CsvDialect::kDataset;
  while (true) {
    CsvField field;
    field.column = static_cast<uint32_t>(pos_ - line_start_ + 1);
    field.line = line_;
    if (pos_ < size && data[pos_] == '"') {
      field.quoted = true;
      const uint32_t open_line = line_;
      const size_t open_column = pos_ - line_start_;
      size_t begin = ++pos_;
      bool escaped = false;
      size_t scratch_begin = 0;
      while (true) {
        const void* hit = std::memchr(data + pos_, '"', size - pos_);
        size_t quote = hit ? static_cast<size_t>(static_cast<const char*>(hit) - data) : size;
        for (size_t p = pos_; p < quote; ++p)
          if (data[p] == '\n') {
            ++line_;
            line_start_ = p + 1;
          }
        if (quote == size) return fail(Syntax::kUnterminated, open_line, open_column);
        if (quote + 1 < size && data[quote + 1] == '"') {
          // A doubled quote: the field needs unescaping.
          if (!escaped) {
            escaped = true;
            scratch_begin = scratch_.size();
          }
          scratch_.append(data + begin, quote + 1 - begin);
          pos_ = begin = quote + 2;
          continue;
        }
        if (escaped) {
          scratch_.append(data + begin, quote - begin);
          in_scratch.push_back({fields.size(), scratch_begin, scratch_.size() - scratch_begin});
        } else {
          field.text = std::string_view(data + begin, quote - begin);
        }
        pos_ = quote + 1;
        break;
      }
      if (pos_ < size && data[pos_] != ',' && data[pos_] != '\n' &&
          !(data[pos_] == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n'))
        return fail(Syntax::kTextAfterQuote, line_, pos_ - line_start_);
    } else {
      size_t begin = pos_;
      while (pos_ < size) {
        char c = data[pos_];
        if (c == ',' || c == '\n' || c == '"') break;
        if (c == '\r') {
          if (pos_ + 1 < size && data[pos_ + 1] == '\n') break;
          if (!lone_cr_is_data) return fail(Syntax::kLoneCr, line_, pos_ - line_start_);
        }
        ++pos_;
      }
      if (pos_ < size && data[pos_] == '"') return fail(Syntax::kQuoteInField, line_, pos_ - line_start_);
      field.text = std::string_view(data + begin, pos_ - begin);
    }
    fields.push_back(field);
    if (pos_ >= size) break;
    char c = data[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    pos_ += c == '\r' ? 2 : 1;
    ++line_;
    line_start_ = pos_;
    break;
  }
  for (const Unescaped& u : in_scratch)
    fields[u.field].text = std::string_view(scratch_.data() + u.offset, u.length);
  if (dialect_ == CsvDialect::kModel)
    for (CsvField& f : fields) f.text = csv_unguard(f.text);
  return true;
}

uint32_t CsvTable::column(std::string_view name) const {
  for (uint32_t c = 0; c < header.size(); ++c)
    if (header[c] == name) return c;
  return kNone;
}

Result<CsvTable> parse_csv(std::string_view text, const std::string& file_name) {
  CsvTable table;
  table.file = file_name;
  Diagnostics errors;
  CsvReader reader(text, CsvDialect::kDataset);
  std::vector<CsvField> fields;
  bool have_header = false;
  while (true) {
    if (!reader.next(fields)) {
      if (reader.error().empty()) break;
      errors.push_back({file_name, reader.error_line(), reader.error_column(), reader.error()});
      if (!reader.skip_bad_record()) return errors;
      continue;
    }
    CsvRow row;
    row.line = reader.line();
    row.fields.reserve(fields.size());
    row.at.reserve(fields.size());
    for (const CsvField& f : fields) {
      row.fields.emplace_back(f.text);
      row.at.push_back({f.line, f.column});
    }
    if (!have_header) {
      table.header = std::move(row.fields);
      have_header = true;
    } else {
      table.rows.push_back(std::move(row));
    }
  }
  if (!errors.empty()) return errors;
  if (!have_header) return Diagnostics{{file_name, 1, 1, "the file is empty: a CSV file starts with a header row"}};
  return table;
}

Result<CsvTable> read_csv(const std::string& path) {
  MappedFile file;  // regular files only: a FIFO is refused, never waited on
  if (std::string why = file.open(path); !why.empty()) return Diagnostics{{path, 0, 0, "cannot open: " + why}};
  if (Diagnostics bad = check_text_encoding(file.text(), path); !bad.empty()) return bad;
  return parse_csv(file.text(), path);
}

namespace {
std::atomic<CsvCells> g_cells{CsvCells::kGuarded};

bool starts_formula(std::string_view text) {
  size_t k = text.find_first_not_of('\'');
  if (k == std::string_view::npos) return false;
  char c = text[k];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

bool is_number(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty() || text[0] == '+') return false;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}
}  // namespace

void set_csv_cells(CsvCells cells) { g_cells = cells; }
CsvCells csv_cells() { return g_cells; }

bool csv_needs_guard(std::string_view text) { return starts_formula(text) && !is_number(text); }

std::string_view csv_unguard(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && starts_formula(cell.substr(1))) cell.remove_prefix(1);
  return cell;
}

void append_csv_field(std::string& out, std::string_view value, bool force_quotes) {
  const bool guard = csv_cells() == CsvCells::kGuarded && csv_needs_guard(value);
  bool quote = force_quotes || value.find_first_of(",\"\n\r") != std::string_view::npos;
  if (!quote) {
    if (guard) out += '\'';
    out += value;
    return;
  }
  out += '"';
  if (guard) out += '\'';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_list_element(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '|' || c == '=' || c == '\\') out += '\\';
    out += c;
  }
}

std::string join_list(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += '|';
    append_list_element(out, values[i]);
  }
  return out;
}

namespace {

// Splits on unescaped `separator`; the pieces keep their escapes.
std::vector<std::string_view> split_escaped(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  size_t begin = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == separator) {
      out.push_back(text.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  out.push_back(text.substr(begin));
  return out;
}

std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) ++i;
    out += text[i];
  }
  return out;
}

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::string_view piece : split_escaped(text, '|')) out.push_back(unescape(piece));
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> split_pairs(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  if (text.empty()) return out;
  for (std::string_view piece : split_escaped(text, '|')) {
    std::vector<std::string_view> parts = split_escaped(piece, '=');
    if (parts.size() < 2) return std::nullopt;
    std::string_view value = piece.substr(parts[0].size() + 1);
    out.emplace_back(unescape(parts[0]), unescape(value));
  }
  return out;
}

}  // namespace decouple
