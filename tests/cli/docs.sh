#!/usr/bin/env bash
# The docs render: balanced code fences, one top-level heading, no repeated
# paragraph, in every docs/*.md and README.md; and every ```console block
# of docs/cli.md runs, in order, and prints what the page shows
# (scripts/check-docs.py; docs/tutorial.md's are run by tutorial.sh).
# Usage (from the repository root): bash tests/cli/docs.sh BINARY
set -u
[ -f scripts/check-docs.py ] || { echo "skip: run from the repository root"; exit 77; }
BIN=${1:?usage: docs.sh path/to/decouple}
python3 scripts/check-docs.py || exit 1
python3 scripts/check-docs.py --run "$BIN" docs/cli.md || exit 1
echo ok
