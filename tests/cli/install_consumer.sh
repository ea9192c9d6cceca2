#!/usr/bin/env bash
# The CMake package as a user meets it: `cmake --install` of this build
# tree into a temporary prefix, then tests/consumer (its own project,
# find_package(decouple)) configured, built and run against that prefix
# on a bundled model. Only the consumer is compiled; the install copies
# the already-built tree. The consumer uses this build's compiler, build
# type and launcher, so a sanitizer build links its own runtime.
BIN=$1
source "$(dirname "$0")/common.bash"
build=$(cd "$(dirname "$BIN")" && pwd)
command -v cmake >/dev/null || { echo "skipped: cmake is not on PATH"; exit 77; }
[ -f "$build/cmake_install.cmake" ] || { echo "skipped: $build is not a CMake build tree"; exit 77; }
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }

cmake --install "$build" --prefix "$TMP/prefix" >"$TMP/out" 2>"$TMP/err" || fail "cmake --install"
prefix=$TMP/prefix
for f in bin/decouple include/decouple/loader.h include/decouple/evaluation.h \
    share/decouple/models/entity-list-2019.yaml share/doc/decouple/cli.md \
    lib/cmake/decouple/decoupleConfig.cmake lib/cmake/decouple/decoupleConfigVersion.cmake \
    lib/cmake/decouple/decoupleTargets.cmake; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
# Headers that include a third-party library or serve only the tests stay private.
for f in include/decouple/yaml_cpp_error.h include/decouple/yaml_tree_oracle.h; do
  [ -e "$prefix/$f" ] && fail "installed but private: $f"
done
if grep -rq '#include <\(yaml-cpp\|boost\)/' "$prefix/include/decouple"; then
  fail "an installed header includes yaml-cpp or Boost"
fi

args=(-DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$(cache CMAKE_CXX_COMPILER)"
      -DCMAKE_BUILD_TYPE="$(cache CMAKE_BUILD_TYPE)")
launcher=$(cache CMAKE_CXX_COMPILER_LAUNCHER)
[ -n "$launcher" ] && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER="$launcher")
if ! cmake -S tests/consumer -B "$TMP/consumer" "${args[@]}" >"$TMP/out" 2>"$TMP/err"; then
  fail "configure tests/consumer with find_package(decouple)"
  finish
fi
if ! cmake --build "$TMP/consumer" >"$TMP/out" 2>"$TMP/err"; then
  fail "build tests/consumer against the installed package"
  finish
fi

# The consumer's answer is the command's: the same items lost per vendor.
model=$prefix/share/decouple/models/entity-list-2019.yaml
"$TMP/consumer/consumer" "$model" el-2019-10 >"$TMP/consumer.txt" 2>"$TMP/err" || fail "run the consumer"
"$prefix/bin/decouple" impact "$model" --scenario el-2019-10 --format json >"$TMP/impact.json" 2>"$TMP/err" ||
  fail "run the installed decouple"
python3 - "$TMP/impact.json" "$TMP/consumer.txt" <<'PY' || fail "the consumer and decouple impact disagree"
import json, sys
impact = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
want = {v["firm"]: len(v["lost"]) for v in impact["vendors"]}
got = {l.split(" loses ")[0]: int(l.split(" loses ")[1]) for l in lines[1:]}
assert lines[0].endswith(f": {sum(want.values())} items lost") or lines[0].endswith(" items lost"), lines[0]
assert got == want, (got, want)
PY

finish
