"""Every JSON output validates against its published schema
(docs/schemas/), for every bundled model and its scenarios; a schema
changed without a version bump fails; every CSV output is one tidy table
pandas reads with no options, with no binary noise in its numbers."""
import hashlib
import io
import json
import re

import jsonschema
import pandas as pd
import pytest

from conftest import MODELS, ROOT, run, run_json, scenarios

SCHEMAS = ROOT / "docs" / "schemas"


def schema(name):
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def commands(model):
    """(schema name, arguments) of every JSON-printing run on the model."""
    out = [("check", ["check", model]), ("timeline", ["timeline", model]),
           ("timeline", ["timeline", model, "--cumulative"]),
           ("spof", ["chokepoints", model, "--spof"]),
           ("chokepoints", ["chokepoints", model, "--end-items", "-k", "2"]),
           ("rank", ["rank", model]), ("rank", ["rank", model, "-p", "0.05"]),
           ("blocs", ["blocs", model, "--bloc", "CN", "--cut-by", "US"]),
           ("autarky", ["blocs", model, "--autarky", "CN"]),
           ("sweep", ["sweep", model, "--each-firm", "-j", "1"]), ("exercise", ["exercise", model]),
           ("trajectory", ["trajectory", model]), ("risk", ["risk", model, "-q"])]
    for exercise in run_json("exercise", model)["exercises"]:
        out += [("exercise", ["exercise", model, exercise["id"], "--teacher"]),
                ("exercise", ["exercise", model, exercise["id"], "--answer", ""])]
    ids = scenarios(model)
    for s in ids:
        out += [("impact", ["impact", model, "-s", s]), ("alternatives", ["alternatives", model, "-s", s]),
                ("alternatives", ["alternatives", model, "-s", s, "--objective", "pareto"]),
                ("chokepoints", ["chokepoints", model, "--end-items", "-k", "1", "-s", s]),
                ("risk", ["risk", model, "-s", s, "-q"])]
        impact = run_json("impact", model, "-s", s)
        for vendor in impact["vendors"][:3]:
            for item in vendor["lost"][:2]:
                out.append(("explain", ["explain", model, "-s", s, item]))
    if ids:
        out.append(("sweep", ["sweep", model, "--scenarios", ",".join(ids), "-j", "1"]))
    return out


@pytest.mark.parametrize("model", MODELS)
def test_every_json_output_validates(model):
    validators = {}
    for name, args in commands(model):
        if name not in validators:
            validators[name] = jsonschema.Draft202012Validator(schema(name))
        document = run_json(*args)
        errors = sorted(validators[name].iter_errors(document), key=lambda e: list(e.path))
        assert not errors, f"{' '.join(args)}: {errors[0].message} at {list(errors[0].path)}"


def test_a_broken_model_checks_as_invalid_json(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("decouple: 1\nname: x\nfirms:\n  - id: a\n    country: XX\n")
    done = run("check", bad, "--format", "json", check=False)
    assert done.returncode == 1
    document = json.loads(done.stdout)
    assert document["valid"] is False
    assert document["errors"][0]["line"] == 5
    jsonschema.validate(document, schema("check"), cls=jsonschema.Draft202012Validator)


def test_every_schema_is_a_valid_schema():
    for path in SCHEMAS.glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text()))


def test_a_schema_change_bumps_its_version():
    # versions.txt: "NAME VERSION SHA256" for every version each schema had.
    # A schema file whose hash is not listed for its current version was
    # changed without a bump (or the new version's line is missing).
    listed = {}
    for line in (SCHEMAS / "versions.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version, digest = line.split()
            assert (name, int(version)) not in listed, f"{name} version {version} listed twice"
            listed[(name, int(version))] = digest
    files = sorted(SCHEMAS.glob("*.schema.json"))
    assert files
    for path in files:
        name = path.name.removesuffix(".schema.json")
        version = json.loads(path.read_text())["properties"]["schema_version"]["const"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert (name, version) in listed, f"{name} version {version} is not in versions.txt"
        assert listed[(name, version)] == digest, (
            f"{path.name} changed but its schema_version is still {version}: bump it (here and in "
            f"lib/report/decouple/schema_version.h) and add a line to versions.txt")


# A number with more than 12 significant digits is binary noise
# (0.20000000298023224, 730.8299999999999): none is printed that precise.
NUMBER = re.compile(r"(?<![\w.-])-?(\d+)\.(\d+)(?:[eE][-+]?\d+)?(?![\w.])")


class Noise:
    @staticmethod
    def search(text):
        for m in NUMBER.finditer(text):
            if len((m.group(1) + m.group(2)).lstrip("0")) > 12:
                return m
        return None


NOISE = Noise()


def csv_runs(model):
    out = [["check", model], ["timeline", model], ["rank", model, "-p", "0.05"],
           ["rank", model, "-p", "0.05", "--table", "importance"], ["chokepoints", model, "--spof"],
           ["chokepoints", model, "--end-items", "-k", "2"], ["blocs", model, "--bloc", "CN", "--cut-by", "US"],
           ["blocs", model, "--autarky", "CN"], ["sweep", model, "--each-firm", "-j", "1"],
           ["exercise", model]]
    for s in scenarios(model):
        out += [["impact", model, "-s", s], ["alternatives", model, "-s", s]]
    return out


@pytest.mark.parametrize("model", MODELS)
def test_every_csv_output_is_one_table(model):
    for args in csv_runs(model):
        text = run(*args, "--format", "csv").stdout
        frame = pd.read_csv(io.StringIO(text))
        header = text.splitlines()[0].split(",")
        assert list(frame.columns) == header, args
        assert "\n\n" not in text, f"{' '.join(args)}: a second table"
        assert not NOISE.search(text), f"{' '.join(args)}: {NOISE.search(text).group()}"


@pytest.mark.parametrize("model", MODELS)
def test_json_numbers_have_no_noise(model):
    for _, args in commands(model)[:12]:
        text = run(*args, "--format", "json").stdout
        assert not NOISE.search(text), f"{' '.join(args)}: {NOISE.search(text).group()}"


def test_action_fields_in_csv():
    frame = pd.read_csv(io.StringIO(run("impact", "models/entity-list-2019.yaml", "-s", "el-2019-10",
                                        "--format", "csv").stdout))
    cuts = frame[frame["effect"] == "cut"]
    assert set(cuts["action_scenario"]) == {"el-2019-10"}
    assert set(cuts["action_index"]) == {1}
    assert set(cuts["action_kind"]) == {"entity_list"}
    assert set(cuts["action_by"]) == {"US"}


def test_merged_and_sharded_sweeps_validate(tmp_path):
    model = "models/entity-list-2019.yaml"
    validator = jsonschema.Draft202012Validator(schema("sweep"))
    shards = []
    for k in (1, 2):
        path = tmp_path / f"shard{k}.json"
        run("sweep", model, "--random", "20", "--size", "2", "--shard", f"{k}/2", "-f", "json", "-o", path)
        document = json.loads(path.read_text())
        assert not list(validator.iter_errors(document))
        shards.append(path)
    merged = json.loads(run("merge", *shards).stdout)
    assert not list(validator.iter_errors(merged))
    assert len(merged["results"]) == 20
