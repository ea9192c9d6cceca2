#!/usr/bin/env bash
# The national-scale run of issue #19: a generated model of about 10^8
# option edges (about 38 million items at 2.6 options an item) written as
# CSV tables, then `compile` to a snapshot, `impact` on the snapshot, a
# 1,000-blacklist `sweep --random` and a chokepoint question on one
# product, each timed with /usr/bin/time -v (wall time, peak resident
# memory); and, when a bench binary is given (-b: scale_bench, whose
# `--csr-child STEM BANNED` runs the hand-written CSR baseline of
# bench/scale_bench.cpp alone), that baseline loading the same tables and
# propagating the same 1% ban.
#
#   bench/hundred-million.sh [-d DECOUPLE] [-b BENCH] [-w DIR] [-m LIMIT_GB] ITEMS...
#
# ITEMS: model sizes in items, run in order (default 38300000); run small
# sizes first (e.g. 383000 3830000) and extrapolate before the big one.
# Every step runs under `ulimit -d LIMIT_GB` (default 20) and `nice -n
# 10`: on a shared machine a step that would need more memory fails
# alone (the table says so) instead of making the kernel kill someone
# else's process. The limit is on private writable memory (RLIMIT_DATA,
# Linux 4.7 on), not on address space (`ulimit -v`): the 6 GB of tables
# a step maps read-only, and reads a few MiB at a time, would count
# against an address-space limit without being memory the step holds. A
# failed step does not stop the later ones that do not need its output.
# DIR (default /tmp/decouple-1e8) gets one folder per size, removed at
# the end unless KEEP=1; it needs about 160 bytes of disk per item (6 GB
# at 38M items, CSV and snapshot). A size whose folder already holds the
# tables (an earlier run with KEEP=1) is not generated again. Prints one
# Markdown table row per step.
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
decouple=$here/build/decouple
scale_bench=
work=/tmp/decouple-1e8
limit_gb=20
while getopts "d:b:w:m:" opt; do
  case $opt in
    d) decouple=$OPTARG ;;
    b) scale_bench=$OPTARG ;;
    w) work=$OPTARG ;;
    m) limit_gb=$OPTARG ;;
    *) sed -n '2,27p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- 38300000
[ -x "$decouple" ] || { echo "no decouple binary at $decouple (use -d)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package: time)" >&2; exit 2; }
mkdir -p "$work"

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
  "$(free -g | awk '/^Mem:/ {print $2}') GB RAM, load average $(cut -d' ' -f1 /proc/loadavg) at start;" \
  "every step under ulimit -d ${limit_gb} GB."
echo
echo "| items | option edges | step | wall s | peak RSS MB | result |"
echo "|---:|---:|---|---:|---:|---|"

# row NAME RC: prints the row of a step from its /usr/bin/time log.
row() {
  local name=$1 rc=$2 log=$dir/$1.time
  local wall peak result
  # generate prints "... N needs, M options, ..." on standard error.
  [ "$edges" != "?" ] || edges=$(grep -o '[0-9]* options' "$log" | head -1 | cut -d' ' -f1)
  edges=${edges:-?}
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
           n = split($2, p, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + p[i]; printf "%.1f", s }' "$log")
  peak=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  if [ "$rc" -eq 0 ]; then
    result=ok
    # What the step found, to compare across runs and with the baseline.
    case $name in
      impact) result="ok: $(awk -F, '$3 == "lost"' "$dir/impact.csv" | wc -l) items lost" ;;
      chokepoints*) result="ok: $(($(wc -l <"$dir/chokepoints.csv") - 1)) rows" ;;
    esac
  else
    # The program's own last words (bad_alloc, a refusal), without time's.
    result="failed (exit $rc): $(grep -v -e '^\s' -e 'Command exited' "$log" | tail -1 | cut -c1-120)"
  fi
  echo "| $items | $edges | $name | ${wall:-?} | ${peak:-?} | $result |"
}

# step NAME COMMAND...: runs COMMAND under the limits, prints its row.
step() {
  local name=$1
  shift
  (ulimit -d $((limit_gb * 1024 * 1024)); exec nice -n 10 /usr/bin/time -v "$@") \
    >"$dir/$name.out" 2>"$dir/$name.time"
  local rc=$?
  row "$name" $rc
  return $rc
}

for items in "$@"; do
  dir=$work/$items
  mkdir -p "$dir"
  edges="?"
  if [ -f "$dir/m.options.csv" ] && grep -q 'Exit status: 0' "$dir/generate.time" 2>/dev/null; then
    row generate 0  # the tables of an earlier run, and its figures
  else
    step generate "$decouple" generate --items "$items" --seed 1 --format csv -o "$dir/m.yaml" || continue
  fi
  # Tables of 4 GB and 2x10^8 records are over the default input limits
  # (1 GiB a file, 2x10^7 records: decouple help limits), which guard
  # against runaway input; this input is meant to be that big.
  big=(--max-file-size 68719476736 --max-entities 1000000000)
  step compile "$decouple" compile "$dir/m.yaml" -o "$dir/m.dcm" "${big[@]}"
  if [ -f "$dir/m.dcm" ]; then
    step impact "$decouple" impact "$dir/m.dcm" -s ban-1pct -f csv -o "$dir/impact.csv" "${big[@]}"
    step "sweep --random 1000" "$decouple" sweep "$dir/m.dcm" --random 1000 --seed 1 -q \
      -o "$dir/sweep.csv" "${big[@]}"
    # The last item is a product (the top tier); k = 2 keeps the question
    # to the blacklists of one and two firms.
    last=$(tail -n 1 "$dir/m.items.csv" | cut -d, -f1)
    step "chokepoints --item $last" "$decouple" chokepoints "$dir/m.dcm" --item "$last" -k 2 \
      --no-count -q -f csv -o "$dir/chokepoints.csv" "${big[@]}"
  fi
  if [ -n "$scale_bench" ]; then
    # The firms of the 1% ban, from the header the generator wrote.
    grep -m1 -- '- ban: \[' "$dir/m.yaml" | sed 's/.*\[//; s/\].*//; s/, /\n/g' >"$dir/m.banned.txt"
    step "CSR baseline (load + 1% ban)" "$scale_bench" --csr-child "$dir/m" "$dir/m.banned.txt"
  fi
  [ "${KEEP:-0}" = 1 ] || rm -rf "$dir"
done
