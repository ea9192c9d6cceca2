#!/usr/bin/env bash
# `decouple check --strict`: every bundled model has zero unsourced facts
# (models/*.yaml); the tutorial models (models/tutorial/) are teaching toys
# with invented or simplified links and are exempt: their audit is printed,
# not enforced. Also checks the audit's own output on a small model.
BIN=$1
source "$(dirname "$0")/common.bash"

for model in models/*.yaml; do
  run check --strict "$model"
  expect_rc 0 "check --strict $model"
  expect_in "$TMP/out" "; 0 unsourced" "$model has no unsourced fact"
  run check --strict "$model" --format json
  expect_rc 0 "check --strict --format json $model"
  expect_json "$TMP/out" "strict audit JSON of $model"
done
for model in models/tutorial/*.yaml; do
  run check --strict "$model"
  [ "$rc" -le 1 ] || fail "check --strict $model crashed (exit $rc)"
  echo "exempt (teaching toy): $(grep -E 'facts sourced' "$TMP/out")"
done

cat >"$TMP/m.yaml" <<'YAML'
decouple: 1
name: Small
sources:
  fr: "84 FR 22961"
  est: "ASSUMPTION: inferred from market shares"
firms:
  - {id: acme, country: CN, source: fr}
  - {id: qcom, country: US}
items:
  - {id: chip, maker: qcom, kind: chip, source: est}
  - id: phone
    maker: acme
    kind: product
    source: fr
    needs:
      - name: soc
        share: 0.2  # ASSUMPTION: the SoC's share of value
        options: [chip]
YAML
run check --strict "$TMP/m.yaml"
expect_rc 1 "an unsourced fact fails the strict check"
expect_in "$TMP/out" "m.yaml:8:5: firm 'qcom' has no source" "position of the unsourced firm"
expect_in "$TMP/out" "m.yaml:18:19: option 'chip' of need 'soc' of item 'phone' has no source" "position of the unsourced option"
expect_in "$TMP/out" "item 'chip'" "the fact citing an ASSUMPTION source is listed"
expect_in "$TMP/out" "m.yaml:17: # ASSUMPTION: the SoC's share of value" "the ASSUMPTION comment is listed"
run check --strict "$TMP/m.yaml" --format csv
expect_rc 1 "csv: still non-zero"
expect_in "$TMP/out" "unsourced,firm,firm 'qcom',8,5," "csv row of the unsourced firm"
run check "$TMP/m.yaml"
expect_rc 0 "without --strict, sourcing is not enforced"
finish
