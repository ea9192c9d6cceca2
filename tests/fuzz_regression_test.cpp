// Replays the fuzzers' kept inputs (tests/fuzz/<target>/) through the same
// checks the fuzz targets make, so every case found once stays fixed even
// where clang and libFuzzer are not installed.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "decouple/loader.h"
#include "decouple/temp_dir.h"
#include "../fuzz/eto_input.h"
#include "../fuzz/pipeline.h"
#include "../fuzz/shape_input.h"
#include "../fuzz/table_input.h"
#include "../fuzz/web_api_input.h"

using namespace decouple;
using testing::TempDir;

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The kept inputs of one target, in a stable order. The folders are part
// of the repository: a missing or empty one is a broken checkout, and the
// test fails rather than pass with nothing checked.
std::vector<std::filesystem::path> kept_inputs(const std::string& target) {
  std::vector<std::filesystem::path> out;
  std::filesystem::path dir = std::filesystem::path(DECOUPLE_SOURCE_DIR) / "tests/fuzz" / target;
  REQUIRE_MESSAGE(std::filesystem::is_directory(dir), "no fuzz corpus folder " << dir.string());
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file()) out.push_back(entry.path());
  REQUIRE_MESSAGE(!out.empty(), "no kept inputs in " << dir.string() << ": nothing would be checked");
  std::sort(out.begin(), out.end());
  return out;
}

void replay(const std::string& target, bool scenario_section) {
  for (const std::filesystem::path& input : kept_inputs(target)) {
    CAPTURE(input.string());
    std::string text = read_all(input);
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

TEST_CASE("kept server fuzz inputs get a well-formed answer on the bundled model") {
  Result<Model> loaded = load_model(DECOUPLE_SOURCE_DIR "/models/entity-list-2019.yaml");
  REQUIRE(loaded.ok());
  Model model = std::move(loaded).value();
  SupplyGraph graph(model);
  WebApi api(graph);
  std::vector<std::filesystem::path> inputs = kept_inputs("web_api_fuzz");
  CHECK(inputs.size() >= 7);
  for (const std::filesystem::path& input : inputs) {
    CAPTURE(input.string());
    CHECK(fuzz::web_api_problem(api, read_all(input)) == "");
  }
}

}  // namespace

TEST_CASE("kept tabular-model fuzz inputs still load or fail with a located error") {
  TempDir folder;
  for (const std::filesystem::path& input : kept_inputs("table_fuzz")) {
    CAPTURE(input.string());
    CHECK(fuzz::load_tables_from_bytes(read_all(input), folder.path()));
  }
}

TEST_CASE("kept ETO-import fuzz inputs, and the importer fixture, import or fail with a diagnostic") {
  std::vector<std::filesystem::path> inputs = kept_inputs("eto_import_fuzz");
  inputs.push_back(std::filesystem::path(DECOUPLE_SOURCE_DIR) / "tests/data/chip-fixture.txt");
  for (const std::filesystem::path& input : inputs) {
    CAPTURE(input.string());
    CHECK(fuzz::import_eto_from_bytes(read_all(input)));
  }
}

TEST_CASE("kept fuzz inputs still load or fail cleanly") {
  replay("loader_fuzz", false);
  replay("pipeline_fuzz", false);
  replay("scenario_fuzz", true);
}

TEST_CASE("shape fuzz: deep chains and deep tiered models render in linear size") {
  // Fixed shapes: the deepest chain with a wide fan, a short chain, and a
  // tiered model with one item per tier (bytes as shape_model reads them).
  const std::vector<std::vector<uint8_t>> shapes = {
      {0, 0, 0x0F, 0x9F, 0x01, 0x2B},              // chain of 4000, 299 products
      {0, 0, 0, 5, 0, 0},                          // chain of 6
      {0, 1, 0x03, 0xE7, 0x03, 0xE7, 0, 9, 0, 2, 0, 3, 0, 10, 0, 7},  // 1000 items in 1000 tiers
  };
  for (const auto& bytes : shapes) {
    CAPTURE(bytes.size());
    CHECK(fuzz::shape_outputs_linear(bytes.data(), bytes.size()));
  }
}
