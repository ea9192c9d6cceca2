// Shared by the scale and memory benchmarks (issue 7, issue 19): the
// hand-written CSR baseline every decouple figure is measured against, and
// a launcher that runs a child process and reads its wall time and peak
// resident set. Header-only; each bench binary includes it once.
#ifndef DECOUPLE_BENCH_SCALE_SUPPORT_H_
#define DECOUPLE_BENCH_SCALE_SUPPORT_H_

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace decouple::bench {

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// ---------------------------------------------------------------------------
// The baseline: what a careful programmer writes in an afternoon. Reads the
// same CSV tables (no quoting: the generated files need none), interns ids
// in std::unordered_map over views of the file text, builds CSR arrays and
// propagates bans with a counter per need and a worklist.
struct Baseline {
  std::string items_text, needs_text, options_text;  // owns the views below
  std::unordered_map<std::string_view, uint32_t> item_ids, firm_ids;
  std::vector<uint32_t> maker;                        // per item
  std::vector<uint32_t> need_item;                    // per need
  std::vector<uint8_t> need_critical;                 // per need
  std::vector<uint32_t> need_current;                 // per need: current options
  std::vector<uint32_t> user_start, user_need;        // CSR: supplier item -> needs (current)
  std::vector<uint32_t> made_start, made;             // CSR: firm -> items
  size_t options = 0;

  // The fields of one line, split at commas.
  static void split(std::string_view line, std::vector<std::string_view>& out) {
    out.clear();
    size_t at = 0;
    while (true) {
      size_t comma = line.find(',', at);
      out.push_back(line.substr(at, comma - at));
      if (comma == std::string_view::npos) break;
      at = comma + 1;
    }
  }
  template <typename F>
  static void each_row(const std::string& text, F&& f) {
    std::vector<std::string_view> fields;
    size_t at = text.find('\n') + 1;  // skip the header
    while (at < text.size()) {
      size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      split(std::string_view(text).substr(at, end - at), fields);
      f(fields);
      at = end + 1;
    }
  }

  void load(const std::string& stem) {
    items_text = read_file(stem + ".items.csv");
    needs_text = read_file(stem + ".needs.csv");
    options_text = read_file(stem + ".options.csv");
    // items: id,name,maker,...
    each_row(items_text, [&](const std::vector<std::string_view>& f) {
      uint32_t item = static_cast<uint32_t>(maker.size());
      item_ids.emplace(f[0], item);
      auto [it, added] = firm_ids.emplace(f[2], static_cast<uint32_t>(firm_ids.size()));
      maker.push_back(it->second);
    });
    // needs: item,need,critical,... ; an item's needs by name, for options.
    std::vector<std::vector<std::pair<std::string_view, uint32_t>>> needs_of(maker.size());
    each_row(needs_text, [&](const std::vector<std::string_view>& f) {
      uint32_t item = item_ids.at(f[0]);
      uint32_t need = static_cast<uint32_t>(need_item.size());
      needs_of[item].emplace_back(f[1], need);
      need_item.push_back(item);
      need_critical.push_back(f[2] != "false");
      need_current.push_back(0);
    });
    // options: item,need,option,status,...
    std::vector<std::pair<uint32_t, uint32_t>> edges;  // supplier item, need
    each_row(options_text, [&](const std::vector<std::string_view>& f) {
      ++options;
      if (f[3] == "alternative") return;  // never keeps an item alive
      uint32_t item = item_ids.at(f[0]);
      uint32_t need = 0;
      for (auto& [name, n] : needs_of[item])
        if (name == f[1]) need = n;
      ++need_current[need];
      edges.emplace_back(item_ids.at(f[2]), need);
    });
    user_start.assign(maker.size() + 1, 0);
    for (auto& [supplier, need] : edges) ++user_start[supplier + 1];
    for (size_t i = 1; i < user_start.size(); ++i) user_start[i] += user_start[i - 1];
    user_need.resize(edges.size());
    std::vector<uint32_t> next(user_start.begin(), user_start.end() - 1);
    for (auto& [supplier, need] : edges) user_need[next[supplier]++] = need;
    made_start.assign(firm_ids.size() + 1, 0);
    for (uint32_t m : maker) ++made_start[m + 1];
    for (size_t i = 1; i < made_start.size(); ++i) made_start[i] += made_start[i - 1];
    made.resize(maker.size());
    next.assign(made_start.begin(), made_start.end() - 1);
    for (uint32_t i = 0; i < maker.size(); ++i) made[next[maker[i]]++] = i;
  }

  // Scratch state, reused between evaluations.
  std::vector<uint32_t> live;
  std::vector<uint8_t> lost;
  std::vector<uint32_t> work;

  size_t propagate(const std::vector<uint32_t>& banned_firms) {
    live = need_current;
    lost.assign(maker.size(), 0);
    work.clear();
    for (uint32_t f : banned_firms)
      for (uint32_t k = made_start[f]; k < made_start[f + 1]; ++k)
        if (!lost[made[k]]) {
          lost[made[k]] = 1;
          work.push_back(made[k]);
        }
    for (size_t head = 0; head < work.size(); ++head) {
      uint32_t item = work[head];
      for (uint32_t k = user_start[item]; k < user_start[item + 1]; ++k) {
        uint32_t need = user_need[k];
        if (--live[need] == 0 && need_critical[need] && !lost[need_item[need]]) {
          lost[need_item[need]] = 1;
          work.push_back(need_item[need]);
        }
      }
    }
    return work.size();
  }
};

// ---------------------------------------------------------------------------
// Child processes: wall time and peak resident set of a decouple command.

struct ChildRun {
  double seconds = 0;
  double peak_mb = 0;
  int status = -1;
};

// Children are started by a launcher process forked at startup, while this
// process is still small. The kernel records, when a process execs, the
// high-water mark of the address space it leaves; a child spawned directly
// from here once a 1M-item model is loaded would report this process's
// peak (about 1.5 GB) as its own. The launcher stays a few MB, so wait4()
// there measures the child alone. Protocol over two pipes: the argument
// count, then each argument as length + bytes; the answer is a ChildRun.
class Launcher {
 public:
  // Forks the launcher; call before loading anything large.
  Launcher() {
    int request[2], answer[2];
    if (pipe(request) != 0 || pipe(answer) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      close(request[1]);
      close(answer[0]);
      serve(request[0], answer[1]);
      _exit(0);
    }
    close(request[0]);
    close(answer[1]);
    to_ = request[1];
    from_ = answer[0];
  }
  ~Launcher() {
    if (pid_ <= 0) return;
    close(to_);  // end of requests: the launcher exits
    close(from_);
    waitpid(pid_, nullptr, 0);
  }
  Launcher(const Launcher&) = delete;
  Launcher& operator=(const Launcher&) = delete;

  ChildRun run(const std::vector<std::string>& argv) {
    ChildRun run;
    if (pid_ <= 0) return run;
    uint32_t count = argv.size();
    bool ok = put(to_, &count, sizeof count);
    for (const std::string& a : argv) {
      uint32_t length = a.size();
      ok = ok && put(to_, &length, sizeof length) && put(to_, a.data(), length);
    }
    if (!ok || !get(from_, &run, sizeof run)) run.status = -1;
    return run;
  }

 private:
  static bool put(int fd, const void* data, size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
      ssize_t n = write(fd, p, size);
      if (n <= 0) return false;
      p += n;
      size -= n;
    }
    return true;
  }
  static bool get(int fd, void* data, size_t size) {
    char* p = static_cast<char*>(data);
    while (size > 0) {
      ssize_t n = read(fd, p, size);
      if (n <= 0) return false;
      p += n;
      size -= n;
    }
    return true;
  }
  static void serve(int in, int out) {
    for (uint32_t count; get(in, &count, sizeof count);) {
      std::vector<std::string> argv(count);
      for (std::string& a : argv) {
        uint32_t length = 0;
        if (!get(in, &length, sizeof length)) return;
        a.resize(length);
        if (!get(in, a.data(), length)) return;
      }
      ChildRun run = spawn(argv);
      if (!put(out, &run, sizeof run)) return;
    }
  }
  static ChildRun spawn(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    ChildRun run;
    auto start = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) == 0) {
      int status = 0;
      struct rusage usage {};
      wait4(pid, &status, 0, &usage);
      run.seconds = seconds_since(start);
      run.peak_mb = usage.ru_maxrss / 1024.0;
      run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    return run;
  }

  pid_t pid_ = -1;
  int to_ = -1, from_ = -1;
};

}  // namespace decouple::bench

#endif  // DECOUPLE_BENCH_SCALE_SUPPORT_H_
