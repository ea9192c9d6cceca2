#!/usr/bin/env bash
# decouple explain: exit codes and formats.
source "$(dirname "$0")/common.bash"

run explain tests/data/mini.yaml --scenario list phone
expect_rc 0 "explain"
cat >"$TMP/want" <<'WANT'
phone (华为手机, CN) is lost
  need 'soc' has no live current option
    chip-a (chipco, CN): the supplied item is lost
      chip-a (chipco, CN) is lost
        need 'design' has no live current option
          eda-tool (eda, US): edge cut by scenario 'list' action 1 (entity_list by US); origin US
    chip-b (qcom, US): edge cut by scenario 'list' action 1 (entity_list by US); origin US
WANT
diff "$TMP/want" "$TMP/out" >"$TMP/diff" || fail "explain output differs: $(cat "$TMP/diff")"

run explain tests/data/mini.yaml -s lic phone
expect_rc 0 "explain under a license"
expect_in "$TMP/out" "chip-a (chipco, CN): still supplied" "the licensed chip is live again"

run explain tests/data/mini.yaml -s list phone --format json
expect_rc 0 "explain --format json"
expect_json "$TMP/out" "explain JSON"
expect_in "$TMP/out" '"kind": "item_lost"' "explain JSON root"
run explain tests/data/mini.yaml -s list phone --format csv
expect_rc 0 "explain --format csv"
head -1 "$TMP/out" | grep -qx 'depth,kind,item,need,option,detail' || fail "explain CSV header"

run explain tests/data/mini.yaml -s list phon
expect_rc 1 "explain an unknown item"
expect_in "$TMP/err" "error: no item 'phon' in tests/data/mini.yaml (did you mean 'phone'?)" "item hint"
run explain tests/data/mini.yaml -s nope phone
expect_rc 1 "explain under an unknown scenario"
run explain tests/data/mini.yaml phone
expect_rc 2 "explain without --scenario"
run explain tests/data/mini.yaml -s list
expect_rc 2 "explain without an item"

finish
