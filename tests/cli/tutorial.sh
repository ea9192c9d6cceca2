#!/usr/bin/env bash
# Every ```console block of docs/tutorial.md is run and must print exactly
# what the page shows, so the tutorial stays true as the code changes (the
# convention and the markers: scripts/check-docs.py --run).
# `CHECK_DOCS_UPDATE=1 bash tests/cli/tutorial.sh BIN` rewrites the outputs
# in place instead of checking them.
set -euo pipefail
BIN=${1:?usage: tutorial.sh path/to/decouple}
[ -f docs/tutorial.md ] || { echo "skipped: no docs/tutorial.md"; exit 77; }
python3 scripts/check-docs.py --run "$BIN" docs/tutorial.md
