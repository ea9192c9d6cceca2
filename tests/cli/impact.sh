#!/usr/bin/env bash
# decouple impact: exit codes, formats, and the October 2019 listing.
source "$(dirname "$0")/common.bash"

run impact tests/data/mini.yaml --scenario list
expect_rc 0 "impact"
expect_in "$TMP/out" "Scenario list: list (2019-05-16)" "impact header"
expect_in "$TMP/out" "lost      phone: need 'soc' has no live current option" "impact lost line"

run impact tests/data/mini.yaml -s lic --format json
expect_rc 0 "impact --format json"
expect_json "$TMP/out" "impact --format json"
expect_in "$TMP/out" '"edges_restored": 1' "the license re-opens one edge"

run impact tests/data/mini.yaml -s list --format csv
expect_rc 0 "impact --format csv"
head -1 "$TMP/out" | grep -qx 'firm,country,effect,item,need,option,supplier,share,action_scenario,action_index,action_kind,action_by,reason' ||
  fail "impact CSV header"

run impact tests/data/mini.yaml --ban qcom --format json
expect_rc 0 "impact --ban without a scenario"
expect_json "$TMP/out" "impact --ban JSON"
expect_in "$TMP/out" '"name": "ad hoc"' "ad hoc scenario"

# --at evaluates on another day: the listing (2019-05-16) is not in force
# a day before it; a date that is no day is a usage error.
run impact tests/data/mini.yaml -s list --at 2019-05-15
expect_rc 0 "impact --at"
expect_in "$TMP/out" "Scenario list: list (2019-05-16), evaluated at 2019-05-15" "impact --at header"
expect_in "$TMP/out" "1 actions applied (1 not in force on 2019-05-15); 0 supply edges cut" "--at: out of force"
run impact tests/data/mini.yaml -s list --at 2019-05-16 --known-at 2019-01-01 --format json
expect_rc 0 "impact --known-at"
expect_in "$TMP/out" '"known_at": "2019-01-01"' "impact --known-at JSON"
run impact tests/data/mini.yaml -s list --at 2019-02-29
expect_rc 2 "impact --at with no such day"
expect_in "$TMP/err" "not a date YYYY-MM-DD: 2019-02-29" "--at message"

# Bad ids are exit 1 with a hint; a missing choice is exit 2.
run impact tests/data/mini.yaml --scenario lsit
expect_rc 1 "impact with an unknown scenario"
expect_in "$TMP/err" "error: no scenario 'lsit' in tests/data/mini.yaml (did you mean 'list'?)" "scenario hint"
run impact tests/data/mini.yaml --ban qcon
expect_rc 1 "impact --ban an unknown firm"
expect_in "$TMP/err" "(did you mean 'qcom'?)" "firm hint"
run impact tests/data/mini.yaml
expect_rc 2 "impact without --scenario or --ban"
run impact tests/data/broken.yaml -s a
expect_rc 1 "impact on a broken model"
expect_in "$TMP/err" "tests/data/broken.yaml: 8 errors" "impact prints every model error"

# The bundled default model: the October 2019 listing names eight
# companies (84 FR 54002). Much of what they bought was made abroad and
# outside the EAR, so not all of them lose something (SenseTime reported no
# material impact); those that do are listed with reasons.
model=models/entity-list-2019.yaml
if [ ! -f "$model" ]; then
  echo "skipped: $model is not there yet"
  finish
fi
run impact "$model" --scenario el-2019-10
expect_rc 0 "impact el-2019-10"
for firm in dahua hikvision yixin; do
  grep -qE "^$firm +CN +[0-9]+ +[1-9]" "$TMP/out" || fail "el-2019-10: $firm has no row with losses"
  expect_in "$TMP/out" "$firm — " "el-2019-10: a section for $firm"
done
run impact "$model" --scenario el-2019-10 --format json
expect_json "$TMP/out" "impact el-2019-10 JSON"
python3 - "$TMP/out" <<'PY' || fail "el-2019-10 JSON: a listed company without reasons, or one that lost nothing"
import json, sys
out = json.load(open(sys.argv[1]))
vendors = {v["firm"]: v for v in out["vendors"]}
assert {"dahua", "hikvision", "yixin"} <= set(vendors), sorted(vendors)
for firm, v in vendors.items():
    assert set(v["reasons"]) == set(v["lost"]), firm
for firm in ["dahua", "hikvision", "yixin"]:
    assert vendors[firm]["lost"], firm
PY

run impact "$model" --scenario el-2019-10 --format csv
expect_rc 0 "impact el-2019-10 CSV"

# Every scenario of every bundled model gives JSON that parses.
mkdir "$TMP/json"
n=0
while IFS= read -r model; do
  sed -n 's/^\([a-z0-9][a-z0-9._-]*\)  .*/\1/p' <("$BIN" check "$model" | sed '1,/^---/d') \
    >"$TMP/scenarios"
  [ -s "$TMP/scenarios" ] || fail "no scenarios found in $model"
  while IFS= read -r scenario; do
    n=$((n + 1))
    "$BIN" impact "$model" --scenario "$scenario" --format json >"$TMP/json/$n.json" 2>"$TMP/err" ||
      fail "impact $model $scenario --format json"
  done <"$TMP/scenarios"
done < <(find models -name '*.yaml' | sort)
expect_json_files "impact --format json on every bundled scenario" "$TMP"/json/*.json

finish
