// A one-line progress bar redrawn on stderr, at most ten times a second,
// for the commands that run long (rank, chokepoints, trajectory, risk,
// sweep). It draws what the library reports through a Progress
// (decouple/progress.h): the stage, units done of total, seconds spent in
// the stage and, once a tenth of the stage is done or a second has passed,
// the time left at the stage's pace so far. The line is erased when a
// stage ends (done == total) and when the last copy of the bar goes, so
// the terminal keeps only the output and the messages. The first report always draws, so even a
// quick run shows one line (the pseudo-terminal test relies on that).
// Callers make one only when stderr is a terminal and --quiet is not given
// (ProgressOption in command.h).
#ifndef DECOUPLE_APPS_PROGRESS_BAR_H_
#define DECOUPLE_APPS_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace decouple::app {

class ProgressBar {
 public:
  void operator()(std::string_view stage, uint64_t done, uint64_t total) const {
    State& s = *state_;
    auto now = std::chrono::steady_clock::now();
    if (stage != s.stage) {
      s.stage = stage;
      s.stage_start = now;
      s.last = {};
    }
    if (done >= total) {
      // A finished stage leaves no line behind: whatever is printed before
      // the next stage (an error, a warning) starts on a clean line.
      if (s.drawn) std::fputs("\r\033[K", stderr);
      s.drawn = false;
      return;
    }
    if (now - s.last < std::chrono::milliseconds(100)) return;
    s.last = now;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(kWidth * done / total);
    double seconds = std::chrono::duration<double>(now - s.stage_start).count();
    std::string eta;
    if (done > 0 && (done * 10 >= total || seconds >= 1))
      eta = ", ETA " + duration(seconds * static_cast<double>(total - done) / static_cast<double>(done));
    // \033[K: clear what a longer earlier line left to the right.
    std::fprintf(stderr, "\r[%s%s] %llu/%llu %.*s, %s%s\033[K", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, ' ').c_str(), static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total), static_cast<int>(stage.size()), stage.data(),
                 duration(seconds).c_str(), eta.c_str());
    std::fflush(stderr);
    s.drawn = true;
  }

 private:
  struct State {
    std::string stage;
    std::chrono::steady_clock::time_point stage_start{};
    std::chrono::steady_clock::time_point last{};
    bool drawn = false;
    ~State() {
      if (drawn) std::fputs("\r\033[K", stderr);
    }
  };

  static std::string duration(double seconds) {
    char text[32];
    if (seconds < 60)
      std::snprintf(text, sizeof text, "%.1f s", seconds);
    else
      std::snprintf(text, sizeof text, "%d min %02d s", static_cast<int>(seconds) / 60,
                    static_cast<int>(seconds) % 60);
    return text;
  }

  // Shared by the copies a std::function makes, so the stage and its clock
  // survive them and the line is erased once.
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace decouple::app

#endif  // DECOUPLE_APPS_PROGRESS_BAR_H_
