// Brute-force oracle for the question "which sets of firms, banned, lose
// an item" (minimal cut sets, blacklists, fault trees, risk): every subset
// of a few candidate firms is banned in turn on top of a scenario's cuts
// and propagated with LossState, and the minimal subsets that lose the item
// are read off that table.
//
// Subsets are bit masks over the candidate list (bit k: firms[k]), so at
// most 31 candidates; the table has 2^candidates rows of one flag per item:
// for small models only.
#ifndef DECOUPLE_TESTING_CUT_SET_ORACLE_H_
#define DECOUPLE_TESTING_CUT_SET_ORACLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "decouple/graph.h"
#include "decouple/model.h"
#include "decouple/scenario.h"

namespace decouple::testing {

// For every subset (mask over `firms`) the items lost with `cuts` applied
// plus those firms banned: [mask][item] is 1 when lost.
std::vector<std::vector<uint8_t>> lost_by_subset(const SupplyGraph& graph, const ScenarioCuts& cuts,
                                                 const std::vector<FirmIndex>& firms);

// The minimal subsets (masks) whose bans lose `item`, among the masks that
// share no bit with `forbidden`; ascending.
std::vector<uint32_t> minimal_masks(const std::vector<std::vector<uint8_t>>& lost, ItemIndex item,
                                    uint32_t forbidden);

// Sets of firms as sorted lists of firm ids, sorted by size then ids, so
// two answers compare equal whatever order they were found in.
std::vector<std::vector<std::string>> ids_of(const Model& model,
                                             const std::vector<std::vector<FirmIndex>>& sets);

}  // namespace decouple::testing

#endif  // DECOUPLE_TESTING_CUT_SET_ORACLE_H_
