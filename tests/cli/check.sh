#!/usr/bin/env bash
# decouple check: exit codes, all errors on stderr, JSON that parses.
source "$(dirname "$0")/common.bash"

run check tests/data/mini.yaml
expect_rc 0 "check a valid model"
expect_in "$TMP/out" "tests/data/mini.yaml: ok — Mini phone" "check summary"
[ -s "$TMP/err" ] && fail "check of a valid model wrote to stderr"

# Every error of the file, in order, then the count; nothing on stdout.
run check tests/data/broken.yaml
expect_rc 1 "check a broken model"
[ -s "$TMP/out" ] && fail "check of a broken model wrote to stdout"
cat >"$TMP/want" <<'WANT'
tests/data/broken.yaml:7:32: error: unknown field 'contry' in firm 'phoneco' (did you mean 'country'?)
tests/data/broken.yaml:8:27: error: 'country' of firm 'chipco': unknown country code 'XX' (use ISO 3166-1 alpha-2, e.g. CN, US)
tests/data/broken.yaml:9:10: error: duplicate id 'phoneco' (first defined at line 7)
tests/data/broken.yaml:17:13: error: unknown item 'chip-aa' in an option of need 'soc' of item 'phone' (did you mean 'chip-a'?)
tests/data/broken.yaml:18:35: error: 'share' of an option of need 'soc' of item 'phone' is 1.5 but must be between 0 and 1
tests/data/broken.yaml:19:9: error: need 'memory' of item 'phone' has no options: a need must list at least one
tests/data/broken.yaml:20:53: error: unknown source 'fr-2' in item 'chip-a' (did you mean 'fr-1'?)
tests/data/broken.yaml:23:23: error: 'extends' forms a cycle: a -> b -> a
tests/data/broken.yaml: 8 errors
WANT
diff "$TMP/want" "$TMP/err" >"$TMP/diff" || fail "check a broken model: stderr differs: $(cat "$TMP/diff")"

run check tests/data/does-not-exist.yaml
expect_rc 1 "check a missing file"
expect_in "$TMP/err" "tests/data/does-not-exist.yaml: error: cannot open: No such file or directory" "missing file"

# Bad usage is exit 2.
run check
expect_rc 2 "check without a model"
run check tests/data/mini.yaml --format xml
expect_rc 2 "check with an unknown format"
run frobnicate
expect_rc 2 "unknown subcommand"
run
expect_rc 2 "no subcommand"
run --help
expect_rc 0 "--help"

for format in json csv table; do
  run check tests/data/mini.yaml --format "$format"
  expect_rc 0 "check --format $format"
done
run check tests/data/mini.yaml -f json
expect_json "$TMP/out" "check --format json"
expect_in "$TMP/out" '"valid": true' "check JSON"

# Every bundled model is valid.
mkdir "$TMP/json"
n=0
while IFS= read -r model; do
  run check "$model"
  expect_rc 0 "check $model"
  n=$((n + 1))
  "$BIN" check "$model" --format json >"$TMP/json/$n.json" || fail "check $model --format json"
done < <(find models -name '*.yaml' | sort)
expect_json_files "check --format json on every bundled model" "$TMP"/json/*.json

finish
