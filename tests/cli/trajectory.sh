#!/usr/bin/env bash
# decouple trajectory: the tutorial phone's Kirin SoC in every format, the
# filters, the horizon, the chart, and errors.
set -u
bin=$1
model=models/tutorial/phone.yaml
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" trajectory "$model" >"$tmp/table" || fail "trajectory exited $?"
grep -q '^Events' "$tmp/table" || fail "events heading"
grep -Eq '^hisilicon +kirin-990 +2020-08-17 +9\.0 +never +never' "$tmp/table" || fail "kirin TTS/TTR row"
grep -Eq '^kirin-990 +hisilicon +lost +2021-05-18 +need .foundry. ran dry' "$tmp/table" || fail "kirin lost row"

"$bin" trajectory "$model" --item kirin-990 --format csv >"$tmp/csv" || fail "csv exited $?"
head -1 "$tmp/csv" | grep -qx 'item,firm,state,from,until,reason' || fail "csv header"
grep -q '^kirin-990,hisilicon,lost,2021-05-18,,' "$tmp/csv" || fail "csv lost row"
[ "$(cut -d, -f1 "$tmp/csv" | sort -u | grep -vc '^item$')" = 1 ] || fail "--item keeps one item"

"$bin" trajectory "$model" --firm huawei --format json -o "$tmp/out.json" --svg "$tmp/chart.svg" || fail "json exited $?"
if command -v python3 >/dev/null; then
  python3 - "$tmp/out.json" "$tmp/chart.svg" <<'PY' || fail "json or svg content"
import json, sys
import xml.etree.ElementTree as ET
doc = json.load(open(sys.argv[1]))
assert doc["format"] == 1
assert {i["firm"] for i in doc["items"]} == {"huawei"}, doc["items"]
phone = [i for i in doc["items"] if i["item"] == "huawei-phone"][0]
assert phone["cut"] == "2019-05-16"
assert phone["time_to_survive_months"] == 12.0, phone
assert phone["time_to_recover_months"] is None
assert [s["state"] for s in phone["segments"]] == ["degraded", "lost"], phone["segments"]
svg = ET.parse(sys.argv[2]).getroot()
texts = "".join(svg.itertext())
assert "Huawei P30 Pro-like smartphone" in texts and "Events" in texts
PY
fi

# The horizon: nothing after it.
"$bin" trajectory "$model" --until 2020-01-01 --format csv >"$tmp/early" || fail "--until exited $?"
grep -q '2020-08-17' "$tmp/early" && fail "--until kept a later event"
grep -q '^huawei-phone,huawei,degraded,2019-05-16,,' "$tmp/early" || fail "open interval at the horizon"

# Errors: a bad date, an unknown item, both filters.
"$bin" trajectory "$model" --until 2020-02-30 >/dev/null 2>"$tmp/err" && fail "bad date accepted"
"$bin" trajectory "$model" --item nope >/dev/null 2>"$tmp/err" && fail "unknown item accepted"
grep -q "nope" "$tmp/err" || fail "unknown item message"
"$bin" trajectory "$model" --item kirin-990 --firm huawei >/dev/null 2>&1 && fail "--item with --firm accepted"
exit 0
