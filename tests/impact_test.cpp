// Impact: per-vendor cuts, losses and degradations, with lost shares.
#include "decouple/impact.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "decouple/generate.h"
#include "decouple/model_fixture.h"

namespace decouple {
namespace {

using testing::World;
using Ids = std::vector<std::string>;

// A handset maker with shared supply, a Russian server maker, and a US
// chip firm whose cut-off cascades.
constexpr std::string_view kShares = R"(decouple: 1
name: Shares
firms:
  - {id: handset, country: CN}
  - {id: server-co, country: RU}
  - {id: us, country: US}
  - {id: kr, country: KR}
  - {id: cn, country: CN}
  - {id: untouched, country: DE}
items:
  - id: phone
    maker: handset
    kind: product
    needs:
      - name: memory            # given shares: the US part is 30%
        options:
          - {item: us-dram, share: 0.3}
          - {item: kr-dram, share: 0.7}
      - name: display           # no shares: three current sources, equal split
        options: [us-panel, kr-panel, cn-panel, {item: cn-panel2, status: alternative}]
      - name: sensor            # some shares: the rest split over the others
        options:
          - {item: kr-sensor, share: 0.5}
          - us-sensor
          - cn-sensor
      - name: nfc               # non-critical, lost entirely
        critical: false
        options: [us-nfc]
      - name: charger           # only an alternative is cut: no degradation
        options: [cn-charger, {item: us-charger, status: alternative}]
  - id: tablet
    maker: handset
    kind: product
    needs:
      - name: soc
        options: [us-soc]
      - name: memory
        options: [us-dram, kr-dram]
  - id: server
    maker: server-co
    kind: product
    needs:
      - {name: cpu, options: [us-cpu]}
  - {id: us-dram, maker: us, kind: chip}
  - {id: kr-dram, maker: kr, kind: chip}
  - {id: us-panel, maker: us, kind: component}
  - {id: kr-panel, maker: kr, kind: component}
  - {id: cn-panel, maker: cn, kind: component}
  - {id: cn-panel2, maker: cn, kind: component}
  - {id: kr-sensor, maker: kr, kind: component}
  - {id: us-sensor, maker: us, kind: component}
  - {id: cn-sensor, maker: cn, kind: component}
  - {id: us-nfc, maker: us, kind: chip}
  - {id: cn-charger, maker: cn, kind: component}
  - {id: us-charger, maker: us, kind: component}
  - {id: us-soc, maker: us, kind: chip}
  - {id: us-cpu, maker: us, kind: chip}
  - id: gadget
    maker: untouched
    kind: product
    needs: [{name: panel, options: [kr-panel]}]
scenarios:
  - id: embargo-cn
    actions:
      - entity_list: {by: US, add: [handset]}
      - embargo: {by: US, to: [CN], items: [us-soc]}
  - id: ban-kr
    actions: [{ban: [kr]}]
)";

TEST_CASE("current_shares: given shares, an equal split, and the rest split") {
  World w(kShares);
  const Item& phone = w.model.items[w.item("phone")];
  NeedIndex memory = phone.first_need, display = memory + 1, sensor = memory + 2;
  NeedIndex charger = memory + 4;
  std::vector<double> m = current_shares(w.model, memory);
  REQUIRE(m.size() == 2);
  CHECK(m[0] == doctest::Approx(0.3));
  CHECK(m[1] == doctest::Approx(0.7));
  std::vector<double> d = current_shares(w.model, display);
  REQUIRE(d.size() == 4);
  CHECK(d[0] == doctest::Approx(1.0 / 3));
  CHECK(d[1] == doctest::Approx(1.0 / 3));
  CHECK(d[2] == doctest::Approx(1.0 / 3));
  CHECK(d[3] == 0);  // an alternative carries nothing today
  std::vector<double> s = current_shares(w.model, sensor);
  CHECK(s[0] == doctest::Approx(0.5));
  CHECK(s[1] == doctest::Approx(0.25));
  CHECK(s[2] == doctest::Approx(0.25));
  std::vector<double> c = current_shares(w.model, charger);
  CHECK(c[0] == 1);
  CHECK(c[1] == 0);
}

TEST_CASE("current_shares: shares summing to 1 leave nothing for the unshared") {
  Model model = testing::load_ok(R"(decouple: 1
name: Full
firms: [{id: a, country: CN}]
items:
  - id: x
    maker: a
    kind: product
    needs: [{name: n, options: [{item: p, share: 0.4}, {item: q, share: 0.6}, r]}]
  - {id: p, maker: a, kind: chip}
  - {id: q, maker: a, kind: chip}
  - {id: r, maker: a, kind: chip}
)");
  std::vector<double> shares = current_shares(model, 0);
  CHECK(shares[0] == doctest::Approx(0.4));
  CHECK(shares[1] == doctest::Approx(0.6));
  CHECK(shares[2] == 0);
}

TEST_CASE("per-vendor lists: cuts into the firm, items lost, needs degraded") {
  World w(kShares);
  w.evaluate("embargo-cn");
  Impact impact = compute_impact(*w.graph, w.cuts, *w.state);
  // Only the listed handset maker is affected; the US supplier, whose
  // items all stay made, and the untouched firm are not listed.
  REQUIRE(impact.vendors.size() == 1);
  const VendorImpact& v = impact.vendors[0];
  CHECK(v.firm == w.firm("handset"));
  CHECK(!v.banned);

  // Every US-origin edge into the handset maker, listed once each even when
  // two actions cut it (the tablet's soc), sorted by consumer id.
  Ids cut;
  for (uint32_t c : v.cuts) {
    const Option& o = w.model.options[w.cuts.cuts[c].option];
    cut.push_back(w.model.items[w.model.consumer_of(w.cuts.cuts[c].option)].id + "/" +
                  w.model.items[o.item].id);
  }
  CHECK(cut == Ids{"phone/us-dram", "phone/us-panel", "phone/us-sensor", "phone/us-nfc",
                   "phone/us-charger", "tablet/us-soc", "tablet/us-dram"});
  CHECK(w.cuts.cuts.size() == 8);  // the tablet's soc edge is cut twice

  // The tablet needs the US SoC: lost. The phone survives, degraded.
  REQUIRE(v.lost.size() == 1);
  CHECK(v.lost[0] == w.item("tablet"));
  CHECK(impact.items_lost == 1);

  REQUIRE(v.degraded.size() == 4);
  auto need_name = [&](const DegradedNeed& d) { return w.model.needs[d.need].name; };
  for (const DegradedNeed& d : v.degraded) CHECK(d.item == w.item("phone"));
  CHECK(need_name(v.degraded[0]) == "memory");
  CHECK(v.degraded[0].lost_share == doctest::Approx(0.3));
  CHECK(!v.degraded[0].need_lost);
  CHECK(need_name(v.degraded[1]) == "display");
  CHECK(v.degraded[1].lost_share == doctest::Approx(1.0 / 3));
  CHECK(need_name(v.degraded[2]) == "sensor");
  CHECK(v.degraded[2].lost_share == doctest::Approx(0.25));
  CHECK(need_name(v.degraded[3]) == "nfc");
  CHECK(v.degraded[3].lost_share == 1);
  CHECK(v.degraded[3].need_lost);
  // The charger lost only an alternative, the lost tablet is not degraded.
  CHECK(impact.items_degraded == 1);
}

TEST_CASE("a ban: the banned firm's items are lost, users degrade or are lost") {
  World w(kShares);
  w.evaluate("ban-kr");
  Impact impact = compute_impact(*w.graph, w.cuts, *w.state);
  Ids firms;
  for (const VendorImpact& v : impact.vendors) firms.push_back(w.model.firms[v.firm].id);
  // Sorted by firm id; the banned firm is listed with its own losses.
  CHECK(firms == Ids{"handset", "kr", "untouched"});

  const VendorImpact& kr = impact.vendors[1];
  CHECK(kr.banned);
  CHECK(kr.cuts.empty());
  Ids kr_lost;
  for (ItemIndex i : kr.lost) kr_lost.push_back(w.model.items[i].id);
  CHECK(kr_lost == Ids{"kr-dram", "kr-panel", "kr-sensor"});  // sorted by id

  const VendorImpact& handset = impact.vendors[0];
  CHECK(!handset.banned);
  CHECK(handset.lost.empty());
  // Degradation through lost supplier items, not cuts.
  REQUIRE(handset.degraded.size() == 4);
  CHECK(handset.degraded[0].item == w.item("phone"));
  CHECK(handset.degraded[0].lost_share == doctest::Approx(0.7));
  CHECK(handset.degraded[1].lost_share == doctest::Approx(1.0 / 3));
  CHECK(handset.degraded[2].lost_share == doctest::Approx(0.5));
  CHECK(handset.degraded[3].item == w.item("tablet"));  // equal split of two
  CHECK(handset.degraded[3].lost_share == doctest::Approx(0.5));

  const VendorImpact& untouched = impact.vendors[2];
  Ids lost;
  for (ItemIndex i : untouched.lost) lost.push_back(w.model.items[i].id);
  CHECK(lost == Ids{"gadget"});
  CHECK(impact.items_lost == 4);
  CHECK(impact.items_degraded == 2);
}

TEST_CASE("nothing affected gives an empty impact") {
  World w(std::string(kShares) + "  - id: quiet\n");
  w.evaluate("quiet");
  Impact impact = compute_impact(*w.graph, w.cuts, *w.state);
  CHECK(impact.vendors.empty());
  CHECK(impact.items_lost == 0);
  CHECK(impact.items_degraded == 0);
}

// Every list of `impact` in id order (vendors by firm id, items by item id,
// degraded needs by item id then need, cuts by consumer id then option).
void check_sorted_by_id(const Model& m, const ScenarioCuts& cuts, const Impact& impact) {
  auto item_id = [&](ItemIndex i) { return m.items[i].id.view(); };
  auto by_item = [&](ItemIndex a, ItemIndex b) { return item_id(a) < item_id(b); };
  CHECK(std::is_sorted(impact.vendors.begin(), impact.vendors.end(),
                       [&](const VendorImpact& a, const VendorImpact& b) {
                         return m.firms[a.firm].id.view() < m.firms[b.firm].id.view();
                       }));
  for (const VendorImpact& v : impact.vendors) {
    CHECK(std::is_sorted(v.lost.begin(), v.lost.end(), by_item));
    CHECK(std::is_sorted(v.degraded.begin(), v.degraded.end(),
                         [&](const DegradedNeed& a, const DegradedNeed& b) {
                           return a.item != b.item ? by_item(a.item, b.item) : a.need < b.need;
                         }));
    auto consumer = [&](uint32_t c) { return m.needs[m.options[cuts.cuts[c].option].need].item; };
    CHECK(std::is_sorted(v.cuts.begin(), v.cuts.end(), [&](uint32_t a, uint32_t b) {
      return consumer(a) != consumer(b) ? by_item(consumer(a), consumer(b))
                                        : cuts.cuts[a].option < cuts.cuts[b].option;
    }));
  }
}

// The impact's content in index order, to compare two impacts whatever the
// ids: "firm: lost items | degraded (item need share) | cuts".
std::vector<std::string> in_index_order(const ScenarioCuts& cuts, const Impact& impact) {
  std::vector<std::string> rows;
  for (const VendorImpact& v : impact.vendors) {
    std::vector<ItemIndex> lost = v.lost;
    std::sort(lost.begin(), lost.end());
    std::vector<DegradedNeed> degraded = v.degraded;
    std::sort(degraded.begin(), degraded.end(), [](const DegradedNeed& a, const DegradedNeed& b) {
      return a.need < b.need;
    });
    std::vector<OptionIndex> cut;
    for (uint32_t c : v.cuts) cut.push_back(cuts.cuts[c].option);
    std::sort(cut.begin(), cut.end());
    std::string row = fmt::format("{}{}:", v.firm, v.banned ? " banned" : "");
    for (ItemIndex i : lost) row += fmt::format(" {}", i);
    row += " |";
    for (const DegradedNeed& d : degraded)
      row += fmt::format(" {} {} {:.6f}{}", d.item, d.need, d.lost_share, d.need_lost ? "!" : "");
    row += " |";
    for (OptionIndex o : cut) row += fmt::format(" {}", o);
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST_CASE("lists come in id order whether or not the ids run in index order") {
  // compute_impact sorts by index and sorts by id again only when the two
  // orders differ: a generated model's ids run in index order, and here the
  // same model with every item and firm id renamed to run backwards.
  GenerateOptions options;
  options.items = 3000;
  options.seed = 11;
  for (const char* scenario : {"ban-1pct", "el-top-cn", "embargo-cn-chips"}) {
    CAPTURE(scenario);
    World in_order(generate_model(options));
    Model renamed = generate_model(options);
    for (size_t i = 0; i < renamed.items.size(); ++i)
      renamed.items[i].id = renamed.text.add(fmt::format("x{:06}", renamed.items.size() - i));
    for (size_t f = 0; f < renamed.firms.size(); ++f)
      renamed.firms[f].id = renamed.text.add(fmt::format("y{:06}", renamed.firms.size() - f));
    World backwards(std::move(renamed));
    in_order.evaluate(scenario);
    backwards.evaluate(scenario);
    Impact a = compute_impact(*in_order.graph, in_order.cuts, *in_order.state);
    Impact b = compute_impact(*backwards.graph, backwards.cuts, *backwards.state);
    REQUIRE(a.vendors.size() > 1);
    check_sorted_by_id(in_order.model, in_order.cuts, a);
    check_sorted_by_id(backwards.model, backwards.cuts, b);
    CHECK(a.vendors.front().firm < a.vendors.back().firm);
    CHECK(b.vendors.front().firm > b.vendors.back().firm);
    CHECK(in_index_order(in_order.cuts, a) == in_index_order(backwards.cuts, b));
    CHECK(a.items_lost == b.items_lost);
    CHECK(a.items_degraded == b.items_degraded);
  }
}

TEST_CASE("degraded needs: every need that lost current supply, found by brute force too") {
  // Against a scan of every need, on answers big enough for the two-thread
  // search (4,096 cut edges and lost items) and on a small one.
  for (uint32_t items : {3000u, 60'000u}) {
    CAPTURE(items);
    GenerateOptions options;
    options.items = items;
    options.seed = 5;
    World w(generate_model(options));
    w.evaluate("embargo-cn-chips");
    Impact impact = compute_impact(*w.graph, w.cuts, *w.state);
    if (items > 10'000) REQUIRE(w.cuts.cuts.size() + w.state->lost_items().size() >= 4096);
    std::vector<std::pair<ItemIndex, NeedIndex>> found, expected;
    for (const VendorImpact& v : impact.vendors)
      for (const DegradedNeed& d : v.degraded) {
        CHECK(w.model.items[d.item].maker == v.firm);
        found.emplace_back(d.item, d.need);
      }
    std::vector<ItemIndex> degraded_items;
    for (NeedIndex n = 0; n < w.model.needs.size(); ++n) {
      const Need& need = w.model.needs[n];
      if (w.state->dead(need.item)) continue;
      bool lost_some = false;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o)
        lost_some |= w.model.options[o].is_current() && w.state->option_dead(o);
      if (!lost_some) continue;
      expected.emplace_back(need.item, n);
      degraded_items.push_back(need.item);
    }
    std::sort(found.begin(), found.end());
    degraded_items.erase(std::unique(degraded_items.begin(), degraded_items.end()), degraded_items.end());
    REQUIRE(!expected.empty());
    CHECK(found == expected);
    CHECK(impact.items_degraded == degraded_items.size());
  }
}

}  // namespace
}  // namespace decouple
