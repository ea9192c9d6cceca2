#include "decouple/graph.h"

#include <algorithm>
#include <future>
#include <limits>
#include <numeric>
#include <utility>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>

namespace decouple {

// Supplier item -> consumer item, one edge per option, in CSR layout. The
// edges are handed to Boost sorted by supplier, so edge number k is the
// k-th entry of SupplyGraph::users_ and the two never need a side map.
struct SupplyGraph::Impl {
  using Csr = boost::compressed_sparse_row_graph<boost::directedS>;
  Csr graph;
};

namespace {
// From this many options on, the two halves of the build below run on two
// threads; under it, starting a thread costs more than it saves.
constexpr size_t kParallelOptions = size_t{1} << 16;
}  // namespace

SupplyGraph::SupplyGraph(const Model& model) : model_(model) {
  // Two independent halves, each reading its own records once: the
  // options (users, per-need counts, dated options) and the needs and items
  // (what a critical need takes down, who makes what, dated items). Both
  // stream hundreds of MB at 1M items and are bound by memory, so on a big
  // model they run side by side, and the options' half splits again.
  const bool parallel = model.options.size() >= kParallelOptions;
  const std::launch policy = parallel ? std::launch::async : std::launch::deferred;
  std::future<void> needs_and_items = std::async(policy, [this] { index_needs_and_items(); });
  index_options(policy);
  needs_and_items.get();
}

void SupplyGraph::index_options(std::launch policy) {
  const Model& model = model_;
  const size_t n_items = model.items.size();
  const size_t n_options = model.options.size();

  // Counting sort of options by supplied item: stable, so each item's users
  // stay in option order (and reports stay byte-identical run to run).
  // Two passes in option order over the options (the biggest array; at 1M
  // items 157 MB): the first counts users and current options per need,
  // the second places each option and its need side by side (gathering the
  // needs afterwards in user order would read the options at random).
  //
  // Each pass runs over two runs of options, the second on another thread
  // (under `policy`), split where a need's options start so the per-need
  // counts of the two never meet. Each run counts its users per item on
  // its own; the second run's users of an item are placed after the
  // first's, which keeps the sort stable.
  const NeedIndex sink = sink_need();
  const OptionIndex split =
      n_options == 0 ? 0 : model.needs[model.options[n_options / 2].need].first_option;
  current_counts_.assign(model.needs.size() + 1, 0);
  HugeVector<uint32_t> next_low(n_items, 0), next_high(n_items, 0);
  std::vector<OptionIndex> dated_high;
  auto count = [&](OptionIndex from, OptionIndex to, HugeVector<uint32_t>& users,
                   std::vector<OptionIndex>& dated) {
    for (OptionIndex k = from; k < to; ++k) {
      const Option& o = model.options[k];
      ++users[o.item];
      if (o.is_current()) ++current_counts_[o.need];
      if (!o.from.empty() || !o.until.empty() || !o.as_of.empty()) dated.push_back(k);
    }
  };
  {
    std::future<void> high = std::async(policy, [&] {
      count(split, static_cast<OptionIndex>(n_options), next_high, dated_high);
    });
    count(0, split, next_low, dated_options_);
    high.get();
  }
  dated_options_.insert(dated_options_.end(), dated_high.begin(), dated_high.end());
  // The counts become where each run's next user of an item goes.
  user_start_.resize(n_items + 1);
  uint32_t at = 0;
  for (size_t i = 0; i < n_items; ++i) {
    const uint32_t low = next_low[i], high = next_high[i];
    user_start_[i] = at;
    next_low[i] = at;
    next_high[i] = at + low;
    at += low + high;
  }
  user_start_[n_items] = at;
  users_.resize(n_options);
  // The scratch array too is written whole: on huge pages.
  HugeVector<NeedIndex> needs(n_options);
  auto place = [&](OptionIndex from, OptionIndex to, HugeVector<uint32_t>& next) {
    for (OptionIndex k = from; k < to; ++k) {
      const Option& o = model.options[k];
      const uint32_t slot = next[o.item]++;
      users_[slot] = k;
      needs[slot] = o.is_current() ? o.need : sink;
    }
  };
  {
    std::future<void> high =
        std::async(policy, [&] { place(split, static_cast<OptionIndex>(n_options), next_high); });
    place(0, split, next_low);
    high.get();
  }
  current_counts_[sink] = std::numeric_limits<uint32_t>::max();
  user_needs_ = CowTemplate<NeedIndex>(std::span<const NeedIndex>(needs));
}

void SupplyGraph::index_needs_and_items() {
  const Model& model = model_;
  const size_t n_items = model.items.size();
  items_lost_with_.assign(model.needs.size() + 1, kNone);
  for (NeedIndex n = 0; n < model.needs.size(); ++n)
    if (model.needs[n].critical) items_lost_with_[n] = model.needs[n].item;

  made_start_.assign(model.firms.size() + 1, 0);
  for (ItemIndex i = 0; i < n_items; ++i) {
    const Item& item = model.items[i];
    ++made_start_[item.maker + 1];
    if (!item.introduced.empty() || !item.discontinued.empty()) dated_items_.push_back(i);
  }
  std::partial_sum(made_start_.begin(), made_start_.end(), made_start_.begin());
  made_.resize(n_items);
  HugeVector<uint32_t> next(made_start_.begin(), made_start_.end() - 1);
  for (ItemIndex i = 0; i < n_items; ++i) made_[next[model.items[i].maker]++] = i;
}

void SupplyGraph::build_components() const {
  const Model& model = model_;
  const size_t n_items = model.items.size();
  impl_ = std::make_unique<Impl>();
  components_.assign(n_items, 0);
  if (n_items == 0) return;
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  edges.reserve(model.options.size());
  for (ItemIndex i = 0; i < n_items; ++i)
    for (uint32_t k = user_start_[i]; k < user_start_[i + 1]; ++k)
      edges.emplace_back(i, model.consumer_of(users_[k]));
  impl_->graph = Impl::Csr(boost::edges_are_sorted, edges.begin(), edges.end(), n_items);

  component_count_ = static_cast<uint32_t>(boost::strong_components(
      impl_->graph, boost::make_iterator_property_map(components_.begin(),
                                                      boost::get(boost::vertex_index, impl_->graph))));
}

SupplyGraph::~SupplyGraph() = default;

const std::vector<uint32_t>& SupplyGraph::components() const {
  std::call_once(components_once_, [this] { build_components(); });
  return components_;
}

uint32_t SupplyGraph::component_count() const {
  std::call_once(components_once_, [this] { build_components(); });
  return component_count_;
}

std::span<const OptionIndex> SupplyGraph::users_of(ItemIndex item) const {
  return {users_.data() + user_start_[item], user_start_[item + 1] - user_start_[item]};
}

std::span<const ItemIndex> SupplyGraph::items_of(FirmIndex firm) const {
  return {made_.data() + made_start_[firm], made_start_[firm + 1] - made_start_[firm]};
}

}  // namespace decouple
