#!/bin/bash
# decouple alternatives: exit codes, formats and the bundled model.
# Usage: bash tests/cli/alternatives.sh BINARY (from the repository root).
set -u
bin=$1
model=models/entity-list-2019.yaml
[ -f "$model" ] || { echo "skip: $model not found"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect() {  # expect CODE DESCRIPTION -- COMMAND...
  local code=$1 what=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" != "$code" ]; then
    echo "FAIL: $what: exit $got, expected $code"; cat "$tmp/err"; fail=1
  fi
}
contains() {  # contains FILE TEXT
  grep -qF -- "$2" "$1" || { echo "FAIL: '$2' not in $1:"; cat "$1"; fail=1; }
}

expect 0 "table" -- "$bin" alternatives "$model" --scenario el-2019-10
contains "$tmp/out" "Recovery plans, objective time"
contains "$tmp/out" "need cpu -> kunpeng-920"
# May 2019: the P30 Pro's US audio chip has no alternative in the model.
expect 0 "table, an unrecoverable need" -- "$bin" alternatives "$model" --scenario el-2019-05
contains "$tmp/out" "need audio: no option can be used"

expect 0 "json" -- "$bin" alternatives "$model" --scenario el-2019-05 --format json
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["format"]==1 and d["vendors"]' \
    "$tmp/out" || { echo "FAIL: json does not parse"; fail=1; }
fi
contains "$tmp/out" '"objective": "time"'

expect 0 "csv" -- "$bin" alternatives "$model" -s el-2019-10 --objective pareto --format csv
contains "$tmp/out" "firm,item,plan,kind,depth,recovers,need,option"

expect 0 "constraints" -- "$bin" alternatives "$model" -s el-2019-10 --objective cost \
  --domestic CN --exclude hisilicon --max-lead-time 12 --keep-current
contains "$tmp/out" "suppliers from CN; excluding hisilicon; lead time <= 12 months; current suppliers first"

expect 0 "output file" -- "$bin" alternatives "$model" -s el-2019-10 -o "$tmp/plans.txt"
contains "$tmp/plans.txt" "lost items"

expect 1 "unknown scenario" -- "$bin" alternatives "$model" -s el-2019-11
contains "$tmp/err" "error: no scenario 'el-2019-11'"
expect 1 "unknown vendor" -- "$bin" alternatives "$model" -s el-2019-10 --vendor huawey
contains "$tmp/err" "did you mean 'huawei'?"
expect 1 "unknown country" -- "$bin" alternatives "$model" -s el-2019-10 --domestic XX
contains "$tmp/err" "--domestic: 'XX' is neither"
expect 2 "vendor and item" -- "$bin" alternatives "$model" -s el-2019-10 --vendor huawei --item x
expect 2 "bad objective" -- "$bin" alternatives "$model" -s el-2019-10 --objective fastest
expect 2 "no scenario" -- "$bin" alternatives "$model"
expect 2 "zero plans" -- "$bin" alternatives "$model" -s el-2019-10 --max-plans 0

exit $fail
