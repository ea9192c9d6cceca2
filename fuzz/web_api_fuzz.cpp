// Fuzz target for the classroom server's request handling on the bundled
// model; the input format and the checks are in web_api_input.h.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "decouple/graph.h"
#include "decouple/loader.h"
#include "web_api_input.h"

namespace {

struct Server {
  decouple::Model model;
  std::unique_ptr<decouple::SupplyGraph> graph;
  std::unique_ptr<decouple::WebApi> api;
};

const decouple::WebApi& api() {
  static Server* s = [] {
    auto* out = new Server;
    decouple::Result<decouple::Model> loaded =
        decouple::load_model(DECOUPLE_SOURCE_DIR "/models/entity-list-2019.yaml");
    if (!loaded.ok()) {
      std::fprintf(stderr, "web_api_fuzz: the bundled model does not load\n");
      std::abort();
    }
    out->model = std::move(loaded).value();
    out->graph = std::make_unique<decouple::SupplyGraph>(out->model);
    out->api = std::make_unique<decouple::WebApi>(*out->graph);
    return out;
  }();
  return *s->api;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string problem =
      decouple::fuzz::web_api_problem(api(), std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "web_api_fuzz: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
