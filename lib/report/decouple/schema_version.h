// The versions of the published JSON Schemas of the outputs.
//
// Every JSON document a command prints carries `"schema_version": N`, the
// version of its schema in docs/schemas/NAME.schema.json (which pins the
// same N). A change to a schema bumps its version here and there, and adds
// a line to docs/schemas/versions.txt (the schema's hash at each version):
// python/tests/test_schemas.py fails when a schema file changed while its
// version did not, and validates every command's output for every bundled
// model against its schema. `"format": 1` stays as it was (readers check
// it); schema_version says which published shape the fields follow.
#ifndef DECOUPLE_SCHEMA_VERSION_H_
#define DECOUPLE_SCHEMA_VERSION_H_

#include <string_view>

namespace decouple {

// NAME of docs/schemas/NAME.schema.json -> its version; 0 for an unknown
// name (a compile-time error where used in a constant expression).
constexpr int schema_version(std::string_view output) {
  constexpr struct {
    std::string_view name;
    int version;
  } kVersions[] = {
      {"check", 1}, {"impact", 2},      {"explain", 2}, {"timeline", 1}, {"alternatives", 2},
      {"chokepoints", 1}, {"spof", 1}, {"rank", 1},    {"blocs", 1},    {"autarky", 1},
      {"sweep", 1}, {"exercise", 1}, {"risk", 1}, {"trajectory", 1},
  };
  for (const auto& v : kVersions)
    if (v.name == output) return v.version;
  return 0;
}

}  // namespace decouple

#endif  // DECOUPLE_SCHEMA_VERSION_H_
