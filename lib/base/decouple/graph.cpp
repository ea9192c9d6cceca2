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
  // model they run side by side.
  const std::launch policy = model.options.size() >= kParallelOptions ? std::launch::async
                                                                       : std::launch::deferred;
  std::future<void> needs_and_items = std::async(policy, [this] { index_needs_and_items(); });
  index_options();
  needs_and_items.get();
}

void SupplyGraph::index_options() {
  const Model& model = model_;
  const size_t n_items = model.items.size();
  const size_t n_options = model.options.size();

  // Counting sort of options by supplied item: stable, so each item's users
  // stay in option order (and reports stay byte-identical run to run).
  // Two passes in option order over the options (the biggest array; at 1M
  // items 157 MB): the first counts users and current options per need,
  // the second places each option and its need side by side (gathering the
  // needs afterwards in user order would read the options at random).
  const NeedIndex sink = sink_need();
  user_start_.assign(n_items + 1, 0);
  current_counts_.assign(model.needs.size() + 1, 0);
  for (OptionIndex k = 0; k < n_options; ++k) {
    const Option& o = model.options[k];
    ++user_start_[o.item + 1];
    if (o.is_current()) ++current_counts_[o.need];
    if (!o.from.empty() || !o.until.empty() || !o.as_of.empty()) dated_options_.push_back(k);
  }
  std::partial_sum(user_start_.begin(), user_start_.end(), user_start_.begin());
  users_.resize(n_options);
  // The scratch arrays too are written whole: on huge pages.
  HugeVector<NeedIndex> needs(n_options);
  {
    HugeVector<uint32_t> next(user_start_.begin(), user_start_.end() - 1);
    for (OptionIndex k = 0; k < n_options; ++k) {
      const Option& o = model.options[k];
      const uint32_t slot = next[o.item]++;
      users_[slot] = k;
      needs[slot] = o.is_current() ? o.need : sink;
    }
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
