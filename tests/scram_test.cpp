// Cross-checks against SCRAM, an independent fault-tree analyzer: the MEF
// export of each model goes through `scram`, and its minimal cut sets must
// equal our minimal blacklists set for set, its BDD probabilities and
// importance factors our exact ones. SCRAM writes 6 significant digits, so
// numbers must agree to every digit it prints (our values themselves are
// checked to 1e-12 against enumeration in ranking_test.cpp). Skipped, with a
// message, when `scram` is not installed.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "decouple/chokepoints.h"
#include "decouple/cut_set_oracle.h"
#include "decouple/loader.h"
#include "decouple/mef_export.h"
#include "decouple/model_fixture.h"
#include "decouple/random.h"
#include "decouple/random_model.h"
#include "decouple/ranking.h"
#include "decouple/risk.h"
#include "decouple/skip.h"
#include "decouple/synthetic_model.h"
#include "decouple/temp_dir.h"

namespace decouple {
namespace {

using Set = std::vector<std::string>;  // sorted firm ids

bool scram_available() {
  static const bool available = std::system("command -v scram >/dev/null 2>&1") == 0;
  return available;
}

struct ScramReport {
  std::map<std::string, std::set<Set>> products;          // per top gate
  std::map<std::string, std::string> probability;         // per top gate, as printed
  std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> importance;
};

// Runs scram with `args` on the export and reads its report back, mapping
// basic-event names to firm ids.
ScramReport run_scram(const MefExport& mef, const Model& model, const std::string& args) {
  testing::TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  const std::string tree = dir.write("tree.xml", mef.xml);
  std::string command = "scram " + args + " " + tree + " -o " + (dir / "report.xml") + " >" + (dir / "log") +
                        " 2>&1";
  int rc = std::system(command.c_str());
  if (rc != 0) {
    std::ifstream log(dir / "log");
    std::stringstream text;
    text << log.rdbuf();
    MESSAGE("scram failed: " << command << "\n" << text.str());
  }
  REQUIRE(rc == 0);
  std::map<std::string, std::string> firm_of;
  for (const auto& [name, firm] : mef.basic_events) firm_of[name] = model.firms[firm].id;
  for (const auto& [name, option] : mef.link_events) firm_of[name] = name;  // link events keep their names

  ScramReport report;
  std::ifstream in(dir / "report.xml");
  std::string line;
  static const std::regex sum(R"re(<sum-of-products name="([^"]+)")re");
  static const std::regex prob(R"re( probability="([^"]+)")re");
  static const std::regex event(R"re(<basic-event name="([^"]+)")re");
  static const std::regex importance(R"re(<importance name="([^"]+)")re");
  static const std::regex factor(R"re(([A-Z]+)="([^"]+)")re");
  std::string top, importance_top;
  Set product;
  bool in_product = false;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_search(line, m, sum)) {
      top = m[1];
      report.products[top];
      std::smatch p;
      if (std::regex_search(line, p, prob)) report.probability[top] = p[1];
      if (line.find("/>") != std::string::npos) top.clear();
    } else if (line.find("</sum-of-products>") != std::string::npos) {
      top.clear();
    } else if (!top.empty() && line.find("<product") != std::string::npos) {
      product.clear();
      in_product = line.find("/>") == std::string::npos;
      if (!in_product) report.products[top].insert(product);  // the empty set
    } else if (in_product && line.find("</product>") != std::string::npos) {
      std::sort(product.begin(), product.end());
      report.products[top].insert(product);
      in_product = false;
    } else if (in_product && std::regex_search(line, m, event)) {
      REQUIRE(firm_of.count(m[1]));
      product.push_back(firm_of[m[1]]);
    } else if (std::regex_search(line, m, importance)) {
      importance_top = m[1];
    } else if (line.find("</importance>") != std::string::npos) {
      importance_top.clear();
    } else if (!importance_top.empty() && std::regex_search(line, m, event)) {
      std::string firm = firm_of.at(m[1]);
      auto& factors = report.importance[importance_top][firm];
      for (auto it = std::sregex_iterator(line.begin(), line.end(), factor); it != std::sregex_iterator(); ++it)
        factors[(*it)[1]] = (*it)[2];
    }
  }
  return report;
}

// Whether `ours` rounds to what SCRAM printed with 6 significant digits.
bool agrees_to_printed(double ours, const std::string& printed) {
  double theirs = std::stod(printed);
  if (theirs == 0) return std::fabs(ours) < 1e-300;
  if (std::isinf(theirs)) return std::isinf(ours);
  double unit = std::pow(10.0, std::floor(std::log10(std::fabs(theirs))) - 5);
  // Half a unit of the last printed digit, plus our own rounding.
  return std::fabs(ours - theirs) <= 0.5 * unit + 1e-12 * std::fabs(theirs);
}

std::set<Set> our_sets(const Model& model, const TargetBlacklists& t) {
  std::set<Set> out;
  for (const auto& ids : testing::ids_of(model, t.sets)) out.insert(ids);
  return out;
}

// Exports the targets' tree, runs SCRAM's ZBDD (sets up to max_order) and
// BDD (probabilities, importance) and compares everything.
void compare_with_scram(const testing::World& m, const ScenarioCuts& cuts, std::optional<Country> by,
                        const std::vector<ItemIndex>& targets, uint32_t max_order, double default_p,
                        bool zbdd_too = true) {
  Chokepoints chokepoints(*m.graph, cuts, by);
  MefOptions mef_options;
  mef_options.probabilities = cut_off_probabilities(m.model, default_p);
  auto mef = export_mef(chokepoints, targets, mef_options);
  testing::require_ok(mef);
  BlacklistOptions options;
  options.max_order = max_order;
  options.count_left_out = false;
  auto ours = minimal_blacklists(chokepoints, targets, options);
  testing::require_ok(ours);
  ScramReport zbdd;
  if (zbdd_too) zbdd = run_scram(mef.value(), m.model, "--zbdd -l " + std::to_string(max_order));
  for (size_t k = 0; zbdd_too && k < targets.size(); ++k) {
    const std::string& top = mef.value().tops[k].first;
    INFO("target ", m.model.items[targets[k]].id);
    REQUIRE(zbdd.products.count(top));
    CHECK(our_sets(m.model, ours.value().targets[k]) == zbdd.products[top]);
  }
  RankOptions rank_options;
  rank_options.default_probability = default_p;
  rank_options.verify = false;
  auto risks = rank_firms(chokepoints, targets, rank_options);
  testing::require_ok(risks);
  REQUIRE(risks.value().probabilities);
  ScramReport bdd = run_scram(mef.value(), m.model,
                              "--bdd --probability 1 --importance 1 -l " + std::to_string(max_order));
  for (size_t k = 0; k < targets.size(); ++k) {
    const std::string& top = mef.value().tops[k].first;
    const TargetRisk& risk = risks.value().targets[k];
    INFO("target ", m.model.items[targets[k]].id);
    CHECK(our_sets(m.model, ours.value().targets[k]) == bdd.products[top]);
    bool constant = risk.already_lost || (risk.firms.empty() && risk.probability == 0);
    if (constant) continue;  // SCRAM reports no probability for constant tops
    REQUIRE(bdd.probability.count(top));
    CHECK_MESSAGE(agrees_to_printed(risk.probability, bdd.probability[top]),
                  risk.probability << " vs SCRAM " << bdd.probability[top]);
    const auto& factors = bdd.importance[top];
    for (const FirmImportance& f : risk.firms) {
      const std::string& id = m.model.firms[f.firm].id;
      INFO("firm ", id);
      if (!factors.count(id)) {
        // SCRAM lists the events of the products within its order limit
        // only: a firm only in larger blacklists goes unlisted.
        for (const auto& set : ours.value().targets[k].sets)
          CHECK(std::find(set.begin(), set.end(), f.firm) == set.end());
        continue;
      }
      const auto& x = factors.at(id);
      CHECK_MESSAGE(agrees_to_printed(f.birnbaum, x.at("MIF")), fmt::format("{:.17g}", f.birnbaum) << " vs SCRAM " << x.at("MIF"));
      CHECK_MESSAGE(agrees_to_printed(f.fussell_vesely, x.at("CIF")), f.fussell_vesely << " vs SCRAM " << x.at("CIF"));
      CHECK_MESSAGE(agrees_to_printed(f.raw, x.at("RAW")), f.raw << " vs SCRAM " << x.at("RAW"));
      // RRW = P / 0 when the firm is in every way to lose the target: +inf.
      // SCRAM prints 0 there, or, when its P(T | kept) comes out of a
      // subtraction as a rounding residue, some +-1e15.
      if (std::isinf(f.rrw))
        CHECK((x.at("RRW") == "0" || std::fabs(std::stod(x.at("RRW"))) > 1e12));
      else
        CHECK_MESSAGE(agrees_to_printed(f.rrw, x.at("RRW")), f.rrw << " vs SCRAM " << x.at("RRW"));
    }
    // Events SCRAM saw that our function does not depend on must not matter.
    for (const auto& [id, x] : factors) {
      const auto& event = id;  // a binding cannot be captured (clang 14)
      bool ours_too = std::any_of(risk.firms.begin(), risk.firms.end(),
                                  [&](const FirmImportance& f) { return m.model.firms[f.firm].id == event; });
      if (!ours_too) CHECK(std::stod(x.at("MIF")) == 0);
    }
  }
}

std::vector<ItemIndex> all_items(const Model& model) {
  std::vector<ItemIndex> out;
  for (ItemIndex i = 0; i < model.items.size(); ++i) out.push_back(i);
  return out;
}

std::string source_path(const std::string& relative) {
  return std::string(DECOUPLE_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("scram: the teaching model, every item, with and without a scenario") {
  if (!scram_available()) DECOUPLE_SKIP("scram is not installed (Debian: scram): SCRAM comparisons skipped");
  testing::World m(read_file(source_path("tests/data/chokepoints/phone.yaml")));
  compare_with_scram(m, m.cuts_of(), std::nullopt, all_items(m.model), 20, 0.5);
  compare_with_scram(m, m.cuts_of("no-qcom"), std::nullopt, all_items(m.model), 20, 0.5);
  compare_with_scram(m, m.cuts_of(), *Country::parse("US"), all_items(m.model), 20, 0.5);
}

TEST_CASE("scram: small random models with supply cycles, unrolled in the export") {
  if (!scram_available()) DECOUPLE_SKIP("scram is not installed (Debian: scram): SCRAM comparisons skipped");
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    SyntheticSpec spec;
    spec.items = 24;
    spec.firms = 9;
    spec.back_edge = 0.2;
    spec.probabilities = true;
    spec.seed = seed;
    testing::World m(synthetic_model_yaml(spec));
    INFO("seed ", seed);
    compare_with_scram(m, m.cuts_of(seed % 2 ? "listing" : ""), std::nullopt, all_items(m.model), 20, -1);
  }
}

TEST_CASE("scram: generated acyclic models of a few hundred items, every product") {
  if (!scram_available()) DECOUPLE_SKIP("scram is not installed (Debian: scram): SCRAM comparisons skipped");
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    SyntheticSpec spec;
    spec.items = 300;
    spec.firms = 60;
    spec.tiers = 4;
    spec.probabilities = true;
    spec.seed = seed;
    testing::World m(synthetic_model_yaml(spec));
    std::vector<ItemIndex> products;
    for (ItemIndex i = 0; i < m.model.items.size(); ++i)
      if (m.model.items[i].kind == ItemKind::kProduct) products.push_back(i);
    INFO("seed ", seed);
    compare_with_scram(m, m.cuts_of(), std::nullopt, products, 3, -1);
  }
}

TEST_CASE("scram: the bundled models") {
  if (!scram_available()) DECOUPLE_SKIP("scram is not installed (Debian: scram): SCRAM comparisons skipped");
  std::filesystem::path dir = source_path("models");
  std::vector<std::filesystem::path> files;
  if (std::filesystem::exists(dir))
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty()) MESSAGE("no bundled models under models/ yet");
  for (const auto& file : files) {
    INFO("model ", file.string());
    auto loaded = load_model(file.string());
    if (!loaded.ok()) {
      MESSAGE("skipping " << file.string() << ": it does not load");
      continue;
    }
    testing::World m(read_file(file.string()));
    std::vector<ItemIndex> targets = end_items(*m.graph);
    compare_with_scram(m, m.cuts_of(), std::nullopt, targets, 3, 0.1);
    // Every scenario too, SCRAM's BDD only (it lists the products as well).
    for (ScenarioIndex s = 0; s < m.model.scenarios.size(); ++s)
      compare_with_scram(m, m.cuts_of(m.model.scenarios[s].id), std::nullopt, targets, 3, 0.1, false);
  }
}

namespace {

// Gives `count` current options confidences that are multiples of 0.1
// (absence probabilities 0.1 .. 0.9).
void make_uncertain(Model& model, uint64_t seed, size_t count) {
  Random random(seed);
  testing::make_uncertain(model, random, count, 0.4, 10);
}

// SCRAM's BDD probability of every exported top against assess_risk.
// `tolerance` relative; 0: to the digits SCRAM prints.
size_t compare_risk_with_scram(const testing::World& m, const ScenarioCuts& cuts, double tolerance) {
  std::vector<ItemIndex> targets = all_items(m.model);
  auto mef = export_risk_mef(*m.graph, cuts, targets);
  testing::require_ok(mef);
  auto ours = assess_risk(*m.graph, cuts, targets);
  testing::require_ok(ours);
  std::map<ItemIndex, double> p;
  for (const ItemRisk& r : ours.value().items) {
    REQUIRE(r.method != ItemMethod::kMonteCarlo);
    p[r.item] = r.probability;
  }
  ScramReport bdd = run_scram(mef.value(), m.model, "--bdd --probability 1");
  size_t compared = 0;
  for (size_t k = 0; k < targets.size(); ++k) {
    const std::string& top = mef.value().tops[k].first;
    double mine = p.count(targets[k]) ? p[targets[k]] : 0.0;
    INFO("target ", m.model.items[targets[k]].id);
    if (mine == 0 || mine == 1) continue;  // constant tops: SCRAM reports no probability
    REQUIRE(bdd.probability.count(top));
    double theirs = std::stod(bdd.probability[top]);
    if (tolerance > 0)
      CHECK_MESSAGE(std::fabs(mine - theirs) <= tolerance * theirs,
                    fmt::format("{:.17g} vs SCRAM {}", mine, bdd.probability[top]));
    else
      CHECK_MESSAGE(agrees_to_printed(mine, bdd.probability[top]),
                    fmt::format("{:.17g} vs SCRAM {}", mine, bdd.probability[top]));
    ++compared;
  }
  return compared;
}

}  // namespace

TEST_CASE("scram: uncertain links as basic events, exact to 1e-9 where SCRAM prints every digit") {
  if (!scram_available())
    DECOUPLE_SKIP("scram is not installed (Debian: scram): SCRAM comparisons of link risk skipped");
  // At most 6 link events with absence probabilities in tenths: every
  // probability is a multiple of 1e-6, so SCRAM's six significant digits
  // are the exact value and the comparison can be to 1e-9 relative.
  size_t compared = 0;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    SyntheticSpec spec;
    spec.items = 16;
    spec.firms = 6;
    spec.back_edge = seed % 2 ? 0.2 : 0;  // cycles, unrolled by the exporter
    spec.seed = seed;
    testing::World m(synthetic_model_yaml(spec));
    make_uncertain(m.model, seed, 6);
    INFO("seed ", seed);
    compared += compare_risk_with_scram(m, m.cuts_of(seed % 3 ? "" : "listing"), 1e-9);
  }
  CHECK(compared > 30);
}

TEST_CASE("scram: uncertain links on larger models, to every digit SCRAM prints") {
  if (!scram_available())
    DECOUPLE_SKIP("scram is not installed (Debian: scram): SCRAM comparisons of link risk skipped");
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    SyntheticSpec spec;
    spec.items = 120;
    spec.firms = 20;
    spec.back_edge = 0.05;
    spec.seed = seed;
    testing::World m(synthetic_model_yaml(spec));
    make_uncertain(m.model, seed, 40);
    INFO("seed ", seed);
    CHECK(compare_risk_with_scram(m, m.cuts_of("listing"), 0) > 5);
  }
}

}  // namespace decouple
