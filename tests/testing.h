// Helpers shared by the unit tests: load a model from a string and
// evaluate a scenario on it, keeping every object the results point into
// alive and in place (a SupplyGraph refers to its Model, a LossState to its
// graph, so all of them live behind stable pointers).
#ifndef DECOUPLE_TESTS_TESTING_H_
#define DECOUPLE_TESTS_TESTING_H_

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/explain.h"
#include "decouple/graph.h"
#include "decouple/impact.h"
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

// The model in `text`; fails the test (printing every diagnostic) when it
// does not load.
inline std::unique_ptr<Model> load_ok(std::string_view text) {
  Result<Model> result = load_model_from_string(text, "t.yaml");
  if (!result.ok()) {
    for (const Diagnostic& d : result.errors()) MESSAGE(d.str());
  }
  REQUIRE(result.ok());
  return std::make_unique<Model>(std::move(result).value());
}

// Every diagnostic of `text`, printed as `t.yaml:line:column: error: ...`;
// empty when the model is valid.
inline std::vector<std::string> errors_of(std::string_view text) {
  Result<Model> result = load_model_from_string(text, "t.yaml");
  std::vector<std::string> out;
  for (const Diagnostic& d : result.errors()) out.push_back(d.str());
  return out;
}

// A model, its graph, and (after evaluate()) a scenario's cuts and losses.
struct World {
  std::unique_ptr<Model> model;
  std::unique_ptr<SupplyGraph> graph;
  ScenarioCuts cuts;
  std::unique_ptr<LossState> state;

  explicit World(std::string_view text)
      : model(load_ok(text)), graph(std::make_unique<SupplyGraph>(*model)),
        state(std::make_unique<LossState>(*graph)) {}

  // Applies scenario `id` (which must exist) to a fresh state.
  World& evaluate(std::string_view id) {
    ScenarioIndex s = model->find_scenario(id);
    REQUIRE_MESSAGE(s != kNone, "no scenario " << id);
    cuts = apply_scenario(*graph, s);
    state = std::make_unique<LossState>(*graph);
    state->apply(cuts);
    return *this;
  }

  ItemIndex item(std::string_view id) const {
    ItemIndex i = model->find_item(id);
    REQUIRE_MESSAGE(i != kNone, "no item " << id);
    return i;
  }
  FirmIndex firm(std::string_view id) const {
    FirmIndex f = model->find_firm(id);
    REQUIRE_MESSAGE(f != kNone, "no firm " << id);
    return f;
  }
  bool lost(std::string_view id) const { return state->lost(item(id)); }

  // Ids of the lost items, sorted.
  std::vector<std::string> lost_ids() const {
    std::vector<std::string> out;
    for (ItemIndex i : state->lost_items()) out.push_back(model->items[i].id);
    std::sort(out.begin(), out.end());
    return out;
  }
  // The option of need `need` of item `consumer` that supplies `supplied`.
  OptionIndex option(std::string_view consumer, std::string_view need,
                     std::string_view supplied) const {
    const Item& c = model->items[item(consumer)];
    for (NeedIndex n = c.first_need; n < c.first_need + c.need_count; ++n) {
      if (model->needs[n].name != need) continue;
      const Need& nd = model->needs[n];
      for (OptionIndex o = nd.first_option; o < nd.first_option + nd.option_count; ++o)
        if (model->items[model->options[o].item].id == supplied) return o;
    }
    FAIL("no option " << consumer << "/" << need << "/" << supplied);
    return kNone;
  }
  // "consumer/need/supplied" of every cut edge, sorted, each once.
  std::vector<std::string> cut_edges() const {
    std::vector<std::string> out;
    for (OptionIndex o = 0; o < model->options.size(); ++o) {
      if (!cuts.is_cut(o)) continue;
      const Option& opt = model->options[o];
      const Need& need = model->needs[opt.need];
      out.push_back(model->items[need.item].id + "/" + need.name + "/" + model->items[opt.item].id);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

// "Item live iff its maker is not banned and every critical need has a live
// uncut current option", iterated from all-live until nothing changes.
inline std::vector<bool> brute_force_live(const Model& model, const std::vector<bool>& cut,
                                          const std::vector<bool>& banned) {
  std::vector<bool> live(model.items.size(), true);
  for (bool changed = true; changed;) {
    changed = false;
    for (ItemIndex i = 0; i < model.items.size(); ++i) {
      if (!live[i]) continue;
      const Item& item = model.items[i];
      bool ok = !banned[item.maker];
      for (NeedIndex n = item.first_need; ok && n < item.first_need + item.need_count; ++n) {
        const Need& need = model.needs[n];
        if (!need.critical) continue;
        bool any = false;
        for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
          const Option& opt = model.options[o];
          any = any || (opt.is_current() && !cut[o] && live[opt.item]);
        }
        ok = any;
      }
      if (!ok) {
        live[i] = false;
        changed = true;
      }
    }
  }
  return live;
}

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTS_TESTING_H_
