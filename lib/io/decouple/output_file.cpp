#include "decouple/output_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace decouple {
namespace {

std::mutex g_inputs_lock;
std::vector<std::pair<dev_t, ino_t>> g_inputs;

bool is_input(const struct stat& st) {
  std::lock_guard<std::mutex> hold(g_inputs_lock);
  return std::find(g_inputs.begin(), g_inputs.end(), std::pair{st.st_dev, st.st_ino}) != g_inputs.end();
}

// Why `path` must not be replaced, or empty when it may (absent, or a
// regular file that is no input).
std::string refusal(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return {};
  if (S_ISLNK(st.st_mode)) return "it is a symbolic link; name the file it points to, or remove the link";
  if (S_ISDIR(st.st_mode)) return "it is a directory; name a file";
  if (!S_ISREG(st.st_mode))
    return "it is not a regular file (a FIFO, device or socket); use -o - for standard output";
  if (is_input(st)) return "the model was read from this file; refusing to overwrite an input";
  return {};
}

}  // namespace

void protect_input(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return;
  std::lock_guard<std::mutex> hold(g_inputs_lock);
  g_inputs.emplace_back(st.st_dev, st.st_ino);
}

std::string write_file_atomically(const std::string& path, std::string_view content) {
  if (std::string why = refusal(path); !why.empty()) return why;
  std::string temp = path + ".tmp-XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    if (errno == ENOENT) {
      // The usual cause is a typo in the folder: say that, not "no such file".
      size_t slash = path.rfind('/');
      std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
      return "the folder '" + dir + "' does not exist";
    }
    return std::string("cannot create a temporary file next to it: ") + std::strerror(errno);
  }
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return "cannot write: " + why;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  // mkstemp makes the file private; output files get the usual permissions.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return "cannot write: " + why;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    return "cannot replace the file: " + why;
  }
  return {};
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace decouple
