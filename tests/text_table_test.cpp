// Text tables that line up in a terminal, and CSV fields.
#include "decouple/text_table.h"

#include <doctest/doctest.h>

namespace decouple {
namespace {

TEST_CASE("display_width counts terminal columns, not bytes") {
  CHECK(display_width("") == 0);
  CHECK(display_width("huawei") == 6);
  CHECK(display_width("华为") == 4);               // CJK ideographs are wide
  CHECK(display_width("华为 Mate 30") == 12);
  CHECK(display_width("하이닉스") == 8);            // Hangul syllables
  CHECK(display_width("ファーウェイ") == 12);       // katakana
  CHECK(display_width("ＡＢ") == 4);               // full-width forms
  CHECK(display_width("café") == 4);               // precomposed é
  CHECK(display_width("cafe\xCC\x81") == 4);       // e + combining acute
  CHECK(display_width("a\xE2\x80\x8B" "b") == 2);  // zero-width space
  CHECK(display_width("\xEF\xBB\xBFx") == 1);      // a BOM takes no room
  CHECK(display_width("\xFF\xFEx") == 3);          // invalid bytes count one each
  CHECK(display_width("\xE5\x8D") == 2);           // a truncated sequence too
  CHECK(display_width("𠀀") == 2);                 // supplementary ideographs
}

TEST_CASE("a table pads columns to their widest cell, in display columns") {
  TextTable table({"firm", "name", "n"});
  table.add_row({"huawei", "华为技术", "1"});
  table.add_row({"zte", "ZTE", "22"});
  table.add_row({"hisilicon", "海思", "333"});
  CHECK(!table.empty());
  CHECK(table.str() ==
        "firm       name      n\n"
        "---------  --------  ---\n"
        "huawei     华为技术  1\n"
        "zte        ZTE       22\n"
        "hisilicon  海思      333\n");
}

TEST_CASE("short rows, empty tables and trailing blanks") {
  TextTable empty({"a", "bb"});
  CHECK(empty.empty());
  CHECK(empty.str() == "a  bb\n-  --\n");
  TextTable ragged({"a", "b", "c"});
  ragged.add_row({"x"});
  ragged.add_row({"y", "", "zzz"});
  // Missing cells are blank; no line ends in spaces.
  CHECK(ragged.str() == "a  b  c\n-  -  ---\nx\ny     zzz\n");
}

TEST_CASE("CSV fields are quoted only when they must be") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("华为") == "华为");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_row({"a", "b,c", "\""}) == "a,\"b,c\",\"\"\"\"\n");
  CHECK(csv_row({}) == "\n");
}

}  // namespace
}  // namespace decouple
