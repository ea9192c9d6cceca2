# Shared by tests/cli/serve_*.sh (sourced, not a test itself): a scratch
# folder, a server started on a free port and stopped on exit.
# Usage: bin=$1; source "$(dirname "$0")/serve_common.bash"
command -v curl >/dev/null || { echo "skipped: curl is not installed"; exit 77; }
work=$(mktemp -d)
server=""
stop() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap stop EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/log" ] && cat "$work/log" >&2; exit 1; }

# Starts the server on a free port; sets $server and $url.
# The log is removed first: the shell opens it in the background child, so
# the loop below could otherwise read the previous server's URL (a race CI hit).
start() {
  rm -f "$work/log"
  "$bin" serve "$1" --port 0 >"$work/log" 2>&1 &
  server=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://[^ ]*' "$work/log" 2>/dev/null || true)
    [ -n "$url" ] && return 0
    if ! kill -0 "$server" 2>/dev/null; then
      grep -q "built without cpp-httplib" "$work/log" 2>/dev/null && { echo "skipped: decouple was built without cpp-httplib"; exit 77; }
      fail "server exited: $(cat "$work/log")"
    fi
    sleep 0.1
  done
  fail "server did not start"
}
finish() { kill "$server"; wait "$server" || fail "server did not stop cleanly on SIGTERM"; server=""; }
