#!/usr/bin/env bash
# Runs every benchmark binary built in $1 (default build-bench).
set -euo pipefail
dir=${1:-build-bench}
for b in "$dir"/bench/*_bench; do
  [ -x "$b" ] || continue
  echo "== $(basename "$b")"
  "$b" --benchmark_counters_tabular=true
done
