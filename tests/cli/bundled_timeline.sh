#!/usr/bin/env bash
# The bundled models replay as timelines, and the Huawei timeline explains
# why TSMC's N7 service to HiSilicon is cut once the 2020 wind-down ends
# (15 Sep 2020, step fdp-2020-09) and not in May 2019: the foreign direct
# product rule, with its means path.
set -u
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
model=models/entity-list-2019.yaml
[ -f "$model" ] || { echo "skip: $model absent"; exit 77; }

for m in models/*.yaml models/*/*.yaml; do
  [ -f "$m" ] || continue
  "$bin" timeline "$m" >/dev/null || fail "timeline $m exited $?"
  "$bin" timeline "$m" --cumulative --format json >/dev/null || fail "timeline --cumulative $m"
done

if ! "$bin" check "$model" --format json | grep -q '"id": "fdp-2020-09"'; then
  echo "skip: $model has no fdp-2020-09 step"
  exit 77
fi
out=$("$bin" explain "$model" --scenario fdp-2020-09 kirin-990) || fail "explain exited $?"
echo "$out" | grep -q "tsmc-n7 (TSMC, TW): edge cut by .*foreign direct product rule of US: tsmc-n7 is made with .* \[means '[a-z-]*'\]" \
  || fail "no direct-product explanation for tsmc-n7 at fdp-2020-09: $out"
out=$("$bin" explain "$model" --scenario el-2019-05 kirin-990) || fail "explain exited $?"
echo "$out" | grep -q "tsmc-n7 (TSMC, TW): edge cut" && fail "tsmc-n7 cut already in May 2019: $out"
"$bin" timeline "$model" --format csv | grep -q ',hisilicon,CN,cut,kirin-990,foundry,tsmc-n7,tsmc,' \
  || fail "the timeline never cuts tsmc-n7 from HiSilicon"
echo ok
