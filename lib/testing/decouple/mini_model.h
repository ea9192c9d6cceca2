// A small model shared by the picture, report and web tests: a phone, two
// chips (one with a foundry alternative), and scenarios exercising one
// cutting action, a license, two actors, and a ban. A firm name holds
// quotes and angle brackets, so every output that escapes names is tried.
// Load it with World (model_fixture.h).
#ifndef DECOUPLE_TESTING_MINI_MODEL_H_
#define DECOUPLE_TESTING_MINI_MODEL_H_

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

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTING_MINI_MODEL_H_
