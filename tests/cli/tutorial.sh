#!/usr/bin/env bash
# Every ```console block of docs/tutorial.md is run and must print exactly
# what the page shows, so the tutorial stays true as the code changes.
# A block is one or more `$ command` lines (run by bash in a scratch
# directory where `models` is the repository's models/ and `decouple` is
# the binary under test), each followed by its expected output (stdout and
# stderr together). `TUTORIAL_UPDATE=1 bash tests/cli/tutorial.sh BIN`
# rewrites the outputs in place instead of checking them.
set -euo pipefail
BIN=$(realpath "${1:?usage: tutorial.sh path/to/decouple}")
ROOT=$(pwd)
DOC=docs/tutorial.md
[ -f "$DOC" ] || { echo "skipped: no $DOC"; exit 77; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/bin"
ln -s "$ROOT/models" "$WORK/models"
ln -s "$BIN" "$WORK/bin/decouple"

python3 - "$DOC" "$WORK" "${TUTORIAL_UPDATE:-0}" <<'PY'
import os, re, subprocess, sys

doc, work, update = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
text = open(doc, encoding="utf-8").read()
env = dict(os.environ, PATH=os.path.join(work, "bin") + os.pathsep + os.environ["PATH"],
           COLUMNS="100", LC_ALL="C.UTF-8")
failures = 0

def run_block(body):
    """Runs each `$ ` line; returns the block with real outputs."""
    out = []
    for line in body.splitlines():
        if not line.startswith("$ "):
            continue  # an old output line: replaced below
        result = subprocess.run(["bash", "-o", "pipefail", "-c", line[2:]], cwd=work, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        out.append(line)
        out.extend(result.stdout.rstrip("\n").splitlines() if result.stdout.strip() else [])
    return "\n".join(out) + "\n"

def replace(match):
    global failures
    body = match.group(1)
    got = run_block(body)
    if got != body:
        if not update:
            failures += 1
            sys.stderr.write("FAIL: docs/tutorial.md block differs:\n--- page\n" + body +
                             "--- decouple\n" + got)
    return "```console\n" + got + "```\n"

new = re.sub(r"```console\n(.*?)```\n", replace, text, flags=re.S)
if update:
    open(doc, "w", encoding="utf-8").write(new)
    print("updated", doc)
elif failures:
    sys.exit(f"{failures} block(s) differ")
else:
    print("ok:", len(re.findall(r"```console\n", text)), "blocks")
PY
