#include "decouple/graphviz.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include <fmt/format.h>

extern char** environ;

namespace decouple {
namespace {

constexpr std::string_view kInstallHint =
    "Graphviz 'dot' was not found on PATH; install the Debian package graphviz "
    "(scripts/install-deps.sh does), or use --format dot and render it elsewhere";

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A private scratch directory, removed with its files when done.
class ScratchDir {
 public:
  ScratchDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/decouple-dot-XXXXXX";
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    for (const char* name : {"/in.dot", "/out", "/err"}) ::unlink((path_ + name).c_str());
    ::rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The first line of dot's complaint, for a one-line error.
std::string first_line(std::string text) {
  size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text;
}

}  // namespace

bool graphviz_available() {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string_view rest(path);
  while (true) {
    size_t colon = rest.find(':');
    std::string_view dir = rest.substr(0, colon);
    // Built in one step: GCC 12 at -O3 warns falsely (-Wstringop-overflow)
    // when an empty std::string is assigned "." and then appended to.
    std::string candidate = fmt::format("{}/dot", dir.empty() ? std::string_view(".") : dir);
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) return false;
    rest.remove_prefix(colon + 1);
  }
}

namespace {
GraphvizResult render_once(std::string_view dot_text, std::string_view format,
                           unsigned timeout_seconds);

// The text without its `{ rank=same; ... }` lines (the tier columns).
std::string without_rank_constraints(std::string_view dot_text) {
  std::string out;
  size_t start = 0;
  while (start < dot_text.size()) {
    size_t end = dot_text.find('\n', start);
    end = end == std::string_view::npos ? dot_text.size() : end + 1;
    std::string_view line = dot_text.substr(start, end - start);
    if (!line.starts_with("  { rank=same;")) out += line;
    start = end;
  }
  return out;
}
}  // namespace

// dot's layout of clusters with rank=same across them hits a known
// Graphviz failure ("trouble in init_rank") on some graphs; the tier
// columns are a nicety, so the picture is drawn again without them.
GraphvizResult render_graphviz(std::string_view dot_text, std::string_view format,
                               unsigned timeout_seconds) {
  GraphvizResult result = render_once(dot_text, format, timeout_seconds);
  if (!result.ok() && result.error.find("trouble in init_rank") != std::string::npos)
    return render_once(without_rank_constraints(dot_text), format, timeout_seconds);
  return result;
}

namespace {
GraphvizResult render_once(std::string_view dot_text, std::string_view format,
                           unsigned timeout_seconds) {
  GraphvizResult result;
  if (!graphviz_available()) {
    result.error = std::string(kInstallHint);
    result.missing = true;
    return result;
  }
  ScratchDir scratch;
  if (scratch.path().empty()) {
    result.error = fmt::format("cannot create a temporary directory: {}", std::strerror(errno));
    return result;
  }
  const std::string input = scratch.path() + "/in.dot";
  const std::string output = scratch.path() + "/out";
  const std::string errors = scratch.path() + "/err";
  {
    std::ofstream out(input, std::ios::binary);
    out.write(dot_text.data(), static_cast<std::streamsize>(dot_text.size()));
    if (!out) {
      result.error = fmt::format("cannot write {}", input);
      return result;
    }
  }
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&files, 2, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string type = fmt::format("-T{}", format);
  char* argv[] = {const_cast<char*>("dot"), type.data(), const_cast<char*>(input.c_str()), nullptr};
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, "dot", &files, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&files);
  if (spawned != 0) {
    result.error = spawned == ENOENT ? std::string(kInstallHint)
                                     : fmt::format("cannot run dot: {}", std::strerror(spawned));
    result.missing = spawned == ENOENT;
    return result;
  }
  // Poll rather than block, so a runaway layout can be stopped.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      result.error = fmt::format("waiting for dot: {}", std::strerror(errno));
      return result;
    }
    if (timeout_seconds && std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      result.error = fmt::format("dot took longer than {} s; draw less (--focus ITEM --depth N)",
                                 timeout_seconds);
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string complaint = first_line(read_all(errors));
    result.error = complaint.empty() ? "dot failed" : "dot failed: " + complaint;
    return result;
  }
  result.output = read_all(output);
  return result;
}
}  // namespace

std::string inline_svg(std::string_view svg_document) {
  size_t start = svg_document.find("<svg");
  size_t end = svg_document.rfind("</svg>");
  if (start == std::string_view::npos || end == std::string_view::npos || end < start) return {};
  return std::string(svg_document.substr(start, end + 6 - start));
}

}  // namespace decouple
