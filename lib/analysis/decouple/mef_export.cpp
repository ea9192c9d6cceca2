#include "decouple/mef_export.h"

#include "decouple/escape.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace decouple {
namespace {

bool plain(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// A reference in a formula: a constant, or a definition (basic event or gate).
using Ref = int64_t;
constexpr Ref kFalseRef = -1;
constexpr Ref kTrueRef = -2;

struct Definition {
  bool gate = false;
  std::string name;
  std::string label;
  bool is_and = false;
  std::vector<Ref> inputs;
  FirmIndex firm = kNone;
  OptionIndex option = kNone;  // a link event
};

class Writer {
 public:
  Writer(const Model& model, const FaultTree& tree, const MefOptions& options)
      : model_(model), tree_(tree), options_(options) {}

  Result<MefExport> run(std::span<const FirmIndex> excluded) {
    const auto& targets = tree_.targets();
    // Contexts: "nothing excluded" and each distinct excluded firm that
    // actually appears in some target's cone.
    std::vector<FirmIndex> contexts;
    std::vector<uint8_t> is_context(model_.firms.size(), 0);  // thousands of makers with --all-items
    for (size_t k = 0; k < targets.size(); ++k) {
      FirmIndex x = k < excluded.size() ? excluded[k] : kNone;
      if (x != kNone && tree_.firm_gate(x) != kNone && !is_context[x]) {
        is_context[x] = 1;
        contexts.push_back(x);
      }
    }
    try {
      compute(kNone, nullptr);
      for (FirmIndex x : contexts) {
        std::vector<FaultTree::GateIndex> gates = ancestors(x);
        compute(x, &gates);
      }
    } catch (const TooLarge&) {
      return Diagnostics{{"", 0, 0,
                          fmt::format("the fault tree needs more than {} MEF gates (supply cycles are "
                                      "unrolled one layer per item on the cycle)",
                                      options_.max_gates)}};
    }
    MefExport out;
    std::vector<Ref> tops;
    for (size_t k = 0; k < targets.size(); ++k) {
      FirmIndex x = k < excluded.size() ? excluded[k] : kNone;
      FaultTree::GateIndex g = tree_.item_gate(targets[k]);
      Ref ref = ref_in(x != kNone && contexts_.count(x) ? x : kNone, g);
      Definition top;
      top.gate = true;
      top.name = mef_name("t_", model_.items[targets[k]].id);
      top.label = fmt::format("{} lost", model_.items[targets[k]].id);
      top.inputs = {ref};
      defs_.push_back(std::move(top));
      tops.push_back(static_cast<Ref>(defs_.size() - 1));
      out.tops.emplace_back(defs_.back().name, targets[k]);
    }
    write(tops, out);
    return out;
  }

 private:
  struct TooLarge {};

  // The gates whose cone holds firm x's literal: its ancestors, found by
  // walking up from the literal (a cyclic group counts as a whole, which
  // only ever costs a duplicate). Sorted; cost proportional to the answer.
  std::vector<FaultTree::GateIndex> ancestors(FirmIndex x) {
    const auto& gates = tree_.gates();
    if (parent_start_.empty()) {
      parent_start_.assign(gates.size() + 1, 0);
      for (FaultTree::GateIndex g = 0; g < gates.size(); ++g)
        for (FaultTree::GateIndex in : tree_.inputs(g)) ++parent_start_[in + 1];
      for (size_t k = 0; k < gates.size(); ++k) parent_start_[k + 1] += parent_start_[k];
      parents_.resize(parent_start_.back());
      std::vector<uint32_t> next(parent_start_.begin(), parent_start_.end() - 1);
      for (FaultTree::GateIndex g = 0; g < gates.size(); ++g)
        for (FaultTree::GateIndex in : tree_.inputs(g)) parents_[next[in]++] = g;
    }
    std::vector<FaultTree::GateIndex> out;
    std::unordered_set<FaultTree::GateIndex> seen;
    std::vector<FaultTree::GateIndex> stack = {tree_.firm_gate(x)};
    auto push = [&](FaultTree::GateIndex g) {
      if (seen.insert(g).second) stack.push_back(g);
    };
    seen.insert(stack[0]);
    while (!stack.empty()) {
      FaultTree::GateIndex g = stack.back();
      stack.pop_back();
      out.push_back(g);
      const FaultTree::Group& group = tree_.groups()[tree_.group_of(g)];
      if (group.cyclic())
        for (FaultTree::GateIndex m = group.first; m < group.first + group.count; ++m) push(m);
      for (uint32_t k = parent_start_[g]; k < parent_start_[g + 1]; ++k) push(parents_[k]);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Ref ref_in(FirmIndex context, FaultTree::GateIndex g) const {
    if (context != kNone) {
      const auto& mine = contexts_.at(context);
      auto it = mine.find(g);
      if (it != mine.end()) return it->second;
    }
    return none_[g];
  }

  static constexpr Ref kUnset = INT64_MIN;

  Ref basic_event(FirmIndex firm) {
    auto it = basic_.find(firm);
    if (it != basic_.end()) return it->second;
    Definition d;
    d.name = mef_name("f_", model_.firms[firm].id);
    d.label = fmt::format("{} cut off", model_.firms[firm].name);
    d.firm = firm;
    defs_.push_back(std::move(d));
    return basic_[firm] = static_cast<Ref>(defs_.size() - 1);
  }

  // l_<consumer>_n<k>_o<j>: the j-th option of the consumer's k-th need.
  Ref link_event(OptionIndex option) {
    auto it = links_.find(option);
    if (it != links_.end()) return it->second;
    const Option& o = model_.options[option];
    const Need& need = model_.needs[o.need];
    const Item& consumer = model_.items[need.item];
    Definition d;
    d.name = mef_name("l_", consumer.id) +
             fmt::format("_n{}_o{}", o.need - consumer.first_need + 1, option - need.first_option + 1);
    d.label = fmt::format("{} need '{}' from {} absent", consumer.id, need.name, model_.items[o.item].id);
    d.option = option;
    defs_.push_back(std::move(d));
    return links_[option] = static_cast<Ref>(defs_.size() - 1);
  }

  std::string gate_name(FaultTree::GateIndex g, FirmIndex context, uint32_t layer) const {
    const FaultTree::Gate& gate = tree_.gates()[g];
    std::string name;
    if (gate.item != kNone) {
      name = mef_name("i_", model_.items[gate.item].id);
    } else if (gate.need != kNone) {
      const Need& need = model_.needs[gate.need];
      name = mef_name("i_", model_.items[need.item].id) +
             fmt::format("_n{}", gate.need - model_.items[need.item].first_need + 1);
    } else {
      name = fmt::format("g_{}", g);
    }
    if (context != kNone) name += "_x" + mef_name("", model_.firms[context].id);
    if (layer > 0) name += fmt::format("_L{}", layer);
    return name;
  }

  std::string gate_label(FaultTree::GateIndex g, uint32_t layer) const {
    const FaultTree::Gate& gate = tree_.gates()[g];
    std::string label;
    if (gate.item != kNone)
      label = fmt::format("{} lost", model_.items[gate.item].id);
    else if (gate.need != kNone)
      label = fmt::format("{} need '{}' dead", model_.items[model_.needs[gate.need].item].id,
                          model_.needs[gate.need].name);
    if (layer > 0) label += fmt::format(" (cycle round {})", layer);
    return label;
  }

  // The gate's formula from its inputs' references, folded.
  Ref define(FaultTree::GateIndex g, FirmIndex context, uint32_t layer, const std::vector<Ref>& inputs) {
    const FaultTree::Gate& gate = tree_.gates()[g];
    switch (gate.kind) {
      case FaultTree::Kind::kFalse: return kFalseRef;
      case FaultTree::Kind::kTrue: return kTrueRef;
      case FaultTree::Kind::kFirm: return gate.firm == context ? kFalseRef : basic_event(gate.firm);
      case FaultTree::Kind::kLink: return link_event(gate.option);
      case FaultTree::Kind::kAnd:
      case FaultTree::Kind::kOr: break;
    }
    bool is_and = gate.kind == FaultTree::Kind::kAnd;
    Ref absorbing = is_and ? kFalseRef : kTrueRef;
    Ref neutral = is_and ? kTrueRef : kFalseRef;
    std::vector<Ref> kept;
    for (Ref r : inputs) {
      if (r == absorbing) return absorbing;
      if (r == neutral || std::find(kept.begin(), kept.end(), r) != kept.end()) continue;
      kept.push_back(r);
    }
    if (kept.empty()) return neutral;
    if (kept.size() == 1) return kept[0];
    if (++gates_ > options_.max_gates) throw TooLarge{};
    Definition d;
    d.gate = true;
    d.name = gate_name(g, context, layer);
    d.label = gate_label(g, layer);
    d.is_and = is_and;
    d.inputs = std::move(kept);
    defs_.push_back(std::move(d));
    return static_cast<Ref>(defs_.size() - 1);
  }

  // References of the gates `in_context` (all of them for context kNone)
  // with `context`'s firm excluded; gates outside come from context kNone.
  void compute(FirmIndex context, const std::vector<FaultTree::GateIndex>* in_context) {
    auto get = [&](FaultTree::GateIndex g) { return ref_in(context, g); };
    auto set = [&](FaultTree::GateIndex g, Ref r) {
      if (context == kNone)
        none_[g] = r;
      else
        contexts_[context][g] = r;
    };
    if (context == kNone) {
      none_.assign(tree_.gates().size(), kUnset);
      for (const FaultTree::Group& group : tree_.groups()) compute_group(group, group.first, group.first + group.count, context, get, set);
      return;
    }
    contexts_[context];
    // Runs of the sorted gate list that share a group.
    const auto& gates = *in_context;
    for (size_t k = 0; k < gates.size();) {
      uint32_t group_index = tree_.group_of(gates[k]);
      size_t end = k;
      while (end < gates.size() && tree_.group_of(gates[end]) == group_index) ++end;
      const FaultTree::Group& group = tree_.groups()[group_index];
      if (group.cyclic()) {
        compute_group(group, group.first, group.first + group.count, context, get, set);
      } else {
        for (size_t j = k; j < end; ++j) compute_group(group, gates[j], gates[j] + 1, context, get, set);
      }
      k = end;
    }
  }

  // Gates [from, to) of `group`: all of it when cyclic (unrolled into
  // layers), any part of it when acyclic.
  template <typename Get, typename Set>
  void compute_group(const FaultTree::Group& group, FaultTree::GateIndex from, FaultTree::GateIndex to,
                     FirmIndex context, Get& get, Set& set) {
    std::vector<Ref> inputs;
    if (!group.cyclic()) {
      for (FaultTree::GateIndex g = from; g < to; ++g) {
        inputs.clear();
        for (FaultTree::GateIndex in : tree_.inputs(g)) inputs.push_back(get(in));
        set(g, define(g, context, 0, inputs));
      }
      return;
    }
    // Unroll: layer k from layer k - 1, states starting from "not lost".
    const FaultTree::GateIndex end = group.first + group.count;
    const FaultTree::GateIndex derived = group.first + group.state_count;
    std::vector<Ref> previous(group.state_count, kFalseRef), current(group.state_count);
    auto layered = [&](FaultTree::GateIndex in) {
      if (in >= group.first && in < derived) return previous[in - group.first];
      return get(in);  // a derived gate of this layer, or an earlier group
    };
    for (uint32_t layer = 1; layer <= group.state_count; ++layer) {
      for (FaultTree::GateIndex g = derived; g < end; ++g) {
        inputs.clear();
        for (FaultTree::GateIndex in : tree_.inputs(g)) inputs.push_back(layered(in));
        set(g, define(g, context, layer, inputs));
      }
      for (FaultTree::GateIndex g = group.first; g < derived; ++g) {
        inputs.clear();
        for (FaultTree::GateIndex in : tree_.inputs(g)) inputs.push_back(layered(in));
        current[g - group.first] = define(g, context, layer, inputs);
      }
      if (current == previous) break;  // the fixpoint came early
      previous = current;
    }
    for (uint32_t k = 0; k < group.state_count; ++k) set(group.first + k, previous[k]);
  }

  void write_ref(std::string& out, Ref r, int indent) const {
    std::string pad(static_cast<size_t>(indent), ' ');
    if (r == kFalseRef || r == kTrueRef) {
      out += fmt::format("{}<constant value=\"{}\"/>\n", pad, r == kTrueRef ? "true" : "false");
      return;
    }
    const Definition& d = defs_[static_cast<size_t>(r)];
    out += fmt::format("{}<{} name=\"{}\"/>\n", pad, d.gate ? "gate" : "basic-event", d.name);
  }

  void write(const std::vector<Ref>& tops, MefExport& result) {
    // Only definitions reachable from a top, so the tops are exactly the
    // gates nobody references.
    std::vector<uint8_t> used(defs_.size(), 0);
    std::vector<Ref> stack(tops.begin(), tops.end());
    while (!stack.empty()) {
      Ref r = stack.back();
      stack.pop_back();
      if (r < 0 || used[static_cast<size_t>(r)]) continue;
      used[static_cast<size_t>(r)] = 1;
      for (Ref in : defs_[static_cast<size_t>(r)].inputs) stack.push_back(in);
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<!-- decouple: fault tree of {} from {} -->\n", xml_comment(model_.name),
                       xml_comment(model_.file));
    out += "<opsa-mef>\n  <define-fault-tree name=\"decouple\">\n";
    // Tops first, then the other gates from the top down (reverse creation).
    std::vector<size_t> order;
    for (Ref t : tops) {
      order.push_back(static_cast<size_t>(t));
      used[static_cast<size_t>(t)] = 2;  // written first
    }
    for (size_t k = defs_.size(); k-- > 0;)
      if (used[k] == 1 && defs_[k].gate) order.push_back(k);
    for (size_t k : order) {
      const Definition& d = defs_[k];
      out += fmt::format("    <define-gate name=\"{}\">\n", d.name);
      if (!d.label.empty()) out += fmt::format("      <label>{}</label>\n", xml_escape(d.label));
      if (d.inputs.size() == 1) {
        write_ref(out, d.inputs[0], 6);
      } else {
        out += fmt::format("      <{}>\n", d.is_and ? "and" : "or");
        for (Ref in : d.inputs) write_ref(out, in, 8);
        out += fmt::format("      </{}>\n", d.is_and ? "and" : "or");
      }
      out += "    </define-gate>\n";
      ++result.gates;
    }
    out += "  </define-fault-tree>\n  <model-data>\n";
    std::vector<std::pair<std::string_view, size_t>> events;  // name, definition
    for (size_t k = 0; k < defs_.size(); ++k)
      if (used[k] && !defs_[k].gate) events.emplace_back(defs_[k].name, k);
    std::sort(events.begin(), events.end());
    for (const auto& [name, k] : events) {
      const Definition& d = defs_[k];
      out += fmt::format("    <define-basic-event name=\"{}\">\n", name);
      out += fmt::format("      <label>{}</label>\n", xml_escape(d.label));
      if (d.option != kNone) {
        result.link_events.emplace_back(d.name, d.option);
        if (!options_.link_probabilities.empty())
          out += fmt::format("      <float value=\"{}\"/>\n", options_.link_probabilities[d.option]);
      } else {
        result.basic_events.emplace_back(d.name, d.firm);
        if (!options_.probabilities.empty())
          out += fmt::format("      <float value=\"{}\"/>\n", options_.probabilities[d.firm]);
      }
      out += "    </define-basic-event>\n";
    }
    out += "  </model-data>\n</opsa-mef>\n";
    result.xml = std::move(out);
  }

  const Model& model_;
  const FaultTree& tree_;
  const MefOptions& options_;
  std::vector<Definition> defs_;
  std::map<FirmIndex, Ref> basic_;
  std::map<OptionIndex, Ref> links_;
  std::vector<Ref> none_;  // per gate, nothing excluded
  std::map<FirmIndex, std::unordered_map<FaultTree::GateIndex, Ref>> contexts_;  // per excluded firm
  std::vector<uint32_t> parent_start_;
  std::vector<FaultTree::GateIndex> parents_;
  size_t gates_ = 0;
};

}  // namespace

std::string mef_name(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  for (size_t k = 0; k < id.size(); ++k) {
    char c = id[k];
    if (plain(c)) {
      out += c;
    } else if (c == '_') {
      out += "__";
    } else if (c == '.') {
      out += "_d";
    } else if (c == '-') {
      bool literal = !out.empty() && out.back() != '-' && k + 1 < id.size() && id[k + 1] != '-';
      out += literal ? "-" : "_h";
    } else {
      out += fmt::format("_c{:02x}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

Result<MefExport> export_mef(const Model& model, const FaultTree& tree,
                             std::span<const FirmIndex> excluded, const MefOptions& options) {
  return Writer(model, tree, options).run(excluded);
}

Result<MefExport> export_mef(const Chokepoints& chokepoints, std::span<const ItemIndex> targets,
                             const MefOptions& options) {
  const Model& model = chokepoints.model();
  FaultTree tree = build_fault_tree(chokepoints.graph(), chokepoints.base(), chokepoints.candidates(),
                                    targets);
  std::vector<FirmIndex> excluded;
  for (ItemIndex t : targets) excluded.push_back(model.items[t].maker);
  return export_mef(model, tree, excluded, options);
}

}  // namespace decouple
