"""Shared fixtures: the repository, the command-line binary and the
bundled models with their scenarios (models/*.yaml, models/tutorial/*.yaml)."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODELS = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("models/*.yaml"), *ROOT.glob("models/tutorial/*.yaml")])


def binary():
    path = os.environ.get("DECOUPLE_BINARY")
    if not path:
        pytest.skip("DECOUPLE_BINARY is not set (ctest sets it)")
    return path


def run(*args, check=True):
    """Runs `decouple ARGS` in the repository; returns the completed process."""
    done = subprocess.run([binary(), *map(str, args)], cwd=ROOT, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"decouple {' '.join(map(str, args))}: exit {done.returncode}\n{done.stderr}")
    return done


def run_json(*args):
    return json.loads(run(*args, "--format", "json").stdout)


def scenarios(model):
    return [s["id"] for s in run_json("check", model)["scenarios"]]


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)
