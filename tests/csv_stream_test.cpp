#include <doctest/doctest.h>

#include "decouple/csv_stream.h"

using namespace decouple;

namespace {

std::vector<std::vector<std::string>> read_all(std::string_view text, CsvReader* out = nullptr) {
  CsvReader reader(text);
  std::vector<std::vector<std::string>> rows;
  std::vector<CsvField> fields;
  while (reader.next(fields)) {
    rows.emplace_back();
    for (const CsvField& f : fields) rows.back().emplace_back(f.text);
  }
  if (out) *out = reader;
  return rows;
}

}  // namespace

TEST_CASE("csv: plain, quoted, doubled quotes, line breaks inside quotes, CRLF, BOM") {
  auto rows = read_all("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",\n");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{"a", "b", "c"});
  CHECK(rows[1] == std::vector<std::string>{"1", "x, y", "say \"hi\""});
  CHECK(rows[2] == std::vector<std::string>{"2", "two\nlines", ""});
}

TEST_CASE("csv: absent and empty fields differ; lines and columns are counted") {
  CsvReader reader("a,\"\",\nx,\"m\nn\",z\nlast,\"\"\"\",q");
  std::vector<CsvField> f;
  REQUIRE(reader.next(f));
  CHECK(reader.line() == 1);
  CHECK_FALSE(f[0].absent());
  CHECK_FALSE(f[1].absent());
  CHECK(f[1].text.empty());
  CHECK(f[2].absent());
  CHECK(f[2].column == 6);
  REQUIRE(reader.next(f));
  CHECK(reader.line() == 2);
  CHECK(f[2].column == 4);  // on line 3, after the quoted line break
  REQUIRE(reader.next(f));
  CHECK(reader.line() == 4);
  CHECK(f[1].text == "\"");
  CHECK(f[2].text == "q");
  CHECK_FALSE(reader.next(f));
  CHECK(reader.error().empty());
}

TEST_CASE("csv: syntax errors name line and column") {
  struct Case {
    const char* text;
    uint32_t line, column;
    const char* message;
  } cases[] = {
      {"a,b\n1,\"open\n", 2, 3, "unterminated quoted field"},
      {"a,b\n1,x\"y\n", 2, 4, "quote inside an unquoted field"},
      {"a,b\n\"x\"y,2\n", 2, 4, "unexpected character after a closing quote"},
      {"a\rb\n", 1, 2, "carriage return without a line feed"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CsvReader reader(c.text);
    std::vector<CsvField> f;
    while (reader.next(f)) {
    }
    CHECK(reader.error_line() == c.line);
    CHECK(reader.error_column() == c.column);
    CHECK(reader.error().find(c.message) == 0);
  }
}

TEST_CASE("csv: fields are quoted only when they must be") {
  std::string out;
  append_csv_field(out, "plain");
  out += ',';
  append_csv_field(out, "a,b");
  out += ',';
  append_csv_field(out, "q\"");
  out += ',';
  append_csv_field(out, "", true);
  CHECK(out == "plain,\"a,b\",\"q\"\"\",\"\"");
  auto rows = read_all(out);
  CHECK(rows[0] == std::vector<std::string>{"plain", "a,b", "q\"", ""});
}

TEST_CASE("csv: lists and pairs escape their separators") {
  std::vector<std::string> values = {"a|b", "c\\d", "e=f", ""};
  std::string joined = join_list(values);
  CHECK(joined == "a\\|b|c\\\\d|e\\=f|");
  CHECK(split_list(joined) == values);
  CHECK(split_list("").empty());
  auto pairs = split_pairs("node_nm=7|we\\=ird\\|name=1.5");
  REQUIRE(pairs);
  REQUIRE(pairs->size() == 2);
  CHECK((*pairs)[0] == std::pair<std::string, std::string>{"node_nm", "7"});
  CHECK((*pairs)[1] == std::pair<std::string, std::string>{"we=ird|name", "1.5"});
  CHECK_FALSE(split_pairs("novalue"));
}

TEST_CASE("csv: the dataset dialect keeps every byte and gives each field its line") {
  CsvReader reader("id,note\nN1,\"two\nlines\",'=x\nN2,a\rb\n", CsvDialect::kDataset);
  std::vector<CsvField> f;
  REQUIRE(reader.next(f));
  REQUIRE(reader.next(f));
  CHECK(reader.line() == 2);
  REQUIRE(f.size() == 3);
  CHECK(f[0].line == 2);
  CHECK(f[1].line == 2);
  CHECK(f[2].line == 3);  // after the quoted line break
  CHECK(f[2].column == 8);
  CHECK(f[2].text == "'=x");  // no guard apostrophe removed
  REQUIRE(reader.next(f));
  CHECK(f[1].text == "a\rb");  // a lone CR is data
  CHECK_FALSE(reader.next(f));
  CHECK(reader.error().empty());
  // The model dialect removes the guard and rejects the lone CR.
  CsvReader model("'=x,a\rb\n");
  CHECK_FALSE(model.next(f));
  CHECK(model.error() == "carriage return without a line feed");
}

TEST_CASE("csv: after a syntax error, reading goes on with the next line") {
  CsvReader reader("a,b\n1,x\"y,more\n2,ok\n\"open\n3,z\n");
  std::vector<CsvField> f;
  REQUIRE(reader.next(f));
  CHECK_FALSE(reader.next(f));
  CHECK(reader.error_line() == 2);
  CHECK(reader.error_column() == 4);
  REQUIRE(reader.skip_bad_record());
  CHECK(reader.error().empty());
  REQUIRE(reader.next(f));
  CHECK(reader.line() == 3);
  CHECK(f[1].text == "ok");
  // Nothing after a quoted field that never ends can be trusted.
  CHECK_FALSE(reader.next(f));
  CHECK(reader.error_line() == 4);
  CHECK_FALSE(reader.skip_bad_record());
  CHECK_FALSE(reader.next(f));
  CHECK(reader.error() == "unterminated quoted field");
}
