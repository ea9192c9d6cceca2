// How a yaml-cpp exception reads as a YamlError: position (1-based; {} when
// yaml-cpp gave none) and the message the loader prints ("nesting deeper
// than N levels" for yaml-cpp's depth guard, "YAML syntax: ..." otherwise).
// Shared by YamlTree and its test oracle, which compares the two parsers'
// errors word for word. Includes yaml-cpp, so only for the .cpp files that
// already use it; yaml_tree.h keeps yaml-cpp out of everything else.
#ifndef DECOUPLE_YAML_CPP_ERROR_H_
#define DECOUPLE_YAML_CPP_ERROR_H_

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>

#include "decouple/yaml_tree.h"

namespace decouple {

inline Location location_of(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {static_cast<uint32_t>(mark.line + 1), static_cast<uint32_t>(mark.column + 1)};
}

inline YamlError yaml_error_of(const YAML::Exception& e) {
  if (const auto* deep = dynamic_cast<const YAML::DeepRecursion*>(&e))
    return {location_of(e.mark), fmt::format("nesting deeper than {} levels", deep->depth())};
  return {location_of(e.mark), fmt::format("YAML syntax: {}", e.msg)};
}

}  // namespace decouple

#endif  // DECOUPLE_YAML_CPP_ERROR_H_
