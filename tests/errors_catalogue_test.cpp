// Walks docs/errors.md: every ```yaml example followed by an ```error block
// must produce exactly those errors (message, line, column) — the page is
// the specification of the loader's diagnostics and must not drift.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "decouple/loader.h"

using namespace decouple;

namespace {

// The page writes bytes that markdown cannot hold as escapes.
std::string unescape(std::string text) {
  for (auto [from, to] : {std::pair<std::string, std::string>{"\\0", std::string(1, '\0')},
                          {"\\xE9", "\xe9"}}) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
  return text;
}

std::string block_after(const std::string& page, const std::string& fence, size_t& at) {
  size_t start = page.find(fence, at);
  if (start == std::string::npos) return {};
  start += fence.size();
  size_t end = page.find("```\n", start);
  at = end + 4;
  return page.substr(start, end - start);
}

}  // namespace

TEST_CASE("every example in docs/errors.md gives exactly its listed errors") {
  std::ifstream in(std::filesystem::path(DECOUPLE_SOURCE_DIR) / "docs/errors.md");
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string page = buffer.str();
  size_t at = 0;
  int checked = 0;
  while (true) {
    size_t yaml_at = page.find("```yaml\n", at);
    if (yaml_at == std::string::npos) break;
    at = yaml_at;
    std::string example = block_after(page, "```yaml\n", at);
    size_t next_yaml = page.find("```yaml\n", at);
    size_t error_at = page.find("```error\n", at);
    REQUIRE(error_at != std::string::npos);
    REQUIRE((next_yaml == std::string::npos || error_at < next_yaml));
    at = error_at;
    std::string expected = block_after(page, "```error\n", at);
    // Examples too long for the page are generated in input_guard_test.cpp.
    if (example.find("# ... (generated") != std::string::npos) continue;
    CAPTURE(example);
    Result<Model> r = load_model_from_string(unescape(example), "example.yaml");
    REQUIRE_FALSE(r.ok());
    std::string got;
    for (const Diagnostic& d : r.errors()) got += d.str() + "\n";
    CHECK(got == expected);
    ++checked;
  }
  CHECK(checked >= 30);
}
