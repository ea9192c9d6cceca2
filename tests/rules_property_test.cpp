// The rules engine's fixpoint against brute force on random small models.
//
// The brute force restates the rules directly: start from "only origin
// makes an item subject", then recompute every item's controlled content
// and every means chain from scratch and every option's subjection from
// those, until nothing changes (Kleene iteration of the monotone operator:
// it reaches the least fixpoint). Shares are multiples of 1/8, so sums are
// exact and content lands exactly on thresholds often.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "decouple/model_fixture.h"
#include "decouple/random_model.h"
#include "decouple/rules.h"

namespace decouple {
namespace {

using testing::World;

// Three to six firms (the first American, the second Chinese), two to
// twelve items, a fifth of them of another origin than their maker's; a
// third of the needs are means, shares are eighths; one scenario of one to
// three de minimis and direct-product rules by the US or China.
std::string random_model(uint32_t seed) {
  testing::RandomModelSpec spec;
  spec.min_firms = 3;
  spec.max_firms = 6;
  spec.fixed_countries = {"US", "CN"};
  spec.countries = {"US", "CN", "TW", "JP"};
  spec.min_items = 2;
  spec.max_items = 12;
  spec.origin = 0.2;
  spec.origins = spec.countries;
  spec.max_needs = 3;
  spec.non_critical = 0;
  spec.means = 1.0 / 3;
  spec.need_share = 0.5;
  spec.max_options = 3;
  spec.distinct_suppliers = true;
  spec.alternative = 0.2;
  spec.option_share = 0.5;
  spec.share_parts = 8;
  Random random(seed);
  testing::RandomModel drawn = testing::random_model(spec, random);
  auto pick = [&](int n) { return static_cast<int>(random.below(static_cast<uint64_t>(n))); };
  const int firms = static_cast<int>(drawn.firms);
  std::string out = std::move(drawn.yaml);
  out += "scenarios:\n  - id: s\n    actions:\n";
  auto jurisdiction = [&] { return pick(4) == 0 ? "CN" : "US"; };
  for (int a = 0, n = 1 + pick(3); a < n; ++a) {
    if (pick(2) == 0) {
      // One draw per statement: argument order is unspecified.
      if (pick(2) == 0) {
        double threshold = pick(5) / 8.0;
        std::string by = jurisdiction();
        out += fmt::format("      - de_minimis: {{by: {}, threshold: {}}}\n", by, threshold);
      } else {
        double other = pick(5) / 8.0;
        double cn = pick(5) / 8.0;
        std::string by = jurisdiction();
        out += fmt::format("      - de_minimis: {{by: {}, threshold: {{CN: {}, default: {}}}}}\n", by, cn, other);
      }
    } else {
      std::string targets;
      for (int f = 0; f < firms; ++f)
        if (pick(2) == 0) targets += fmt::format("{}f{}", targets.empty() ? "" : ", ", f);
      if (targets.empty()) targets = "f1";
      std::string by = jurisdiction();
      int depth = 1 + pick(3);
      out += fmt::format("      - foreign_direct_product: {{by: {}, targets: [{}], depth: {}}}\n", by, targets,
                         depth);
    }
  }
  return out;
}

// Brute-force subjection of every option to `by` under the model's only
// scenario, and every item's controlled content.
struct Brute {
  std::vector<uint8_t> subject;
  std::vector<double> content;
};

Brute brute_force(const Model& model, Country by) {
  const Scenario& scenario = model.scenarios[0];
  const DeMinimisAction* dm = nullptr;
  std::vector<uint32_t> depth(model.firms.size(), 0);
  for (const Action& a : scenario.actions) {
    if (const auto* d = std::get_if<DeMinimisAction>(&a.body); d && d->by == by) dm = d;
    if (const auto* f = std::get_if<ForeignDirectProductAction>(&a.body); f && f->by == by)
      for (FirmIndex t : f->targets) depth[t] = std::max(depth[t], f->depth);
  }
  // weight[o]: need share * option share, for current options of content needs.
  std::vector<double> weight(model.options.size(), 0);
  for (const Item& item : model.items) {
    double given = 0;
    int unshared = 0;
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
      const Need& need = model.needs[n];
      if (need.role != NeedRole::kContent) continue;
      if (need.share >= 0) given += need.share; else ++unshared;
    }
    for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
      const Need& need = model.needs[n];
      if (need.role != NeedRole::kContent) continue;
      double ns = need.share >= 0 ? need.share : std::max(0.0, 1 - given) / unshared;
      double og = 0;
      int ou = 0;
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        const Option& opt = model.options[o];
        if (!opt.is_current()) continue;
        if (opt.share >= 0) og += opt.share; else ++ou;
      }
      for (OptionIndex o = need.first_option; o < need.first_option + need.option_count; ++o) {
        const Option& opt = model.options[o];
        if (opt.is_current()) weight[o] = ns * (opt.share >= 0 ? opt.share : std::max(0.0, 1 - og) / ou);
      }
    }
  }

  Brute b;
  b.subject.assign(model.options.size(), 0);
  for (OptionIndex o = 0; o < model.options.size(); ++o)
    b.subject[o] = model.items[model.options[o].item].origin == by;
  for (bool changed = true; changed;) {
    changed = false;
    b.content.assign(model.items.size(), 0);
    for (OptionIndex o = 0; o < model.options.size(); ++o)
      if (b.subject[o]) b.content[model.consumer_of(o)] += weight[o];
    // made_with(y, d): y has a current means option whose item is subject,
    // or (d > 1) is itself made_with(.., d - 1).
    std::function<bool(ItemIndex, uint32_t)> made_with = [&](ItemIndex y, uint32_t d) {
      const Item& item = model.items[y];
      for (NeedIndex n = item.first_need; n < item.first_need + item.need_count; ++n) {
        const Need& need = model.needs[n];
        if (need.role != NeedRole::kMeans) continue;
        for (OptionIndex p = need.first_option; p < need.first_option + need.option_count; ++p) {
          if (!model.options[p].is_current()) continue;
          if (b.subject[p] || (d > 1 && made_with(model.options[p].item, d - 1))) return true;
        }
      }
      return false;
    };
    for (OptionIndex o = 0; o < model.options.size(); ++o) {
      if (b.subject[o]) continue;
      ItemIndex y = model.options[o].item;
      FirmIndex to = model.recipient_of(o);
      bool now = false;
      if (dm && b.content[y] > dm->threshold_for(model.firms[to].country) + kShareTolerance)
        now = true;
      if (depth[to] > 0 && made_with(y, depth[to])) now = true;
      if (now) {
        b.subject[o] = 1;
        changed = true;
      }
    }
  }
  return b;
}

TEST_CASE("property: the rules fixpoint equals brute force on random models") {
  const Country jurisdictions[] = {*Country::parse("US"), *Country::parse("CN")};
  int subject_by_rule[4] = {0, 0, 0, 0};
  for (uint32_t seed = 1; seed <= 400; ++seed) {
    CAPTURE(seed);
    World w(random_model(seed));
    const Model& model = w.model;
    std::vector<AppliedAction> applied = resolve_scenario(model, 0);
    Reach reach(*w.graph, applied);
    for (Country by : jurisdictions) {
      CAPTURE(by.str());
      Brute b = brute_force(model, by);
      for (OptionIndex o = 0; o < model.options.size(); ++o) {
        CAPTURE(o);
        Subjection why = reach.subject(o, by);
        REQUIRE(why.subject() == static_cast<bool>(b.subject[o]));
        ++subject_by_rule[static_cast<int>(why.rule)];
        CHECK_FALSE(reach.describe(why, o).empty());
        if (why.rule == Subjection::Rule::kDeMinimis) {
          CHECK(why.share > why.threshold + kShareTolerance);
          double sum = 0;
          for (const ContentContribution& c : reach.contributors(model.options[o].item, by)) {
            CHECK(b.subject[c.option]);
            sum += c.weight;
          }
          CHECK(sum == doctest::Approx(why.share));
        }
        if (why.rule == Subjection::Rule::kDirectProduct) {
          // A chain of current means options, each supplying the item the
          // next one needs, ending in a subject one.
          std::vector<OptionIndex> path = reach.means_path(why, o);
          REQUIRE(path.size() == why.depth);
          ItemIndex at = model.options[o].item;
          for (OptionIndex p : path) {
            CHECK(model.consumer_of(p) == at);
            CHECK(model.options[p].is_current());
            CHECK(model.needs[model.options[p].need].role == NeedRole::kMeans);
            at = model.options[p].item;
          }
          CHECK(b.subject[path.back()]);
        }
      }
      const bool has_de_minimis = std::any_of(
          model.scenarios[0].actions.begin(), model.scenarios[0].actions.end(),
          [&](const Action& a) {
            const auto* d = std::get_if<DeMinimisAction>(&a.body);
            return d && d->by == by;
          });
      // Content is tracked only where a de minimis rule of `by` is in force.
      if (has_de_minimis)
        for (ItemIndex i = 0; i < model.items.size(); ++i)
          if (model.items[i].origin != by)
            CHECK(reach.controlled_content(i, by) == doctest::Approx(b.content[i]));
    }
  }
  // The generator must exercise every rule.
  CHECK(subject_by_rule[static_cast<int>(Subjection::Rule::kOrigin)] > 100);
  CHECK(subject_by_rule[static_cast<int>(Subjection::Rule::kDeMinimis)] > 50);
  CHECK(subject_by_rule[static_cast<int>(Subjection::Rule::kDirectProduct)] > 50);
}

}  // namespace
}  // namespace decouple
