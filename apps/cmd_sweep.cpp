// decouple sweep MODEL --each-firm | --random K --size S | --scenarios a,b:
// many what-if questions at once, on every core, optionally one shard of a
// job array (see docs/scaling.md).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "command.h"
#include "decouple/sweep.h"
#include "decouple/sweep_output.h"

namespace decouple::app {
namespace {

// "3/8" -> shard 2 (0-based) of 8.
bool parse_shard(const std::string& text, uint32_t& shard, uint32_t& shards) {
  unsigned i = 0, n = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%u/%u%c", &i, &n, &tail) != 2 || n == 0 || i < 1 || i > n)
    return false;
  shard = i - 1;
  shards = n;
  return true;
}

Registration sweep("sweep", "Ask many what-if questions: every firm cut alone, random blacklists, or scenarios",
                   [](CLI::App& sub) {
  auto model = std::make_shared<ModelOptions>();
  auto output = std::make_shared<OutputOption>();
  auto each_firm = std::make_shared<bool>(false);
  auto by = std::make_shared<std::string>();
  auto random = std::make_shared<uint32_t>(0);
  auto size = std::make_shared<uint32_t>(1);
  auto seed = std::make_shared<uint64_t>(1);
  auto scenarios = std::make_shared<std::vector<std::string>>();
  auto base = std::make_shared<std::string>();
  auto shard = std::make_shared<std::string>();
  auto threads = std::make_shared<unsigned>(std::max(1u, std::thread::hardware_concurrency()));
  auto format = std::make_shared<std::string>("csv");
  auto progress = std::make_shared<ProgressOption>();
  auto when = std::make_shared<WhenOptions>();
  model->add_to(sub);
  when->add_to(sub);
  output->add_to(sub);
  auto* each = sub.add_flag("--each-firm", *each_firm, "One run per firm: the firm cut off alone");
  sub.add_option("--by", *by,
                 "With --each-firm: put each firm on this jurisdiction's entity list instead of "
                 "banning it")
      ->needs(each);
  auto* rnd = sub.add_option("--random", *random, "Number of random blacklists")->excludes(each);
  // Only random blacklists have a size and a seed: saying them elsewhere is
  // a mistake worth an error, not a silently ignored flag.
  sub.add_option("--size", *size, "Firms per random blacklist")->capture_default_str()->needs(rnd);
  sub.add_option("--seed", *seed, "Seed of the random blacklists")->capture_default_str()->needs(rnd);
  sub.add_option("--scenarios", *scenarios, "One run per scenario (comma-separated ids)")
      ->delimiter(',')
      ->excludes(each)
      ->excludes(rnd);
  sub.add_option("--scenario,-s", *base, "Base scenario every run adds to");
  sub.add_option("--shard", *shard, "Run only shard I of N (1-based, e.g. 3/8)");
  sub.add_option("--threads,-j", *threads, "Worker threads")->capture_default_str();
  sub.add_option("--format,-f", *format, "Output format")
      ->check(CLI::IsMember({"csv", "json"}))
      ->capture_default_str();
  progress->add_to(sub);
  return [=]() -> int {
    SweepSpec spec;
    spec.when = when->when;
    if (rnd->count() > 0 && *random == 0) {
      std::cerr << "error: --random wants at least one blacklist, not 0\n";
      return 2;
    }
    if (*each_firm)
      spec.kind = SweepSpec::Kind::kEachFirm;
    else if (*random > 0)
      spec.kind = SweepSpec::Kind::kRandom;
    else if (!scenarios->empty())
      spec.kind = SweepSpec::Kind::kScenarios;
    else {
      std::cerr << "error: name what to sweep: --each-firm, --random K --size S, or --scenarios a,b\n";
      return 2;
    }
    if (!shard->empty() && !parse_shard(*shard, spec.shard, spec.shards)) {
      std::cerr << fmt::format("error: --shard wants I/N with 1 <= I <= N, not '{}'\n", *shard);
      return 2;
    }
    if (!by->empty()) {
      std::optional<Country> c = Country::parse(*by);
      if (!c) {
        std::cerr << fmt::format("error: unknown jurisdiction '{}' (an ISO 3166-1 alpha-2 code)\n", *by);
        return 2;
      }
      spec.by = *c;
    }
    spec.random_count = *random;
    spec.random_size = *size;
    spec.seed = *seed;
    spec.threads = std::max(1u, *threads);
    Progress bar = progress->make();
    auto loaded = load(*model, bar);
    if (!loaded) return 1;
    const Model& m = loaded->model;
    if (!base->empty() && (spec.base = find_scenario(m, *base)) == kNone) return 1;
    for (const std::string& id : *scenarios) {
      ScenarioIndex s = find_scenario(m, id);
      if (s == kNone) return 1;
      spec.scenarios.push_back(s);
    }
    if (std::string problem = check_sweep(m, spec); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return 2;
    }
    SweepResult result = run_sweep(*loaded->graph, spec, bar);
    return output->write(render_sweep(m, spec, result, *format == "json" ? Format::kJson : Format::kCsv),
                         model->path);
  };
});

}  // namespace
}  // namespace decouple::app
