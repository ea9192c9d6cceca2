#include "decouple/mef_export.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace decouple {
namespace {

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

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
    for (size_t k = 0; k < targets.size(); ++k) {
      FirmIndex x = k < excluded.size() ? excluded[k] : kNone;
      if (x != kNone && tree_.firm_gate(x) != kNone &&
          std::find(contexts.begin(), contexts.end(), x) == contexts.end())
        contexts.push_back(x);
    }
    try {
      compute(kNone, {});
      for (FirmIndex x : contexts) compute(x, contains(x));
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
      Ref ref = ref_in(x != kNone && refs_.count(x) ? x : kNone, g);
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

  // Per gate: whether its cone holds firm x's literal. A cyclic group
  // counts as a whole (a conservative answer only costs a duplicate).
  std::vector<uint8_t> contains(FirmIndex x) const {
    const auto& gates = tree_.gates();
    std::vector<uint8_t> out(gates.size(), 0);
    for (const FaultTree::Group& group : tree_.groups()) {
      bool any = false;
      for (FaultTree::GateIndex g = group.first; g < group.first + group.count; ++g) {
        bool c = gates[g].kind == FaultTree::Kind::kFirm && gates[g].firm == x;
        for (FaultTree::GateIndex in : tree_.inputs(g)) c = c || out[in];
        out[g] = c;
        any = any || c;
      }
      if (group.cyclic() && any)
        std::fill(out.begin() + group.first, out.begin() + group.first + group.count, 1);
    }
    return out;
  }

  Ref ref_in(FirmIndex context, FaultTree::GateIndex g) const {
    const std::vector<Ref>& in_context = refs_.at(context);
    if (context != kNone && in_context[g] == kUnset) return refs_.at(kNone)[g];
    return in_context[g];
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

  // References of every gate in `context` (only gates whose cone holds the
  // excluded firm, for a firm context; the rest come from context kNone).
  void compute(FirmIndex context, const std::vector<uint8_t>& holds) {
    std::vector<Ref>& mine = refs_[context];
    mine.assign(tree_.gates().size(), kUnset);
    auto input_ref = [&](FaultTree::GateIndex in) {
      return context != kNone && !holds[in] ? refs_.at(kNone)[in] : mine[in];
    };
    std::vector<Ref> inputs;
    for (const FaultTree::Group& group : tree_.groups()) {
      const FaultTree::GateIndex end = group.first + group.count;
      if (!group.cyclic()) {
        for (FaultTree::GateIndex g = group.first; g < end; ++g) {
          if (context != kNone && !holds[g]) continue;
          inputs.clear();
          for (FaultTree::GateIndex in : tree_.inputs(g)) inputs.push_back(input_ref(in));
          mine[g] = define(g, context, 0, inputs);
        }
        continue;
      }
      if (context != kNone && !holds[group.first]) continue;
      // Unroll: layer k from layer k - 1, states starting from "not lost".
      const FaultTree::GateIndex derived = group.first + group.state_count;
      std::vector<Ref> previous(group.state_count, kFalseRef), current(group.state_count);
      auto same_group_ref = [&](FaultTree::GateIndex in) {
        if (in >= group.first && in < derived) return previous[in - group.first];
        return in >= group.first && in < end ? mine[in] : input_ref(in);
      };
      for (uint32_t layer = 1; layer <= group.state_count; ++layer) {
        for (FaultTree::GateIndex g = derived; g < end; ++g) {
          inputs.clear();
          for (FaultTree::GateIndex in : tree_.inputs(g)) inputs.push_back(same_group_ref(in));
          mine[g] = define(g, context, layer, inputs);
        }
        for (FaultTree::GateIndex g = group.first; g < derived; ++g) {
          inputs.clear();
          for (FaultTree::GateIndex in : tree_.inputs(g)) inputs.push_back(same_group_ref(in));
          current[g - group.first] = define(g, context, layer, inputs);
        }
        if (current == previous) break;  // the fixpoint came early
        previous = current;
      }
      for (uint32_t k = 0; k < group.state_count; ++k) mine[group.first + k] = previous[k];
    }
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
    out += fmt::format("<!-- decouple: fault tree of {} from {} -->\n", xml_escape(model_.name),
                       xml_escape(model_.file));
    out += "<opsa-mef>\n  <define-fault-tree name=\"decouple\">\n";
    // Tops first, then the other gates from the top down (reverse creation).
    std::vector<size_t> order;
    for (Ref t : tops) order.push_back(static_cast<size_t>(t));
    for (size_t k = defs_.size(); k-- > 0;)
      if (used[k] && defs_[k].gate && std::find(tops.begin(), tops.end(), static_cast<Ref>(k)) == tops.end())
        order.push_back(k);
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
    for (size_t k = 0; k < defs_.size(); ++k) {
      const Definition& d = defs_[k];
      if (!used[k] || d.gate) continue;
      result.basic_events.emplace_back(d.name, d.firm);
    }
    std::sort(result.basic_events.begin(), result.basic_events.end());
    for (const auto& [name, firm] : result.basic_events) {
      out += fmt::format("    <define-basic-event name=\"{}\">\n", name);
      out += fmt::format("      <label>{}</label>\n", xml_escape(defs_[static_cast<size_t>(basic_.at(firm))].label));
      if (!options_.probabilities.empty())
        out += fmt::format("      <float value=\"{}\"/>\n", options_.probabilities[firm]);
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
  std::map<FirmIndex, std::vector<Ref>> refs_;  // per context (kNone: nothing excluded)
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
