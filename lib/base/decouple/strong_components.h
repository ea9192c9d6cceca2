// Strongly connected components by Tarjan's algorithm, iterative: supply
// chains can be tens of thousands of items deep, which a recursive version
// would not survive. Used where a computation works on a part of the graph
// it discovers as it goes (the fault tree's targets, the recovery planner's
// lost items); the whole supply graph's components are in graph.h.
//
// Contract: from(root, successors, component) visits every node reachable
// from `root` that no earlier call visited. successors(v, out) appends v's
// successors to `out` (called once per node). component(members) is called
// once per component, members in the order they were first visited, and a
// component only after every component it reaches: suppliers first.
// O(nodes + edges) over all calls together.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace decouple {

class StrongComponents {
 public:
  explicit StrongComponents(uint32_t nodes) : index_(nodes, kUnvisited), low_(nodes, 0), on_stack_(nodes, 0) {}

  bool visited(uint32_t v) const { return index_[v] != kUnvisited; }

  template <typename Successors, typename Component>
  void from(uint32_t root, Successors&& successors, Component&& component) {
    if (visited(root)) return;
    struct Frame {
      uint32_t node;
      size_t begin, next, end;  // its successors: pending_[begin, end)
    };
    std::vector<Frame> frames;
    auto open = [&](uint32_t v) {
      index_[v] = low_[v] = counter_++;
      on_stack_[v] = 1;
      stack_.push_back(v);
      size_t begin = pending_.size();
      successors(v, pending_);
      frames.push_back({v, begin, begin, pending_.size()});
    };
    open(root);
    while (!frames.empty()) {
      Frame& frame = frames.back();
      if (frame.next < frame.end) {
        uint32_t s = pending_[frame.next++];
        if (!visited(s)) {
          open(s);  // invalidates `frame`
        } else if (on_stack_[s]) {
          low_[frame.node] = std::min(low_[frame.node], index_[s]);
        }
        continue;
      }
      uint32_t v = frame.node;
      pending_.resize(frame.begin);
      frames.pop_back();
      if (!frames.empty()) low_[frames.back().node] = std::min(low_[frames.back().node], low_[v]);
      if (low_[v] != index_[v]) continue;
      size_t top = stack_.size();
      while (stack_[top - 1] != v) --top;
      --top;
      for (size_t k = top; k < stack_.size(); ++k) on_stack_[stack_[k]] = 0;
      component(std::span<const uint32_t>(stack_.data() + top, stack_.size() - top));
      stack_.resize(top);
    }
  }

 private:
  static constexpr uint32_t kUnvisited = UINT32_MAX;
  std::vector<uint32_t> index_, low_;
  std::vector<uint8_t> on_stack_;
  std::vector<uint32_t> stack_, pending_;
  uint32_t counter_ = 0;
};

}  // namespace decouple
