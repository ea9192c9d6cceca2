#!/usr/bin/env bash
# End-to-end: the `decouple serve` page in headless Chromium (on the mini
# model, then the classroom checks and screenshots on the bundled model,
# tests/e2e/classroom_page.mjs), driven by
# playwright-core (installed from npm at test time into the build directory,
# from tests/e2e/package-lock.json; never vendored). Skips (77) when
# Chromium, Node or npm is missing, or decouple was built without the server.
# Usage: bash tests/cli/serve_browser.sh path/to/decouple   (from the repo root)
set -euo pipefail
bin=${1:?usage: serve_browser.sh DECOUPLE}
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "skipped: no Chromium at $chromium (Debian package chromium)"; exit 77; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "skipped: Node.js and npm are needed"; exit 77; }
command -v dot >/dev/null || { echo "skipped: Graphviz dot is needed for the page's picture"; exit 77; }

build=$(cd "$(dirname "$bin")" && pwd)
e2e="$build/e2e"
mkdir -p "$e2e"
cp tests/e2e/package.json tests/e2e/package-lock.json tests/e2e/serve_page.mjs tests/e2e/classroom_page.mjs "$e2e/"
# Reinstall only when the lock file changed.
if ! cmp -s tests/e2e/package-lock.json "$e2e/node_modules/.decouple-lock" 2>/dev/null; then
  ok=0
  for attempt in 1 2 3; do
    if (cd "$e2e" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error); then ok=1; break; fi
    echo "npm ci failed (attempt $attempt)"; sleep 3
  done
  [ $ok = 1 ] || { echo "FAIL: cannot install playwright-core from the npm registry"; exit 1; }
  cp tests/e2e/package-lock.json "$e2e/node_modules/.decouple-lock"
fi

# Serves MODEL on a free port; sets $server and $url.
serve() {
  log="$e2e/serve.log"
  # A previous run's log would hand the loop below that run's URL.
  rm -f "$log"
  "$bin" serve "$1" --port 0 >"$log" 2>&1 &
  server=$!
  url=""
  for _ in $(seq 100); do
    url=$(grep -o 'http://[^ ]*' "$log" 2>/dev/null || true)
    [ -n "$url" ] && return 0
    if ! kill -0 "$server" 2>/dev/null; then
      grep -q "built without cpp-httplib" "$log" 2>/dev/null && { echo "skipped: built without cpp-httplib"; exit 77; }
      echo "FAIL: server exited: $(cat "$log")"; exit 1
    fi
    sleep 0.1
  done
  echo "FAIL: server did not start"; exit 1
}
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT

serve tests/data/mini.yaml
(cd "$e2e" && CHROMIUM="$chromium" timeout 120 node serve_page.mjs "$url" "$e2e/serve-page.png")
kill "$server"; wait "$server" 2>/dev/null || true; server=""

# The classroom page on the bundled model: pictures that fit, keys that
# count what is drawn, bad links, aliases; screenshots of every view.
if [ -f models/entity-list-2019.yaml ]; then
  serve models/entity-list-2019.yaml
  (cd "$e2e" && CHROMIUM="$chromium" timeout 300 node classroom_page.mjs "$url" "$e2e/classroom")
fi
