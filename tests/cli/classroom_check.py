#!/usr/bin/env python3
"""Keeps docs/classroom.md true: runs the probe behind every
`<!-- check: ... -->` note in it against the bundled model and compares.
Notes written `check (needs FEATURE):` are reported as pending while they
fail, and flagged for promotion once they pass; they never fail the test.
Usage: classroom_check.py DECOUPLE DOC MODEL"""
import atexit
import functools
import json
import re
import subprocess
import sys
import urllib.parse
import urllib.request

binary, doc, model = sys.argv[1:4]


def run(*args):
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"decouple {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


@functools.lru_cache(maxsize=None)
def server():
    """The base URL of `decouple serve MODEL`, or None when there is no
    server: ranking every firm's ban then asks it instead of reloading the
    model once per firm (same impact_json either way)."""
    process = subprocess.Popen([binary, "serve", model, "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    atexit.register(lambda: (process.terminate(), process.wait()))
    line = process.stdout.readline()
    found = re.search(r"http://\S+", line)
    return found.group(0) if found else None


@functools.lru_cache(maxsize=None)
def impact(scenario=None, ban=None):
    url = server() if ban and not scenario else None
    if url:
        with urllib.request.urlopen(url + "api/impact?" + urllib.parse.urlencode({"ban": ban}), timeout=60) as r:
            return json.load(r)
    args = ["impact", model, "--format", "json"]
    if scenario:
        args += ["--scenario", scenario]
    if ban:
        args += ["--ban", ban]
    return json.loads(run(*args))


@functools.lru_cache(maxsize=None)
def explain(scenario, item):
    return json.loads(run("explain", model, "--scenario", scenario, item, "--format", "json"))


@functools.lru_cache(maxsize=None)
def ban_ranking():
    # Every firm that makes something is a cluster in the whole-model picture.
    firms = sorted(set(re.findall(r'subgraph "cluster_([^"]+)"', run("export", model))))
    lost = {f: impact(ban=f)["summary"]["items_lost"] for f in firms}
    return sorted(firms, key=lambda f: (-lost[f], f))


def words(text):
    return [w for w in text.split(",") if w]


def probe(expression):
    """Returns (ok, what was found)."""
    parts = expression.split()
    kind = parts[0]
    if kind == "impact":  # impact SCENARIO KEY = N
        _, scenario, key, _, value = parts
        got = impact(scenario)["summary"][key]
        return got == int(value), got
    if kind == "ban":  # ban FIRM KEY = N
        _, firm, key, _, value = parts
        got = impact(ban=firm)["summary"][key]
        return got == int(value), got
    if kind == "lost":  # lost SCENARIO FIRM = a,b
        scenario, firm = parts[1], parts[2]
        expected = words(parts[4]) if len(parts) > 4 else []
        got = sorted(next((v["lost"] for v in impact(scenario)["vendors"] if v["firm"] == firm), []))
        return got == sorted(expected), ",".join(got)
    if kind == "killing":  # killing SCENARIO ITEM = need
        _, scenario, item, _, need = parts
        explained = explain(scenario, item)
        nodes = explained["reasons"]
        root = nodes[explained["root"]]
        got = next((nodes[c].get("need") for c in root.get("because", []) if nodes[c]["kind"] == "need_dead"), None)
        return got == need, got
    if kind == "alternatives":  # alternatives SCENARIO ITEM = a,b: dashed edges into ITEM
        _, scenario, item, _, expected = parts
        dot = run("export", model, "--scenario", scenario, "--focus", item, "--depth", "1")
        got = sorted(re.findall(r'^  "([^"]+)" -> "%s" \[[^\n]*style=dashed' % re.escape(item), dot, re.M))
        return got == sorted(words(expected)), ",".join(got)
    if kind in ("at-least", "more"):  # at-least S1 S2 KEY
        _, first, second, key = parts
        a, b = impact(first)["summary"][key], impact(second)["summary"][key]
        return (a >= b if kind == "at-least" else a > b), f"{a} vs {b}"
    if kind == "rule":  # rule SCENARIO ITEM = RULE anywhere in the chain
        _, scenario, item, _, rule = parts
        text = json.dumps(explain(scenario, item))
        return f'"rule": "{rule}"' in text, "present" if f'"rule": "{rule}"' in text else "absent"
    if kind == "worst-ban":  # worst-ban RANK = firm
        _, rank, _, firm = parts
        got = ban_ranking()[int(rank) - 1]
        return got == firm, got
    raise ValueError(f"unknown probe: {expression}")


failures = passed = pending = 0
for line_number, line in enumerate(open(doc, encoding="utf-8"), 1):
    for needs, expression in re.findall(r"<!-- check(?: \(needs ([^)]*)\))?: (.*?) -->", line):
        try:
            ok, got = probe(expression.strip())
        except Exception as error:  # a broken probe is a failure, pending or not
            ok, got = False, f"error: {error}"
            if not needs:
                failures += 1
                print(f"{doc}:{line_number}: FAIL {expression}: {got}")
                continue
        if needs:
            pending += 1
            state = "now passes: drop the 'needs' mark" if ok else f"pending (needs {needs}), found {got}"
            print(f"{doc}:{line_number}: {state}: {expression}")
        elif ok:
            passed += 1
        else:
            failures += 1
            print(f"{doc}:{line_number}: FAIL {expression}: found {got}")
print(f"classroom: {passed} passed, {failures} failed, {pending} pending")
sys.exit(1 if failures or passed == 0 else 0)
