// Explanations: reason chains from a lost or degraded item down to the
// actions, with shared sub-chains expanded once.
#include "decouple/explain.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "decouple/model_fixture.h"
#include "decouple/report.h"
#include "decouple/synthetic_model.h"

namespace decouple {
namespace {

using testing::World;
using Lines = std::vector<std::string>;

std::string_view kind_name(Reason::Kind kind) {
  switch (kind) {
    case Reason::Kind::kItemLost: return "lost";
    case Reason::Kind::kItemLive: return "live";
    case Reason::Kind::kMakerBanned: return "banned";
    case Reason::Kind::kNeedDead: return "need-dead";
    case Reason::Kind::kNeedDegraded: return "need-degraded";
    case Reason::Kind::kOptionCut: return "cut";
    case Reason::Kind::kOptionItemLost: return "via";
    case Reason::Kind::kOptionLive: return "ok";
    case Reason::Kind::kSeeAbove: return "see-above";
    case Reason::Kind::kItemAbsent: return "absent";
    case Reason::Kind::kOptionAbsent: return "no-link";
  }
  return "?";
}

// The tree as indented lines, depth first, children in order — the order
// a reader sees it in: "kind item [need] (action n)". A shared lost item
// met again is a "see-above" leaf, as render_explanation prints it.
Lines tree(const World& w, const Explanation& e, uint32_t root = 0) {
  Lines out;
  std::vector<uint8_t> shown(e.reasons.size(), 0);
  std::vector<std::pair<uint32_t, int>> stack = {{root, 0}};
  while (!stack.empty()) {
    auto [k, depth] = stack.back();
    stack.pop_back();
    Reason r = e.reasons[k];
    if (r.kind == Reason::Kind::kItemLost && shown[k]) {
      r.kind = Reason::Kind::kSeeAbove;
      r.children.clear();
    }
    shown[k] = 1;
    std::string line = std::string(2 * depth, ' ') + std::string(kind_name(r.kind));
    if (r.item != kNone) line += " " + w.model.items[r.item].id;
    if (r.need != kNone) line += " [" + w.model.needs[r.need].name + "]";
    if (r.cut != kNone) line += " (action " + std::to_string(w.cuts.cuts[r.cut].action) + ")";
    if (r.kind == Reason::Kind::kMakerBanned) line += " (action " + std::to_string(r.action) + ")";
    out.push_back(line);
    for (size_t c = r.children.size(); c-- > 0;) stack.emplace_back(r.children[c], depth + 1);
  }
  return out;
}

Lines explain(World& w, std::string_view item) {
  return tree(w, explain_item(*w.graph, w.cuts, *w.state, w.item(item)));
}

constexpr std::string_view kChain = R"(decouple: 1
name: Chain
firms:
  - {id: phoneco, country: CN}
  - {id: chipco, country: CN}
  - {id: eda, country: US}
  - {id: qcom, country: US}
  - {id: fab, country: TW}
items:
  - id: phone
    maker: phoneco
    kind: product
    needs:
      - name: soc
        options: [chip-a, chip-b, {item: chip-c, status: alternative}]
  - id: chip-a
    maker: chipco
    kind: chip
    needs:
      - {name: foundry, options: [n7]}
      - {name: design, role: means, options: [eda-tool]}
  - {id: chip-b, maker: qcom, kind: chip}
  - {id: chip-c, maker: chipco, kind: chip}
  - {id: n7, maker: fab, kind: service}
  - {id: eda-tool, maker: eda, kind: software}
scenarios:
  - id: list
    actions:
      - ban: [fab]
      - entity_list: {by: US, add: [phoneco, chipco]}
)";

TEST_CASE("the chain of a lost item reaches every action that caused it") {
  World w(kChain);
  w.evaluate("list");
  // chip-a dies of its first dead need in loss order: the foundry (fab is
  // banned, and the ban applies before the cuts), listed first; its design
  // need is dead too and follows. Alternatives are not listed: they never
  // kept anything alive.
  CHECK(explain(w, "phone") == Lines{
                                   "lost phone",
                                   "  need-dead phone [soc]",
                                   "    via chip-a",
                                   "      lost chip-a",
                                   "        need-dead chip-a [foundry]",
                                   "          via n7",
                                   "            lost n7",
                                   "              banned n7 (action 0)",
                                   "        need-dead chip-a [design]",
                                   "          cut eda-tool (action 1)",
                                   "    cut chip-b (action 1)",
                               });
  Explanation chip = explain_item(*w.graph, w.cuts, *w.state, w.item("chip-a"));
  REQUIRE(chip.dead_needs.size() == 2);
  CHECK(w.model.needs[chip.dead_needs[0]].name == "foundry");
  CHECK(w.model.needs[chip.dead_needs[1]].name == "design");
  CHECK(render_explanation(w.model, w.cuts, chip, Format::kTable)
            .find("is lost: 2 critical needs have no live current option (foundry, design)") !=
        std::string::npos);
  CHECK(explain(w, "n7") == Lines{"lost n7", "  banned n7 (action 0)"});
}

TEST_CASE("an item reached twice is expanded once, the first time a reader meets it") {
  World w(R"(decouple: 1
name: Diamond
firms: [{id: a, country: CN}, {id: us, country: US}]
items:
  - {id: top, maker: a, kind: product, needs: [{name: n, options: [left, right]}]}
  - {id: left, maker: a, kind: component, needs: [{name: m, options: [base]}]}
  - {id: right, maker: a, kind: component, needs: [{name: m, options: [base]}]}
  - {id: base, maker: a, kind: chip, needs: [{name: ip, options: [us-ip]}]}
  - {id: us-ip, maker: us, kind: ip}
scenarios:
  - {id: s, actions: [{entity_list: {by: US, add: [a]}}]}
)");
  w.evaluate("s");
  CHECK(explain(w, "top") == Lines{
                                 "lost top",
                                 "  need-dead top [n]",
                                 "    via left",
                                 "      lost left",
                                 "        need-dead left [m]",
                                 "          via base",
                                 "            lost base",
                                 "              need-dead base [ip]",
                                 "                cut us-ip (action 0)",
                                 "    via right",
                                 "      lost right",
                                 "        need-dead right [m]",
                                 "          via base",
                                 "            see-above base",
                             });
}

TEST_CASE("a supply cycle's chain ends at the cut that broke it") {
  World w(R"(decouple: 1
name: Cycle
firms: [{id: fab, country: CN}, {id: toolco, country: CN}, {id: us, country: US}]
items:
  - {id: chip, maker: fab, kind: chip, needs: [{name: litho, options: [tool]}]}
  - id: tool
    maker: toolco
    kind: tool
    needs:
      - {name: controller, options: [chip]}
      - {name: laser, options: [us-laser]}
  - {id: us-laser, maker: us, kind: component}
scenarios:
  - {id: s, actions: [{entity_list: {by: US, add: [toolco]}}]}
)");
  w.evaluate("s");
  CHECK(explain(w, "chip") == Lines{
                                  "lost chip",
                                  "  need-dead chip [litho]",
                                  "    via tool",
                                  "      lost tool",
                                  "        need-dead tool [laser]",
                                  "          cut us-laser (action 0)",
                                  // Dead too, but only through the loss it
                                  // explains: it leads back up the chain.
                                  "        need-dead tool [controller]",
                                  "          via chip",
                                  "            see-above chip",
                              });
}

TEST_CASE("a live item lists its damaged needs, and the live options left") {
  World w(R"(decouple: 1
name: Degraded
firms: [{id: a, country: CN}, {id: us, country: US}, {id: kr, country: KR}]
items:
  - id: phone
    maker: a
    kind: product
    needs:
      - {name: memory, options: [us-dram, kr-dram]}
      - {name: nfc, critical: false, options: [us-nfc]}
      - {name: case, options: [kr-case]}
  - {id: us-dram, maker: us, kind: chip}
  - {id: kr-dram, maker: kr, kind: chip}
  - {id: us-nfc, maker: us, kind: chip}
  - {id: kr-case, maker: kr, kind: component}
scenarios:
  - {id: s, actions: [{entity_list: {by: US, add: [a]}}]}
)");
  w.evaluate("s");
  CHECK(explain(w, "phone") == Lines{
                                   "live phone",
                                   "  need-degraded phone [memory]",
                                   "    cut us-dram (action 0)",
                                   "    ok kr-dram",
                                   "  need-dead phone [nfc]",
                                   "    cut us-nfc (action 0)",
                               });
  // An untouched item explains itself in one line.
  CHECK(explain(w, "kr-case") == Lines{"live kr-case"});
}

TEST_CASE("a live item degraded through a lost supplier expands that loss") {
  World w(R"(decouple: 1
name: Degraded via loss
firms: [{id: a, country: CN}, {id: b, country: CN}, {id: us, country: US}]
items:
  - {id: phone, maker: a, kind: product, needs: [{name: soc, options: [cn-soc, tw-soc]}]}
  - {id: cn-soc, maker: b, kind: chip, needs: [{name: eda, options: [us-eda]}]}
  - {id: tw-soc, maker: b, kind: chip}
  - {id: us-eda, maker: us, kind: software}
scenarios:
  - {id: s, actions: [{entity_list: {by: US, add: [b]}}]}
)");
  w.evaluate("s");
  CHECK(explain(w, "phone") == Lines{
                                   "live phone",
                                   "  need-degraded phone [soc]",
                                   "    via cn-soc",
                                   "      lost cn-soc",
                                   "        need-dead cn-soc [eda]",
                                   "          cut us-eda (action 0)",
                                   "    ok tw-soc",
                               });
}

TEST_CASE("a banned maker ends the chain with the ban action") {
  World w(R"(decouple: 1
name: Ban
firms: [{id: a, country: CN}, {id: b, country: US}]
items:
  - {id: x, maker: a, kind: product, needs: [{name: n, options: [y]}]}
  - {id: y, maker: b, kind: chip}
scenarios:
  - {id: s, actions: [{entity_list: {by: CN, add: [b]}}, {ban: [b]}]}
)");
  w.evaluate("s");
  CHECK(explain(w, "x") == Lines{
                               "lost x",
                               "  need-dead x [n]",
                               "    via y",
                               "      lost y",
                               "        banned y (action 1)",
                           });
}

}  // namespace
}  // namespace decouple

namespace decouple {
namespace {

TEST_CASE("explanations share each lost item's node: the graph is linear in the chain") {
  World w(chain_model_yaml(200));
  w.evaluate("s");
  Explanation last = explain_item(*w.graph, w.cuts, *w.state, w.item("i199"));
  // Per item: lost, need-dead, via (the first: lost, banned).
  CHECK(last.reasons.size() == 3 * 199 + 2);
  REQUIRE(last.roots == std::vector<uint32_t>{0});

  // Every item at once: still one node set, each root pointing into it.
  std::vector<ItemIndex> all;
  for (int k = 0; k < 200; ++k) all.push_back(w.item("i" + std::to_string(k)));
  Explanation every = explain_items(*w.graph, w.cuts, *w.state, all);
  CHECK(every.reasons.size() == 3 * 199 + 2);
  REQUIRE(every.roots.size() == 200);
  for (size_t k = 0; k < all.size(); ++k) {
    CHECK(every.reasons[every.roots[k]].kind == Reason::Kind::kItemLost);
    CHECK(every.reasons[every.roots[k]].item == all[k]);
  }
  // The tree view of i5 in the shared graph is the same as explaining it alone.
  CHECK(tree(w, every, every.roots[5]) == tree(w, explain_item(*w.graph, w.cuts, *w.state, all[5])));
}

}  // namespace
}  // namespace decouple
