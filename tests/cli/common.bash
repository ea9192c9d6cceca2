# Shared by tests/cli/*.sh (sourced, not a test itself): run the binary,
# capture exit code, stdout and stderr, and assert on them.
# Usage in a script: BIN=$1; source "$(dirname "$0")/common.bash"
set -u
BIN=${1:?usage: script.sh path/to/decouple}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

# run ARGS...: sets $rc, and $TMP/out, $TMP/err.
run() {
  "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  rc=$?
}

fail() {
  echo "FAIL: $*" >&2
  echo "  stdout: $(head -c 2000 "$TMP/out")" >&2
  echo "  stderr: $(head -c 2000 "$TMP/err")" >&2
  failures=$((failures + 1))
}

# expect_rc CODE DESCRIPTION
expect_rc() {
  [ "$rc" -eq "$1" ] || fail "$2: exit $rc, wanted $1"
}

# expect_in FILE TEXT DESCRIPTION: TEXT occurs as a fixed string in FILE.
expect_in() {
  grep -qF -- "$2" "$1" || fail "$3: '$2' not in $(basename "$1")"
}

# expect_json FILE DESCRIPTION: FILE parses as JSON.
expect_json() {
  python3 -m json.tool "$1" >/dev/null 2>"$TMP/json-err" || fail "$2: not JSON: $(cat "$TMP/json-err")"
}

# expect_json_files DESCRIPTION FILE...: each FILE parses as JSON (one
# Python start for all of them: starting it costs more than parsing).
expect_json_files() {
  local what=$1
  shift
  python3 - "$@" <<'PY' 2>"$TMP/json-err" || fail "$what: not JSON: $(cat "$TMP/json-err")"
import json, sys
for name in sys.argv[1:]:
    try:
        json.load(open(name, encoding="utf-8"))
    except ValueError as e:
        sys.exit(f"{name}: {e}")
PY
}

finish() {
  if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
  fi
  echo "ok"
  exit 0
}
