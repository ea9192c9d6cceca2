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

#include <cstdint>
#include <string_view>

#include "decouple/diagnostic.h"
#include "decouple/loader.h"

namespace decouple {

// Invalid UTF-8, NUL bytes (binary files). Stops at the first problem.
// Used for the YAML model and every CSV table it names.
Diagnostics check_text_encoding(std::string_view text, const std::string& file);

// Length of the UTF-8 sequence starting at text[i] (i < size), or 0 when
// it is not valid UTF-8 (truncated, overlong, a surrogate, past U+10FFFF).
size_t utf8_length_at(std::string_view text, size_t i);
// Whether all of `text` is valid UTF-8 (NUL allowed).
bool is_utf8(std::string_view text);

// Memory the YAML parser would hold. yaml-cpp keeps every token of a flow
// collection that opens inside a flow map (it might be a complex key,
// `{[a, b]: c}`) until the collection closes: about 270 bytes per entry,
// measured, so a 10 MB `{ban: [f, f, ...]}` took 1.4 GB (the same list
// under a block key: 100 MB). One pass over the bytes counts the entries
// of each such collection and refuses the file, at the collection's
// opening bracket, when holding them would pass the per-input budget of
// kFlowBudgetPerByte bytes per input byte plus kFlowBudgetBase.
inline constexpr uint64_t kFlowBytesPerEntry = 300;
inline constexpr uint64_t kFlowBudgetPerByte = 16;
inline constexpr uint64_t kFlowBudgetBase = 32u << 20;
Diagnostics check_flow_buffering(std::string_view text, const std::string& file);

// Nesting depth, alias expansion (each alias counts the nodes of what it
// names, recursively) and document count. Stops at the first problem;
// syntax errors are left to the parser proper, which reports them better.
Diagnostics check_yaml_shape(std::string_view text, const std::string& file,
                             const LoadLimits& limits);

}  // namespace decouple

#endif  // DECOUPLE_INPUT_GUARD_H_
