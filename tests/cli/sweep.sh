#!/usr/bin/env bash
# decouple sweep / merge: a sharded sweep merges back to the unsharded one.
set -euo pipefail
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" generate --items 2000 --seed 5 -o "$dir/m.yaml" 2>/dev/null
"$bin" sweep "$dir/m.yaml" --each-firm -s el-top-cn -o "$dir/all.csv"
test "$(wc -l < "$dir/all.csv")" -eq 201
for i in 1 2 3 4; do
  "$bin" sweep "$dir/m.yaml" --each-firm -s el-top-cn --shard $i/4 --threads 1 -o "$dir/part$i.csv"
done
"$bin" merge "$dir"/part*.csv --runs 200 -o "$dir/merged.csv"
cmp "$dir/all.csv" "$dir/merged.csv"
"$bin" sweep "$dir/m.yaml" --random 20 --size 2 --seed 3 -f json -o "$dir/r.json"
"$bin" sweep "$dir/m.yaml" --random 20 --size 2 --seed 3 -f json --shard 2/2 -o "$dir/r2.json"
"$bin" sweep "$dir/m.yaml" --random 20 --size 2 --seed 3 -f json --shard 1/2 -o "$dir/r1.json"
cmp <("$bin" merge "$dir/r2.json" "$dir/r1.json") "$dir/r.json"
# Not on a terminal: no progress bar on stderr.
"$bin" sweep "$dir/m.yaml" --scenarios ban-1pct,el-top-cn 2>"$dir/err" >/dev/null
test ! -s "$dir/err"
if "$bin" sweep "$dir/m.yaml" --each-firm --shard 5/4 2>/dev/null; then exit 1; fi
if "$bin" merge "$dir/part1.csv" "$dir/part3.csv" 2>/dev/null; then exit 1; fi
echo ok
