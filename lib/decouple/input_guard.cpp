#include "decouple/input_guard.h"

#include <sstream>
#include <unordered_map>
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

Diagnostics check_text_encoding(std::string_view text, const std::string& file) {
  unsigned line = 1, column = 1;
  for (size_t i = 0; i < text.size();) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if (b == 0)
      return {{file, line, column, "the file holds a NUL byte: it is binary, not a YAML model"}};
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
    if (!ok)
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
