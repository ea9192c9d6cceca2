// The one model fixture of the doctest tests: a model loaded from YAML
// text (or made otherwise), its supply graph, and (on demand) a scenario's cuts and losses.
//
// load_ok() and World fail the running test case (REQUIRE), printing every
// diagnostic, when the text does not load: a fixture that cannot load is a
// broken test, never a silently empty model. World owns the model, the
// graph and the loss state, which point into one another, so it can be
// neither copied nor moved; everything it returns lives as long as it does.
// The lookups (item, firm, option) fail the test when the id is unknown.
//
// Header only and doctest-bound: include it from tests/*_test.cpp only
// (benchmarks and fuzz targets use the generators and oracles of this
// folder, which do not need doctest).
#ifndef DECOUPLE_TESTING_MODEL_FIXTURE_H_
#define DECOUPLE_TESTING_MODEL_FIXTURE_H_

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/evaluation.h"
#include "decouple/graph.h"
#include "decouple/loader.h"
#include "decouple/propagate.h"
#include "decouple/scenario.h"

// Lists of messages print one per line when a comparison fails.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
  static String convert(const std::vector<std::string>& lines) {
    std::string out = "{";
    for (const std::string& line : lines) out += "\n  " + line;
    out += lines.empty() ? "}" : "\n}";
    return String(out.c_str());
  }
};
}  // namespace doctest

namespace decouple::testing {

// The model in `text` (named t.yaml in messages); fails the test, printing
// every diagnostic, when it does not load.
inline Model load_ok(std::string_view text) {
  Result<Model> result = load_model_from_string(text, "t.yaml");
  if (!result.ok()) {
    for (const Diagnostic& d : result.errors()) MESSAGE(d.str());
  }
  REQUIRE(result.ok());
  return std::move(result).value();
}

// Every diagnostic of `text`, printed as `t.yaml:line:column: error: ...`;
// empty when the model is valid.
inline std::vector<std::string> errors_of(std::string_view text) {
  Result<Model> result = load_model_from_string(text, "t.yaml");
  std::vector<std::string> out;
  for (const Diagnostic& d : result.errors()) out.push_back(d.str());
  return out;
}

// A model, its graph, and the cuts and losses of the scenario last
// evaluated (none until evaluate(): nothing cut, nothing lost).
class World {
 public:
  Model model;
  std::unique_ptr<SupplyGraph> graph;
  ScenarioCuts cuts;
  std::unique_ptr<LossState> state;

  explicit World(std::string_view text) : World(load_ok(text)) {}
  // A model made some other way (generate.h, a snapshot).
  explicit World(Model made)
      : model(std::move(made)), graph(std::make_unique<SupplyGraph>(model)),
        state(std::make_unique<LossState>(*graph)) {}
  // Loaded, then evaluate(scenario).
  World(std::string_view text, std::string_view scenario) : World(text) { evaluate(scenario); }
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Applies scenario `id` (which must exist) to a fresh state, kept in
  // `cuts` and `state`.
  World& evaluate(std::string_view id) {
    cuts = cuts_of(id);
    state = std::make_unique<LossState>(*graph);
    state->apply(cuts);
    return *this;
  }
  // The cuts of scenario `id` (which must exist), or of no action at all
  // when `id` is empty; `cuts` and `state` are left alone.
  ScenarioCuts cuts_of(std::string_view id = {}) const {
    if (id.empty()) return apply_actions(*graph, {}, "");
    ScenarioIndex s = model.find_scenario(id);
    REQUIRE_MESSAGE(s != kNone, "no scenario " << id);
    return apply_scenario(*graph, s);
  }
  // The full evaluation of scenario `id` (evaluation.h): cuts, losses,
  // impact.
  std::unique_ptr<Evaluation> run(std::string_view id) const {
    ScenarioIndex s = model.find_scenario(id);
    REQUIRE_MESSAGE(s != kNone, "no scenario " << id);
    return decouple::evaluate(*graph, s);
  }

  ItemIndex item(std::string_view id) const {
    ItemIndex i = model.find_item(id);
    REQUIRE_MESSAGE(i != kNone, "no item " << id);
    return i;
  }
  FirmIndex firm(std::string_view id) const {
    FirmIndex f = model.find_firm(id);
    REQUIRE_MESSAGE(f != kNone, "no firm " << id);
    return f;
  }
  // Whether item `id` is lost in `state`.
  bool lost(std::string_view id) const { return state->lost(item(id)); }
  // Whether item `id` is lost under `other` (evaluated on a fresh state).
  bool lost(const ScenarioCuts& other, std::string_view id) const {
    LossState fresh(*graph);
    fresh.apply(other);
    return fresh.lost(item(id));
  }

  // Ids of the lost items, sorted.
  std::vector<std::string> lost_ids() const {
    std::vector<std::string> out;
    for (ItemIndex i : state->lost_items()) out.emplace_back(model.items[i].id);
    std::sort(out.begin(), out.end());
    return out;
  }
  // The option of need `need` of item `consumer` that supplies `supplied`.
  OptionIndex option(std::string_view consumer, std::string_view need,
                     std::string_view supplied) const {
    const Item& c = model.items[item(consumer)];
    for (NeedIndex n = c.first_need; n < c.first_need + c.need_count; ++n) {
      if (model.needs[n].name != need) continue;
      const Need& nd = model.needs[n];
      for (OptionIndex o = nd.first_option; o < nd.first_option + nd.option_count; ++o)
        if (model.items[model.options[o].item].id == supplied) return o;
    }
    FAIL("no option " << consumer << "/" << need << "/" << supplied);
    return kNone;
  }
  // Whether that option is cut under `other`.
  bool cut(const ScenarioCuts& other, std::string_view consumer, std::string_view need,
           std::string_view supplied) const {
    return other.is_cut(option(consumer, need, supplied));
  }
  // "consumer/need/supplied" of every edge cut in `cuts`, sorted, each once.
  std::vector<std::string> cut_edges() const {
    std::vector<std::string> out;
    for (OptionIndex o = 0; o < model.options.size(); ++o) {
      if (!cuts.is_cut(o)) continue;
      const Option& opt = model.options[o];
      const Need& need = model.needs[opt.need];
      out.push_back(std::string(model.items[need.item].id) + "/" + std::string(need.name) + "/" +
                    std::string(model.items[opt.item].id));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

// Fails the test, printing every diagnostic, unless `result` holds a value.
template <typename T>
void require_ok(const Result<T>& result) {
  for (const Diagnostic& d : result.errors()) MESSAGE(d.str());
  REQUIRE(result.ok());
}

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTING_MODEL_FIXTURE_H_
