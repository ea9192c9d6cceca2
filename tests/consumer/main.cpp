// A user's program against the installed library: loads the model named
// on the command line, evaluates one scenario and prints each affected
// vendor with the number of items it loses.
//   consumer MODEL.yaml SCENARIO
#include <cstdio>
#include <memory>

#include <fmt/format.h>

#include "decouple/evaluation.h"
#include "decouple/graph.h"
#include "decouple/loader.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: consumer MODEL.yaml SCENARIO\n");
    return 2;
  }
  decouple::Result<decouple::Model> model = decouple::load_model(argv[1]);
  if (!model.ok()) {
    for (const decouple::Diagnostic& d : model.errors()) std::fprintf(stderr, "%s\n", d.str().c_str());
    return 1;
  }
  decouple::ScenarioIndex scenario = model.value().find_scenario(argv[2]);
  if (scenario == decouple::kNone) {
    std::fprintf(stderr, "no scenario '%s'\n", argv[2]);
    return 1;
  }
  decouple::SupplyGraph graph(model.value());
  std::unique_ptr<decouple::Evaluation> ev = decouple::evaluate(graph, scenario);
  fmt::print("{}: {} items lost\n", model.value().name, ev->impact.items_lost);
  for (const decouple::VendorImpact& v : ev->impact.vendors)
    fmt::print("{} loses {}\n", model.value().firms[v.firm].id, v.lost.size());
  return 0;
}
