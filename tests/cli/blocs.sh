#!/bin/bash
# `decouple import eto` and `decouple blocs` from the command line: output,
# determinism and exit codes. Run from the repository root with the binary.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # expect_exit CODE command...
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" = "$want" ] || { cat "$tmp/err" >&2; fail "exit $got, not $want: $*"; }
}

# The invented fixture's four tables, written out as the folder the
# importer reads (tests/chip_fixture.h explains why they share one file).
fixture=$tmp/chips
python3 - tests/data/chip-fixture.txt "$fixture" <<'PY' || fail "cannot write the fixture"
import os, sys
parts = open(sys.argv[1], newline="").read().split("\n=====\n")
assert len(parts) == 4, "tests/data/chip-fixture.txt: want 4 tables"
os.makedirs(sys.argv[2])
for i, name in enumerate(["inputs.csv", "providers.csv", "provision.csv", "sequence.csv"]):
    with open(os.path.join(sys.argv[2], name), "w", newline="") as f:
        f.write(parts[i] + ("\n" if i < 3 else ""))
PY
expect_exit 0 "$bin" import eto "$fixture" -o "$tmp/a.yaml"
grep -q "provision.csv:26:7: warning: unknown provider 'P999'" "$tmp/err" || fail "no warning for P999"
grep -q "^imported 8 inputs, 10 firms (4 unnamed country providers)" "$tmp/err" || fail "no summary"
expect_exit 0 "$bin" import eto "$fixture" -o "$tmp/b.yaml"
cmp -s "$tmp/a.yaml" "$tmp/b.yaml" || fail "two imports differ"
expect_exit 0 "$bin" import eto "$fixture" --type-of and --year 2019 -o "$tmp/c.yaml"
expect_exit 0 "$bin" check "$tmp/c.yaml"
expect_exit 0 "$bin" check "$tmp/a.yaml"

expect_exit 0 "$bin" blocs "$tmp/a.yaml" --bloc CN --cut-by US
grep -q "^finished-chip (Finished chip): still makeable. The bloc still has 11 of its 11 inputs" "$tmp/out" ||
  fail "headline (US)"
expect_exit 0 "$bin" blocs "$tmp/a.yaml" --bloc CN --cut-by US --cut-by JP -f json
grep -q '"status": "withheld"' "$tmp/out" || fail "json"
expect_exit 0 "$bin" blocs "$tmp/a.yaml" --bloc CN --cut-by US,JP
grep -q "^photoresist  supply  JP 70.0%, US 30.0%" "$tmp/out" || fail "whole supply withheld"
expect_exit 0 "$bin" blocs "$tmp/a.yaml" --autarky CN -f csv
grep -q "^wet-etch-tools,supply,true,org-b.wet-etch-tools,org-b,JP,0.95,foreign" "$tmp/out" || fail "autarky csv"
expect_exit 0 "$bin" blocs "$tmp/a.yaml" --bloc CN --cut-by US --threshold 0.35 -o "$tmp/report.txt"
grep -q "less than 35.0% of world supply" "$tmp/report.txt" || fail "-o"

# Bad input and bad usage.
expect_exit 1 "$bin" import eto "$tmp/nowhere" -o "$tmp/x.yaml"
grep -q "inputs.csv: error: cannot open" "$tmp/err" || fail "missing dataset message"
expect_exit 2 "$bin" import eto "$fixture" --type-of maybe
expect_exit 1 "$bin" blocs "$tmp/a.yaml" --bloc XX --cut-by US
expect_exit 2 "$bin" blocs "$tmp/a.yaml" --bloc CN --cut-by CN
grep -q "CN is in the bloc and among --cut-by" "$tmp/err" || fail "overlap message"
expect_exit 2 "$bin" blocs "$tmp/a.yaml"
expect_exit 2 "$bin" blocs "$tmp/a.yaml" --autarky CN --cut-by US
expect_exit 1 "$bin" blocs "$tmp/a.yaml" --bloc CN --scenario nope
expect_exit 1 "$bin" blocs "$tmp/a.yaml" --bloc CN --final nope

# The real dataset, when present (the numbers go to the log).
data=${DECOUPLE_SHARED:-../shared}/data/eto-chip-explorer
[ -f "$data/provision.csv" ] || data=/work/shared/data/eto-chip-explorer
if [ -f "$data/provision.csv" ]; then
  expect_exit 0 "$bin" import eto "$data" -o "$tmp/eto.yaml"
  expect_exit 0 "$bin" blocs "$tmp/eto.yaml" --bloc CN --cut-by US --cut-by JP --cut-by NL
  grep "^finished-logic-chip (" "$tmp/out" || fail "no headline on the real dataset"
  grep -q "^euv-lithography-tools  *supply  *NL 100.0%" "$tmp/out" || fail "EUV not withheld"
else
  echo "note: the ETO dataset is absent; its part of this test was skipped"
fi
echo ok
