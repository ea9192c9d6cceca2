// A small model shared by the picture, report and web tests: a phone, two
// chips (one with a foundry alternative), and scenarios exercising one
// cutting action, a license, two actors, and a ban.
#ifndef DECOUPLE_TESTS_VISUAL_FIXTURE_H_
#define DECOUPLE_TESTS_VISUAL_FIXTURE_H_

#include <doctest/doctest.h>

#include <memory>

#include "decouple/evaluation.h"
#include "decouple/loader.h"

namespace decouple::testing {

constexpr const char* kMini = R"(decouple: 1
name: Mini phone
firms:
  - {id: phoneco, country: CN, name: "Phone \"Co\" <1>"}
  - {id: chipco, country: CN}
  - {id: fab, country: TW}
  - {id: eda, country: US}
  - {id: qcom, country: US}
  - {id: smic, country: CN}
items:
  - id: phone
    maker: phoneco
    kind: product
    needs:
      - name: soc
        options: [chip-a, {item: chip-b, share: 0.3}]
      - name: fancy
        critical: false
        options: [chip-b]
  - id: chip-a
    maker: chipco
    kind: chip
    needs:
      - name: foundry
        options: [n7, {item: smic-n14, status: alternative}]
      - name: design
        options: [eda-tool]
  - {id: chip-b, maker: qcom, kind: chip}
  - {id: n7, maker: fab, kind: service}
  - {id: smic-n14, maker: smic, kind: service}
  - {id: eda-tool, maker: eda, kind: software}
scenarios:
  - id: list
    actions:
      - entity_list: {by: US, add: [phoneco, chipco]}
  - id: lic
    extends: [list]
    actions:
      - license: {by: US, supplier: eda, to: chipco}
  - id: two
    actions:
      - entity_list: {by: US, add: [phoneco]}
      - entity_list: {by: TW, add: [chipco]}
  - id: ban-fab
    actions:
      - ban: [fab]
)";

struct Fixture {
  Model model;
  std::unique_ptr<SupplyGraph> graph;
  explicit Fixture(const char* text) {
    Result<Model> loaded = load_model_from_string(text, "t.yaml");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.errors()[0].str()));
    model = std::move(loaded).value();
    graph = std::make_unique<SupplyGraph>(model);
  }
  ItemIndex item(const char* id) const { return model.find_item(id); }
  std::unique_ptr<Evaluation> run(const char* scenario) const {
    return evaluate(*graph, model.find_scenario(scenario));
  }
};

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTS_VISUAL_FIXTURE_H_
