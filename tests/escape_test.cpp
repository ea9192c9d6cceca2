// escape.h: each language's escape on hand-computed hostile text, and the
// YAML scalars read back through our own YAML reader in block and flow
// context. The real-parser checks of whole outputs (an XML parser, dot,
// PyYAML, an HTML parser) are in tests/cli/hostile_names.sh.
#include "decouple/escape.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "decouple/yaml_tree.h"

using namespace decouple;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

// Hostile texts: markup, quotes, dashes, controls, unicode, YAML words.
const std::vector<std::string> kHostile = {
    "", " ", "plain", "Mini -- phone", "-lead", "trail-", "--", "<&>\"'", "a\x01" "b", "tab\there",
    "line\nbreak", "cr\rlf", "华为手机", "nel\xC2\x85x", "del\x7F", "true", "Yes", "NULL", "~", "n",
    "123", "1.5", ".inf", "2019-10-07", "a: b", "a #b", "[x]", "{x}", "*alias", "&anchor", "!tag",
    "%dir", "@at", "`tick`", "x ", "back\\slash", "\"quoted\"", "'single'", "a, b", "?q", "|lit", ">fold",
};

}  // namespace

TEST_CASE("xml_escape: the five entities, forbidden controls become U+FFFD") {
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(xml_escape("ok\t\n\r") == "ok\t\n\r");  // allowed in XML 1.0
  CHECK(xml_escape("a\x01" "b\x1F") == "a" + kFffd + "b" + kFffd);
  CHECK(xml_escape(std::string("nul\0x", 5)) == "nul" + kFffd + "x");
  CHECK(xml_escape("\xEF\xBF\xBE\xEF\xBF\xBF") == kFffd + kFffd);  // U+FFFE, U+FFFF
  CHECK(xml_escape("华为 -- ok") == "华为 -- ok");
  CHECK(html_escape("<i>") == xml_escape("<i>"));
}

TEST_CASE("xml_comment: never \"--\", never a trailing '-', no entities") {
  CHECK(xml_comment("Mini -- phone") == "Mini - - phone");
  CHECK(xml_comment("---") == "- - - ");
  CHECK(xml_comment("a-") == "a- ");
  CHECK(xml_comment("-->") == "- ->");
  CHECK(xml_comment("<&>") == "<&>");
  CHECK(xml_comment("a\x02") == "a" + kFffd);
  for (const std::string& text : kHostile) {
    std::string c = xml_comment(text);
    CAPTURE(text);
    CHECK(c.find("--") == std::string::npos);
    CHECK((c.empty() || c.back() != '-'));
  }
}

TEST_CASE("dot_quoted and dot_label_text") {
  CHECK(dot_quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(dot_quoted("two\nlines") == "\"two lines\"");
  CHECK(dot_label_text("a <b> & \"c\"\n'd'") == "a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;");
  CHECK(dot_label_text("x\x01y\tz") == "x y z");
}

TEST_CASE("yaml_quoted: escapes for quotes, backslashes and non-printable characters") {
  CHECK(yaml_quoted("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(yaml_quoted("t\tn\nr\r") == "\"t\\tn\\nr\\r\"");
  CHECK(yaml_quoted("\x01\x7F") == "\"\\x01\\x7f\"");
  CHECK(yaml_quoted("nel\xC2\x85") == "\"nel\\x85\"");
  CHECK(yaml_quoted("é华") == "\"é华\"");
}

TEST_CASE("yaml_scalar: plain only when every YAML reads it back as the same string") {
  CHECK(yaml_scalar("phone") == "phone");
  CHECK(yaml_scalar("chip-a.n7 x/y") == "chip-a.n7 x/y");
  CHECK(yaml_scalar("华为手机") == "华为手机");
  CHECK(yaml_scalar("") == "\"\"");
  CHECK(yaml_scalar("-lead") == "\"-lead\"");
  CHECK(yaml_scalar("true") == "\"true\"");
  CHECK(yaml_scalar("Off") == "\"Off\"");
  CHECK(yaml_scalar("123") == "\"123\"");
  CHECK(yaml_scalar("2019-10-07") == "\"2019-10-07\"");
  CHECK(yaml_scalar("trail ") == "\"trail \"");
  CHECK(yaml_scalar("a: b") == "\"a: b\"");
}

TEST_CASE("yaml_scalar reads back identical through our YAML reader, in block and flow context") {
  for (const std::string& text : kHostile) {
    CAPTURE(text);
    std::string scalar = yaml_scalar(text);
    std::string doc = "block: " + scalar + "\nflow: {k: " + scalar + "}\nlist: [" + scalar + ", end]\n";
    YamlTree tree(doc);
    REQUIRE_FALSE(tree.error());
    YamlNode root = tree.document(0);
    CHECK(root["block"].scalar() == text);
    CHECK(root["flow"]["k"].scalar() == text);
    std::vector<std::string> list;
    for (YamlNode entry : root["list"].items()) list.emplace_back(entry.scalar());
    CHECK(list == std::vector<std::string>{text, "end"});
  }
}
