#!/usr/bin/env bash
# docs/classroom.md stays true: every `check:` note in it is run against the
# bundled model (see tests/cli/classroom_check.py).
# Usage: bash tests/cli/classroom.sh path/to/decouple   (from the repo root)
set -euo pipefail
bin=${1:?usage: classroom.sh DECOUPLE}
[ -f models/entity-list-2019.yaml ] || { echo "skipped: no bundled model"; exit 77; }
python3 tests/cli/classroom_check.py "$bin" docs/classroom.md models/entity-list-2019.yaml
