#!/usr/bin/env bash
# Chokepoints against SCRAM, the same questions in the same run:
#   (a) minimal blacklists (minimal cut sets) up to 3 firms of every end
#       product: `decouple chokepoints --end-items -k 3` against
#       `scram --zbdd -l 3` on `decouple export --format mef --end-items`;
#   (b) single points of failure of every item (every vendor at once):
#       `decouple chokepoints --spof` against `scram --zbdd -l 1` on the
#       export of every item (--all-items);
#   (c) one exact top-event probability: `decouple rank --item P` against
#       `scram --bdd --probability true` under a memory and time budget.
# Models: 4-tier acyclic synthetic models, a firm per five items, written
# by `chokepoints_bench --export-dir` (bench/chokepoints_bench.cpp). Both
# tools run from their input files to their report, under /usr/bin/time
# (wall seconds, peak resident memory); SCRAM's own report gives its
# analysis time without parsing. Every set list is compared set for set
# (SCRAM's names mapped back to ids), not only counted.
#
# Usage: scripts/bench-scram.sh [BUILD_DIR [SIZE...]]
#   BUILD_DIR defaults to build (needs decouple and bench/chokepoints_bench,
#   so configure with benchmarks on, the default); sizes default to
#   1000 5000 10000 50000 100000.
# Environment: BDD_SIZE (model of case (c), default 5000), BDD_MEMORY_MB
# (default 4096) and BDD_SECONDS (default 120), SCRAM's budget in (c).
set -euo pipefail
build=${1:-build}
[ $# -gt 0 ] && shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 5000 10000 50000 100000)
bdd_size=${BDD_SIZE:-5000}
bdd_mb=${BDD_MEMORY_MB:-4096}
bdd_seconds=${BDD_SECONDS:-120}

decouple=$build/decouple
bench=$build/bench/chokepoints_bench
for tool in "$decouple" "$bench"; do
  [ -x "$tool" ] || { echo "error: $tool not built (cmake --build $build -j2)" >&2; exit 1; }
done
command -v scram >/dev/null || { echo "error: scram is not installed (apt-get install scram)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is not installed (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# timed NAME COMMAND...: runs COMMAND, leaves "seconds kilobytes" in
# $work/NAME.time; fails the script when COMMAND fails.
timed() {
  local name=$1
  shift
  if ! /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" 2>"$work/$name.err"; then
    echo "error: $* failed:" >&2
    tail -5 "$work/$name.err" >&2
    exit 1
  fi
}
seconds() { cut -d' ' -f1 "$work/$1.time"; }
megabytes() { awk '{ printf "%.0f", $2 / 1024 }' "$work/$1.time"; }

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
    elif '<product' in line:
        product = []
        if line.rstrip().endswith('/>'):
            lines.append(top + '\t')
            product = None
    elif '</product>' in line:
        lines.append(top + '\t' + ' '.join(sorted(product)))
        product = None
    elif product is not None and '<basic-event' in line:
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

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
echo "machine: $(nproc) cores, $cpu; $(scram --version | head -1)"
echo
cuts_table="| items | products | sets (order <= 3) | decouple s | decouple MB | SCRAM s (analysis) | SCRAM MB | time SCRAM/decouple | memory SCRAM/decouple |"
cuts_table+=$'\n'"|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
spof_table="| items | SPOFs | decouple s | decouple MB | SCRAM s (analysis) | SCRAM MB | time SCRAM/decouple | memory SCRAM/decouple |"
spof_table+=$'\n'"|---:|---:|---:|---:|---:|---:|---:|---:|"
mismatch=0
for n in "${sizes[@]}"; do
  "$bench" --export-dir="$work" --sizes="$n"
  model=$work/model-$n.yaml
  "$decouple" export "$model" --format mef --end-items -o "$work/tree-$n.xml" 2>/dev/null
  "$decouple" export "$model" --format mef --all-items -o "$work/all-$n.xml" 2>/dev/null
  products=$(grep -c '<define-gate name="t_' "$work/tree-$n.xml" || true)

  # (a) order <= 3, every product.
  timed dec-cuts-$n "$decouple" chokepoints "$model" --end-items -k 3 -f text -o "$work/dec-cuts-$n.txt"
  timed scram-cuts-$n scram --zbdd -l 3 "$work/tree-$n.xml" -o "$work/scram-cuts-$n.xml"
  our_sets "$work/dec-cuts-$n.txt" >"$work/a.txt"
  scram_sets "$work/scram-cuts-$n.xml" "$work/scram-cuts-$n.analysis" >"$work/b.txt"
  sets=$(wc -l <"$work/a.txt")
  if ! cmp -s "$work/a.txt" "$work/b.txt"; then
    echo "MISMATCH at $n items, order <= 3: decouple $sets sets, SCRAM $(wc -l <"$work/b.txt")" >&2
    diff "$work/a.txt" "$work/b.txt" | head -5 >&2
    mismatch=1
  fi
  cuts_table+=$'\n'"| $n | $products | $sets | $(seconds dec-cuts-$n) | $(megabytes dec-cuts-$n) | $(seconds scram-cuts-$n) ($(cat "$work/scram-cuts-$n.analysis")) | $(megabytes scram-cuts-$n) | $(ratio "$(seconds scram-cuts-$n)" "$(seconds dec-cuts-$n)") | $(ratio "$(megabytes scram-cuts-$n)" "$(megabytes dec-cuts-$n)") |"

  # (b) single points of failure, every item.
  timed dec-spof-$n "$decouple" chokepoints "$model" --spof -f text -o "$work/dec-spof-$n.txt"
  timed scram-spof-$n scram --zbdd -l 1 "$work/all-$n.xml" -o "$work/scram-spof-$n.xml"
  our_sets "$work/dec-spof-$n.txt" >"$work/a.txt"
  scram_sets "$work/scram-spof-$n.xml" "$work/scram-spof-$n.analysis" >"$work/b.txt"
  spofs=$(wc -l <"$work/a.txt")
  if ! cmp -s "$work/a.txt" "$work/b.txt"; then
    echo "MISMATCH at $n items, SPOF: decouple $spofs, SCRAM $(wc -l <"$work/b.txt")" >&2
    diff "$work/a.txt" "$work/b.txt" | head -5 >&2
    mismatch=1
  fi
  spof_table+=$'\n'"| $n | $spofs | $(seconds dec-spof-$n) | $(megabytes dec-spof-$n) | $(seconds scram-spof-$n) ($(cat "$work/scram-spof-$n.analysis")) | $(megabytes scram-spof-$n) | $(ratio "$(seconds scram-spof-$n)" "$(seconds dec-spof-$n)") | $(ratio "$(megabytes scram-spof-$n)" "$(megabytes dec-spof-$n)") |"
  echo "$n items done" >&2
done
echo "Minimal blacklists up to 3 firms of every product (all sets compared: $([ $mismatch = 0 ] && echo equal || echo MISMATCH))"
echo "$cuts_table"
echo
echo "Single points of failure of every item"
echo "$spof_table"
echo

# (c) exact probability of the product with the most firms in its tree.
"$bench" --export-dir="$work" --sizes="$bdd_size"
model=$work/model-$bdd_size.yaml
product=$("$decouple" chokepoints "$model" --end-items -k 1 -f json 2>/dev/null | python3 -c '
import json, sys
targets = json.load(sys.stdin)["targets"]
print(max(targets, key=lambda t: (t.get("candidates_in_tree", 0), t["item"]))["item"])' 2>/dev/null ||
  grep -m1 -o 'id: t3-[0-9]*' "$model" | cut -d' ' -f2)
"$decouple" export "$model" --format mef --item "$product" -o "$work/one.xml" 2>/dev/null
timed dec-bdd "$decouple" rank "$model" --item "$product" -f json -o "$work/rank.json"
ours=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(r["targets"][0]["probability"])' "$work/rank.json" 2>/dev/null || echo "?")
set +e
( ulimit -v $((bdd_mb * 1024)); exec /usr/bin/time -f "%e %M" -o "$work/scram-bdd.time" \
    timeout "$bdd_seconds" scram --bdd --probability true -l 1000 "$work/one.xml" -o "$work/scram-bdd.xml" ) \
  2>"$work/scram-bdd.err"
code=$?
set -e
if [ $code -eq 0 ]; then
  theirs=$(grep -o 'probability="[^"]*"' "$work/scram-bdd.xml" | head -1 | cut -d'"' -f2)
  outcome="finished: probability $theirs"
elif [ $code -eq 124 ]; then
  outcome="stopped after ${bdd_seconds} s"
else
  outcome="failed (exit $code, memory budget ${bdd_mb} MB): $(grep -m1 -i -E 'bad_alloc|memory|error' "$work/scram-bdd.err" | head -c 120)"
fi
echo "Exact loss probability of $product ($bdd_size-item model, $(grep -c '<define-basic-event' "$work/one.xml") firms in its tree)"
echo "| tool | result | s | MB |"
echo "|---|---|---:|---:|"
echo "| decouple rank | $ours | $(seconds dec-bdd) | $(megabytes dec-bdd) |"
echo "| scram --bdd -l 1000, ulimit -v ${bdd_mb} MB, timeout ${bdd_seconds} s | $outcome | $(cut -d' ' -f1 "$work/scram-bdd.time" 2>/dev/null || echo -) | $(awk '{ printf "%.0f", $2 / 1024 }' "$work/scram-bdd.time" 2>/dev/null || echo -) |"
exit $mismatch
