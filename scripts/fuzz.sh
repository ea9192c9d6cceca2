#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Seeds: the bundled and test models (and, for the scenario target, the
# scenario snippets in tests/fuzz/scenario_fuzz/). New interesting inputs
# go to build-fuzz/corpus/; crashes to build-fuzz/artifacts/. A crash found
# and fixed is kept as a regression case in tests/fuzz/<target>/, which
# the normal test suite replays (tests/fuzz_regression_test.cpp).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(loader_fuzz scenario_fuzz pipeline_fuzz eto_import_fuzz table_fuzz shape_fuzz web_api_fuzz snapshot_fuzz)
scripts/sanitize-build.sh "${targets[@]}"
# Short smoke runs (CI) use a fixed seed, so a run on another machine
# retraces the same mutations from the same corpus and a red CI can be
# reproduced here; long runs explore with a fresh seed each time.
seed_flag=()
[ "$seconds" -le 60 ] && seed_flag=(-seed="${FUZZ_SEED:-1}")
status=0
for t in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$t
  mkdir -p "$corpus" build-fuzz/artifacts tests/fuzz/$t
  if [ "$t" = loader_fuzz ] || [ "$t" = pipeline_fuzz ]; then
    find models tests/data -name '*.yaml' -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  fi
  if [ "$t" = eto_import_fuzz ]; then cp -n tests/data/chip-fixture.txt "$corpus/"; fi
  echo "== $t for ${seconds}s"
  if ! build-fuzz/fuzz/$t "${seed_flag[@]}" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t-" \
      "$corpus" "tests/fuzz/$t" 2>&1 | tail -n 12; then
    status=1
  fi
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
exit $status
