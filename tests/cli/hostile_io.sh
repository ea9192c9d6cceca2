#!/usr/bin/env bash
# Issue 15, files and output: explanations linear in the model (a 10,000-item
# chain), -o refusing special files and every input the model was read from,
# spreadsheet-safe CSV cells, UTF-8 checked in CSV tables, and inputs that
# are not regular files refused instead of waited on.
source "$(dirname "$0")/common.bash"

# A chain of N items, each needing the one before (chain_model.py).
chain() {  # chain N FILE
  python3 "$(dirname "$0")/chain_model.py" "$1" >"$2"
}

# 1. explain on a 10,000-deep chain: JSON is a flat graph (no crash), the
# table's indentation stops growing.
chain 10000 "$TMP/chain.yaml"
run explain "$TMP/chain.yaml" -s s i9999 -f json
expect_rc 0 "explain -f json on a 10,000-item chain"
python3 - "$TMP/out" <<'PY' || fail "explain JSON is not the flat reason graph"
import json, sys
d = json.load(open(sys.argv[1]))
nodes = d["reasons"]
assert d["item"] == "i9999" and d["lost"] is True
assert nodes[d["root"]]["item"] == "i9999"
assert len(nodes) == 3 * 9999 + 2, len(nodes)
assert all(n["id"] == k for k, n in enumerate(nodes))
PY
run explain "$TMP/chain.yaml" -s s i9999
expect_rc 0 "explain table on a 10,000-item chain"
[ "$(wc -c <"$TMP/out")" -lt 8000000 ] || fail "explain table is $(wc -c <"$TMP/out") bytes"
expect_in "$TMP/out" "[depth 29998] its maker root is banned" "deep lines say their depth"

# 2. impact JSON and the report grow linearly: doubling the chain at most
# doubles the output (plus a margin); the old per-item trees grew as n^3.
# Reports run without Graphviz on the PATH: the text is what is measured.
chain 400 "$TMP/c400.yaml"
chain 800 "$TMP/c800.yaml"
size_of() {  # size_of N COMMAND...: bytes of the output on an N-item chain
  local n=$1
  shift
  env PATH=/nonexistent "$BIN" "$@" "$TMP/c$n.yaml" -s s -o "$TMP/c$n.out" 2>"$TMP/err" ||
    { fail "$* on $n items"; echo 0; return; }
  wc -c <"$TMP/c$n.out"
}
for command in "impact -f json" "impact -f csv" "report -f html" "report -f md"; do
  # shellcheck disable=SC2086
  small=$(size_of 400 $command)
  # shellcheck disable=SC2086
  large=$(size_of 800 $command)
  [ "$small" -gt 0 ] && [ "$large" -le $((small * 21 / 10)) ] ||
    fail "$command: $small bytes at 400 items, $large at 800 (not linear)"
done
run impact "$TMP/chain.yaml" -s s -f json -o "$TMP/impact.json"
expect_rc 0 "impact -f json on a 10,000-item chain"
[ "$(wc -c <"$TMP/impact.json")" -lt 20000000 ] || fail "impact JSON is $(wc -c <"$TMP/impact.json") bytes"

# 3. -o refuses what is not a regular file, and every input of the model.
cp tests/data/mini.yaml "$TMP/model.yaml"
mkfifo "$TMP/fifo"
ln -s "$TMP/target.txt" "$TMP/link.txt"
mkdir "$TMP/dir"
for target in "$TMP/fifo" "$TMP/link.txt" "$TMP/dir"; do
  run check "$TMP/model.yaml" -o "$target"
  expect_rc 1 "-o $target"
  expect_in "$TMP/err" "error: it is" "-o $target says why"
done
[ -p "$TMP/fifo" ] || fail "-o replaced the FIFO"
[ -L "$TMP/link.txt" ] || fail "-o replaced the symlink"
[ -e "$TMP/target.txt" ] && fail "-o wrote through the symlink"
if [ -w /dev/null ] && [ -c /dev/null ]; then
  run check "$TMP/model.yaml" -o /dev/null
  expect_rc 1 "-o /dev/null"
  [ -c /dev/null ] || fail "/dev/null is no longer a device"
fi
run check "$TMP/model.yaml" -o -
expect_rc 0 "-o - is standard output"

# A tabular model: no output may replace one of its tables.
run convert "$TMP/model.yaml" --to csv -o "$TMP/tab.yaml"
expect_rc 0 "convert --to csv"
for table in "$TMP"/tab.*.csv; do
  cp "$table" "$TMP/saved.csv"
  run impact "$TMP/tab.yaml" -s list -o "$table"
  expect_rc 1 "-o onto the table $table"
  expect_in "$TMP/err" "the model was read from this file" "-o onto a table says why"
  cmp -s "$table" "$TMP/saved.csv" || fail "-o changed the table $table"
done
run convert "$TMP/tab.yaml" --to csv -o "$TMP/tab2.yaml"
expect_rc 0 "convert a tabular model to new tables"
run convert "$TMP/tab.yaml" --to csv -o "$TMP/tab.yaml"
expect_rc 2 "convert onto its own header"

# 4. Spreadsheet-safe CSV: a name that starts a formula gets an apostrophe;
# --csv-raw turns it off; numbers are untouched; convert round-trips it.
cat >"$TMP/formula.yaml" <<'EOF'
decouple: 1
name: formula names
firms:
  - {id: us, name: "=HYPERLINK(\"http://x\")", country: US}
  - {id: cn, name: "@SUM(A1)", country: CN}
items:
  - {id: chip, maker: us, kind: chip}
  - id: phone
    maker: cn
    kind: product
    needs: [{name: "-1+1", options: [chip]}]
scenarios:
  - {id: s, name: "+ban", actions: [{ban: [us]}]}
EOF
run impact "$TMP/formula.yaml" -s s -f csv
expect_rc 0 "impact csv with formula names"
expect_in "$TMP/out" "'-1+1" "a need name starting with - is guarded"
grep -q '^[^,]*,[^,]*,[^,]*,[^,]*,-1+1' "$TMP/out" && fail "an unguarded formula cell"
run impact "$TMP/formula.yaml" -s s -f csv --csv-raw
expect_in "$TMP/out" ",-1+1," "--csv-raw writes the cell as it is"
run alternatives "$TMP/formula.yaml" -s s -f csv
expect_rc 0 "alternatives csv"
grep -q '[,^]=\|^=\|,@\|^@' "$TMP/out" && fail "alternatives CSV has a formula cell: $(cat "$TMP/out")"
run convert "$TMP/formula.yaml" --to csv -o "$TMP/ftab.yaml" --verify
expect_rc 0 "convert --to csv --verify with formula names"
expect_in "$TMP/ftab.firms.csv" "'=HYPERLINK" "the firms table guards the name"
run timeline "$TMP/formula.yaml" -f csv
expect_rc 0 "timeline csv"
grep -q ',+ban\|^+ban' "$TMP/out" && fail "timeline CSV has an unguarded +ban"

# 5. UTF-8 in CSV tables: a firm name with byte 0xFF is an error with a position.
cp "$TMP/tab.yaml" "$TMP/bad.yaml"
for f in "$TMP"/tab.*.csv; do cp "$f" "$TMP/bad.${f#"$TMP"/tab.}"; done
sed -i 's/tab\./bad./' "$TMP/bad.yaml"
printf 'zz,\xff name,US\n' >>"$TMP/bad.firms.csv"
run check "$TMP/bad.yaml"
expect_rc 1 "a table with invalid UTF-8"
expect_in "$TMP/err" "invalid UTF-8 (byte 0xFF)" "the table's bad byte is named"

# 6. Inputs that are not regular files: refused at once, never waited on.
mkfifo "$TMP/model-fifo.yaml"
run check "$TMP/model-fifo.yaml"
expect_rc 1 "a FIFO as the model"
expect_in "$TMP/err" "FIFO" "a FIFO model says so"
cp "$TMP/tab.yaml" "$TMP/fifotab.yaml"
firms_table=$(grep -o 'tab\.firms\.csv' "$TMP/tab.yaml" | head -1)
mkfifo "$TMP/fifo.firms.csv"
sed -i "s/$firms_table/fifo.firms.csv/" "$TMP/fifotab.yaml"
run check "$TMP/fifotab.yaml"
expect_rc 1 "a FIFO as a table"
expect_in "$TMP/err" "FIFO" "a FIFO table says so"
run check "$TMP/dir"
expect_rc 1 "a directory as the model"
expect_in "$TMP/err" "it is a directory" "a directory says so"
grep -q 9223372036854775807 "$TMP/err" && fail "a directory's size is printed"
printf 'decouple: 1\rname: x\rfirms: []\r' >"$TMP/cr.yaml"
run check "$TMP/cr.yaml"
expect_rc 1 "CR-only line ends"
expect_in "$TMP/err" "carriage return" "CR-only line ends get a hint"

finish
