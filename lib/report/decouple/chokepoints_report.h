// Rendering chokepoint results (minimal blacklists, single points of
// failure, rankings) as tables, JSON, CSV and, for blacklists, plain text
// (one set per line, for diffing against other tools). Formatting only; the
// JSON layouts are documented in docs/cli.md and versioned like every
// other command's (`"format": 1`, fields only ever added).
#ifndef DECOUPLE_CHOKEPOINTS_REPORT_H_
#define DECOUPLE_CHOKEPOINTS_REPORT_H_

#include <optional>
#include <string>

#include "decouple/chokepoints.h"
#include "decouple/ranking.h"
#include "decouple/report.h"

namespace decouple {

// What the results were computed from, for headers.
struct ChokepointSetting {
  const Model& model;
  const ScenarioCuts& cuts;
  std::optional<ScenarioIndex> scenario;
  std::optional<Country> by;
};

std::string render_blacklists(const ChokepointSetting& setting, const BlacklistReport& report,
                              Format format);
// One line per set: firm ids sorted and separated by spaces, lines sorted
// by size then ids, each prefixed by "TARGET\t" when `prefix_target`.
std::string render_blacklists_text(const Model& model, const BlacklistReport& report, bool prefix_target);
// What the order limit left out, one sentence per target that lost sets
// (empty when nothing was left out): for stderr beside the text format.
std::string left_out_summary(const Model& model, const BlacklistReport& report);

std::string render_spof(const ChokepointSetting& setting, const SpofReport& report, Format format);
// "ITEM\tFIRM" per single point of failure.
std::string render_spof_text(const Model& model, const SpofReport& report);

// CSV holds one table: the damage per firm (default), or the importance
// of each firm to each target (needs probabilities; only the header when
// there are none). Table and JSON show both.
enum class RankTable { kDamage, kImportance };
std::string render_rank(const ChokepointSetting& setting, const RankReport& report, Format format,
                        RankTable table = RankTable::kDamage);

}  // namespace decouple

#endif  // DECOUPLE_CHOKEPOINTS_REPORT_H_
