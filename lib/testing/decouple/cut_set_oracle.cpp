#include "decouple/cut_set_oracle.h"

#include <algorithm>

#include "decouple/propagate.h"

namespace decouple::testing {

std::vector<std::vector<uint8_t>> lost_by_subset(const SupplyGraph& graph, const ScenarioCuts& cuts,
                                                 const std::vector<FirmIndex>& firms) {
  std::vector<std::vector<uint8_t>> out;
  LossState state(graph);
  for (uint32_t mask = 0; mask < (1u << firms.size()); ++mask) {
    state.reset();
    state.apply(cuts);
    for (size_t k = 0; k < firms.size(); ++k)
      if (mask >> k & 1) state.ban_firm(firms[k]);
    std::vector<uint8_t> lost(graph.model().items.size());
    for (ItemIndex i = 0; i < lost.size(); ++i) lost[i] = state.lost(i);
    out.push_back(std::move(lost));
  }
  return out;
}

std::vector<uint32_t> minimal_masks(const std::vector<std::vector<uint8_t>>& lost, ItemIndex item,
                                    uint32_t forbidden) {
  std::vector<uint32_t> out;
  for (uint32_t mask = 0; mask < lost.size(); ++mask) {
    if ((mask & forbidden) || !lost[mask][item]) continue;
    bool minimal = true;
    for (uint32_t bit = 0; (1u << bit) <= mask; ++bit)
      if ((mask >> bit & 1) && lost[mask & ~(1u << bit)][item]) minimal = false;
    if (minimal) out.push_back(mask);
  }
  return out;
}

std::vector<std::vector<std::string>> ids_of(const Model& model,
                                             const std::vector<std::vector<FirmIndex>>& sets) {
  std::vector<std::vector<std::string>> out;
  for (const auto& set : sets) {
    std::vector<std::string> ids;
    for (FirmIndex f : set) ids.emplace_back(model.firms[f].id);
    std::sort(ids.begin(), ids.end());
    out.push_back(std::move(ids));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return out;
}

}  // namespace decouple::testing
