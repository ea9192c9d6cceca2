#!/usr/bin/env bash
# ThreadSanitizer run of the parts of decouple that use threads (the
# snapshot decoder, sweeps, the web server's shared state): builds
# build-tsan/ with clang -fsanitize=thread, runs the whole unit suite and
# a threaded snapshot load and sweep on a generated 100k-item model. Not
# part of `make test` (a third build would double CI's time); run it after
# changing threaded code.
#   scripts/tsan-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DECOUPLE_EXTRA_PACKAGES="clang libclang-rt-14-dev" scripts/install-deps.sh
CC=clang CXX=clang++ cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_COMPILE_WARNING_AS_ERROR=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -O1 -gline-tables-only" \
  -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=thread >/dev/null
cmake --build build-tsan -j "$(nproc)" --target decouple_tests decouple
export TSAN_OPTIONS=halt_on_error=1
build-tsan/decouple_tests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build-tsan/decouple generate --items 100000 --seed 1 --format csv -o "$work/m.yaml" >/dev/null
build-tsan/decouple compile "$work/m.yaml" -o "$work/m.dcm" >/dev/null
build-tsan/decouple impact "$work/m.dcm" --scenario ban-1pct --format csv >/dev/null
build-tsan/decouple sweep "$work/m.dcm" --each-firm --threads 2 -o "$work/sweep.csv" >/dev/null
echo "ThreadSanitizer: no report"
