// Hostile input: each case must come back as one clear diagnostic with a
// location, quickly and in bounded memory (no timing assertions here: the
// bounds are structural — the guards stop at the first violation).
#include <doctest/doctest.h>

#include <string>

#include "decouple/input_guard.h"
#include "decouple/loader.h"

using namespace decouple;

namespace {

Diagnostics errors_of(const std::string& text, const LoadLimits& limits = {}) {
  Result<Model> r = load_model_from_string(text, "h.yaml", limits);
  REQUIRE_FALSE(r.ok());
  return r.errors();
}

std::string billion_laughs() {
  std::string text = "decouple: 1\nname: bomb\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    text += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 9; ++k) {
      text += k ? ", *a" : "*a";
      text += std::to_string(i - 1);
    }
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("a billion-laughs alias bomb is refused before it expands") {
  Diagnostics d = errors_of(billion_laughs());
  REQUIRE(d.size() == 1);
  CHECK(d[0].line == 11);  // x8: 9^9 nodes already cross the limit
  CHECK(d[0].message.find("alias bomb") != std::string::npos);
}

TEST_CASE("an alias bomb inside the schema (shared needs lists) is refused") {
  // 2^k expansion through needs lists shared by alias: the node count
  // limit stops it at the first alias that crosses the limit.
  std::string text =
      "decouple: 1\nname: b\nfirms: [{id: f, country: CN}]\nitems:\n"
      "  - {id: base, maker: f, kind: chip}\n"
      "  - {id: i0, maker: f, kind: chip, needs: &n0 [{name: a, options: [base]}, {name: b, options: [base]}]}\n";
  for (int i = 1; i < 30; ++i)
    text += "  - {id: i" + std::to_string(i) + ", maker: f, kind: chip, needs: &n" +
            std::to_string(i) + " [*n" + std::to_string(i - 1) + ", *n" + std::to_string(i - 1) + "]}\n";
  LoadLimits limits;
  limits.max_nodes = 100000;
  Diagnostics d = errors_of(text, limits);
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("more than 100000 YAML nodes") != std::string::npos);
}

TEST_CASE("10,000-deep nesting is refused with its position") {
  std::string flow = "decouple: 1\nname: deep\ndescription: " + std::string(10000, '[') +
                     std::string(10000, ']') + "\n";
  Diagnostics d = errors_of(flow);
  REQUIRE(d.size() == 1);
  CHECK(d[0].line == 3);
  CHECK(d[0].message.find("nesting deeper than") != std::string::npos);

  std::string block = "decouple: 1\nname: deep\ndescription:\n";
  for (int i = 1; i < 10000; ++i) block += std::string(2 * i, ' ') + "-\n";
  Diagnostics b = errors_of(block);
  REQUIRE(b.size() == 1);
  CHECK(b[0].message.find("nesting deeper than") != std::string::npos);
}

TEST_CASE("the depth limit is ours to set") {
  LoadLimits limits;
  limits.max_depth = 3;
  Diagnostics d = errors_of("decouple: 1\nname: x\ndescription: [[[[1]]]]\n", limits);
  REQUIRE(d.size() == 1);
  CHECK(d[0].str() == "h.yaml:3:16: error: nesting deeper than 3 levels (the limit is --max-depth)");
}

TEST_CASE("a file over the size limit is refused unread") {
  LoadLimits limits;
  limits.max_file_bytes = 10;
  Diagnostics d = errors_of("decouple: 1\nname: something long\n", limits);
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("over the limit of 10 bytes") != std::string::npos);
}

TEST_CASE("a truncated file gives an error, not a crash") {
  std::string text = "decouple: 1\nname: t\nfirms:\n  - {id: f, country: CN}\nitems:\n  - id: a\n    maker: f\n    kind: chip\n    needs:\n      - name: x\n        options: [f";
  Diagnostics d = errors_of(text);
  CHECK(!d.empty());
  CHECK(d[0].line >= 1);
}

TEST_CASE("invalid UTF-8 is refused with its position") {
  Diagnostics d = errors_of("decouple: 1\nname: ab\xff\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].str() == "h.yaml:2:9: error: invalid UTF-8 (byte 0xFF): models must be UTF-8 text");
  // Overlong encodings and surrogates are invalid too.
  CHECK(!check_text_encoding("\xc0\xaf", "x").empty());
  CHECK(!check_text_encoding("\xed\xa0\x80", "x").empty());
  CHECK(check_text_encoding("华为 Huawei", "x").empty());
}

TEST_CASE("a binary file is refused") {
  std::string text("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10);
  Diagnostics d = errors_of(text);
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("binary") != std::string::npos);
}

TEST_CASE("a 10,000-long extends chain is refused past the limit, and fine below it") {
  std::string text = "decouple: 1\nname: chain\nscenarios:\n  - {id: s0}\n";
  for (int i = 1; i < 10000; ++i)
    text += "  - {id: s" + std::to_string(i) + ", extends: [s" + std::to_string(i - 1) + "]}\n";
  Diagnostics d = errors_of(text);
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("extends a chain of 1001 scenarios") != std::string::npos);
  LoadLimits limits;
  limits.max_extends_depth = 20000;
  CHECK(load_model_from_string(text, "h.yaml", limits).ok());
}

TEST_CASE("too many entities is an error at the first one over") {
  LoadLimits limits;
  limits.max_entities = 3;
  Diagnostics d = errors_of(
      "decouple: 1\nname: n\nfirms:\n  - {id: a, country: CN}\n  - {id: b, country: CN}\n"
      "  - {id: c, country: CN}\n  - {id: d, country: CN}\n",
      limits);
  REQUIRE(d.size() == 1);
  CHECK(d[0].line == 7);
}

TEST_CASE("two YAML documents in one model file are refused") {
  Diagnostics d = errors_of("decouple: 1\nname: a\n---\ndecouple: 1\nname: b\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("second one") != std::string::npos);
}

TEST_CASE("ids and names over their length limits are refused") {
  LoadLimits limits;
  limits.max_id_length = 8;
  Diagnostics d = errors_of("decouple: 1\nname: n\nfirms:\n  - {id: abcdefghij, country: CN}\n", limits);
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("limit 8") != std::string::npos);
}

TEST_CASE("a BOM and CRLF line endings load; Chinese names survive") {
  Result<Model> r = load_model_from_string(
      "\xef\xbb\xbf" "decouple: 1\r\nname: 模型\r\nfirms:\r\n  - {id: huawei, name: 华为, country: CN}\r\n",
      "h.yaml");
  REQUIRE(r.ok());
  CHECK(r.value().name == "模型");
  CHECK(r.value().firms[0].name == "华为");
}

TEST_CASE("an extends cycle is reported once and loading ends") {
  Diagnostics d = errors_of("decouple: 1\nname: c\nscenarios:\n  - {id: a, extends: [b]}\n  - {id: b, extends: [a]}\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].str() == "h.yaml:5:23: error: 'extends' forms a cycle: a -> b -> a");
}

TEST_CASE("a long flow list inside a flow map is refused before the parser holds it") {
  // yaml-cpp buffers every token of [..] opened inside {..}: ~300 bytes each.
  std::string list;
  for (int k = 0; k < 200000; ++k) list += k ? ", f" : "f";
  std::string held = "decouple: 1\nname: x\nscenarios:\n  - {id: s, actions: [{ban: [" + list + "]}]}\n";
  Diagnostics d = check_flow_buffering(held, "h.yaml");
  REQUIRE(d.size() == 1);
  CHECK(d[0].line == 4);
  CHECK(d[0].column == 22);  // the actions list: opened inside {id: s, ...}
  CHECK(d[0].message.find("inside a flow map") != std::string::npos);
  // The same list under a block key is not held: accepted.
  std::string block = "decouple: 1\nname: x\nfirms:\n  - id: f\n    aliases: [" + list + "]\n";
  CHECK(check_flow_buffering(block, "h.yaml").empty());
  // Quotes and comments do not confuse the count.
  CHECK(check_flow_buffering("a: {b: ['x, ]', \"y]}\", c], # ],[\n d: [e]}\n", "h.yaml").empty());
}

TEST_CASE("is_utf8: ASCII runs read 8 bytes at a time, and what follows them is still checked") {
  CHECK(is_utf8(""));
  CHECK(is_utf8("abcdefgh"));
  CHECK(is_utf8("abcdefghijklmnopq"));
  CHECK(is_utf8("abcdefgh\xC3\xA9xyz"));              // é after a full ASCII word
  CHECK(is_utf8("abc\xE4\xB8\xAD" "defghijklmn"));  // 中 inside the first word
  CHECK_FALSE(is_utf8("abcdefg\xff"));                 // within the first word
  CHECK_FALSE(is_utf8("abcdefghijklmnop\xff"));        // after two words
  CHECK_FALSE(is_utf8("abcdefgh\xC0\x80"));            // overlong NUL after a word
  CHECK_FALSE(is_utf8("abcdefgh\xED\xA0\x80zzzzzzzz"));  // a surrogate between words
  CHECK_FALSE(is_utf8("abcdefgh\xC3"));                // cut short
  // Fewer than 8 bytes left: ASCII in one test, anything else decoded.
  CHECK(is_utf8("i000123"));
  CHECK(is_utf8("ab\xC3\xA9"));
  CHECK(is_utf8("abcdefghij\xC3\xA9z"));
  CHECK_FALSE(is_utf8("ab\xC3"));
  CHECK_FALSE(is_utf8("abcdefghij\xC3\xA9\xff"));
  CHECK_FALSE(is_utf8("\x80"));
}
