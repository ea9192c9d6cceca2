// Sourcing audit (`decouple check --strict`): which facts of a model carry
// no `source:`, and which rest on an estimate rather than on evidence.
//
// A fact is a firm, an item, an option (a supply link), an action or a
// scenario; each is sourced when it names a `sources` entry. An estimate is
// marked in one of two ways the audit can see:
//   * the fact cites a source whose citation text begins with "ASSUMPTION"
//     (e.g. `a-fab-tools: "ASSUMPTION: which tools a fab runs; ..."`): the
//     citation says what was assumed and why, and every fact citing it is
//     listed;
//   * a YAML comment containing the word ASSUMPTION next to a number or a
//     link (e.g. `lead_time: 12  # ASSUMPTION: ...`), listed by line.
// The audit only reads the model; it judges nothing about a source's
// quality (primary or secondary is for the citation text to say).
#ifndef DECOUPLE_SOURCING_H_
#define DECOUPLE_SOURCING_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "decouple/model.h"
#include "decouple/report.h"

namespace decouple {

enum class FactKind : uint8_t { kFirm, kItem, kOption, kAction, kScenario };
inline constexpr size_t kFactKinds = 5;
std::string_view to_string(FactKind kind);  // "firm", "item", ...

// One fact the audit names: what it is, in words, and where it is.
struct FactRef {
  FactKind kind = FactKind::kFirm;
  std::string what;          // "option 'micron-dram' of need 'dram' of item 'huawei-p30-pro'"
  Location location;
  SourceIndex source = kNone;  // the cited source (assumptions only)
};

// A comment line of the model file that says ASSUMPTION.
struct AssumptionComment {
  uint32_t line = 0;
  std::string text;  // the comment, from '#', trimmed
};

struct SourcingAudit {
  std::array<size_t, kFactKinds> total{};    // facts of each kind
  std::array<size_t, kFactKinds> sourced{};  // of which carry a source
  std::vector<FactRef> unsourced;            // in file order per kind
  std::vector<FactRef> assumptions;          // facts citing an ASSUMPTION source
  std::vector<AssumptionComment> comments;   // ASSUMPTION comments (YAML models only)

  size_t facts() const;
  bool clean() const { return unsourced.empty(); }
};

// True when the citation text marks an estimate: it begins with
// "ASSUMPTION" (leading blanks ignored).
bool is_assumption(const SourceRef& source);

// Audits `model`. `text` is the model file's content for the comment scan;
// pass an empty view for models read from tables (no comments to scan).
SourcingAudit audit_sourcing(const Model& model, std::string_view text);

// The audit as a report: table (unsourced facts as file:line:col lines, then
// the assumptions), JSON or CSV (one row per finding).
std::string render_sourcing(const Model& model, const SourcingAudit& audit, Format format);

}  // namespace decouple

#endif  // DECOUPLE_SOURCING_H_
