"""The commands that write files or text, from Python: each binding writes
the very bytes the command writes (generate, convert, compile, export,
report, import csv and eto, merge), and the classroom exercises answer
as `decouple exercise --format json` does. Errors are exceptions naming
file:line:column."""
import json
import os
import pathlib
import shutil

import pytest

import decouple
from conftest import run

BUNDLED = "models/entity-list-2019.yaml"
PHONE = "models/tutorial/phone.yaml"
ETO = pathlib.Path("/work/shared/data/eto-chip-explorer")


def files_in(folder):
    return {p.name: p.read_bytes() for p in sorted(pathlib.Path(folder).iterdir())}


@pytest.mark.parametrize("form", ["yaml", "csv", "both"])
def test_generate_writes_what_the_command_writes(tmp_path, form):
    (tmp_path / "cli").mkdir()
    (tmp_path / "py").mkdir()
    run("generate", "--items", 300, "--seed", 3, "--alternatives", 0.5, "--format", form,
        "-o", tmp_path / "cli" / "m.yaml")
    model = decouple.generate(300, seed=3, alternatives=0.5)
    written = model.save(tmp_path / "py" / "m.yaml", form)
    assert sorted(pathlib.Path(f).name for f in written) == sorted(files_in(tmp_path / "py"))
    assert files_in(tmp_path / "cli") == files_in(tmp_path / "py")
    assert len(model.items()) == 300


def test_generate_refuses_too_few_items():
    with pytest.raises(ValueError, match="at least 12"):
        decouple.generate(5)


@pytest.mark.parametrize("to", ["yaml", "csv"])
def test_save_is_convert(tmp_path, to):
    (tmp_path / "cli").mkdir()
    (tmp_path / "py").mkdir()
    run("convert", BUNDLED, "--to", to, "-o", tmp_path / "cli" / "m.yaml")
    m = decouple.load(BUNDLED)
    m.save(str(tmp_path / "py" / "m.yaml"), to)
    assert files_in(tmp_path / "cli") == files_in(tmp_path / "py")
    if to == "yaml":
        assert m.to_yaml().encode() == (tmp_path / "py" / "m.yaml").read_bytes()


def test_save_refuses_the_input_model(tmp_path):
    shutil.copy(PHONE, tmp_path / "phone.yaml")
    m = decouple.load(tmp_path / "phone.yaml")
    with pytest.raises(ValueError, match="refusing to overwrite the input model"):
        m.save(str(tmp_path / "phone.yaml"))
    with pytest.raises(ValueError, match="refusing to overwrite the input model"):
        m.compile(str(tmp_path / "phone.yaml"))


def test_save_into_a_missing_folder_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        decouple.load(PHONE).save(str(tmp_path / "no" / "such" / "m.yaml"))


def test_compile_writes_the_commands_snapshot(tmp_path):
    run("compile", BUNDLED, "-o", tmp_path / "cli.dcm")
    m = decouple.load(BUNDLED)
    m.compile(str(tmp_path / "py.dcm"))
    assert (tmp_path / "cli.dcm").read_bytes() == (tmp_path / "py.dcm").read_bytes()
    again = decouple.load(tmp_path / "py.dcm")
    assert again.impact("el-2019-10") == m.impact("el-2019-10")


@pytest.mark.parametrize("args,kwargs", [
    ([PHONE, "--format", "dot"], {}),
    ([BUNDLED, "--format", "dot", "-s", "el-2019-05"], {"scenario": "el-2019-05"}),
    ([BUNDLED, "--format", "dot", "--focus", "huawei-p30-pro", "--depth", "1", "--ban", "arm"],
     {"focus": ["huawei-p30-pro"], "depth": 1, "ban": ["arm"]}),
    ([BUNDLED, "--format", "dot", "--focus", "hisilicon"], {"focus": ["hisilicon"]}),
    ([BUNDLED, "--format", "dot", "-s", "el-2019-10", "--changes"], {"scenario": "el-2019-10", "changes": True}),
    ([PHONE, "--format", "mef", "--end-items", "-p", "0.1"], {"format": "mef", "end_items": True, "probability": 0.1}),
    ([BUNDLED, "--format", "mef", "--item", "huawei-p30-pro", "-s", "el-2019-05"],
     {"format": "mef", "item": ["huawei-p30-pro"], "scenario": "el-2019-05"}),
])
def test_export_prints_what_the_command_prints(args, kwargs):
    model = decouple.load(args[0])
    assert model.export(**kwargs) == run("export", *args).stdout


def test_export_svg_and_png_are_the_commands(tmp_path):
    if not shutil.which("dot"):
        pytest.skip("Graphviz dot is not installed")
    m = decouple.load(PHONE)
    run("export", PHONE, "--format", "svg", "-o", tmp_path / "p.svg")
    run("export", PHONE, "--format", "png", "-o", tmp_path / "p.png")
    assert m.export("svg").encode() == (tmp_path / "p.svg").read_bytes()
    png = m.export("png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG")


def test_export_errors():
    m = decouple.load(BUNDLED)
    with pytest.raises(KeyError, match="did you mean"):
        m.export(focus=["huawei-p30-pr"])
    with pytest.raises(ValueError, match="exactly one of"):
        m.export("mef")
    with pytest.raises(ValueError, match="for format 'mef'"):
        m.export("dot", end_items=True)
    with pytest.raises(ValueError, match="not dot, svg, png or mef"):
        m.export("pdf")


@pytest.mark.parametrize("suffix,form", [("html", "html"), ("md", "md")])
def test_report_writes_what_the_command_writes(tmp_path, suffix, form):
    out = tmp_path / f"r.{suffix}"
    run("report", BUNDLED, "-s", "el-2019-05", "-o", out)
    text = decouple.load(BUNDLED).report("el-2019-05", format=form)
    assert text.encode() == out.read_bytes()


def test_report_with_a_ban(tmp_path):
    out = tmp_path / "r.md"
    run("report", PHONE, "--ban", "micron", "-o", out)
    assert decouple.load(PHONE).report(ban=["micron"], format="md").encode() == out.read_bytes()


def test_import_csv_is_the_command(tmp_path):
    run("convert", BUNDLED, "--to", "csv", "-o", tmp_path / "m.yaml")
    run("import", "csv", tmp_path / "m.yaml", "-o", tmp_path / "back.yaml")
    assert decouple.import_csv(tmp_path / "m.yaml").encode() == (tmp_path / "back.yaml").read_bytes()
    # A folder of tables, named after the folder (needs.csv left out).
    folder = tmp_path / "chips"
    folder.mkdir()
    (folder / "firms.csv").write_text("id,country\nfab,TW\nphoneco,CN\n")
    (folder / "items.csv").write_text("id,maker,kind\nwafer,fab,service\nphone,phoneco,product\n")
    (folder / "options.csv").write_text("item,need,option\nphone,chips,wafer\n")
    run("import", "csv", folder, "-o", tmp_path / "folder.yaml")
    assert decouple.import_csv(folder).encode() == (tmp_path / "folder.yaml").read_bytes()


def test_import_csv_errors_name_the_cell(tmp_path):
    run("convert", PHONE, "--to", "csv", "-o", tmp_path / "m.yaml")
    firms = tmp_path / "m.firms.csv"
    lines = firms.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("country")] = "XX"
    lines[1] = ",".join(row)
    firms.write_text("\n".join(lines) + "\n")
    cli = run("import", "csv", tmp_path / "m.yaml", check=False)
    assert cli.returncode == 1
    with pytest.raises(decouple.ModelError) as caught:
        decouple.import_csv(tmp_path / "m.yaml")
    assert str(caught.value) == cli.stderr.rstrip("\n")
    error = caught.value.errors[0]
    assert (error["file"], error["line"]) == (str(firms), 2) and error["column"] > 0
    assert isinstance(caught.value, decouple.InputError)


def test_import_eto_is_the_command(tmp_path):
    if not (ETO / "provision.csv").is_file():
        pytest.skip(f"the ETO dataset is not in {ETO}")
    run("import", "eto", ETO, "--year", 2021, "-o", tmp_path / "chips.yaml")
    imported = decouple.import_eto(ETO, year=2021)
    assert imported["yaml"].encode() == (tmp_path / "chips.yaml").read_bytes()
    assert imported["inputs"] > 0 and imported["firms"] > 0
    for w in imported["warnings"]:
        assert set(w) == {"file", "line", "column", "message", "severity"}


def test_import_eto_errors(tmp_path):
    with pytest.raises(decouple.InputError) as caught:
        decouple.import_eto(tmp_path)
    assert str(tmp_path) in str(caught.value)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_merge_is_the_command(tmp_path, form):
    shards = []
    for k in (1, 2, 3):
        shard = tmp_path / f"part-{k}.{form}"
        run("sweep", BUNDLED, "--each-firm", "-s", "el-2019-05", "--shard", f"{k}/3", "-j", "1",
            "-f", form, "-o", shard)
        shards.append(shard)
    run("merge", *reversed(shards), "-o", tmp_path / f"all.{form}")
    assert decouple.merge(list(reversed(shards))).encode() == (tmp_path / f"all.{form}").read_bytes()


def test_merge_errors(tmp_path):
    shard = tmp_path / "part-1.json"
    run("sweep", BUNDLED, "--each-firm", "--shard", "1/2", "-j", "1", "-f", "json", "-o", shard)
    cli = run("merge", shard, check=False)
    assert cli.returncode == 1
    with pytest.raises(decouple.InputError) as caught:
        decouple.merge([shard])
    assert str(caught.value) == cli.stderr.rstrip("\n")
    assert str(shard) in str(caught.value)
    with pytest.raises(FileNotFoundError):
        decouple.merge([tmp_path / "missing.json"])


def exercise_cli(*args):
    return json.loads(run("exercise", *args, "--format", "json").stdout)


@pytest.mark.parametrize("model", [PHONE, BUNDLED])
def test_exercises_are_the_commands(model):
    m = decouple.load(model)
    listed = m.exercises()
    assert listed == exercise_cli(model)
    rows = listed.to_pandas()
    assert list(rows["id"]) == [e["id"] for e in listed["exercises"]]
    for e in listed["exercises"]:
        assert m.exercise(e["id"]) == exercise_cli(model, e["id"])
        teacher = m.teacher(e["id"])
        assert teacher == exercise_cli(model, e["id"], "--teacher")
        for answer in ("", teacher["teacher"]["answer"] or "", "no-such-firm"):
            assert m.judge(e["id"], answer) == exercise_cli(model, e["id"], "--answer", answer)


def test_a_right_answer_and_a_wrong_one():
    m = decouple.load(PHONE)
    right = m.judge("stop-the-phone", "micron")
    assert right["verdict"]["correct"] is True
    wrong = m.judge("stop-the-phone", "apple")
    assert wrong["verdict"]["correct"] is False
    with pytest.raises(KeyError, match="did you mean 'stop-the-phone'"):
        m.judge("stop-the-phon", "micron")
