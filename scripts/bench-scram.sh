#!/usr/bin/env bash
# Chokepoints against SCRAM, the same questions in the same run:
#   (a) minimal blacklists (minimal cut sets) up to 3 firms of every end
#       product: `decouple chokepoints --end-items -k 3` against
#       `scram --zbdd -l 3` on `decouple export --format mef --end-items`;
#   (b) single points of failure of every item (every vendor at once):
#       `decouple chokepoints --spof` against `scram --zbdd -l 1` on the
#       export of every item (--all-items);
#   (c) one exact top-event probability: `decouple rank --item P` against
#       `scram --bdd --probability true`, with and without a low order
#       limit, all under the same memory and CPU-time budget.
# Models: 4-tier acyclic synthetic models, a firm per five items, written
# by `chokepoints_bench --export-dir` (bench/chokepoints_bench.cpp). Both
# tools run from their input files to their report, under /usr/bin/time
# (wall seconds, peak resident memory); SCRAM's own report gives its
# analysis time without parsing. Every set list is compared set for set
# (SCRAM's names mapped back to ids), not only counted.
#
# Usage: scripts/bench-scram.sh [BUILD_DIR [SIZE...]]
#   BUILD_DIR defaults to build-bench; when it lacks decouple or
#   bench/chokepoints_bench they are built there first (Release, benchmarks
#   on, as `make bench` does). Sizes default to 1000 5000 10000 50000 100000.
#   Prints Markdown tables (the ratio is SCRAM's over decouple's); exits 1
#   when a set list differs.
# Environment: BDD_SIZE (items of the generated model of case (c), default
# 5000), BDD_MEMORY_MB
# (default 1024) and BDD_SECONDS (default 120, CPU seconds): the budget of
# every run in (c), decouple's and SCRAM's alike.
set -euo pipefail
build=${1:-build-bench}
cd "$(dirname "$0")/.."  # the repository root; BUILD_DIR is relative to it
[ $# -gt 0 ] && shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000 10000 50000 100000)
bdd_size=${BDD_SIZE:-5000}
bdd_mb=${BDD_MEMORY_MB:-1024}
bdd_seconds=${BDD_SECONDS:-120}

decouple=$build/decouple
bench=$build/bench/chokepoints_bench
if [ ! -x "$decouple" ] || [ ! -x "$bench" ]; then
  echo "building decouple and chokepoints_bench in $build" >&2
  [ -f "$build/CMakeCache.txt" ] ||
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DDECOUPLE_BENCH=ON >/dev/null
  cmake -S . -B "$build" -DDECOUPLE_BENCH=ON >/dev/null
  cmake --build "$build" -j2 --target decouple_app chokepoints_bench >/dev/null
fi
command -v scram >/dev/null || { echo "error: scram is not installed (apt-get install scram)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# timed NAME COMMAND...: runs COMMAND, leaves "wall user system kilobytes"
# in $work/NAME.time; fails the script when COMMAND fails.
timed() {
  local name=$1
  shift
  if ! /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" 2>"$work/$name.err"; then
    echo "error: $* failed:" >&2
    tail -5 "$work/$name.err" >&2
    exit 1
  fi
}
# CPU seconds (user + system): on a shared machine wall time mostly
# measures the other jobs; both tools are single-threaded.
seconds() { awk '{ printf "%.2f", $2 + $3 }' "$work/$1.time"; }
wall() { cut -d' ' -f1 "$work/$1.time"; }
megabytes() { awk '{ printf "%.0f", $4 / 1024 }' "$work/$1.time"; }

# SCRAM's report as decouple's text: "ITEM<TAB>FIRM FIRM..." per set, MEF
# names unescaped (mef_export.cpp: "__" is '_', "_d" '.', "_h" '-', "_cXX"
# the byte XX), sorted.
# Also prints SCRAM's analysis time (products, without parsing) to $2.
scram_sets() {
  python3 - "$1" "$2" <<'PY'
import re, sys
def unescape(name):
    out, k = bytearray(), 2  # skip the "t_" / "f_" prefix
    while k < len(name):
        if name[k] == '_' and name[k + 1] == 'c':
            out.append(int(name[k + 2:k + 4], 16))
            k += 4
        elif name[k] == '_':
            out += {'_': b'_', 'd': b'.', 'h': b'-'}[name[k + 1]]
            k += 2
        else:
            out += name[k].encode()
            k += 1
    return out.decode('utf-8')
lines, top, product, seconds = [], None, None, 0.0
for line in open(sys.argv[1], encoding='utf-8'):
    m = re.search(r'<sum-of-products name="([^"]+)"', line)
    if m:
        top = unescape(m.group(1))
    elif '<product ' in line or '<product>' in line or '<product/>' in line:
        product = []
        if line.rstrip().endswith('/>'):
            lines.append(top + '\t')
            product = None
    elif '</product>' in line:
        lines.append(top + '\t' + ' '.join(sorted(product)))
        product = None
    elif product is not None and '<basic-event name=' in line:
        product.append(unescape(re.search(r'name="([^"]+)"', line).group(1)))
    m = re.search(r'<products>([0-9.e+-]+)</products>', line)
    if m:
        seconds += float(m.group(1))
sys.stdout.write(''.join(sorted(l + '\n' for l in lines)))
open(sys.argv[2], 'w').write(f'{seconds:.2f}\n')
PY
}

# decouple's text output, each set's firms sorted as strings, sorted.
our_sets() {
  python3 -c '
import sys
out = []
for line in open(sys.argv[1], encoding="utf-8"):
    target, _, firms = line.rstrip("\n").partition("\t")
    out.append(target + "\t" + " ".join(sorted(firms.split())) + "\n")
sys.stdout.write("".join(sorted(out)))' "$1"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 0.005; printf "%.1f", a / b }'; }

# compare OURS THEIRS WHAT: set for set, or a MISMATCH line and mismatch=1.
compare() {
  our_sets "$1" >"$work/a.txt"
  cp "$2" "$work/b.txt"
  if ! cmp -s "$work/a.txt" "$work/b.txt"; then
    echo "MISMATCH, $3: decouple $(wc -l <"$work/a.txt") sets, SCRAM $(wc -l <"$work/b.txt")" >&2
    diff "$work/a.txt" "$work/b.txt" | head -5 >&2
    mismatch=1
  fi
}

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
echo "machine: $(nproc) cores, $cpu, load average $(cut -d' ' -f1-3 /proc/loadavg); $(scram --version | head -1)"
echo "times: CPU seconds (user + system), wall in brackets; MB: peak resident memory"
echo
header="| items | targets | sets | decouple s | decouple MB | SCRAM s (its analysis) | SCRAM MB | time SCRAM/decouple | memory SCRAM/decouple | decouple s, from YAML | decouple s, counting left-out sets |"
rule="|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
cuts_table="$header"$'\n'"$rule"
spof_table="$header"$'\n'"$rule"
mismatch=0
# row NAME N TARGETS SETS: one table row from the runs dec-NAME-N,
# scram-NAME-N, yaml-NAME-N and (when there is one) count-NAME-N.
row() {
  local d=dec-$1-$2 y=yaml-$1-$2 s=scram-$1-$2 c=count-$1-$2 counted="-"
  [ -f "$work/$c.time" ] && counted="$(seconds $c) [$(wall $c)], $(megabytes $c) MB"
  echo "| $2 | $3 | $4 | $(seconds $d) [$(wall $d)] | $(megabytes $d) | $(seconds $s) [$(wall $s)] ($(cat "$work/$s.analysis") wall) | $(megabytes $s) | $(ratio "$(seconds $s)" "$(seconds $d)") | $(ratio "$(megabytes $s)" "$(megabytes $d)") | $(seconds $y) [$(wall $y)] | $counted |"
}
for n in "${sizes[@]}"; do
  "$bench" --export-dir="$work" --sizes="$n"
  yaml=$work/model-$n.yaml
  # decouple answers from its compiled snapshot, as SCRAM answers from the
  # exported tree: each tool's input prepared once, outside the timing.
  timed compile-$n "$decouple" compile "$yaml" -o "$work/model-$n.dcm"
  timed export-$n "$decouple" export "$yaml" --format mef --end-items -o "$work/tree-$n.xml"
  "$decouple" export "$yaml" --format mef --all-items -o "$work/all-$n.xml" 2>/dev/null
  model=$work/model-$n.dcm
  targets=$(grep -c '<define-gate name="t_' "$work/tree-$n.xml" || true)
  items=$(grep -c '<define-gate name="t_' "$work/all-$n.xml" || true)

  # (a) order <= 3, every end item. SCRAM's question: the sets up to 3
  # firms (--no-count); by default decouple also counts every larger
  # minimal set per order, a bigger question, timed apart.
  timed dec-cuts-$n "$decouple" chokepoints "$model" --end-items -k 3 --no-count -f text -o "$work/dec-cuts-$n.txt"
  timed yaml-cuts-$n "$decouple" chokepoints "$yaml" --end-items -k 3 --no-count -f text -o "$work/yaml-cuts-$n.txt"
  timed count-cuts-$n "$decouple" chokepoints "$model" --end-items -k 3 -f text -o "$work/count-cuts-$n.txt"
  cmp -s "$work/dec-cuts-$n.txt" "$work/count-cuts-$n.txt" || { echo "MISMATCH: --no-count changes the sets" >&2; mismatch=1; }
  timed scram-cuts-$n scram --zbdd -l 3 "$work/tree-$n.xml" -o "$work/scram-cuts-$n.xml"
  scram_sets "$work/scram-cuts-$n.xml" "$work/scram-cuts-$n.analysis" >"$work/scram-cuts-$n.txt"
  compare "$work/dec-cuts-$n.txt" "$work/scram-cuts-$n.txt" "$n items, order <= 3"
  cuts_table+=$'\n'$(row cuts "$n" "$targets" "$(wc -l <"$work/a.txt")")

  # (b) single points of failure, every item.
  timed dec-spof-$n "$decouple" chokepoints "$model" --spof -f text -o "$work/dec-spof-$n.txt"
  timed yaml-spof-$n "$decouple" chokepoints "$yaml" --spof -f text -o "$work/yaml-spof-$n.txt"
  timed scram-spof-$n scram --zbdd -l 1 "$work/all-$n.xml" -o "$work/scram-spof-$n.xml"
  scram_sets "$work/scram-spof-$n.xml" "$work/scram-spof-$n.analysis" >"$work/scram-spof-$n.txt"
  compare "$work/dec-spof-$n.txt" "$work/scram-spof-$n.txt" "$n items, single points of failure"
  spof_table+=$'\n'$(row spof "$n" "$items" "$(wc -l <"$work/a.txt")")
  echo "$n items: compile $(seconds compile-$n) s, export $(seconds export-$n) s" >&2
  rm -f "$work"/*-"$n".*
done
echo "(a) Minimal blacklists up to 3 firms of every end item: decouple chokepoints --end-items -k 3 --no-count against scram --zbdd -l 3"
echo "$cuts_table"
echo
echo "(b) Single points of failure of every item: decouple chokepoints --spof against scram --zbdd -l 1 on every item's tree"
echo "$spof_table"
echo
echo "Set lists compared set for set: $([ $mismatch = 0 ] && echo all equal || echo MISMATCH, see above)"
echo

# (c) exact probability. The synthetic models' products have small trees
# (a hundred firms at most), which SCRAM's BDD handles; `decouple generate`
# draws suppliers by a power law, so its products' trees are deep and
# wide. Every firm is cut off with probability 0.1; the product is the one
# whose BDD is largest.
model=$work/generated-$bdd_size.yaml
"$decouple" generate --items "$bdd_size" --seed 1 --no-scenarios -o "$model" 2>/dev/null
product=$("$decouple" rank "$model" -p 0.1 -f json | python3 -c '
import json, sys
targets = json.load(sys.stdin)["targets"]
print(max(targets, key=lambda t: (t["bdd_nodes"], t["item"]))["item"])')
"$decouple" export "$model" --format mef --item "$product" -p 0.1 -o "$work/one.xml"
# budgeted NAME COMMAND...: COMMAND under the budget (address space and
# CPU seconds), timed; sets $outcome to how it ended.
budgeted() {
  local name=$1
  shift
  set +e
  ( ulimit -v $((bdd_mb * 1024)); ulimit -t "$bdd_seconds"
    exec /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" ) >/dev/null 2>"$work/$name.err"
  local code=$?
  set -e
  sed -i '/^Command /d' "$work/$name.time"
  if [ $code -eq 0 ]; then
    outcome=finished
  elif grep -q bad_alloc "$work/$name.err"; then
    outcome="out of memory (std::bad_alloc)"
  elif [ $code -eq 152 ] || [ $code -eq 137 ]; then
    outcome="out of CPU time"
  else
    outcome="failed, exit $code: $(grep -m1 -i -E 'error|memory' "$work/$name.err" | head -c 100)"
  fi
}
usage() {  # "s [wall] | MB" of a budgeted run, dashes when it has none
  if [ "$(wc -w <"$work/$1.time")" -ge 4 ]; then
    echo "$(seconds "$1") [$(wall "$1")] | $(megabytes "$1")"
  else
    echo "- | -"
  fi
}
scram_probability() {
  grep -o '<sum-of-products[^>]*>' "$1" | grep -o 'probability="[^"]*"' | cut -d'"' -f2
}

budgeted dec-bdd "$decouple" rank "$model" --item "$product" -p 0.1 -f json -o "$work/rank.json"
dec_outcome=$outcome
[ "$dec_outcome" = finished ] && dec_outcome=$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["targets"][0]
print("P = {:.12g} ({} BDD nodes)".format(t["probability"], t["bdd_nodes"]))' "$work/rank.json")
budgeted scram-bdd scram --bdd --probability true -l 1000 "$work/one.xml" -o "$work/scram-bdd.xml"
[ "$outcome" = finished ] && outcome="P = $(scram_probability "$work/scram-bdd.xml")"
scram_outcome=$outcome
budgeted scram-bdd2 scram --bdd --probability true -l 2 "$work/one.xml" -o "$work/scram-bdd2.xml"
[ "$outcome" = finished ] && outcome="P = $(scram_probability "$work/scram-bdd2.xml")"
echo "(c) Exact loss probability of $product (decouple generate --items $bdd_size --seed 1, every firm cut off with probability 0.1, $(grep -c '<define-basic-event' "$work/one.xml") firms in its tree); budget for each run: ulimit -v $bdd_mb MB, ulimit -t $bdd_seconds s"
echo "| run | result | s | MB |"
echo "|---|---|---:|---:|"
echo "| decouple rank --item $product -p 0.1 | $dec_outcome | $(usage dec-bdd) |"
echo "| scram --bdd --probability true -l 1000 | $scram_outcome | $(usage scram-bdd) |"
echo "| scram --bdd --probability true -l 2 | $outcome | $(usage scram-bdd2) |"
exit $mismatch
