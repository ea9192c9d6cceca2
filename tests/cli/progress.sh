#!/usr/bin/env bash
# Progress bars (apps/progress_bar.h): each long-running command draws one
# on stderr when stderr is a terminal (a pseudo-terminal here), prints
# nothing there when stderr is a pipe, and nothing with --quiet. Its output
# on stdout is the same either way. No timing is involved: the first report
# of a run always draws, and so does the first live count of decision-
# diagram nodes, which the library reports every 65,536 nodes made or
# looked up: a model whose diagram makes more shows it, on every run.
BIN=$1
source "$(dirname "$0")/common.bash"
"$BIN" generate --items 2000 --seed 5 -o "$TMP/m.yaml" >/dev/null 2>&1 || fail "generate"
"$BIN" generate --items 200 --seed 5 --format csv -o "$TMP/c.yaml" >/dev/null 2>&1 || fail "generate csv"

python3 - "$BIN" "$TMP" <<'PY' || failures=$((failures + 1))
import os, pty, re, subprocess, sys

binary, tmp = sys.argv[1], sys.argv[2]
bundled = "models/entity-list-2019.yaml"
runs = [  # (arguments, a stage the bar names)
    (["rank", bundled, "-p", "0.05"], "probability gates"),
    (["rank", bundled], "firms"),
    # Inside one gate the gate count stands still; the nodes made move.
    (["rank", tmp + "/m.yaml", "-p", "0.05"], "diagram nodes made"),
    (["chokepoints", bundled, "--spof"], "cut-set gates"),
    (["chokepoints", bundled, "--item", "huawei-mate-30"], "targets verified"),
    (["trajectory", bundled], "intervals"),
    (["risk", bundled, "-s", "el-2019-05", "--monte-carlo", "--samples", "3000", "-j", "1"], "worlds"),
    (["risk", bundled, "-s", "el-2019-05", "--exact-only"], "probability gates"),
    (["sweep", tmp + "/m.yaml", "--each-firm"], "runs"),
    (["compile", tmp + "/m.yaml", "-o", tmp + "/m.dcm"], "reading the model"),
    (["import", "csv", tmp + "/c.yaml"], "reading the YAML back"),
]
ETO = "/work/shared/data/eto-chip-explorer"
if os.path.isfile(ETO + "/provision.csv"):
    runs.append((["import", "eto", ETO], "checking the model loads"))
# What the bar writes: a redraw, or the erasing of the line.
BAR = re.compile(rb"\r\[[^\x1b]*\x1b\[K|\r\x1b\[K")


def on_terminal(args):
    """Runs with stderr on a pseudo-terminal: (exit code, stdout, stderr bytes)."""
    master, slave = pty.openpty()
    with open(tmp + "/tty-out", "wb") as out:
        proc = subprocess.Popen([binary] + args, stdout=out, stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last writer closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    code = proc.wait()
    return code, open(tmp + "/tty-out", "rb").read(), seen


failures = 0
for args, stage in runs:
    name = " ".join(args)
    code, out, err = on_terminal(args)
    piped = subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    quiet_code, _, quiet_err = on_terminal(args + ["--quiet"])
    problems = []
    if code != 0 or piped.returncode != 0 or quiet_code != 0:
        problems.append(f"exit codes {code}, {piped.returncode}, {quiet_code}")
    if stage == "diagram nodes made" and not re.search(rb"\r\[[^\x1b]*\] \d+/\d+ [a-z ]+, [^\x1b]*; \d+ diagram nodes made", err):
        problems.append(f"no live count of diagram nodes after a stage's count: {err[:300]!r}")
    if b"\r[" not in err or stage.encode() not in err:
        problems.append(f"no bar naming '{stage}' on the terminal: {err[:300]!r}")
    writes = BAR.findall(err)
    if not writes or writes[-1] != b"\r\x1b[K":
        problems.append(f"the bar is not erased at the end: {err[-80:]!r}")
    # Without the bar, the terminal shows what a pipe gets (the terminal
    # turns each newline into CR LF).
    rest = BAR.sub(b"", err).replace(b"\r\n", b"\n")
    if rest != piped.stderr:
        problems.append(f"stderr beside the bar {rest[:200]!r} is not the piped {piped.stderr[:200]!r}")
    if b"\x1b[K" in piped.stderr:
        problems.append(f"a bar in a pipe: {piped.stderr[:200]!r}")
    if quiet_err.replace(b"\r\n", b"\n") != piped.stderr:
        problems.append(f"--quiet still drew: {quiet_err[:200]!r}")
    if out != piped.stdout:
        problems.append("stdout differs with a terminal on stderr")
    for p in problems:
        print(f"FAIL: {name}: {p}", file=sys.stderr)
    failures += bool(problems)
sys.exit(1 if failures else 0)
PY
finish
