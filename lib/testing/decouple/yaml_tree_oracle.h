// Test oracle: does YamlTree read a text exactly as yaml-cpp's node tree does?
//
// compare_with_yaml_cpp() parses `text` both ways, with YamlTree and with
// YAML::LoadAll (the loader's former path), and describes the first
// difference: error message or position, document count, and for every
// node its kind, scalar text, position, size, children and which nodes are
// shared through aliases. Empty when they agree. For tests and fuzzing
// only: it builds yaml-cpp's tree, which costs about 65 times the text.
#ifndef DECOUPLE_YAML_TREE_ORACLE_H_
#define DECOUPLE_YAML_TREE_ORACLE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace decouple {

std::string compare_with_yaml_cpp(std::string_view text);

// Builds yaml-cpp's node tree of `text` as the loader once did (a baseline
// for bench/yaml_load_bench.cpp) and returns its document count; 0 on a
// syntax error.
size_t build_yaml_cpp_tree(std::string_view text);

}  // namespace decouple

#endif  // DECOUPLE_YAML_TREE_ORACLE_H_
