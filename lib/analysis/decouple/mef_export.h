// Writing a target's fault tree as Open-PSA Model Exchange Format XML, the
// input of fault-tree tools such as SCRAM.
//
// Top events are "target lost" (gates t_<item>), basic events "firm cut
// off" (f_<firm>) and, in a tree with uncertain links (risk.h), "link
// absent" (l_<item>_n<k>_o<j>: the j-th option of the item's k-th need),
// intermediate gates "item lost" (i_<item>) and "need
// dead" (i_<item>_n<k>, the k-th need of the item). Ids are escaped so
// every name is an MEF identifier (an XML NCName without '.' and without
// leading, trailing or doubled '-'), injectively: '_' becomes "__", '.'
// "_d", and a '-' that would break the rule "_h"; labels carry the
// original ids and names. Constants fold away (a gate with one input is
// not written); only gates reachable from a top event are written, so the
// tops are exactly the events nobody references.
//
// Each target's maker is excluded (as in chokepoints.h): where it appears
// in the target's cone, the gates depending on it are written once more
// with the suffix _x<firm>, the maker's literal being false there. A
// supply cycle of n items, which MEF cannot express, is unrolled into n
// layers (suffix _L<k>): layer k holds what is lost after k rounds of the
// fixpoint iteration, layer 0 nothing, and layer n the least fixpoint
// (fault_tree.h), so tools that know nothing of cycles get the same
// function. Cost: linear in the tree, times n for each cycle, times the
// number of distinct excluded makers at worst; refused past `max_gates`.
#ifndef DECOUPLE_MEF_EXPORT_H_
#define DECOUPLE_MEF_EXPORT_H_

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "decouple/chokepoints.h"
#include "decouple/diagnostic.h"
#include "decouple/fault_tree.h"

namespace decouple {

struct MefOptions {
  // Per firm cut-off probability written as the basic event's value;
  // empty: no values (qualitative analysis only).
  std::vector<double> probabilities;
  // Per option, the probability that its link is absent (1 - confidence),
  // written on link events; empty: no values.
  std::vector<double> link_probabilities;
  size_t max_gates = 5'000'000;
};

struct MefExport {
  std::string xml;
  // Names used, for reading a tool's results back.
  std::vector<std::pair<std::string, FirmIndex>> basic_events;  // sorted by name
  std::vector<std::pair<std::string, OptionIndex>> link_events;  // sorted by name
  std::vector<std::pair<std::string, ItemIndex>> tops;          // in target order
  size_t gates = 0;                                             // gates written
};

// `prefix` followed by `id` escaped as described above.
std::string mef_name(std::string_view prefix, std::string_view id);

// The tree's targets as top events; excluded[k] (or kNone) is target k's
// firm fixed to "never cut".
Result<MefExport> export_mef(const Model& model, const FaultTree& tree,
                             std::span<const FirmIndex> excluded, const MefOptions& options = {});

// Builds the targets' fault tree under `chokepoints` and exports it, each
// target's maker excluded.
Result<MefExport> export_mef(const Chokepoints& chokepoints, std::span<const ItemIndex> targets,
                             const MefOptions& options = {});

}  // namespace decouple

#endif  // DECOUPLE_MEF_EXPORT_H_
