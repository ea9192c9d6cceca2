// SupplyGraph: its arrays against a plain scan of the model, on a model
// small enough to build on one thread and one big enough for two
// (graph.cpp splits the options from 65,536 on).
#include "decouple/graph.h"

#include <doctest/doctest.h>

#include <vector>

#include "decouple/generate.h"

namespace decouple {
namespace {

TEST_CASE("graph: users, makers, counts and dated facts equal a scan of the model") {
  for (uint32_t items : {500u, 40'000u}) {
    CAPTURE(items);
    GenerateOptions options;
    options.items = items;
    options.seed = 9;
    Model model = generate_model(options);
    // Dates on some records, so the dated lists have something to find.
    for (OptionIndex o = 0; o < model.options.size(); o += 97) model.options[o].until = Date("2030-01-01");
    for (ItemIndex i = 0; i < model.items.size(); i += 101) model.items[i].introduced = Date("2001-02-03");
    SupplyGraph graph(model);
    if (items > 10'000) REQUIRE(model.options.size() >= 65'536);

    std::vector<std::vector<OptionIndex>> users(model.items.size());
    std::vector<uint32_t> current(model.needs.size(), 0);
    std::vector<OptionIndex> dated_options;
    for (OptionIndex o = 0; o < model.options.size(); ++o) {
      users[model.options[o].item].push_back(o);
      current[model.options[o].need] += model.options[o].is_current();
      const Option& opt = model.options[o];
      if (!opt.from.empty() || !opt.until.empty() || !opt.as_of.empty()) dated_options.push_back(o);
    }
    for (ItemIndex i = 0; i < model.items.size(); ++i) {
      CAPTURE(i);
      std::span<const OptionIndex> got = graph.users_of(i);
      REQUIRE(std::vector<OptionIndex>(got.begin(), got.end()) == users[i]);
      for (uint32_t k = graph.first_user(i); k < graph.first_user(i + 1); ++k) {
        const Option& o = model.options[graph.users_of(i)[k - graph.first_user(i)]];
        CHECK(graph.user_needs()[k] == (o.is_current() ? o.need : graph.sink_need()));
      }
    }
    for (NeedIndex n = 0; n < model.needs.size(); ++n) {
      CHECK(graph.current_counts()[n] == current[n]);
      CHECK(graph.items_lost_with()[n] == (model.needs[n].critical ? model.needs[n].item : kNone));
    }
    std::vector<OptionIndex> got_dated(graph.dated_options().begin(), graph.dated_options().end());
    CHECK(got_dated == dated_options);
    CHECK(got_dated.size() > model.options.size() / 97);
    std::vector<ItemIndex> dated_items;
    for (ItemIndex i = 0; i < model.items.size(); i += 101) dated_items.push_back(i);
    CHECK(std::vector<ItemIndex>(graph.dated_items().begin(), graph.dated_items().end()) == dated_items);
    for (FirmIndex f = 0; f < model.firms.size(); ++f) {
      std::vector<ItemIndex> made;
      for (ItemIndex i = 0; i < model.items.size(); ++i)
        if (model.items[i].maker == f) made.push_back(i);
      std::span<const ItemIndex> got = graph.items_of(f);
      CHECK(std::vector<ItemIndex>(got.begin(), got.end()) == made);
    }
  }
}

}  // namespace
}  // namespace decouple
