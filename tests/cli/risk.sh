#!/usr/bin/env bash
# decouple risk: probabilities under uncertain links, by hand on a small
# model and on the bundled one; formats, methods, errors.
source "$(dirname "$0")/common.bash"

cat >"$TMP/modem.yaml" <<'YAML'
decouple: 1
name: modem
firms:
  - {id: vendor, country: CN}
  - {id: qcom, country: US}
  - {id: cnmodem, country: CN}
items:
  - id: phone
    maker: vendor
    kind: product
    needs:
      - name: modem
        options:
          - us-modem
          - {item: cn-modem, confidence: 0.7}
  - {id: us-modem, maker: qcom, kind: chip, origin: US}
  - {id: cn-modem, maker: cnmodem, kind: chip}
scenarios:
  - id: list-vendor
    actions:
      - entity_list: {by: US, add: [vendor]}
YAML

# The US modem is cut; the CN one exists with probability 0.7.
run risk "$TMP/modem.yaml" --scenario list-vendor
expect_rc 0 "risk on a small model"
expect_in "$TMP/out" "phone  vendor  0.3      exact" "P(phone lost) = 0.3"
expect_in "$TMP/out" "1     phone     modem  cn-modem  0.7         1" "the CN modem link matters most"
run risk "$TMP/modem.yaml"
expect_rc 0 "risk without a scenario"
expect_in "$TMP/out" "No item can be lost" "nothing lost without the cut"

# An item asked for by name that is not made at the scenario's date is
# listed with the reason, not dropped (the Mate 30 launched in September 2019).
run risk models/entity-list-2019.yaml -s el-2019-05 --item huawei-mate-30 -q
expect_rc 0 "risk on an item not made yet"
expect_in "$TMP/out" "not made on 2019-05-16 (introduced 2019-09-19)" "a named item not made yet is listed with why"
expect_in "$TMP/out" "huawei-mate-30  huawei  -" "the item's row has no probability"

run risk "$TMP/modem.yaml" -s list-vendor --format json
expect_rc 0 "risk --format json"
expect_json "$TMP/out" "risk JSON"
python3 - "$TMP/out" <<'PY' || fail "risk JSON fields"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["command"] == "risk" and r["format"] == 1
[item] = r["items"]
assert item["item"] == "phone" and abs(item["probability"] - 0.3) < 1e-12 and item["method"] == "exact"
[link] = r["links"]
assert link["consumer"] == "phone" and link["supplier"] == "cn-modem" and abs(link["importance"] - 1) < 1e-12
PY

run risk "$TMP/modem.yaml" -s list-vendor --format csv --monte-carlo --samples 4000 --seed 7 --quiet
expect_rc 0 "risk --format csv --monte-carlo"
head -1 "$TMP/out" | grep -qx 'kind,item,need,supplier,method,probability,low,high,confidence,importance,if_absent,if_present,half_width' ||
  fail "risk CSV header"
python3 - "$TMP/out" <<'PY' || fail "the Monte Carlo interval holds 0.3"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
item = [r for r in rows if r["kind"] == "item"][0]
assert item["method"] == "monte-carlo"
assert float(item["low"]) <= 0.3 <= float(item["high"]), item
PY
# Same seed, same numbers, whatever the thread count.
run risk "$TMP/modem.yaml" -s list-vendor --format csv --monte-carlo --samples 4000 --seed 7 -j 1
cp "$TMP/out" "$TMP/one.csv"
run risk "$TMP/modem.yaml" -s list-vendor --format csv --monte-carlo --samples 4000 --seed 7 -j 2
cmp -s "$TMP/out" "$TMP/one.csv" || fail "Monte Carlo differs between 1 and 2 threads"
# No progress bar when stderr is not a terminal.
[ ! -s "$TMP/err" ] || fail "risk wrote to stderr without a terminal"

# The bundled model: four Huawei products are lost by the May 2019 listing
# alone; the others have exact probabilities.
run risk models/entity-list-2019.yaml -s el-2019-05 --top 3
expect_rc 0 "risk on the bundled model"
expect_in "$TMP/out" "huawei-p30-pro              huawei                     1         scenario" "P30 Pro lost for sure"
expect_in "$TMP/out" "Links to verify first" "importance table"
run risk models/entity-list-2019.yaml -s el-2019-05 --item huawei-mate-30 --exact-only --format json
expect_rc 0 "risk --item --exact-only"
expect_json "$TMP/out" "risk --item JSON"
expect_in "$TMP/out" '"focused": true' "focused on the item"

# --mef writes the tree with link events; SCRAM, when installed, gives the
# same probability.
run risk "$TMP/modem.yaml" -s list-vendor --mef "$TMP/modem.xml" --format json
expect_rc 0 "risk --mef"
expect_in "$TMP/modem.xml" '<define-basic-event name="l_phone_n1_o2">' "link event in the MEF"
expect_in "$TMP/modem.xml" '<float value="0.3"/>' "link event valued 1 - confidence"
if command -v scram >/dev/null; then
  scram --bdd --probability 1 "$TMP/modem.xml" -o "$TMP/scram.xml" >/dev/null 2>&1 || fail "scram on the export"
  grep -q 'name="t_phone".* probability="0.3"' "$TMP/scram.xml" || fail "SCRAM's P(phone lost) is not 0.3"
else
  echo "scram is not installed: SCRAM comparison skipped"
fi

# Errors: unknown ids exit 1 with a hint; conflicting flags exit 2.
run risk models/entity-list-2019.yaml -s el-2019-5
expect_rc 1 "risk with an unknown scenario"
expect_in "$TMP/err" "did you mean" "scenario hint"
run risk models/entity-list-2019.yaml --item huawei-p30
expect_rc 1 "risk with an unknown item"
run risk models/entity-list-2019.yaml --exact-only --monte-carlo
expect_rc 2 "risk --exact-only --monte-carlo"
run risk tests/data/broken.yaml
expect_rc 1 "risk on a broken model"

finish
