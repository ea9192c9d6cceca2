#include "decouple/input_guard.h"

#include <cstring>

#include <sstream>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/anchor.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace decouple {
namespace {

// Thrown from the event handler to stop the parser at the first violation.
struct Violation {
  YAML::Mark mark;
  std::string message;
};

class ShapeChecker : public YAML::EventHandler {
 public:
  explicit ShapeChecker(const LoadLimits& limits) : limits_(limits) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      throw Violation{mark, "a model file holds one YAML document; this is a second one"};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchor_size_.find(anchor);
    uint64_t size = it == anchor_size_.end() ? 1 : it->second;
    add(mark, size);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  void add(const YAML::Mark& mark, uint64_t nodes) {
    expanded_ += nodes;
    if (expanded_ > limits_.max_nodes)
      throw Violation{mark, fmt::format("the document expands to more than {} YAML nodes once "
                                        "aliases are followed (an alias bomb?); the limit is "
                                        "--max-nodes",
                                        limits_.max_nodes)};
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    add(mark, 1);
    if (anchor) anchor_size_[anchor] = 1;
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    add(mark, 1);
    if (stack_.size() >= limits_.max_depth)
      throw Violation{mark, fmt::format("nesting deeper than {} levels (the limit is --max-depth)",
                                        limits_.max_depth)};
    stack_.push_back({anchor, expanded_ - 1});
  }
  void close() {
    Open top = stack_.back();
    stack_.pop_back();
    if (top.anchor) anchor_size_[top.anchor] = expanded_ - top.start;
  }

  struct Open {
    YAML::anchor_t anchor;
    uint64_t start;
  };
  const LoadLimits& limits_;
  std::vector<Open> stack_;
  std::unordered_map<YAML::anchor_t, uint64_t> anchor_size_;
  uint64_t expanded_ = 0;
  int documents_ = 0;
};

}  // namespace

size_t utf8_length_at(std::string_view text, size_t i) {
  unsigned char b = static_cast<unsigned char>(text[i]);
  size_t len = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  bool ok = len != 0 && i + len <= text.size();
  for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
  if (ok && len > 1) {
    // Reject overlong forms and surrogates, as UTF-8 requires.
    uint32_t c = b & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    ok = c >= kMin[len] && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
  }
  return ok ? len : 0;
}

bool is_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    // ASCII 8 bytes at a time (a snapshot checks 13 MB of ids this way).
    if (text.size() - i >= 8) {
      uint64_t w;
      std::memcpy(&w, text.data() + i, sizeof w);
      if ((w & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    } else {
      // The last few bytes (most of a short id) in one test too.
      unsigned char any = 0;
      for (size_t k = i; k < text.size(); ++k) any |= static_cast<unsigned char>(text[k]);
      if (any < 0x80) return true;
    }
    size_t len = utf8_length_at(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

Diagnostics check_text_encoding(std::string_view text, const std::string& file) {
  unsigned line = 1, column = 1;
  for (size_t i = 0; i < text.size();) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if (b == 0)
      return {{file, line, column, "the file holds a NUL byte: it is binary, not a YAML model"}};
    size_t len = utf8_length_at(text, i);
    if (len == 0)
      return {{file, line, column, fmt::format("invalid UTF-8 (byte 0x{:02X}): models must be UTF-8 text", b)}};
    if (b == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += len;
  }
  return {};
}

Diagnostics check_flow_buffering(std::string_view text, const std::string& file) {
  const uint64_t budget = kFlowBudgetPerByte * text.size() + kFlowBudgetBase;
  const size_t n = text.size();
  auto position = [&](size_t offset) {
    unsigned line = 1, column = 1;
    for (size_t k = 0; k < offset; ++k) {
      if (text[k] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return std::pair{line, column};
  };
  // Block context: a flow collection starts where a value does, after
  // indentation, "- " and "key: ". Flow context: brackets, quotes and
  // comments, until the outermost collection closes. A rough lexer: what
  // it misses goes to the parser unchecked, as every file did before.
  size_t i = 0;
  while (i < n) {
    size_t eol = text.find('\n', i);
    if (eol == std::string_view::npos) eol = n;
    size_t p = i;
    auto skip_blanks = [&] { while (p < eol && (text[p] == ' ' || text[p] == '\t')) ++p; };
    skip_blanks();
    while (p + 1 < eol && text[p] == '-' && (text[p + 1] == ' ' || text[p + 1] == '\t')) {
      p += 2;
      skip_blanks();
    }
    if (p < eol && text[p] != '[' && text[p] != '{' && text[p] != '#' && text[p] != '"' && text[p] != '\'') {
      size_t colon = text.find(": ", p);
      p = colon == std::string_view::npos || colon >= eol ? eol : colon + 2;
      skip_blanks();
    }
    if (p >= eol || (text[p] != '[' && text[p] != '{')) {
      i = eol + 1;
      continue;
    }
    // Flow context from p to the matching close.
    std::vector<char> stack;
    size_t maps = 0;           // '{' on the stack
    size_t held_level = 0;     // stack depth of the held collection; 0: none
    size_t held_start = 0;
    uint64_t entries = 0;
    size_t k = p;
    for (; k < n; ++k) {
      char c = text[k];
      if (c == '"') {
        for (++k; k < n && text[k] != '"'; ++k)
          if (text[k] == '\\') ++k;
      } else if (c == '\'' && k > 0 && std::string_view("[{,: \t\n").find(text[k - 1]) != std::string_view::npos) {
        for (++k; k < n; ++k) {
          if (text[k] != '\'') continue;
          if (k + 1 < n && text[k + 1] == '\'') { ++k; continue; }
          break;
        }
      } else if (c == '#' && (text[k - 1] == ' ' || text[k - 1] == '\t')) {
        while (k < n && text[k] != '\n') ++k;
      } else if (c == '[' || c == '{') {
        if (maps > 0 && held_level == 0) {
          held_level = stack.size() + 1;
          held_start = k;
          entries = 1;
        }
        stack.push_back(c);
        maps += c == '{';
      } else if (c == ']' || c == '}') {
        if (stack.empty()) break;
        maps -= stack.back() == '{';
        if (stack.size() == held_level) held_level = 0;
        stack.pop_back();
        if (stack.empty()) break;
      } else if (c == ',' && held_level != 0) {
        if (++entries * kFlowBytesPerEntry > budget) {
          auto [line, column] = position(held_start);
          return {{file, line, column,
                   fmt::format("a flow collection with more than {} entries inside a flow map: the YAML "
                               "parser holds all of them until it closes (about {} bytes each), over "
                               "this file's memory budget of {} MB; write it as a block list, one "
                               "'- entry' per line",
                               entries - 1, kFlowBytesPerEntry, budget >> 20)}};
        }
      }
    }
    i = k < n ? k + 1 : n;
  }
  return {};
}

Diagnostics check_yaml_shape(std::string_view text, const std::string& file,
                             const LoadLimits& limits) {
  std::istringstream in{std::string(text)};
  ShapeChecker checker(limits);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(checker)) {
    }
  } catch (const Violation& v) {
    return {{file, static_cast<unsigned>(v.mark.line + 1), static_cast<unsigned>(v.mark.column + 1),
             v.message}};
  } catch (const YAML::Exception&) {
    // Syntax errors: the full parse reports them with its own message.
  }
  return {};
}

}  // namespace decouple
