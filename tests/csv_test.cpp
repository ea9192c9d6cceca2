#include "decouple/csv_stream.h"

#include <doctest/doctest.h>

using namespace decouple;

namespace {

CsvTable parse_ok(std::string_view text) {
  Result<CsvTable> t = parse_csv(text, "t.csv");
  REQUIRE(t.ok());
  return t.value();
}

std::string first_error(std::string_view text) {
  Result<CsvTable> t = parse_csv(text, "t.csv");
  REQUIRE_FALSE(t.ok());
  return t.errors().front().str();
}

}  // namespace

TEST_CASE("csv: header, rows, and each field's line and column") {
  CsvTable t = parse_ok("a,b,c\n1,22,333\n,x,\n");
  CHECK(t.header == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].fields == std::vector<std::string>{"1", "22", "333"});
  CHECK(t.rows[0].line == 2);
  CHECK(t.rows[0].at[2].column == 6);
  CHECK(t.rows[1].fields == std::vector<std::string>{"", "x", ""});
  CHECK(t.column("b") == 1);
  CHECK(t.column("nope") == kNone);
}

TEST_CASE("csv: quoted fields hold commas, doubled quotes and line breaks") {
  CsvTable t = parse_ok("name,note\n\"Org, Inc.\",\"say \"\"hi\"\"\nthen go\"\nlast,\"\"\n");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].fields[0] == "Org, Inc.");
  CHECK(t.rows[0].fields[1] == "say \"hi\"\nthen go");
  // The record after a multi-line field starts on the line after it.
  CHECK(t.rows[1].line == 4);
  CHECK(t.rows[1].fields == std::vector<std::string>{"last", ""});
}

TEST_CASE("csv: CRLF, a byte order mark, empty lines and no final newline") {
  CsvTable t = parse_ok("\xEF\xBB\xBFid,v\r\n\r\nN1,\"a\r\nb\"\r\nN2,2");
  CHECK(t.header == std::vector<std::string>{"id", "v"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].line == 3);
  CHECK(t.rows[0].fields[1] == "a\r\nb");
  CHECK(t.rows[1].fields == std::vector<std::string>{"N2", "2"});
  CHECK(t.rows[1].line == 5);
}

TEST_CASE("csv: a row with another field count is kept for the caller to judge") {
  CsvTable t = parse_ok("a,b\n1\n1,2,3\n");
  CHECK(t.rows[0].fields.size() == 1);
  CHECK(t.rows[1].fields.size() == 3);
}

TEST_CASE("csv: syntax errors name file, line and column") {
  CHECK(first_error("a,b\n1,\"open\n") == "t.csv:2:3: error: a quoted field never ends (missing closing '\"')");
  CHECK(first_error("a,b\n1,x\"y\n") ==
        "t.csv:2:4: error: a quote inside an unquoted field (quote the whole field and double "
        "the quote)");
  CHECK(first_error("a,b\n\"x\"y,2\n") ==
        "t.csv:2:4: error: text after a closing quote (write a quote inside a quoted field as \"\")");
  CHECK(first_error("") == "t.csv:1:1: error: the file is empty: a CSV file starts with a header row");
  CHECK(first_error("\n\n") == "t.csv:1:1: error: the file is empty: a CSV file starts with a header row");
}

TEST_CASE("csv: every bad line is reported, not only the first") {
  Result<CsvTable> t = parse_csv("a,b\n1,x\"\n2,ok\n3,y\"\n", "t.csv");
  REQUIRE_FALSE(t.ok());
  REQUIRE(t.errors().size() == 2);
  CHECK(t.errors()[0].line == 2);
  CHECK(t.errors()[1].line == 4);
}

TEST_CASE("csv: a missing file is one diagnostic") {
  Result<CsvTable> t = read_csv("/nonexistent/dir/x.csv");
  REQUIRE_FALSE(t.ok());
  CHECK(t.errors()[0].str() == "/nonexistent/dir/x.csv: error: cannot open: No such file or directory");
}
