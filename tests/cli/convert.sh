#!/usr/bin/env bash
# decouple generate / convert: YAML <-> CSV tables, losslessly.
set -euo pipefail
bin=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$bin" generate --items 500 --seed 4 -o "$dir/g.yaml" 2>/dev/null
"$bin" convert "$dir/g.yaml" --to csv -o "$dir/g-csv.yaml" --verify 2>"$dir/log" || { cat "$dir/log"; exit 1; }
grep -q "verified" "$dir/log"
test -f "$dir/g-csv.options.csv"
"$bin" convert "$dir/g-csv.yaml" --to yaml -o "$dir/back.yaml" --verify 2>/dev/null
# Both YAML files are byte-identical: nothing was lost or reordered.
cmp "$dir/g.yaml" "$dir/back.yaml"
# Same answers from either form.
diff <("$bin" impact "$dir/g.yaml" -s ban-1pct -f csv) <("$bin" impact "$dir/g-csv.yaml" -s ban-1pct -f csv)
# Never overwrite the input.
if "$bin" convert "$dir/g.yaml" --to yaml -o "$dir/g.yaml" 2>/dev/null; then exit 1; fi
# import csv: the header form reads back as the very same YAML; a bare
# folder of tables (firms.csv, items.csv, needs.csv, options.csv) too.
"$bin" import csv "$dir/g-csv.yaml" -o "$dir/imported.yaml" 2>/dev/null
cmp "$dir/g.yaml" "$dir/imported.yaml"
mkdir "$dir/tables"
printf 'id,country\nfab,TW\nphoneco,CN\n' > "$dir/tables/firms.csv"
printf 'id,maker,kind\nwafer,fab,service\nphone,phoneco,product\n' > "$dir/tables/items.csv"
printf 'item,need,option\nphone,chips,wafer\n' > "$dir/tables/options.csv"
"$bin" import csv "$dir/tables" -o "$dir/from-folder.yaml" 2>/dev/null
grep -q '^name: tables' "$dir/from-folder.yaml"
"$bin" impact "$dir/from-folder.yaml" --ban fab -f csv | grep -q '^phoneco,CN,lost,phone,'
# ... and back: export --format csv writes the tables import csv reads.
"$bin" export "$dir/from-folder.yaml" --format csv -o "$dir/again.yaml" 2>/dev/null
for t in firms items needs options; do test -f "$dir/again.$t.csv"; done
if "$bin" export "$dir/from-folder.yaml" --format csv 2>/dev/null; then exit 1; fi
# A pseudo-firm (country: none, as `import eto` writes) survives both forms.
cat > "$dir/p.yaml" <<'YAML'
decouple: 1
name: pseudo
firms:
  - {id: market, country: none}
  - {id: fab, country: TW}
  - {id: phoneco, country: CN}
items:
  - {id: wafer, maker: fab, kind: service}
  - id: foundry-market
    maker: market
    kind: service
    needs: [{name: supply, options: [wafer]}]
  - id: phone
    maker: phoneco
    kind: product
    needs: [{name: chips, options: [foundry-market]}]
YAML
"$bin" convert "$dir/p.yaml" --to yaml -o "$dir/p2.yaml" --verify 2>/dev/null
grep -q "country: none" "$dir/p2.yaml"
"$bin" convert "$dir/p.yaml" --to csv -o "$dir/p3.yaml" --verify 2>/dev/null
grep -q "^market,.*none" "$dir/p3.firms.csv"
echo ok
