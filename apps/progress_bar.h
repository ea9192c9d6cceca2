// A one-line progress bar redrawn on stderr, at most ten times a second,
// for the commands that run long (rank, chokepoints, trajectory, risk,
// sweep). It draws what the library reports through a Progress
// (decouple/progress.h): the stage, units done of total, seconds spent in
// the stage and, once a tenth of the stage is done or a second has passed,
// the time left at the stage's pace so far; and a live count (total
// kNoTotal: decision-diagram nodes made inside one long gate) after it,
// or alone with its own time when no stage is under way. The line is erased when a
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

#include <fmt/format.h>

#include "decouple/progress.h"

namespace decouple::app {

class ProgressBar {
 public:
  void operator()(std::string_view stage, uint64_t done, uint64_t total) const {
    State& s = *state_;
    auto now = std::chrono::steady_clock::now();
    if (total == kNoTotal) {
      // A live count: the first of its kind draws at once (so a run that
      // reaches it shows it, whatever the clock says), later ones as any
      // redraw does.
      bool first = stage != s.live_stage;
      if (first) {
        s.live_stage = stage;
        s.live_start = now;
      }
      s.live_done = done;
      if (!first && now - s.last < std::chrono::milliseconds(100)) return;
      draw(now);
      return;
    }
    if (stage != s.stage) {
      s.stage = stage;
      s.stage_start = now;
      s.last = {};
      s.live_stage.clear();
    }
    s.done = done;
    s.total = total;
    if (done >= total) {
      // A finished stage leaves no line behind: whatever is printed before
      // the next stage (an error, a warning) starts on a clean line.
      if (s.drawn) std::fputs("\r\033[K", stderr);
      s.drawn = false;
      s.total = 0;
      s.live_stage.clear();
      return;
    }
    if (now - s.last < std::chrono::milliseconds(100)) return;
    draw(now);
  }

 private:
  struct State {
    std::string stage;
    uint64_t done = 0;
    uint64_t total = 0;  // 0: no stage under way
    std::chrono::steady_clock::time_point stage_start{};
    std::chrono::steady_clock::time_point last{};
    std::string live_stage;  // empty: no live count in this stage
    uint64_t live_done = 0;
    std::chrono::steady_clock::time_point live_start{};
    bool drawn = false;
    ~State() {
      if (drawn) std::fputs("\r\033[K", stderr);
    }
  };

  void draw(std::chrono::steady_clock::time_point now) const {
    State& s = *state_;
    s.last = now;
    std::string live;
    if (!s.live_stage.empty()) live = fmt::format("{} {}", s.live_done, s.live_stage);
    std::string line;
    if (s.total > 0) {
      constexpr int kWidth = 30;
      int filled = static_cast<int>(kWidth * s.done / s.total);
      double seconds = std::chrono::duration<double>(now - s.stage_start).count();
      std::string eta;
      if (s.done > 0 && (s.done * 10 >= s.total || seconds >= 1))
        eta = ", ETA " + duration(seconds * static_cast<double>(s.total - s.done) / static_cast<double>(s.done));
      line = fmt::format("[{}{}] {}/{} {}, {}{}", std::string(filled, '#'), std::string(kWidth - filled, ' '),
                         s.done, s.total, s.stage, duration(seconds), eta);
      if (!live.empty()) line += "; " + live;
    } else {
      // Only a live count: how many so far, and for how long.
      line = fmt::format("[{}] {}, {}", std::string(30, '.'), live,
                         duration(std::chrono::duration<double>(now - s.live_start).count()));
    }
    // \033[K: clear what a longer earlier line left to the right.
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    std::fflush(stderr);
    s.drawn = true;
  }

  static std::string duration(double seconds) {
    if (seconds < 60) return fmt::format("{:.1f} s", seconds);
    return fmt::format("{} min {:02} s", static_cast<int>(seconds) / 60, static_cast<int>(seconds) % 60);
  }

  // Shared by the copies a std::function makes, so the stage and its clock
  // survive them and the line is erased once.
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace decouple::app

#endif  // DECOUPLE_APPS_PROGRESS_BAR_H_
