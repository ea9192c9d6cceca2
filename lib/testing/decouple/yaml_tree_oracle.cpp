#include "decouple/yaml_tree_oracle.h"

#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "decouple/yaml_cpp_error.h"
#include "decouple/yaml_tree.h"

namespace decouple {
namespace {

std::string where(Location at) { return fmt::format("{}:{}", at.line, at.column); }

Location location_of(const YAML::Node& node) { return decouple::location_of(node.Mark()); }

std::optional<YamlKind> kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null: return YamlKind::kNull;
    case YAML::NodeType::Scalar: return YamlKind::kScalar;
    case YAML::NodeType::Sequence: return YamlKind::kSequence;
    case YAML::NodeType::Map: return YamlKind::kMap;
    default: return std::nullopt;
  }
}

// Walks both trees side by side, iteratively (a deep list must not
// overflow the stack). Each YamlTree node seen is paired with the yaml-cpp
// node it matched, so an alias must land on the very node its anchor made.
class Comparison {
 public:
  std::string run(YamlNode mine, const YAML::Node& theirs) {
    std::vector<std::pair<YamlNode, YAML::Node>> stack = {{mine, theirs}};
    while (!stack.empty()) {
      YamlNode a = stack.back().first;
      const YAML::Node b = stack.back().second;  // const: yaml-cpp's [] would insert
      stack.pop_back();
      std::string at = where(a.location());
      if (auto [it, inserted] = seen_.try_emplace(key(a), b); !inserted) {
        if (!it->second.is(b)) return fmt::format("{}: shared here, not in yaml-cpp", at);
        continue;
      }
      if (kind_of(b) != a.kind()) return fmt::format("{}: kinds differ", at);
      if (where(location_of(b)) != at)
        return fmt::format("{}: yaml-cpp puts it at {}", at, where(location_of(b)));
      if (a.is_scalar() && a.scalar() != b.Scalar())
        return fmt::format("{}: scalar '{}', yaml-cpp '{}'", at, a.scalar(), b.Scalar());
      if (a.size() != b.size())
        return fmt::format("{}: {} children, yaml-cpp {}", at, a.size(), b.size());
      if (a.is_sequence()) {
        size_t i = 0;
        for (YamlNode item : a.items()) stack.emplace_back(item, b[i++]);
      } else if (a.is_map()) {
        auto it = b.begin();
        for (YamlPair pair : a.pairs()) {
          stack.emplace_back(pair.key(), it->first);
          stack.emplace_back(pair.value(), it->second);
          ++it;
        }
        // Lookups see the first of repeated keys in both.
        auto entry = b.begin();
        for (YamlPair pair : a.pairs()) {
          YAML::Node their_value = entry->second;
          ++entry;
          if (!pair.key().is_scalar()) continue;
          std::string k(pair.key().scalar());
          bool mine_first = a[k] == pair.value();
          bool their_first = b[k].is(their_value);
          if (mine_first != their_first)
            return fmt::format("{}: lookup of '{}' finds another entry than yaml-cpp", at, k);
        }
      }
    }
    return "";
  }

 private:
  static uint32_t key(YamlNode node) { return node.id(); }
  std::unordered_map<uint32_t, YAML::Node> seen_;
};

}  // namespace

std::string compare_with_yaml_cpp(std::string_view text) {
  YamlTree tree(text);
  // Where YamlTree stopped yaml-cpp's endless loop of empty documents,
  // yaml-cpp's own tree would never return (nor stop allocating): there is
  // nothing to compare with.
  if (tree.error() && tree.error()->message.find("where a document should start") != std::string::npos)
    return "";
  if (tree.error() && tree.error()->message == "YAML syntax: no document can start here") return "";
  std::vector<YAML::Node> documents;
  std::optional<YamlError> error;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    error = yaml_error_of(e);
  }
  if (error || tree.error()) {
    if (!error) return fmt::format("YamlTree fails ({}) where yaml-cpp parses", tree.error()->message);
    if (!tree.error()) return fmt::format("yaml-cpp fails ({}) where YamlTree parses", error->message);
    if (error->message != tree.error()->message ||
        where(error->at) != where(tree.error()->at))
      return fmt::format("error {} '{}', yaml-cpp {} '{}'", where(tree.error()->at),
                         tree.error()->message, where(error->at), error->message);
    return "";
  }
  if (documents.size() != tree.document_count())
    return fmt::format("{} documents, yaml-cpp {}", tree.document_count(), documents.size());
  for (size_t d = 0; d < documents.size(); ++d) {
    std::string difference = Comparison().run(tree.document(d), documents[d]);
    if (!difference.empty()) return fmt::format("document {}: {}", d + 1, difference);
  }
  return "";
}

size_t build_yaml_cpp_tree(std::string_view text) {
  try {
    return YAML::LoadAll(std::string(text)).size();
  } catch (const YAML::Exception&) {
    return 0;
  }
}

}  // namespace decouple
