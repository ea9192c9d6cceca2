#!/usr/bin/env python3
"""Checks of the Markdown docs (tests/cli/docs.sh and tutorial.sh run this).

    check-docs.py [FILE.md ...]
Structure: each docs/*.md and README.md must have balanced code fences (a
fence with an info string such as ```json inside an open block means the
block above was never closed), exactly one top-level heading, and no
paragraph of prose repeated in the same file. Prints file:line: problem for
each, and exits 1 when there is any.

    check-docs.py --run BINARY FILE.md ...
Examples: every ```console block of each FILE runs, in order, and must
print exactly what the page shows. The convention, for authors:
  - A ```console block holds `$ command` lines, each followed by its
    output (stdout and stderr together, as a terminal shows them; a
    command printing nothing is followed by the next `$` line at once).
    Commands run in bash, with pipefail, from one scratch directory per
    FILE that holds a copy of the repository's models/ (so the docs'
    relative paths work and nothing in the repository is written), with
    BINARY first on PATH as `decouple`, COLUMNS=100, LC_ALL=C.UTF-8.
    Files the earlier commands wrote stay for the later ones.
  - A fenced block whose info string holds `file=NAME` (```yaml
    file=small.yaml) is shown as is and written to NAME in the scratch
    directory when the run reaches it, for the commands after it.
  - Output that legitimately varies between runs (timings, the scratch
    directory's absolute path) is written `[...]` within a line, which
    matches any text on that line; a line holding only `...` matches any
    number of lines (for an output cut short on the page). Keep them few:
    everything else is compared exactly.
Other blocks (```sh, ```json, plain ```) are shown, not run. With
CHECK_DOCS_UPDATE=1 the outputs of differing blocks are rewritten from the
real runs instead (markers are lost in those blocks: put them back).
"""
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile


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


FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$\n?", re.S | re.M)


def expected_matches(expected, got):
    """Whether the page's output lines match the real ones, with the markers."""
    if not expected:
        return not got
    head = expected[0]
    if head == "...":
        return any(expected_matches(expected[1:], got[k:]) for k in range(len(got) + 1))
    if not got:
        return False
    pattern = "^" + ".*".join(re.escape(part) for part in head.split("[...]")) + "$"
    return re.match(pattern, got[0], re.S) is not None and expected_matches(expected[1:], got[1:])


def run_console(body, work, env):
    """Runs each `$ ` line of a console block; returns (matches, real block)."""
    commands = []  # (command line, expected output lines)
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append((line, []))
        elif commands:
            commands[-1][1].append(line)
    ok = True
    real = []
    for command, expected in commands:
        result = subprocess.run(["bash", "-o", "pipefail", "-c", command[2:]], cwd=work, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        got = result.stdout.rstrip("\n").splitlines() if result.stdout.strip() else []
        ok = ok and expected_matches(expected, got)
        real.append(command)
        real.extend(got)
    return ok, "\n".join(real) + "\n"


def run_examples(binary, path, update):
    """Runs the examples of one file; returns the problems."""
    problems = []
    text = open(path, encoding="utf-8").read()
    work = tempfile.mkdtemp(prefix="check-docs-")
    try:
        shutil.copytree("models", os.path.join(work, "models"), symlinks=True)
        os.mkdir(os.path.join(work, "bin"))
        os.symlink(os.path.realpath(binary), os.path.join(work, "bin", "decouple"))
        env = dict(os.environ, PATH=os.path.join(work, "bin") + os.pathsep + os.environ["PATH"],
                   COLUMNS="100", LC_ALL="C.UTF-8")
        blocks = 0

        def block(match):
            nonlocal blocks
            info, body = match.group(1).split(), match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            for word in info[1:]:
                if word.startswith("file="):
                    with open(os.path.join(work, word[5:]), "w", encoding="utf-8") as out:
                        out.write(body)
            if info[:1] != ["console"]:
                return match.group(0)
            blocks += 1
            ok, real = run_console(body, work, env)
            if ok:
                return match.group(0)
            problems.append(f"{path}:{line}: the output differs from the page's\n--- page\n{body}"
                            f"--- decouple\n{real}")
            return "```console\n" + real + "```\n"

        new = FENCE.sub(block, text)
        if update and new != text:
            with open(path, "w", encoding="utf-8") as out:
                out.write(new)
            print(f"updated {path}")
        elif not problems:
            print(f"ok: {path}: {blocks} blocks")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [] if update else problems


def main():
    if sys.argv[1:2] == ["--run"]:
        if len(sys.argv) < 4:
            sys.exit("usage: check-docs.py --run BINARY FILE.md ...")
        update = os.environ.get("CHECK_DOCS_UPDATE") == "1"
        problems = [p for path in sys.argv[3:] for p in run_examples(sys.argv[2], path, update)]
        for p in problems:
            print(p)
        return 1 if problems else 0
    paths = sys.argv[1:] or sorted(glob.glob("docs/*.md")) + ["README.md"]
    problems = [p for path in paths for p in check(path)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
