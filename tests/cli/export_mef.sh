#!/usr/bin/env bash
# decouple export --format mef: the fault tree for SCRAM, its option
# checks, and (when scram is installed) the same minimal cut sets as
# `decouple chokepoints` on the bundled model.
BIN=$1
source "$(dirname "$0")/common.bash"
model=models/entity-list-2019.yaml

run export "$model" --format mef --end-items -o "$TMP/tree.xml"
expect_rc 0 "mef export of the end items"
expect_in "$TMP/tree.xml" '<opsa-mef>' "an MEF document"
expect_in "$TMP/tree.xml" '<define-gate name="t_' "top events"
expect_in "$TMP/tree.xml" '<define-basic-event name="f_' "basic events"
if grep -q 'name="[^"]*\.' "$TMP/tree.xml"; then fail "a name with '.' in the export"; fi

run export "$model" --format mef
expect_rc 2 "mef without targets"
expect_in "$TMP/err" "needs exactly one of --item, --vendor, --end-items or --all-items" "mef target message"
run export "$model" --end-items
expect_rc 2 "targets with the dot format"
expect_in "$TMP/err" "are for --format mef" "picture target message"
run export "$model" --format mef --end-items --ban huawei
expect_rc 2 "--ban with mef"
run export "$model" --format mef --item no-such-item
expect_rc 1 "unknown item"
run export "$model" --format mef --end-items --by XX
expect_rc 2 "bad --by"

# --all-items to order 1 is the single-point-of-failure scan.
run chokepoints "$model" --all-items -k 1 -f text
expect_rc 0 "chokepoints --all-items"
sort "$TMP/out" >"$TMP/all.txt"
run chokepoints "$model" --spof -f text
sort "$TMP/out" >"$TMP/spof.txt"
cmp -s "$TMP/all.txt" "$TMP/spof.txt" || fail "--all-items -k 1 and --spof differ"
[ -s "$TMP/spof.txt" ] || fail "no single point of failure in $model"

if command -v scram >/dev/null; then
  "$BIN" chokepoints "$model" --end-items -k 3 -f text -o "$TMP/ours.txt" 2>/dev/null || fail "chokepoints"
  if scram --zbdd -l 3 "$TMP/tree.xml" -o "$TMP/report.xml" >/dev/null 2>&1; then
    ours=$(wc -l <"$TMP/ours.txt")
    theirs=$(grep -c '<product ' "$TMP/report.xml" || true)
    [ "$ours" -eq "$theirs" ] || fail "SCRAM finds $theirs sets up to order 3, chokepoints $ours"
  else
    fail "scram rejects the export"
  fi
else
  echo "scram is not installed: SCRAM run skipped"
fi
finish
