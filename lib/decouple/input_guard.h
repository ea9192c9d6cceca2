// Guards run on a model's bytes before the YAML parser builds anything.
//
// Model files are shared between researchers and students, so a file is an
// attack surface: YAML aliases can expand exponentially ("billion laughs"),
// deep nesting can exhaust the parser's stack, and invalid UTF-8 or binary
// data would otherwise slip through as garbled names. These checks stream
// over the text once (the YAML check through yaml-cpp's event API, which
// builds no tree) in O(file size) time and O(nesting depth) memory, and
// report what they find as diagnostics with file:line:column.
#ifndef DECOUPLE_INPUT_GUARD_H_
#define DECOUPLE_INPUT_GUARD_H_

#include <string_view>

#include "decouple/diagnostic.h"
#include "decouple/loader.h"

namespace decouple {

// Invalid UTF-8, NUL bytes (binary files). Stops at the first problem.
Diagnostics check_text_encoding(std::string_view text, const std::string& file);

// Nesting depth, alias expansion (each alias counts the nodes of what it
// names, recursively) and document count. Stops at the first problem;
// syntax errors are left to the parser proper, which reports them better.
Diagnostics check_yaml_shape(std::string_view text, const std::string& file,
                             const LoadLimits& limits);

}  // namespace decouple

#endif  // DECOUPLE_INPUT_GUARD_H_
