#!/usr/bin/env bash
# Pictures and reports for every scenario of every bundled model (models/,
# found at test time), plus the export/report error cases.
# Usage: bash tests/cli/visual_outputs.sh path/to/decouple   (from the repo root)
set -euo pipefail
bin=${1:?usage: visual_outputs.sh DECOUPLE}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
have_dot=1
command -v dot >/dev/null || { have_dot=0; echo "note: Graphviz dot missing; SVG/PNG checks skipped"; }

scenarios_of() {  # scenario ids of a model, one a line
  "$bin" check "$1" --format json | python3 -c 'import json,sys; [print(s["id"]) for s in json.load(sys.stdin)["scenarios"]]'
}

mapfile -t models < <(find models -name '*.yaml' | sort)
[ ${#models[@]} -gt 0 ] || fail "no bundled models under models/"
count=0
for model in "${models[@]}" tests/data/mini.yaml; do
  "$bin" export "$model" -o "$work/plain.dot" || fail "export $model"
  [ $have_dot = 1 ] && { dot -Tsvg "$work/plain.dot" -o /dev/null || fail "dot rejects $model"; }
  for s in $(scenarios_of "$model"); do
    "$bin" export "$model" --scenario "$s" -o "$work/s.dot" || fail "export $model $s"
    grep -q '^digraph decouple {' "$work/s.dot" || fail "not DOT: $model $s"
    "$bin" export "$model" --scenario "$s" --changes -o "$work/c.dot" || fail "export --changes $model $s"
    "$bin" report "$model" --scenario "$s" -o "$work/r.md" 2>/dev/null || fail "report md $model $s"
    grep -q '^## What each vendor loses' "$work/r.md" || fail "markdown without the table: $model $s"
    if [ $have_dot = 1 ]; then
      if [ ! -e "$work/$(basename "$model").png" ]; then  # one PNG per model: the SVGs below cover the rest
        "$bin" export "$model" --scenario "$s" --changes --format png -o "$work/$(basename "$model").png" || fail "png $model $s"
        [ "$(head -c 4 "$work/$(basename "$model").png" | tail -c 3)" = PNG ] || fail "not a PNG: $model $s"
      fi
      "$bin" report "$model" --scenario "$s" -o "$work/r.html" || fail "report html $model $s"
      grep -q '<svg' "$work/r.html" || fail "report without a picture: $model $s"
      # Self-contained: nothing to fetch.
      if grep -Eq '(src|href)="(https?:)?//|@import|url\(http' "$work/r.html"; then fail "report loads from the network: $model $s"; fi
    fi
    count=$((count + 1))
  done
done
echo "pictures and reports for $count scenarios"

# Errors: clear message, non-zero exit, nothing written.
m=tests/data/mini.yaml
out=$("$bin" export $m --scenario lst 2>&1) && fail "unknown scenario accepted"
grep -q "no scenario 'lst'.*did you mean 'list'" <<<"$out" || fail "scenario message: $out"
out=$("$bin" export $m --focus chip-z 2>&1) && fail "unknown focus accepted"
grep -q "no item 'chip-z'" <<<"$out" || fail "focus message: $out"
set +e; "$bin" export $m --format jpeg >/dev/null 2>&1; code=$?; set -e
[ $code = 2 ] || fail "unknown format: exit $code, expected 2"
out=$("$bin" export $m --changes 2>&1) && fail "--changes without a scenario accepted"
grep -q "needs a --scenario" <<<"$out" || fail "--changes message: $out"
cp $m "$work/model.yaml"
out=$("$bin" export "$work/model.yaml" -o "$work/model.yaml" 2>&1) && fail "overwrote the model"
grep -q "refusing to overwrite the input model" <<<"$out" || fail "overwrite message: $out"
out=$("$bin" report $m 2>&1) && fail "report without a scenario accepted"
grep -q "name a --scenario or a --ban" <<<"$out" || fail "report message: $out"
# Graphviz missing: a clear message, exit 1; DOT still works without it.
out=$(PATH=/nonexistent "$bin" export $m --scenario list --format svg -o "$work/x.svg" 2>&1) && fail "svg without dot succeeded"
grep -q "install the Debian package graphviz" <<<"$out" || fail "missing-dot message: $out"
[ ! -e "$work/x.svg" ] || fail "wrote a file without dot"
PATH=/nonexistent "$bin" export $m --scenario list -o "$work/x.dot" || fail "dot format needs no Graphviz"
out=$(PATH=/nonexistent "$bin" report $m --scenario list -o "$work/x.html" 2>&1) || fail "report without dot failed"
grep -q "No picture: Graphviz" "$work/x.html" || fail "report does not say the picture is missing"
echo "export/report errors ok"
