#!/usr/bin/env bash
# decouple timeline: step-by-step output in every format, and the rule named
# behind each cut by explain.
set -u
bin=$1
model=tests/data/rules-timeline.yaml
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" timeline "$model" >"$tmp/table" || fail "timeline exited $?"
grep -q '^Step 1  2019-05-16 listed: Phone maker and chip designer listed$' "$tmp/table" || fail "step 1 title"
grep -q '^Step 4  2020-08-17 fdp-plant: Plant-level rule$' "$tmp/table" || fail "step 4 title"
grep -q "licensed   apps (appco, US) -> phone \[apps\]: scenario 'tgl' action 1 (license by US)" "$tmp/table" || fail "license line"
grep -q "cut        n7 (foundry, TW) -> soc \[wafers\]: .*foreign direct product rule of US: n7 is made with etcher (JP) \[means 'tools'\], made with eda (US) \[means 'design'\], which is of origin US" "$tmp/table" || fail "direct product line"
grep -q "lost       soc: need 'wafers' has no live current option" "$tmp/table" || fail "soc lost at step 4"
grep -q "lost       phone: need 'soc' has no live current option" "$tmp/table" || fail "phone lost at step 4"

# Step 3 (depth 1) must not reach the foundry: the US tool is only an alternative.
awk '/^Step 3/{on=1} /^Step 4/{on=0} on' "$tmp/table" | grep -q 'n7 (foundry' && fail "depth 1 reached the foundry"

"$bin" timeline "$model" --cumulative --format csv >"$tmp/csv" || fail "csv exited $?"
head -1 "$tmp/csv" | grep -qx 'step,date,scenario,firm,country,change,item,need,option,supplier,action_scenario,action_index,action_kind,action_by,reason' || fail "csv header"
grep -q '^4,2020-08-17,fdp-plant,chipco,CN,cut,soc,wafers,n7,foundry,' "$tmp/csv" || fail "csv cut row"

"$bin" timeline "$model" --format json -o "$tmp/out.json" || fail "json exited $?"
if command -v python3 >/dev/null; then
  python3 - "$tmp/out.json" <<'PY' || fail "json content"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["format"] == 1 and doc["cumulative"] is False
steps = doc["steps"]
assert [s["scenario"]["id"] for s in steps] == ["listed", "tgl", "fdp-narrow", "fdp-plant"]
chip = [v for v in steps[3]["vendors"] if v["firm"] == "chipco"][0]
cut = [c for c in chip["newly_cut"] if c["option"] == "n7"][0]
assert cut["rule"] == "foreign_direct_product"
assert [p["option"] for p in cut["foreign_direct_product"]["means_path"]] == ["etcher", "eda"]
phone = [v for v in steps[3]["vendors"] if v["firm"] == "phoneco"][0]
soc = [c for c in phone["newly_cut"] if c["option"] == "soc"][0]
assert soc["rule"] == "de_minimis", soc["rule"]
assert abs(soc["de_minimis"]["share"] - 0.7) < 1e-9
assert soc["de_minimis"]["contributors"][0]["option"] == "n7"
PY
fi

# explain names the rule with its numbers.
"$bin" explain "$model" --scenario fdp-plant phone >"$tmp/explain" || fail "explain exited $?"
grep -q "de minimis: US-controlled content of soc is 70.0% > 25.0% threshold for CN (n7 70.0% (direct product))" "$tmp/explain" || fail "explain de minimis"

# A model with errors: exit 1 and a positioned message.
printf 'decouple: 1\nname: x\nscenarios:\n  - {id: s, date: 2019-13-01}\n' >"$tmp/bad.yaml"
"$bin" timeline "$tmp/bad.yaml" 2>"$tmp/err" && fail "bad model accepted"
grep -q "bad.yaml:4:" "$tmp/err" || fail "error position: $(cat "$tmp/err")"
echo ok
