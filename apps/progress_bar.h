// A one-line progress bar redrawn on stderr, at most ten times a second,
// for the commands that run long (sweep, risk). Callers show it only when
// stderr is a terminal and --quiet is not given.
#ifndef DECOUPLE_APPS_PROGRESS_BAR_H_
#define DECOUPLE_APPS_PROGRESS_BAR_H_

#include <chrono>
#include <cstdio>
#include <string>

namespace decouple::app {

class ProgressBar {
 public:
  // `unit`: what is counted, plural ("runs", "worlds").
  explicit ProgressBar(std::string unit = "runs") : unit_(std::move(unit)) {}

  void operator()(size_t done, size_t total) {
    auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    constexpr int kWidth = 40;
    int filled = total ? static_cast<int>(kWidth * done / total) : kWidth;
    double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r[%s%s] %zu/%zu %s, %.1f s", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, ' ').c_str(), done, total, unit_.c_str(), seconds);
    if (done == total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  std::string unit_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace decouple::app

#endif  // DECOUPLE_APPS_PROGRESS_BAR_H_
