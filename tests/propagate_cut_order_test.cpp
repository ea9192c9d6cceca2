// Loss propagation when one scenario cuts an edge and, in the same batch,
// the item that edge supplies: the edge must still count as dead once.
#include <doctest/doctest.h>

#include "decouple/model_fixture.h"
#include "decouple/propagate.h"

namespace decouple {
namespace {

using testing::World;

TEST_CASE("an edge cut in the same batch as the loss of its supplied item is dead") {
  // The listing cuts both the wafers into the chip and the chip into the
  // phone; the chip is lost first (option order), then its cut user edge.
  World w(R"(decouple: 1
name: order
firms:
  - {id: phoneco, country: CN}
  - {id: chipco, country: CN}
  - {id: us, country: US}
items:
  - {id: wafer, maker: us, kind: service}
  - {id: chip, maker: chipco, kind: chip, origin: US, needs: [{name: w, options: [wafer]}]}
  - {id: phone, maker: phoneco, kind: product, needs: [{name: soc, options: [chip]}]}
scenarios:
  - id: s
    actions:
      - entity_list: {by: US, add: [phoneco, chipco]}
)");
  ScenarioCuts cuts = w.cuts_of("s");
  REQUIRE(cuts.cuts.size() == 2);
  LossState state(*w.graph);
  state.apply(cuts);
  CHECK(state.lost(w.item("chip")));
  CHECK(state.lost(w.item("phone")));
  CHECK(state.live_current(w.model.items[w.item("phone")].first_need) == 0);

  // The same one cut at a time, in both orders.
  for (bool chip_first : {true, false}) {
    LossState step(*w.graph);
    OptionIndex wafer = w.option("chip", "w", "wafer");
    OptionIndex chip = w.option("phone", "soc", "chip");
    step.cut_option(chip_first ? wafer : chip);
    step.cut_option(chip_first ? chip : wafer);
    CHECK(step.lost(w.item("phone")));
    CHECK(step.live_current(w.model.items[w.item("phone")].first_need) == 0);
  }
}

}  // namespace
}  // namespace decouple
