#!/bin/bash
# Replays the ETO worked example of docs/tutorial.md: every `$ command` in
# its section must print exactly the output shown under it. Needs the real
# dataset; exits 77 (skip) without it.
set -u
bin=$(realpath "$1")
doc=$(realpath docs/tutorial.md)
data=${DECOUPLE_SHARED:-../shared}/data/eto-chip-explorer
[ -f "$data/provision.csv" ] || data=/work/shared/data/eto-chip-explorer
if [ ! -f "$data/provision.csv" ]; then
  echo "skipped: the ETO dataset is absent"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The commands say ../shared/data/eto-chip-explorer and `decouple`.
mkdir -p "$tmp/repo" "$tmp/shared/data" "$tmp/bin"
ln -s "$(realpath "$data")" "$tmp/shared/data/eto-chip-explorer"
ln -s "$bin" "$tmp/bin/decouple"
export PATH="$tmp/bin:$PATH"

# The section runs from its heading to the end of the file; within code
# blocks, a line starting with "$ " is a command, the lines after it (to
# the next command or the end of the block) its expected output.
awk '/^## Real data: what could China/ {on = 1} on' "$doc" >"$tmp/section"
[ -s "$tmp/section" ] || { echo "FAIL: the ETO section is missing from docs/tutorial.md"; exit 1; }
awk -v dir="$tmp/cases" '
  BEGIN { n = 0; block = 0 }
  /^```/ { block = !block; cmd = ""; next }
  block && /^\$ / { n++; cmd = substr($0, 3); print cmd > (dir "." n ".cmd"); printf "" > (dir "." n ".out"); next }
  block && cmd != "" { print > (dir "." n ".out") }
' "$tmp/section"
failed=0
count=0
cd "$tmp/repo"
for cmd_file in "$tmp"/cases.*.cmd; do
  count=$((count + 1))
  out_file=${cmd_file%.cmd}.out
  bash -c "$(cat "$cmd_file")" >"$tmp/actual" 2>/dev/null
  if ! diff -u "$out_file" "$tmp/actual" >"$tmp/diff"; then
    echo "FAIL: docs/tutorial.md: \$ $(cat "$cmd_file")"
    head -n 20 "$tmp/diff"
    failed=1
  fi
done
[ "$count" -gt 5 ] || { echo "FAIL: only $count commands found"; exit 1; }
[ "$failed" = 0 ] && echo "ok: $count commands replayed"
exit "$failed"
