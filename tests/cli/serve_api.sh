#!/usr/bin/env bash
# `decouple serve` over real sockets: the page for every bundled scenario,
# and malformed requests answered with a 4xx and a JSON error.
# Usage: bash tests/cli/serve_api.sh path/to/decouple   (from the repo root)
set -euo pipefail
bin=${1:?usage: serve_api.sh DECOUPLE}
source "$(dirname "$0")/serve_common.bash"

out=$("$bin" serve tests/data/mini.yaml --port 99999 2>&1) && fail "port 99999 accepted"

# Every bundled scenario: impact JSON and a picture through the API.
for model in $(find models -name '*.yaml' | sort); do
  start "$model"
  curl -sf "$url" | grep -q '<script src="/app.js"' || fail "no page for $model"
  curl -sf "${url}api/model" -o "$work/model.json" || fail "/api/model for $model"
  for s in $(python3 -c 'import json,sys; [print(s["id"]) for s in json.load(open(sys.argv[1]))["scenarios"]]' "$work/model.json"); do
    curl -sf "${url}api/impact?scenario=$s" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert "vendors" in d' \
      || fail "impact $model $s"
    if command -v dot >/dev/null; then
      curl -sf -o "$work/p.svg" "${url}api/picture?scenario=$s" || fail "picture $model $s"
      grep -q '<svg' "$work/p.svg" || fail "picture is not SVG: $model $s"
    fi
  done
  finish
done

# Malformed requests: status and a JSON body {"error", "status"}.
start tests/data/mini.yaml
expect() {  # expect STATUS CURL-ARGS...
  local status=$1; shift
  local got
  got=$(curl -s -o "$work/body" -w '%{http_code}' "$@")
  [ "$got" = "$status" ] || fail "$* -> $got, expected $status: $(cat "$work/body")"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["status"]==int(sys.argv[2]) and d["error"]' \
    "$work/body" "$status" || fail "$* -> not a JSON error: $(cat "$work/body")"
}
expect 400 "${url}api/impact?senario=list"
expect 400 "${url}api/impact?scenario=list&scenario=lic"
expect 404 "${url}api/impact?scenario=lst"
expect 400 "${url}api/impact?ban=fab,,qcom"
expect 404 "${url}api/impact?ban=nobody"
expect 400 "${url}api/impact?ban=$(head -c 5000 /dev/zero | tr '\0' a)"
expect 400 "${url}api/explain?scenario=list"
expect 404 "${url}api/explain?item=%2Fetc%2Fpasswd"
expect 400 "${url}api/picture?depth=ten"
expect 400 "${url}api/picture?format=pdf"
expect 404 "${url}api/nothing"
expect 404 "${url}../../etc/passwd" --path-as-is
expect 404 "${url}%2e%2e/%2e%2e/etc/passwd" --path-as-is
expect 405 -X POST -d 'x=1' "${url}api/impact"
expect 405 -X DELETE "${url}api/model"
expect 403 -H 'Host: attacker.example' "${url}api/model"
# A request line that is not HTTP at all.
raw=$(printf 'NONSENSE\r\n\r\n' | curl -s --max-time 5 telnet://"$(sed 's|http://||; s|/$||' <<<"$url")" 2>/dev/null || true)
grep -q '^HTTP/1.1 400' <<<"$raw" || fail "garbage request line: got '$raw'"
# Good requests still work after all that.
curl -sf "${url}api/impact?ban=fab" | grep -q '"chip-a"' || fail "server unhealthy after bad requests"
finish
echo "serve API ok"
