#!/usr/bin/env python3
"""Structural checks of the Markdown docs (tests/cli/docs.sh runs this).

Each docs/*.md and README.md must have balanced code fences (a fence with
an info string such as ```json inside an open block means the block above
was never closed), exactly one top-level heading, and no paragraph of
prose repeated in the same file. Prints file:line: problem for each, and
exits 1 when there is any.
"""
import collections
import glob
import re
import sys


def check(path):
    problems = []
    lines = open(path, encoding="utf-8").read().split("\n")
    fence = None  # (marker, line) of the open block
    top_headings = 0
    paragraphs = collections.defaultdict(list)
    current, start = [], 0

    def end_paragraph():
        text = " ".join(current)
        if len(text) > 80:
            paragraphs[text].append(start)

    for number, line in enumerate(lines, 1):
        m = re.match(r"^(`{3,}|~{3,})(.*)$", line)
        if m:
            marker, info = m.group(1), m.group(2).strip()
            if fence is None:
                fence = (marker, number)
                end_paragraph()
                current = []
            elif marker[0] == fence[0][0] and len(marker) >= len(fence[0]) and not info:
                fence = None
            elif info:
                problems.append(f"{path}:{number}: a fence with '{info}' inside the block opened "
                                f"at line {fence[1]}: that block is never closed")
                fence = (marker, number)
            continue
        if fence:
            continue
        if line.startswith("# "):
            top_headings += 1
            if top_headings == 2:
                problems.append(f"{path}:{number}: a second top-level heading")
        if line.strip() == "":
            end_paragraph()
            current = []
        else:
            if not current:
                start = number
            current.append(line.strip())
    end_paragraph()
    if fence:
        problems.append(f"{path}:{fence[1]}: code block never closed")
    if top_headings == 0:
        problems.append(f"{path}:1: no top-level heading")
    for text, where in paragraphs.items():
        if len(where) > 1:
            problems.append(f"{path}:{where[1]}: repeats the paragraph of line {where[0]}: "
                            f"{text[:60]}...")
    return problems


def main():
    paths = sys.argv[1:] or sorted(glob.glob("docs/*.md")) + ["README.md"]
    problems = [p for path in paths for p in check(path)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
