// Rendering bloc analyses (blocs.h) as text tables, JSON and CSV. No
// computing beyond grouping for display. JSON is versioned (`"format": 1`)
// and documented in docs/cli.md (section `blocs`); fields are only ever
// added.
#ifndef DECOUPLE_BLOCS_REPORT_H_
#define DECOUPLE_BLOCS_REPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "decouple/blocs.h"
#include "decouple/report.h"

namespace decouple {

// What was asked, for the report's header.
struct BlocReportContext {
  Bloc bloc;
  std::vector<Country> cut_by;
  double threshold = 0;
  std::optional<ScenarioIndex> scenario;
};

std::string render_bloc_supply(const SupplyGraph& graph, const BlocReportContext& context,
                               const BlocSupply& supply, Format format);

std::string render_autarky(const SupplyGraph& graph, const BlocReportContext& context,
                           const Autarky& autarky, Format format);

}  // namespace decouple

#endif  // DECOUPLE_BLOCS_REPORT_H_
