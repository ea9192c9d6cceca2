#!/usr/bin/env bash
# The examples of docs/model-format.md ("Tabular models") and docs/scaling.md
# ("A local example"), taken from the docs themselves and run, so the docs
# cannot drift from what decouple does.
# Usage (from the repository root): bash tests/cli/scaling_docs.sh BINARY
BIN=$1
source "$(dirname "$0")/common.bash"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
FORMAT_DOC=$PWD/docs/model-format.md
SCALING_DOC=$PWD/docs/scaling.md
for doc in "$FORMAT_DOC" "$SCALING_DOC"; do
  [ -f "$doc" ] || { echo "skip: $doc not found (run from the repository root)"; exit 77; }
done

# section FILE HEADING: the lines of FILE from HEADING to the next heading
# of the same or a higher level.
section() {
  awk -v heading="$2" '
    $0 == heading { on = 1; level = index($0, " "); print; next }
    on && /^#+ / && index($0, " ") <= level { exit }
    on { print }' "$1"
}

# --- docs/model-format.md: the complete tabular example ------------------
mkdir -p "$TMP/tab"
section "$FORMAT_DOC" "### A complete example" >"$TMP/example.md"
# Each file is a line starting with `name` followed by a fenced block.
# handset-one.yaml's block is a fragment of the converted model: kept
# aside to compare with what convert writes.
awk -v dir="$TMP/tab" '
  /^```/ && !inside { inside = 1; if (name != "") out = dir "/" name; else out = ""; next }
  /^```/ && inside { inside = 0; name = ""; out = ""; next }
  inside && out != "" { print > out; next }
  !inside && match($0, /^`[^` ]+\.(yaml|csv)`/) { name = substr($0, 2, RLENGTH - 2); next }
  !inside && /^(\$|[A-Za-z(])/ { name = "" }' "$TMP/example.md"
mv "$TMP/tab/handset-one.yaml" "$TMP/soc-fragment.yaml" 2>/dev/null ||
  fail "model-format.md: no handset-one.yaml fragment in the example"
for f in handset.yaml handset.firms.csv handset.items.csv handset.needs.csv handset.options.csv; do
  [ -s "$TMP/tab/$f" ] || fail "model-format.md: the example has no $f"
done

cd "$TMP/tab"
run check handset.yaml
expect_rc 0 "check of the tabular example"
expect_in "$TMP/out" "handset.yaml: ok — Tabular example" "check names the model"
expect_in "$TMP/out" "7 firms, 7 items, 6 needs, 7 options (1 alternatives), 1 sources" \
  "check counts what the docs say"

run convert handset.yaml --to yaml -o handset-one.yaml --verify
expect_rc 0 "convert --to yaml --verify of the tabular example"
expect_in "$TMP/err" "verified: the written model reads back identical" "convert verifies"
if [ -f handset-one.yaml ] && [ -f "$TMP/soc-fragment.yaml" ]; then
  [[ "$(cat handset-one.yaml)" == *"$(cat "$TMP/soc-fragment.yaml")"* ]] ||
    fail "model-format.md: the 'soc' YAML shown is not what convert writes"
fi

# Back to tables: the same CSV files, except that options come grouped by
# need (phone's memory option moves up) and the needs table lists every need.
mkdir -p back
run convert handset-one.yaml --to csv -o back/handset.yaml --verify
expect_rc 0 "convert --to csv --verify of the converted example"
for f in firms items; do
  cmp -s "handset.$f.csv" "back/handset.$f.csv" || fail "$f table differs after a round trip"
done
cd - >/dev/null

# --- docs/scaling.md: the local sharding example -------------------------
mkdir -p "$TMP/shard"
section "$SCALING_DOC" "### A local example" |
  awk '/^```sh$/ { on = 1; next } /^```/ && on { exit } on { print }' >"$TMP/shard/example.sh"
[ -s "$TMP/shard/example.sh" ] || fail "scaling.md: no sh block under 'A local example'"
grep -q -- '--shard \$i/3' "$TMP/shard/example.sh" || fail "scaling.md: the example does not shard"
(
  cd "$TMP/shard" || exit 1
  decouple() { "$BIN" "$@"; }
  set -e
  source ./example.sh
) >"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 0 "the scaling.md sharding example"
expect_in "$TMP/out" "identical" "merged shards equal the unsharded sweep"
expect_in "$TMP/err" "wrote synth.dcm (200 firms, 2000 items, 5166 options)" "the example's output"
[ "$(ls "$TMP"/shard/part*.json 2>/dev/null | wc -l)" -eq 3 ] || fail "three shard files"

finish
