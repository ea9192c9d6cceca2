// Regression: an edge cut after its supplied item was already queued as lost
// must still count once as a dead option of its need.
#include <doctest/doctest.h>

#include "chokepoints_support.h"

namespace decouple {

TEST_CASE("propagation: a cut edge whose supplier is already lost still counts as dead") {
  testing::Loaded m(R"(
decouple: 1
name: cut order
firms:
  - {id: v, country: CN}
  - {id: us, country: US}
  - {id: r, country: CN}
items:
  - {id: u1, maker: us, kind: chip}
  - id: p
    maker: v
    kind: component
    origin: US
    needs:
      - {name: n, options: [u1]}
  - id: q
    maker: v
    kind: product
    needs:
      - {name: m, options: [p, rr]}
  - {id: rr, maker: r, kind: component}
scenarios:
  - id: list
    actions:
      - entity_list: {by: US, add: [v]}
)");
  ScenarioCuts cuts = m.cuts("list");
  LossState state(*m.graph);
  state.apply(cuts);
  CHECK(state.lost(m.item("p")));
  CHECK_FALSE(state.lost(m.item("q")));
  state.ban_firm(m.firm("r"));
  // Both of q's options are dead now: p was cut (and lost), rr is banned.
  CHECK(state.lost(m.item("q")));
}

}  // namespace decouple
