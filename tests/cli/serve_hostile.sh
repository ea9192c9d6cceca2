#!/usr/bin/env bash
# Issue 15, the server: exact Host matching, an exclusive port, bounded
# Range requests, UTF-8 parameters, a deep explanation, malformed and slow
# requests; after all of them the server still answers. Loopback only;
# every loop is bounded.
# Usage: bash tests/cli/serve_hostile.sh path/to/decouple   (from the repo root)
set -euo pipefail
bin=${1:?usage: serve_hostile.sh DECOUPLE}
source "$(dirname "$0")/serve_common.bash"

# A chain of 3,000 items, each needing the one before ("root" makes i0 and
# scenario s bans it): its explanation is 3,000 levels deep.
python3 "$(dirname "$0")/chain_model.py" 3000 >"$work/chain.yaml"

start "$work/chain.yaml"
port=${url##*:}
port=${port%/}

status() { curl -s -o "$work/body" -w '%{http_code}' --max-time 20 "$@"; }
alive() { [ "$(status "${url}api/model")" = 200 ] || fail "the server stopped answering after: $1"; }

# Host: exact names, with no port or the served one.
for host in "127.0.0.1" "127.0.0.1:$port" "localhost" "localhost:$port" "[::1]:$port"; do
  [ "$(status -H "Host: $host" "${url}api/model")" = 200 ] || fail "Host: $host refused"
done
for host in "127.0.0.1.rebind.example" "127.attacker.example:$port" "localhost.evil" "127.0.0.1:1" \
            "evil.example" "127.0.0.1:$port.evil"; do
  [ "$(status -H "Host: $host" "${url}api/model")" = 403 ] || fail "Host: $host not refused"
done

# A busy port is refused, not shared.
if "$bin" serve "$work/chain.yaml" --port "$port" >"$work/second" 2>&1; then
  fail "a second server on port $port started"
fi
grep -q "cannot listen" "$work/second" || fail "second server: $(cat "$work/second")"
alive "a second server"

# Deep explanations and impact: flat JSON, linear size.
[ "$(status "${url}api/explain?scenario=s&item=i2999")" = 200 ] || fail "/api/explain on a deep chain"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["reasons"]) == 3*2999+2' "$work/body" ||
  fail "/api/explain is not the flat graph"
[ "$(status "${url}api/impact?scenario=s")" = 200 ] || fail "/api/impact on a deep chain"
[ "$(wc -c <"$work/body")" -lt 10000000 ] || fail "/api/impact is $(wc -c <"$work/body") bytes"

# Ranges: one is served; several are answered with the whole page, so the
# response is never larger than the page.
page=$(curl -s "$url" | wc -c)
ranges="bytes=0-"
for _ in $(seq 500); do ranges="$ranges,0-"; done
code=$(status -H "Range: $ranges" "$url")
[ "$code" = 200 ] || fail "500 ranges -> $code"
[ "$(wc -c <"$work/body")" -le "$page" ] || fail "500 ranges -> $(wc -c <"$work/body") bytes, the page is $page"
code=$(status -H "Range: bytes=0-9" "$url")
[ "$(wc -c <"$work/body")" -eq 10 ] || fail "one range -> $code, $(wc -c <"$work/body") bytes"
alive "a multi-range request"

# Parameters that are not UTF-8: 400, not 500.
for query in "item=%FF&scenario=s" "scenario=%C0%AF" "ban=%ED%A0%80" "%FF=1"; do
  code=$(status "${url}api/explain?$query")
  [ "$code" = 400 ] || fail "non-UTF-8 parameter $query -> $code"
done

# Malformed requests over a raw socket; slow clients trickling headers.
python3 - "$port" <<'PY' || fail "malformed or slow requests"
import socket, sys, time, urllib.request
port = int(sys.argv[1])

def raw(data, wait=2.0):
    s = socket.create_connection(("127.0.0.1", port), timeout=wait)
    s.sendall(data)
    try:
        return s.recv(65536)
    except socket.timeout:
        return b""
    finally:
        s.close()

for bad in [b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
            b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: " + b"y" * 20000 + b"\r\n\r\n",
            b"GET /api/model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
            b"\x00\xff\xfe" * 100 + b"\r\n\r\n"]:
    raw(bad)

# Sixteen clients each trickle a header line every second; real requests
# must still be answered while they are connected.
slow = []
for _ in range(16):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /api/model HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    slow.append(s)
served = 0
for round_ in range(4):
    for s in slow:
        try:
            s.sendall(b"X-Slow: %d\r\n" % round_)
        except OSError:
            pass
    start = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/model", timeout=5) as r:
        served += r.status == 200
    time.sleep(1)
for s in slow:
    s.close()
sys.exit(0 if served == 4 else 1)
PY
alive "malformed and slow requests"

finish
echo ok
