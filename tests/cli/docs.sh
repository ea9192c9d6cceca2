#!/usr/bin/env bash
# The docs render: balanced code fences, one top-level heading, no repeated
# paragraph, in every docs/*.md and README.md (scripts/check-docs.py).
# Usage (from the repository root): bash tests/cli/docs.sh BINARY
set -u
[ -f scripts/check-docs.py ] || { echo "skip: run from the repository root"; exit 77; }
python3 scripts/check-docs.py && echo ok
