// The compact YAML tree: what it holds, that aliases share rather than copy,
// and that it reads every text exactly as yaml-cpp's node tree did (the
// oracle, yaml_tree_oracle.h), on hand-written edge cases, every model and
// fuzz input in the repository, random YAML and random damage to it.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "decouple/generate.h"
#include "decouple/loader.h"
#include "decouple/model_compare.h"
#include "decouple/model_writer.h"
#include "decouple/yaml_tree.h"
#include "decouple/yaml_tree_oracle.h"

using namespace decouple;

namespace {

std::string at(YamlNode node) {
  Location l = node.location();
  return std::to_string(l.line) + ":" + std::to_string(l.column);
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("yaml tree: nested maps and lists, scalars and positions") {
  std::string text =
      "name: demo\n"
      "firms:\n"
      "  - id: tsmc\n"
      "    tags: [fab, \"big one\"]\n"
      "  - {id: asml, country: NL}\n"
      "empty:\n"
      "tilde: ~\n";
  YamlTree tree(text);
  REQUIRE_FALSE(tree.error());
  REQUIRE(tree.document_count() == 1);
  YamlNode root = tree.document(0);
  CHECK(root.is_map());
  CHECK(root.size() == 4);
  CHECK(at(root) == "1:1");
  CHECK(root["name"].scalar() == "demo");
  CHECK(at(root["name"]) == "1:7");
  YamlNode firms = root["firms"];
  REQUIRE(firms.is_sequence());
  CHECK(firms.size() == 2);
  CHECK(at(firms) == "3:3");
  std::vector<std::string> ids;
  for (YamlNode firm : firms.items()) ids.emplace_back(firm["id"].scalar());
  CHECK(ids == std::vector<std::string>{"tsmc", "asml"});
  YamlNode tags = (*firms.items().begin())["tags"];
  REQUIRE(tags.size() == 2);
  auto tag = tags.items().begin();
  CHECK((*tag).scalar() == "fab");
  ++tag;
  CHECK((*tag).scalar() == "big one");
  CHECK(at(*tag) == "4:17");
  CHECK(root["empty"].is_null());
  CHECK(root["tilde"].is_null());
  // Missing keys, and lookups in what is not a map, are absent.
  CHECK_FALSE(root["nope"]);
  CHECK_FALSE(root["name"]["x"]);
  CHECK(root["nope"].location().line == 0);
  CHECK_FALSE(root["nope"].is_null());
  CHECK(root["nope"].size() == 0);
  // Pairs in order.
  std::vector<std::string> keys;
  for (YamlPair pair : root.pairs()) keys.emplace_back(pair.key().scalar());
  CHECK(keys == std::vector<std::string>{"name", "firms", "empty", "tilde"});
  // Items of a map and pairs of a list are empty, not errors.
  CHECK(root.items().begin() == root.items().end());
  CHECK(firms.pairs().begin() == firms.pairs().end());
}

TEST_CASE("yaml tree: quoted, escaped, folded and tagged scalars read as yaml-cpp reads them") {
  std::string text =
      "a: \"tab\\there\"\n"
      "b: 'it''s'\n"
      "c: >\n"
      "  folded\n"
      "  text\n"
      "d: !!str 12\n"
      "e: plain words here\n"
      "f: \"\"\n";
  YamlTree tree(text);
  REQUIRE_FALSE(tree.error());
  YamlNode root = tree.document(0);
  CHECK(root["a"].scalar() == "tab\there");
  CHECK(root["b"].scalar() == "it's");
  CHECK(root["c"].scalar() == "folded text\n");
  CHECK(root["d"].scalar() == "12");
  CHECK(root["e"].scalar() == "plain words here");
  CHECK(root["f"].is_scalar());
  CHECK(root["f"].scalar() == "");
  CHECK(compare_with_yaml_cpp(text) == "");
}

TEST_CASE("yaml tree: an alias is its anchored node, shared and not copied") {
  std::string text =
      "base: &b {id: x, tags: [a, b, c]}\n"
      "list: [*b, *b, *b, *b]\n";
  YamlTree tree(text);
  REQUIRE_FALSE(tree.error());
  YamlNode root = tree.document(0);
  YamlNode base = root["base"];
  size_t n = 0;
  for (YamlNode entry : root["list"].items()) {
    CHECK(entry == base);
    CHECK(at(entry) == at(base));  // the anchor's position, as in yaml-cpp
    ++n;
  }
  CHECK(n == 4);
  // root, 2 keys, base map, 2 keys, x, tags list, 3 tags, list: 12
  // nodes; the four aliases add none.
  CHECK(tree.node_count() == 12);

  // Each level names the previous one ten times: 10^6 nodes expanded,
  // a few dozen built.
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 6; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
    bomb += "]\n";
  }
  YamlTree bombed(bomb);
  REQUIRE_FALSE(bombed.error());
  CHECK(bombed.node_count() < 40);
  CHECK(bombed.memory_bytes() < 4096);
  CHECK(compare_with_yaml_cpp(bomb) == "");
}

TEST_CASE("yaml tree: an anchor may name the node that holds it") {
  std::string text = "a: &self [x, *self]\n";
  YamlTree tree(text);
  REQUIRE_FALSE(tree.error());
  YamlNode a = tree.document(0)["a"];
  auto it = a.items().begin();
  ++it;
  CHECK(*it == a);
  CHECK(compare_with_yaml_cpp(text) == "");
}

TEST_CASE("yaml tree: repeated keys are all kept; a lookup sees the first") {
  std::string text = "k: 1\nk: 2\n";
  YamlTree tree(text);
  YamlNode root = tree.document(0);
  CHECK(root.size() == 2);
  CHECK(root["k"].scalar() == "1");
  CHECK(compare_with_yaml_cpp(text) == "");
}

TEST_CASE("yaml tree: documents") {
  SUBCASE("none in an empty text or a comment") {
    CHECK(YamlTree("").document_count() == 0);
    CHECK(YamlTree("# nothing\n").document_count() == 0);
  }
  SUBCASE("an empty document is one null") {
    YamlTree tree("---\n");
    REQUIRE(tree.document_count() == 1);
    CHECK(tree.document(0).is_null());
  }
  SUBCASE("several, each with its own anchors") {
    std::string text = "a: &x 1\nb: *x\n---\n- &x 2\n- *x\n...\n--- third\n";
    YamlTree tree(text);
    REQUIRE_FALSE(tree.error());
    REQUIRE(tree.document_count() == 3);
    CHECK(tree.document(0)["b"].scalar() == "1");
    CHECK(at(tree.document(1)) == "4:1");
    auto second = tree.document(1).items().begin();
    ++second;
    CHECK((*second).scalar() == "2");
    CHECK(tree.document(2).scalar() == "third");
    CHECK(compare_with_yaml_cpp(text) == "");
  }
}

TEST_CASE("yaml tree: syntax errors carry yaml-cpp's message and position") {
  YamlTree tree("a: [1, 2\nb: c\n");
  REQUIRE(tree.error());
  CHECK(tree.error()->message.rfind("YAML syntax: ", 0) == 0);
  CHECK(tree.error()->at.line > 0);
  YamlTree undefined("a: *nowhere\n");
  REQUIRE(undefined.error());
  CHECK(undefined.error()->message == "YAML syntax: the referenced anchor is not defined");
  for (const char* text : {"a: [1, 2\nb: c\n", "a: *nowhere\n", "- a\nb: c\n", "a: 'x\n",
                           "{a: b\n", "\t- x\n", "a: b: c\n", "? [a\n", "- !<x y\n"})
    CHECK_MESSAGE(compare_with_yaml_cpp(text) == "", text);
  // yaml-cpp's own nesting guard, far beyond the loader's --max-depth.
  std::string deep(3000, '[');
  CHECK(compare_with_yaml_cpp(deep) == "");
  YamlTree too_deep(deep);
  REQUIRE(too_deep.error());
  CHECK(too_deep.error()->message.rfind("nesting deeper than", 0) == 0);
}

TEST_CASE("yaml tree: edge cases read as yaml-cpp reads them") {
  const char* cases[] = {
      "",
      "~",
      "null",
      "''",
      "- \n- ~\n- null\n- ''\n- \"\"\n",
      "? complex\n: key\n? [a, b]\n: list key\n? {x: 1}\n",
      "a:\nb:\n  c:\n",
      "[a, b, {c: d}, [e]]\n",
      "{a: , b: ~, : c}\n",
      "- |\n  literal\n   kept\n- >-\n  folded\n  strip\n",
      "a: \"\\u00e9\\x41\\n\"\nb: 'é'\nc: é\n",
      "\xEF\xBB\xBF\x61: bom\n",  // \x61 is 'a' (a plain a would extend the escape)
      "a: b # comment\n# c\nd: e\n",
      "&a a: *a\n",
      "- &a !!map {x: 1}\n- *a\n- !tag &b [1]\n- *b\n",
      "a: 1\n---\nb: 2\n---\n",
      "--- !!set\n? a\n? b\n",
      "%YAML 1.2\n---\na: b\n",
      "a: multi\n  line\n  plain\n",
      "key with spaces: value with: colon\n",
      "- - - nested\n    - x\n  - y\n",
      "'quoted key': \"v\"\n\"k2\": 'v2'\n",
      "a: 1\r\nb: 2\r\n",
      "a: &x\nb: *x\n",
  };
  for (const char* text : cases) CHECK_MESSAGE(compare_with_yaml_cpp(text) == "", text);
}

TEST_CASE("yaml tree: every model and fuzz input in the repository reads as in yaml-cpp") {
  namespace fs = std::filesystem;
  fs::path root(DECOUPLE_SOURCE_DIR);
  size_t files = 0;
  for (const char* dir : {"models", "tests/data", "tests/fuzz/loader_fuzz", "docs"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      std::string ext = entry.path().extension().string();
      if (ext != ".yaml" && ext != "" && ext != ".yml") continue;
      if (entry.file_size() > (1u << 20)) continue;
      CAPTURE(entry.path().string());
      CHECK(compare_with_yaml_cpp(read_all(entry.path())) == "");
      ++files;
    }
  }
  CHECK(files > 10);
}

namespace {

// Random YAML: block and flow collections, every scalar style, comments,
// anchors and aliases to earlier anchors, tags, empty values, long keys.
class RandomYaml {
 public:
  explicit RandomYaml(uint32_t seed) : rng_(seed) {}

  std::string document() {
    out_.clear();
    anchors_ = 0;
    block(0, 0);
    return out_;
  }

 private:
  uint32_t pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_); }

  std::string scalar() {
    static const char* plain[] = {"a", "tsmc", "1.5", "-3", "true", "null", "~", "x y",
                                  "é", "a-b_c", "0x1F", "1e400", "nan", "2019-05-16"};
    switch (pick(8)) {
      case 0: return "\"q\\t" + std::string(plain[pick(14)]) + "\\\"\"";
      case 1: return "'s''" + std::string(plain[pick(14)]) + "'";
      case 2: return "!!str " + std::string(plain[pick(14)]);
      case 3: return "";
      default: return plain[pick(14)];
    }
  }
  std::string flow(int depth) {
    if (depth > 3 || pick(3) == 0) {
      if (anchors_ && pick(6) == 0) return "*a" + std::to_string(pick(anchors_));
      std::string s = scalar();
      return s.empty() ? "x" : s;
    }
    std::string s;
    if (pick(2)) {
      s = "[";
      for (uint32_t i = 0, n = pick(4); i < n; ++i) s += (i ? ", " : "") + flow(depth + 1);
      return s + "]";
    }
    s = "{";
    for (uint32_t i = 0, n = pick(4); i < n; ++i)
      s += (i ? ", " : "") + std::string("k") + std::to_string(pick(4)) + ": " + flow(depth + 1);
    return s + "}";
  }
  void value(int indent, int depth) {
    uint32_t choice = depth > 4 ? 0 : pick(6);
    std::string anchor;
    if (pick(8) == 0) anchor = "&a" + std::to_string(anchors_) + " ";
    if (choice <= 1) {
      std::string s = anchors_ && pick(8) == 0 ? "*a" + std::to_string(pick(anchors_))
                                                : anchor + (choice ? flow(depth) : scalar());
      out_ += " " + s + (pick(6) == 0 ? "  # note" : "") + "\n";
    } else if (choice == 2) {
      out_ += " " + anchor + "|\n" + std::string(indent + 2, ' ') + "lit\n" +
              std::string(indent + 2, ' ') + "eral\n";
    } else {
      out_ += anchor.empty() ? "\n" : " " + anchor + "\n";
      block(indent + 2, depth + 1);
    }
    if (!anchor.empty()) ++anchors_;
  }
  void block(int indent, int depth) {
    uint32_t n = 1 + pick(4);
    // A top-level map: yaml-cpp 0.7 never returns from some damaged
    // top-level lists ("- |\n,\n"), with or without this tree.
    bool list = depth > 0 && pick(2);
    for (uint32_t i = 0; i < n; ++i) {
      out_ += std::string(indent, ' ');
      if (list) {
        out_ += "-";
      } else {
        out_ += "k" + std::to_string(pick(5)) + ":";
      }
      value(indent, depth);
    }
  }

  std::mt19937 rng_;
  std::string out_;
  uint32_t anchors_ = 0;
};

}  // namespace

TEST_CASE("yaml tree: random YAML, whole and damaged, reads as in yaml-cpp") {
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    RandomYaml random(seed);
    std::string text = random.document();
    if (seed % 7 == 0) text += "---\n" + random.document();
    CAPTURE(text);
    CHECK(compare_with_yaml_cpp(text) == "");
    // Damage: drop, repeat or swap in a byte that YAML treats specially.
    std::mt19937 rng(seed);
    for (int k = 0; k < 3 && !text.empty(); ++k) {
      std::string damaged = text;
      size_t pos = std::uniform_int_distribution<size_t>(0, damaged.size() - 1)(rng);
      static const char kSpecial[] = "[]{}:-'\"&*!|>#, \n?";
      switch (rng() % 3) {
        case 0: damaged.erase(pos, 1); break;
        case 1: damaged.insert(pos, 1, kSpecial[rng() % (sizeof(kSpecial) - 1)]); break;
        default: damaged[pos] = kSpecial[rng() % (sizeof(kSpecial) - 1)]; break;
      }
      CAPTURE(damaged);
      CHECK(compare_with_yaml_cpp(damaged) == "");
    }
  }
}

TEST_CASE("yaml tree: generated models written and loaded back are unchanged, and read as in "
          "yaml-cpp") {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    GenerateOptions options;
    options.items = 12 + seed * 7;
    options.seed = seed;
    Model model = generate_model(options);
    std::string text = write_model_yaml(model);
    CHECK(compare_with_yaml_cpp(text) == "");
    Result<Model> loaded = load_model_from_string(text, "generated.yaml");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.errors()[0].str()));
    CHECK(model_difference(model, loaded.value()) == "");
  }
}
