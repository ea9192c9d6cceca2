#include "decouple/rules.h"

#include <fmt/format.h>

#include "decouple/graph.h"
#include "decouple/scenario.h"

namespace decouple {

Reach::Reach(const SupplyGraph& graph, std::span<const AppliedAction> /*applied*/)
    : graph_(&graph) {}

Subjection Reach::subject(OptionIndex option, Country jurisdiction) const {
  const Model& model = graph_->model();
  const Item& item = model.items[model.options[option].item];
  Subjection why;
  if (item.origin == jurisdiction) why.rule = Subjection::Rule::kOrigin;
  return why;
}

std::string Reach::describe(const Subjection& why, OptionIndex option) const {
  const Model& model = graph_->model();
  const Item& item = model.items[model.options[option].item];
  switch (why.rule) {
    case Subjection::Rule::kNone: return "not subject";
    case Subjection::Rule::kOrigin: return fmt::format("origin {}", item.origin.view());
    case Subjection::Rule::kDeMinimis:
      return fmt::format("controlled content {:.1f}% > {:.1f}% de minimis", why.share * 100,
                         why.threshold * 100);
    case Subjection::Rule::kDirectProduct: return "foreign direct product";
  }
  return {};
}

}  // namespace decouple
