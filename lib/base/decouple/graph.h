// SupplyGraph: the model's supply relation as a graph, in domain words.
//
// Vertices are items; an edge runs from a supplier item to the item that
// needs it, one per Option. The Model already stores the forward direction
// (item -> needs -> options) flat; SupplyGraph adds what algorithms need on
// top: for each item the options that name it (who it supplies), for each
// firm the items it makes, and strongly connected components (supply
// cycles). It is built once per model in O(items + options) and is
// immutable; every accessor returns a view into flat arrays, sorted, with no
// copy. This is the only public face of Boost.Graph: no Boost type appears
// here or in any other header.
#ifndef DECOUPLE_GRAPH_H_
#define DECOUPLE_GRAPH_H_

#include <future>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "decouple/cow_array.h"
#include "decouple/huge_pages.h"
#include "decouple/model.h"

namespace decouple {

class SupplyGraph {
 public:
  // `model` must outlive the graph.
  explicit SupplyGraph(const Model& model);
  ~SupplyGraph();
  SupplyGraph(const SupplyGraph&) = delete;
  SupplyGraph& operator=(const SupplyGraph&) = delete;

  const Model& model() const { return model_; }

  // Options (current and alternative) whose supplied item is `item`, sorted.
  std::span<const OptionIndex> users_of(ItemIndex item) const;
  // users_of(item) is positions [first_user(item), first_user(item + 1)) of
  // one array of all options; hot loops keep arrays parallel to it so they
  // read memory in order (propagate.h).
  uint32_t first_user(ItemIndex item) const { return user_start_[item]; }
  // The starting point of loss propagation (propagate.h), built with the
  // graph so that each LossState starts from it in O(1):
  //   current_counts()[need]: the need's number of current options; one
  //     extra entry at index model().needs.size(), the *sink*, holds
  //     UINT32_MAX (a need that is never critical and never runs out).
  //     Read-only: a LossState counts each need's dead options up to it;
  //   user_needs()[k], parallel to the users array (first_user()): the need
  //     the user option counts for when its supplier is lost, i.e. its need
  //     when it is current, the sink when it is an alternative; each
  //     LossState has a copy-on-write copy (cow_array.h), as cutting an
  //     option points its entry at the sink.
  std::span<const uint32_t> current_counts() const { return current_counts_; }
  const CowTemplate<NeedIndex>& user_needs() const { return user_needs_; }
  NeedIndex sink_need() const { return static_cast<NeedIndex>(model_.needs.size()); }
  //   items_lost_with()[need]: the item that is lost when the need runs out
  //     of current options, i.e. its item when the need is critical, else
  //     kNone (and kNone for the sink). Read-only and never copied: the
  //     drain reads it when a counter reaches zero, 4 bytes instead of a
  //     64-byte Need record (measured at 1M items: reading the record was
  //     half the drain's time).
  std::span<const ItemIndex> items_lost_with() const { return items_lost_with_; }

  // Items made by `firm`, sorted.
  std::span<const ItemIndex> items_of(FirmIndex firm) const;

  // The dated facts (docs/model-format.md, "Time"), in index order: options
  // with a window (`from`, `until`) or an `as_of` date, and items with
  // `introduced` or `discontinued`. Only these can be absent at a date, so
  // the presence mask (presence.h) costs what the model dates, not its
  // size: a model without dates pays nothing for a dated question.
  std::span<const OptionIndex> dated_options() const { return dated_options_; }
  std::span<const ItemIndex> dated_items() const { return dated_items_; }
  // Needs of `item` and options of `need`, as index ranges into the model.
  std::span<const Need> needs_of(ItemIndex item) const {
    const Item& i = model_.items[item];
    return {model_.needs.data() + i.first_need, i.need_count};
  }
  std::span<const Option> options_of(NeedIndex need) const {
    const Need& n = model_.needs[need];
    return {model_.options.data() + n.first_option, n.option_count};
  }

  // Strongly connected components of the supply relation over all options.
  // component[item] numbers components in reverse topological order of the
  // supply flow (Tarjan's order): an item gets a smaller number than its
  // suppliers, unless both sit on one cycle, when they share a number.
  // Computed on first use (thread-safe), since most questions never need
  // them and a million-item model pays a second or so for them.
  const std::vector<uint32_t>& components() const;
  uint32_t component_count() const;

 private:
  struct Impl;  // the Boost graph; defined in graph.cpp only
  // The constructor's two halves, which touch disjoint members: users_,
  // user_needs_, current_counts_, dated_options_; and items_lost_with_,
  // made_, dated_items_.
  void index_options(std::launch policy);
  void index_needs_and_items();
  // Builds the Boost graph and the components, once.
  void build_components() const;

  const Model& model_;
  mutable std::unique_ptr<Impl> impl_;
  mutable std::once_flag components_once_;
  // Written whole once, read by every question: on huge pages (huge_pages.h).
  HugeVector<uint32_t> user_start_;   // per item + 1
  HugeVector<OptionIndex> users_;     // options grouped by supplied item
  HugeVector<uint32_t> made_start_;   // per firm + 1
  HugeVector<ItemIndex> made_;
  std::vector<OptionIndex> dated_options_;
  std::vector<ItemIndex> dated_items_;
  HugeVector<uint32_t> current_counts_;   // per need, and the sink
  CowTemplate<NeedIndex> user_needs_;     // per position of users_
  HugeVector<ItemIndex> items_lost_with_;  // per need, and the sink
  mutable std::vector<uint32_t> components_;
  mutable uint32_t component_count_ = 0;
};

}  // namespace decouple

#endif  // DECOUPLE_GRAPH_H_
