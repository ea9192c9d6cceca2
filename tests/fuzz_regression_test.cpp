// Replays the fuzzers' kept inputs (tests/fuzz/<target>/) through the same
// checks the fuzz targets make, so every case found once stays fixed even
// where clang and libFuzzer are not installed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../fuzz/pipeline.h"
#include "decouple/loader.h"

using namespace decouple;

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replay(const std::string& target, bool scenario_section) {
  std::filesystem::path dir = std::filesystem::path(DECOUPLE_SOURCE_DIR) / "tests/fuzz" / target;
  if (!std::filesystem::exists(dir)) return;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    CAPTURE(entry.path().string());
    std::string text = read_all(entry.path());
    if (scenario_section) {
      // Appended piece by piece: GCC 12 warns falsely (-Warray-bounds) on
      // a chain of string + string here.
      std::string whole(fuzz::kScenarioBase);
      whole += "scenarios:\n";
      whole += text;
      text = std::move(whole);
    }
    LoadLimits limits;
    limits.max_nodes = 100000;
    limits.max_entities = 5000;
    Result<Model> r = load_model_from_string(text, "fuzz.yaml", limits);
    if (r.ok())
      fuzz::run_pipeline(r.value());
    else
      CHECK_FALSE(r.errors().empty());
  }
}

}  // namespace

TEST_CASE("kept fuzz inputs still load or fail cleanly") {
  replay("loader_fuzz", false);
  replay("pipeline_fuzz", false);
  replay("scenario_fuzz", true);
}
