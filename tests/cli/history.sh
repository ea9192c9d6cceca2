#!/usr/bin/env bash
# Outcome tests of the bundled 2019-2024 model: each documented outcome,
# with its source, checked at its dated step (tests/cli/history_check.py);
# known gaps are printed with their reason, never silently skipped.
set -euo pipefail
bin=${1:?usage: history.sh DECOUPLE}
model=models/entity-list-2019.yaml
[ -f "$model" ] || { echo "skipped: no bundled model"; exit 77; }
python3 tests/cli/history_check.py "$bin" "$model"
