#!/usr/bin/env bash
# decouple compile: a snapshot answers exactly like its model, and a stale
# or damaged one is refused.
set -euo pipefail
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" generate --items 800 --seed 9 --format csv -o "$dir/m.yaml" 2>/dev/null
"$bin" compile "$dir/m.yaml" -o "$dir/m.dcm" 2>/dev/null
for s in el-top-cn ban-1pct; do
  diff <("$bin" impact "$dir/m.yaml" -s "$s" -f json) <("$bin" impact "$dir/m.dcm" -s "$s" -f json)
done
touch -d '2030-01-01' "$dir/m.items.csv"
if "$bin" check "$dir/m.dcm" 2>"$dir/err"; then exit 1; fi
grep -q "stale snapshot" "$dir/err"
"$bin" compile "$dir/m.yaml" -o "$dir/m.dcm" 2>/dev/null
# Flip every bit of byte 100 (it may hold a character of the random folder
# name, so writing a fixed byte could leave it unchanged one run in 62).
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[100]^=0xFF; open(p,"wb").write(b)' "$dir/m.dcm"
if "$bin" check "$dir/m.dcm" 2>"$dir/err"; then exit 1; fi
grep -q "corrupt snapshot" "$dir/err"
echo ok
