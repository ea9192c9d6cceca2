"""docs/python.md runs as written: its ```python blocks run in order in one
namespace, and each block followed by a plain ``` block must print exactly
that block's text. Lines printing times ("... s", "... ms", "... per
second") are compared by their shape only: their numbers vary by machine."""
import contextlib
import io
import re

from conftest import ROOT

BLOCK = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
TIMING = re.compile(r"\d[\d.,]*(?= ?(?:s|ms|µs|per second)\b)")


def blocks(text):
    """(language, body) of every fenced block, in order."""
    return [(m.group(1), m.group(2)) for m in BLOCK.finditer(text)]


def pairs(text):
    """Each python block with the output block right after it (or None)."""
    found = blocks(text)
    out = []
    for k, (language, body) in enumerate(found):
        if language == "python":
            following = found[k + 1] if k + 1 < len(found) else None
            out.append((body, following[1] if following and following[0] == "" else None))
    return out


def shape(text):
    return TIMING.sub("N", text)


def test_the_runner_pairs_code_with_output():
    doc = "x\n```python\nprint(1)\n```\n```\n1\n```\n```python\nx = 2\n```\n"
    assert pairs(doc) == [("print(1)\n", "1\n"), ("x = 2\n", None)]
    assert shape("took 0.25 s, 4,000 per second\n") == "took N s, N per second\n"


def test_python_md_runs_and_its_output_matches():
    doc = (ROOT / "docs" / "python.md").read_text()
    found = pairs(doc)
    assert len(found) >= 5
    namespace = {"__name__": "__docs__"}
    for number, (code, expected) in enumerate(found, 1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"docs/python.md block {number}", "exec"), namespace)
        if expected is not None:
            assert shape(printed.getvalue()) == shape(expected), f"block {number}:\n{code}"
