// Memory benchmark (issue 19): what a model costs per record, and the peak
// resident set of `decouple impact` against the hand-written CSR baseline
// (scale_support.h), all from one run on one generated model.
//
//   memory_bench [--items 1000000] [--data DIR] [--decouple BIN]
//
// (defaults: 1M items, ./scale-data as scale_bench, the decouple binary of
// the same build folder)
//
// Prints, in Markdown:
//   - bytes per firm, item, need and option: the record's sizeof, plus the
//     heap bytes its strings and lists own (0 when they fit in the record),
//     plus its share of the model-wide arenas, on the loaded model;
//   - the peak resident set (wait4's ru_maxrss) of `decouple impact -s
//     ban-1pct -f csv` on the CSV tables and on the snapshot, and of the CSR
//     baseline loading the same CSV tables and propagating the same ban, each
//     a child process of its own, and the ratio to the baseline;
//   - where decouple's peak comes from: the resident set and its high-water
//     mark after each stage (load, graph, evaluation) of the same work done
//     in a child process of this binary.
//
// The model is generated once into DIR/<items>/ (seed 1) and reused. The
// children run from a launcher forked at start (scale_support.h), so their
// peaks are their own.
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "decouple/compact_vector.h"
#include "decouple/evaluation.h"
#include "decouple/generate.h"
#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/model_writer.h"
#include "decouple/snapshot.h"
#include "scale_support.h"

using namespace decouple;
using namespace decouple::bench;
namespace fs = std::filesystem;

namespace {

// A field of /proc/self/status in MiB ("VmRSS", "VmHWM").
double status_mib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  size_t n = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, n, field) == 0 && line.size() > n && line[n] == ':')
      return std::stod(line.substr(n + 1)) / 1024.0;
  return 0;
}

Result<Model> open_model(const std::string& path) {
  return is_snapshot(path) ? load_snapshot(path) : load_model(path);
}

// Child: the work of `decouple impact -s ban-1pct`, with the resident set
// after each stage written to `out` (one "stage rss hwm" line each).
int stages_child(const std::string& model_path, const std::string& out) {
  std::ofstream o(out);
  auto mark = [&](const char* stage) {
    o << stage << ' ' << status_mib("VmRSS") << ' ' << status_mib("VmHWM") << '\n';
  };
  mark("start");
  Result<Model> loaded = open_model(model_path);
  if (!loaded.ok()) return 1;
  Model model = std::move(loaded).value();
  mark("model");
  SupplyGraph graph(model);
  mark("graph");
  auto ev = evaluate(graph, model.find_scenario("ban-1pct"));
  mark("evaluation");
  return ev->state.lost_items().empty() ? 2 : 0;
}

// Child: the CSR baseline on the CSV tables at `stem`, banning the firms
// listed (by id, one a line) in `banned_path`.
int csr_child(const std::string& stem, const std::string& banned_path) {
  Baseline baseline;
  baseline.load(stem);
  std::ifstream in(banned_path);
  std::vector<uint32_t> banned;
  for (std::string id; std::getline(in, id);) banned.push_back(baseline.firm_ids.at(id));
  return baseline.propagate(banned) > 0 ? 0 : 2;
}

template <typename T>
size_t heap_of(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
template <typename T>
size_t heap_of(const CompactVector<T>& v) {
  return v.heap_bytes();
}
size_t heap_of(const std::string& s) {
  // Past the small-string buffer (15 bytes in libstdc++) a string owns
  // capacity + 1 bytes on the heap.
  return s.capacity() > 15 ? s.capacity() + 1 : 0;
}

// A Text's bytes are in the model's arena, counted once in its own row.
size_t heap_of(const Text&) { return 0; }

struct PerRecord {
  const char* what;
  size_t count, size_of, heap;
};

std::vector<PerRecord> per_record(const Model& m) {
  size_t firm_heap = 0, item_heap = 0, need_heap = 0;
  for (const Firm& f : m.firms) {
    firm_heap += heap_of(f.id) + heap_of(f.name) + heap_of(f.aliases) + heap_of(f.tags);
    for (const auto& s : f.aliases) firm_heap += heap_of(s);
    for (const auto& s : f.tags) firm_heap += heap_of(s);
  }
  for (const Item& i : m.items) {
    item_heap += heap_of(i.id) + heap_of(i.name) + heap_of(i.attributes);
    for (const auto& a : i.attributes) item_heap += heap_of(a.first);
  }
  for (const Need& n : m.needs) need_heap += heap_of(n.name);
  return {{"firm", m.firms.size(), sizeof(Firm), firm_heap},
          {"item", m.items.size(), sizeof(Item), item_heap},
          {"need", m.needs.size(), sizeof(Need), need_heap},
          {"option", m.options.size(), sizeof(Option), 0},
          // Every id, name, need name and attribute name, in blocks.
          {"text arena (all records' strings)", 1, 0, m.text.capacity()}};
}

std::string self_path() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : p.string();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "--stages-child") return stages_child(args[1], args[2]);
  if (args.size() == 3 && args[0] == "--csr-child") return csr_child(args[1], args[2]);

  Launcher launcher;  // before anything large is loaded
  uint32_t items = 1'000'000;
  std::string self = self_path();
  // The decouple binary next to the bench folder, as scale_bench finds it.
  std::string data = "scale-data", decouple_bin = (fs::path(self).parent_path().parent_path() / "decouple").string();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--benchmark", 0) == 0) continue;  // scripts/run-bench.sh passes Google Benchmark flags
    if (i + 1 < args.size() && args[i] == "--items") items = static_cast<uint32_t>(std::stoul(args[++i]));
    else if (i + 1 < args.size() && args[i] == "--data") data = args[++i];
    else if (i + 1 < args.size() && args[i] == "--decouple") decouple_bin = args[++i];
    else {
      std::fprintf(stderr, "usage: memory_bench [--items N] [--data DIR] [--decouple BIN]\n");
      return 2;
    }
  }
  decouple_bin = fs::absolute(decouple_bin).string();
  std::string dir = fmt::format("{}/{}", data, items), stem = dir + "/m";
  fs::create_directories(dir);
  if (!fs::exists(stem + ".dcm")) {
    std::fprintf(stderr, "generating %u items into %s\n", items, dir.c_str());
    GenerateOptions options;
    options.items = items;
    options.seed = 1;
    save_model(generate_model(options), stem + ".yaml", ModelFileFormat::kCsv);
    save_snapshot(load_model(stem + ".yaml").value(), stem + ".dcm");
  }

  std::string banned_path = stem + ".banned.txt";
  std::vector<PerRecord> records;
  {
    Model model = load_model(stem + ".yaml").value();
    records = per_record(model);
    const Scenario& ban = model.scenarios[model.find_scenario("ban-1pct")];
    std::ofstream banned(banned_path);
    for (FirmIndex f : std::get<BanAction>(ban.actions[0].body).firms) banned << model.firms[f].id << '\n';
  }

  auto impact = [&](const std::string& model) {
    return launcher.run({decouple_bin, "impact", model, "-s", "ban-1pct", "-f", "csv"});
  };
  ChildRun on_csv = impact(stem + ".yaml"), on_snapshot = impact(stem + ".dcm");
  ChildRun csr = launcher.run({self, "--csr-child", stem, banned_path});
  for (const ChildRun& r : {on_csv, on_snapshot, csr})
    if (r.status != 0) {
      std::fprintf(stderr, "a child process failed (status %d)\n", r.status);
      return 1;
    }

  std::printf("## Memory at %u items (%zu options)\n\n", items, records[3].count);
  std::printf("| record | count | sizeof | heap bytes per record | bytes per record |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  for (const PerRecord& r : records) {
    double heap = r.count ? double(r.heap) / r.count : 0;
    std::printf("| %s | %zu | %zu | %.1f | %.1f |\n", r.what, r.count, r.size_of, heap, r.size_of + heap);
  }
  std::printf("\n| run | peak (MiB) | ratio to CSR |\n|---|---:|---:|\n");
  auto row = [&](const char* what, const ChildRun& r) {
    std::printf("| %s | %.0f | %.2fx |\n", what, r.peak_mb, r.peak_mb / csr.peak_mb);
  };
  row("`decouple impact` on CSV", on_csv);
  row("`decouple impact` on snapshot", on_snapshot);
  row("CSR baseline", csr);
  std::printf("\npeak bytes per option: CSV %.0f, snapshot %.0f, CSR %.0f; target 1.2x CSR = %.0f MiB\n",
              on_csv.peak_mb * (1 << 20) / records[3].count,
              on_snapshot.peak_mb * (1 << 20) / records[3].count, csr.peak_mb * (1 << 20) / records[3].count,
              1.2 * csr.peak_mb);

  std::printf("\n| stage | CSV: resident (MiB) | CSV: high-water | snapshot: resident | snapshot: high-water |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  std::vector<std::vector<std::string>> lines(2);
  const std::string sources[2] = {stem + ".yaml", stem + ".dcm"};
  for (int k = 0; k < 2; ++k) {
    std::string out = fmt::format("{}.stages{}.txt", stem, k);
    launcher.run({self, "--stages-child", sources[k], out});
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);) lines[k].push_back(line);
  }
  for (size_t i = 0; i < lines[0].size() && i < lines[1].size(); ++i) {
    char stage[32];
    double rss[2], hwm[2];
    std::sscanf(lines[0][i].c_str(), "%31s %lf %lf", stage, &rss[0], &hwm[0]);
    std::sscanf(lines[1][i].c_str(), "%31s %lf %lf", stage, &rss[1], &hwm[1]);
    std::printf("| %s | %.0f | %.0f | %.0f | %.0f |\n", stage, rss[0], hwm[0], rss[1], hwm[1]);
  }
  return 0;
}
