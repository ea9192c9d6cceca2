// Rendering uncertain-link risk (risk.h) as a table, JSON or CSV.
// Formatting only. JSON is versioned like every command's (`"format": 1`,
// fields only ever added; layout in docs/cli.md); CSV is one tidy table,
// a row per item and per link, told apart by the `kind` column.
#ifndef DECOUPLE_RISK_REPORT_H_
#define DECOUPLE_RISK_REPORT_H_

#include <optional>
#include <string>

#include "decouple/report.h"
#include "decouple/risk.h"

namespace decouple {

struct RiskSetting {
  const Model& model;
  const ScenarioCuts& cuts;
  std::optional<ScenarioIndex> scenario;
  bool focused = false;  // the items were named (--item), not all items
  size_t top = 10;       // links listed; 0: all
};

std::string render_risk(const RiskSetting& setting, const RiskReport& report, Format format);

}  // namespace decouple

#endif  // DECOUPLE_RISK_REPORT_H_
