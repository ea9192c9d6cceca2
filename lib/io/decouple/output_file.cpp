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

#include "decouple/write_all.h"

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

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (std::string why = refusal(path_); !why.empty()) {
    error_ = std::move(why);
    return;
  }
  temp_ = path_ + ".tmp-XXXXXX";
  fd_ = mkstemp(temp_.data());
  if (fd_ < 0) {
    temp_.clear();
    if (errno == ENOENT) {
      // The usual cause is a typo in the folder: say that, not "no such file".
      size_t slash = path_.rfind('/');
      std::string dir = slash == std::string::npos ? "." : path_.substr(0, slash == 0 ? 1 : slash);
      error_ = "the folder '" + dir + "' does not exist";
    } else {
      error_ = std::string("cannot create a temporary file next to it: ") + std::strerror(errno);
    }
  }
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::fail(std::string why) {
  error_ = std::move(why);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

void AtomicFile::write(std::string_view content) {
  if (!ok()) return;
  if (int error = write_all(fd_, content.data(), content.size()))
    fail("cannot write: " + std::string(std::strerror(error)));
}

void AtomicFile::write_at(uint64_t at, std::string_view content) {
  if (!ok()) return;
  if (int error = write_all_at(fd_, content.data(), content.size(), at))
    fail("cannot write: " + std::string(std::strerror(error)));
}

const std::string& AtomicFile::commit() {
  if (!ok() || committed_) return error_;
  // mkstemp makes the file private; output files get the usual permissions.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd_, 0666 & ~mask);
  int why = ::fsync(fd_) != 0 ? errno : 0;
  if (::close(fd_) != 0 && why == 0) why = errno;
  fd_ = -1;
  if (why != 0) {
    fail("cannot write: " + std::string(std::strerror(why)));
    return error_;
  }
  if (std::rename(temp_.c_str(), path_.c_str()) != 0) {
    fail("cannot replace the file: " + std::string(std::strerror(errno)));
    return error_;
  }
  committed_ = true;
  return error_;
}

std::string write_file_atomically(const std::string& path, std::string_view content) {
  AtomicFile file(path);
  file.write(content);
  return file.commit();
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace decouple
