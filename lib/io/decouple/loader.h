// Loading a model from YAML (format version 1, see docs/model-format.md).
//
// load_model() reads the file, checks every rule of the format and returns
// either a valid Model or every Diagnostic found in the file (never just the
// first). It never throws for bad input and never crashes on it: syntax
// errors, unknown fields (with a did-you-mean), duplicate or dangling ids,
// unknown countries, out-of-range numbers and `extends` cycles all come back
// as diagnostics with file, line and column. The YAML is read into a
// compact tree (yaml_tree.h, about 3 bytes per byte of YAML) rather than
// yaml-cpp's node tree; only yaml_tree.cpp, input_guard.cpp (which checks
// the bytes first) and the test oracle include yaml-cpp.
#ifndef DECOUPLE_LOADER_H_
#define DECOUPLE_LOADER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "decouple/diagnostic.h"
#include "decouple/model.h"

namespace decouple {

// Guards against hostile or runaway input. Exceeding one is a diagnostic.
struct LoadLimits {
  uint64_t max_file_bytes = 1ull << 30;  // 1 GiB
  uint32_t max_depth = 64;               // YAML nesting depth
  uint64_t max_nodes = 100'000'000;      // YAML nodes, aliases expanded
  uint32_t max_id_length = 256;
  uint32_t max_name_length = 4096;
  uint64_t max_entities = 20'000'000;    // firms + items + needs + options + scenarios
  uint32_t max_extends_depth = 1000;     // longest chain of scenario `extends`
};

// Whether `id` is a valid id: [a-z0-9][a-z0-9._-]*.
bool valid_id(std::string_view id);

Result<Model> load_model(const std::string& path, const LoadLimits& limits = {});

// Parses `text` as if read from `file_name` (used in messages only).
Result<Model> load_model_from_string(std::string_view text, const std::string& file_name,
                                     const LoadLimits& limits = {});

}  // namespace decouple

#endif  // DECOUPLE_LOADER_H_
