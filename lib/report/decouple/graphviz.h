// Running Graphviz's `dot` to turn DOT text into SVG or PNG.
//
// render_graphviz() writes the DOT text to a private temporary directory,
// runs `dot -T<format>` on it (found on PATH; no shell is involved, so no
// text of the model ever reaches a command line) and returns what dot
// printed. When dot is missing, fails, or runs past the time limit, the
// result carries an error saying so and how to fix it; nothing throws.
// Safe to call from several threads at once. Cost: dot's layout time, which
// grows quickly past a few hundred nodes.
#ifndef DECOUPLE_GRAPHVIZ_H_
#define DECOUPLE_GRAPHVIZ_H_

#include <string>
#include <string_view>

namespace decouple {

struct GraphvizResult {
  std::string output;  // the rendered picture, when error is empty
  std::string error;   // what went wrong, one line
  bool missing = false;  // dot is not installed (as opposed to failing)
  bool ok() const { return error.empty(); }
};

// `format` is a dot output format: "svg", "png", "pdf". `timeout_seconds`
// bounds the layout; 0 means no limit.
GraphvizResult render_graphviz(std::string_view dot_text, std::string_view format,
                               unsigned timeout_seconds = 60);

// True when `dot` can be found on PATH.
bool graphviz_available();

// The <svg ...>...</svg> element of dot's SVG output, without the XML
// prolog and doctype, for inlining in HTML. Empty when there is none.
std::string inline_svg(std::string_view svg_document);

}  // namespace decouple

#endif  // DECOUPLE_GRAPHVIZ_H_
