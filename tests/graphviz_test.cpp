#include "decouple/graphviz.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "decouple/dot_export.h"
#include "decouple/mini_model.h"
#include "decouple/model_fixture.h"
#include "decouple/skip.h"

using namespace decouple;
using decouple::testing::World;
using decouple::testing::kMini;

TEST_CASE("inline_svg keeps only the <svg> element") {
  CHECK(inline_svg("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg a=\"1\"><g/></svg>\n") == "<svg a=\"1\"><g/></svg>");
  CHECK(inline_svg("no picture here").empty());
  CHECK(inline_svg("</svg><svg").empty());
}

TEST_CASE("dot lays out every picture of the mini model") {
  if (!graphviz_available()) DECOUPLE_SKIP("Graphviz dot is not installed (Debian: graphviz)");
  World f(kMini);
  for (const char* scenario : {"list", "lic", "two", "ban-fab"}) {
    auto ev = f.run(scenario);
    DotOptions options;
    options.evaluation = ev.get();
    GraphvizResult svg = render_graphviz(to_dot(*f.graph, options), "svg");
    CHECK_MESSAGE(svg.ok(), scenario << ": " << svg.error);
    CHECK(svg.output.find("<svg") != std::string::npos);
  }
}

TEST_CASE("dot's complaints and a missing dot come back as errors, not crashes") {
  if (graphviz_available()) {
    GraphvizResult bad = render_graphviz("digraph { a -> }", "svg");
    CHECK_FALSE(bad.ok());
    CHECK_FALSE(bad.missing);
    CHECK(bad.error.starts_with("dot failed"));
  }
  const char* saved = std::getenv("PATH");
  std::string path = saved ? saved : "";
  setenv("PATH", "/nonexistent-decouple-test", 1);
  GraphvizResult none = render_graphviz("digraph { a }", "svg");
  bool available = graphviz_available();
  setenv("PATH", path.c_str(), 1);
  CHECK_FALSE(available);
  CHECK(none.missing);
  CHECK(none.error.find("install the Debian package graphviz") != std::string::npos);
}
