// Loading YAML (issues 7 and 9): throughput and peak memory of the model
// loader's YAML stage, against yaml-cpp's node tree (YAML::LoadAll, what the
// loader built before YamlTree) measured in the same run.
//
//   yaml_load_bench [--sizes 10000,100000] [--data DIR] [--peak-only]
//                   [--yaml-cpp-max N] [Google Benchmark flags]
//
// Part 1 (peak memory): for each size, a generated model (seed 1, written as
// one YAML file into DIR, reused by later runs) is read by a child process
// (this binary again) that does one thing and exits; its wall time and peak
// resident set come from wait4(). Modes: `read` (the file only: the floor),
// `yaml-cpp` (YAML::LoadAll; only up to --yaml-cpp-max items, default
// 100,000: at 1M items it needs about 14 GB), `tree` (YamlTree) and `load` (the whole
// load_model(path): reading, tree, checks and the Model). The `load` of the
// code before YamlTree is the `decouple compile` line of docs/performance.md. Printed as a Markdown table.
// Part 2 (throughput): the same three in-process under Google Benchmark, on
// the text in memory, in MB/s (bytes_per_second).
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "decouple/generate.h"
#include "decouple/loader.h"
#include "decouple/model_writer.h"
#include "decouple/yaml_tree.h"
#include "decouple/yaml_tree_oracle.h"

extern char** environ;

using namespace decouple;
namespace fs = std::filesystem;

namespace {

// One allocation of the exact size, as load_model() reads: a stringstream
// would hold several copies at its peak and blur the figures.
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<size_t>(fs::file_size(path)), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  return text;
}

void generate_file(uint32_t items, const std::string& path) {
  GenerateOptions options;
  options.items = items;
  options.seed = 1;
  std::string text = write_model_yaml(generate_model(options));
  std::ofstream(path, std::ios::binary) << text;
}

// The child: one mode on one file. Exit status 0 when it worked.
int run_child(const std::string& mode, const std::string& path) {
  std::string text = read_file(path);
  if (mode == "read") return text.empty() ? 1 : 0;
  if (mode == "yaml-cpp") return build_yaml_cpp_tree(text) == 1 ? 0 : 1;
  if (mode == "tree") {
    YamlTree tree(text);
    return tree.error() || tree.document_count() != 1 ? 1 : 0;
  }
  if (mode == "load") {
    text = std::string();  // load_model reads the file itself
    return load_model(path).ok() ? 0 : 1;
  }
  return 2;
}

struct Peak {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system: steadier than wall time on a busy machine
  double peak_mb = 0;
  bool ok = false;
};

Peak spawn(const char* self, std::vector<std::string> args) {
  args.insert(args.begin(), self);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, self, nullptr, nullptr, argv.data(), environ) != 0) return {};
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return {};
  Peak p;
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  p.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  p.peak_mb = usage.ru_maxrss / 1024.0;  // kB on Linux
  p.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return p;
}

Peak measure(const char* self, const std::string& mode, const std::string& path) {
  return spawn(self, {"--child", mode, path});
}

// Generated in a child: the parent's own peak would otherwise show in every
// child's (a spawned child starts with its parent's high-water mark).
std::string model_file(const char* self, const std::string& dir, uint32_t items) {
  fs::create_directories(dir);
  std::string path = fmt::format("{}/yaml-load-{}.yaml", dir, items);
  if (!fs::exists(path)) spawn(self, {"--generate", std::to_string(items), path});
  return path;
}

std::vector<uint32_t> g_sizes = {10000, 100000};
std::string g_data = "bench-data";
uint32_t g_yaml_cpp_max = 100000;
std::vector<std::string> g_texts;

void report_peaks(const char* self) {
  std::printf("| items | file MB | mode | wall s | CPU s | MB/s (CPU) | peak RSS MB | peak / file |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (uint32_t items : g_sizes) {
    std::string path = model_file(self, g_data, items);
    double file_mb = static_cast<double>(fs::file_size(path)) / (1024.0 * 1024.0);
    for (std::string mode : {"read", "yaml-cpp", "tree", "load"}) {
      if (mode == "yaml-cpp" && items > g_yaml_cpp_max) continue;
      Peak p = measure(self, mode, path);
      std::printf("| %u | %.1f | %s | %.2f | %.2f | %.2f | %.0f | %.1fx |%s\n", items, file_mb,
                  mode.c_str(), p.seconds, p.cpu_seconds, file_mb / p.cpu_seconds, p.peak_mb,
                  p.peak_mb / file_mb, p.ok ? "" : " (failed)");
      std::fflush(stdout);
    }
  }
}

void BM_YamlCppTree(benchmark::State& state) {
  const std::string& text = g_texts[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(build_yaml_cpp_tree(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_YamlTree(benchmark::State& state) {
  const std::string& text = g_texts[state.range(0)];
  for (auto _ : state) {
    YamlTree tree(text);
    benchmark::DoNotOptimize(tree.node_count());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_LoadModel(benchmark::State& state) {
  const std::string& text = g_texts[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(load_model_from_string(text, "bench.yaml").ok());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--child") == 0) return run_child(argv[2], argv[3]);
  if (argc == 4 && std::strcmp(argv[1], "--generate") == 0) {
    generate_file(static_cast<uint32_t>(std::stoul(argv[2])), argv[3]);
    return 0;
  }
  bool peak_only = false;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--sizes" && i + 1 < argc) {
      g_sizes.clear();
      std::stringstream list(argv[++i]);
      for (std::string n; std::getline(list, n, ',');) g_sizes.push_back(std::stoul(n));
    } else if (a == "--data" && i + 1 < argc) {
      g_data = argv[++i];
    } else if (a == "--yaml-cpp-max" && i + 1 < argc) {
      g_yaml_cpp_max = static_cast<uint32_t>(std::stoul(argv[++i]));
    } else if (a == "--peak-only") {
      peak_only = true;
    } else {
      rest.push_back(argv[i]);
    }
  }
  // /proc/self/exe: the child must be this very binary.
  std::string self = fs::read_symlink("/proc/self/exe").string();
  report_peaks(self.c_str());
  if (peak_only) return 0;
  for (uint32_t items : g_sizes) {
    if (items > 100000) continue;  // in-process repeats: keep the run short
    g_texts.push_back(read_file(model_file(self.c_str(), g_data, items)));
    int64_t index = static_cast<int64_t>(g_texts.size() - 1);
    std::string suffix = fmt::format("/{}", items);
    benchmark::RegisterBenchmark(("yaml_cpp_tree" + suffix).c_str(), BM_YamlCppTree)
        ->Arg(index)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("yaml_tree" + suffix).c_str(), BM_YamlTree)
        ->Arg(index)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("load_model" + suffix).c_str(), BM_LoadModel)
        ->Arg(index)->Unit(benchmark::kMillisecond);
  }
  int bench_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&bench_argc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
