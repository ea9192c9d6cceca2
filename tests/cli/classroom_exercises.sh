#!/usr/bin/env bash
# The classroom page's exercises in headless Chromium (answers judged as the
# page shows them): see tests/cli/classroom_exercises_check.py. Skips (77)
# without Chromium or a server build.
# Usage: bash tests/cli/classroom_exercises.sh path/to/decouple   (from the repo root)
set -euo pipefail
bin=${1:?usage: classroom_exercises.sh DECOUPLE}
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "skipped: no Chromium at $chromium (Debian package chromium)"; exit 77; }
source "$(dirname "$0")/serve_common.bash"
start tests/data/exercises.yaml
python3 tests/cli/classroom_exercises_check.py "$chromium" "$url"
finish
echo ok
