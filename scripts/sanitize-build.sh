#!/usr/bin/env bash
# Configures and builds build-fuzz/: clang, AddressSanitizer + UBSan (any
# finding aborts), the library instrumented for libFuzzer coverage. One
# build serves both the sanitized test suite (`make test-sanitize`) and
# the fuzz targets (scripts/fuzz.sh), so CI compiles the project twice
# (g++ plain, clang sanitized), not three times.
#   scripts/sanitize-build.sh [TARGET...]   (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
DECOUPLE_EXTRA_PACKAGES="clang libclang-rt-14-dev" scripts/install-deps.sh
# -O1 with line tables: sanitizer reports keep file:line, the build stays
# fast, and the tests do not crawl as they would at -O0.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DDECOUPLE_FUZZ=ON -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" >/dev/null
if [ $# -gt 0 ]; then
  cmake --build build-fuzz -j "$(nproc)" --target "$@"
else
  cmake --build build-fuzz -j "$(nproc)"
fi
