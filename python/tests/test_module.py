"""The Python module answers what the command line answers, as Python
objects; errors are exceptions; tables load into pandas, the graph into
networkx."""
import io
import threading

import networkx as nx
import pandas as pd
import pytest

import decouple
from conftest import MODELS, ROOT, run, run_json, scenarios

EL = "models/entity-list-2019.yaml"


@pytest.fixture(scope="module")
def m():
    return decouple.load(EL)


def test_load_names_the_model(m):
    assert m.file == EL
    assert "2019" in m.name
    assert "firms" in repr(m)


def test_model_error_carries_file_line_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("decouple: 1\nname: x\nfirms:\n  - id: a\n    country: XX\n    nmae: typo\n")
    with pytest.raises(decouple.ModelError) as caught:
        decouple.load(bad)
    error = caught.value
    assert isinstance(error, ValueError)
    assert f"{bad}:5:" in str(error)
    assert all(e["line"] > 0 and e["column"] > 0 for e in error.errors)
    assert len(error.errors) >= 2  # every diagnostic, not the first alone


def test_missing_file_is_a_model_error(tmp_path):
    with pytest.raises(decouple.ModelError):
        decouple.load(tmp_path / "nothing.yaml")


def test_loads_from_text():
    text = (ROOT / "models/tutorial/phone.yaml").read_text()
    assert decouple.loads(text, "phone.yaml").check()["firms"] == run_json("check", "models/tutorial/phone.yaml")["firms"]


def test_unknown_ids_raise_key_error_with_a_hint(m):
    with pytest.raises(KeyError, match="did you mean 'el-2019-10'"):
        m.impact("el-2019-1O")
    with pytest.raises(KeyError, match="no firm"):
        m.impact(ban=["no-such-firm"])
    with pytest.raises(ValueError):
        m.impact()


# The module returns exactly the document the command prints.
@pytest.mark.parametrize("model", MODELS)
def test_same_answers_as_the_command_line(model):
    py = decouple.load(model)
    assert py.check() == run_json("check", model)
    assert py.timeline() == run_json("timeline", model)
    assert py.timeline(cumulative=True) == run_json("timeline", model, "--cumulative")
    for s in scenarios(model):
        impact = py.impact(s)
        assert impact == run_json("impact", model, "-s", s)
        assert py.alternatives(s) == run_json("alternatives", model, "-s", s)
        for vendor in impact["vendors"][:2]:
            for item in vendor["lost"][:2]:
                assert py.explain(item, s) == run_json("explain", model, "-s", s, item)
    assert py.chokepoints(spof=True) == run_json("chokepoints", model, "--spof")
    assert py.chokepoints(end_items=True, max_order=2) == run_json("chokepoints", model, "--end-items", "-k", "2")
    assert py.rank(probability=0.05) == run_json("rank", model, "-p", "0.05")
    assert py.blocs("CN", cut_by=["US"]) == run_json("blocs", model, "--bloc", "CN", "--cut-by", "US")
    assert py.autarky("CN") == run_json("blocs", model, "--autarky", "CN")
    assert py.sweep(each_firm=True, threads=2) == run_json("sweep", model, "--each-firm", "-j", "2")
    assert py.trajectory() == run_json("trajectory", model)
    for s in scenarios(model)[:2]:
        assert py.risk(s, top=0) == run_json("risk", model, "-s", s, "--top", "0")


def test_what_if_matches_sweep(m):
    # The random sweep's blacklists, asked again through what_if.
    sweep = m.sweep(random=300, size=3, seed=7)
    blacklists = [row["cut"].split("|") for row in sweep["results"]]
    rows = m.what_if(blacklists, threads=2)
    assert len(rows) == 300
    for row, expected in zip(rows, sweep["results"]):
        assert (row["items_lost"], row["firms_affected"], row["value_lost"]) == (
            expected["items_lost"], expected["firms_affected"], expected["value_lost"])


def test_what_if_on_top_of_a_scenario_agrees_with_impact(m):
    base = m.impact("el-2019-05")
    both = m.impact("el-2019-05", ban=["tsmc"])
    [row] = m.what_if([["tsmc"]], scenario="el-2019-05")
    assert row["items_lost"] == both["summary"]["items_lost"] - base["summary"]["items_lost"]


def test_tables_load_into_pandas(m):
    results = [m.check(), m.impact("el-2019-10"), m.timeline(), m.alternatives("el-2019-05"),
               m.chokepoints(end_items=True, max_order=2), m.chokepoints(spof=True), m.rank(probability=0.05),
               m.blocs("CN", cut_by=["US"]), m.autarky("CN"), m.sweep(each_firm=True),
               m.what_if([["tsmc"], ["asml", "tsmc"]]), m.firms(), m.items(), m.trajectory(),
               m.risk("el-2019-05")]
    for result in results:
        assert result.tables(), result.command
        for table in result.tables():
            frame = result.to_pandas(table)
            assert isinstance(frame, pd.DataFrame)
            assert len(frame.columns) > 0, (result.command, table)
    impact = m.impact("el-2019-10").to_pandas("cuts")
    assert {"action_scenario", "action_index", "action_kind", "action_by"} <= set(impact.columns)
    assert set(impact["action_by"]) == {"US"}
    with pytest.raises(ValueError, match="no table"):
        m.impact("el-2019-10").to_pandas("nope")
    with pytest.raises(ValueError, match="tree"):
        m.explain("dahua-nvr", "el-2019-10").to_pandas()


def test_trajectory_options_and_tables(m):
    assert m.trajectory(until="2020-01-01") == run_json("trajectory", EL, "--until", "2020-01-01")
    assert m.trajectory(firm="huawei") == run_json("trajectory", EL, "--firm", "huawei")
    one = m.trajectory(item="kirin-990")
    assert one == run_json("trajectory", EL, "--item", "kirin-990")
    assert [i["item"] for i in one["items"]] == ["kirin-990"]
    # The segments table is the command's CSV, column for column.
    csv = pd.read_csv(io.StringIO(run("trajectory", EL, "--format", "csv").stdout), keep_default_na=False)
    frame = m.trajectory().to_pandas().fillna("")
    assert list(frame.columns) == list(csv.columns)
    assert frame.astype(str).values.tolist() == csv.astype(str).values.tolist()
    assert m.trajectory().tables() == ["segments", "items", "events"]
    assert "time_to_survive_months" in m.trajectory().to_pandas("items").columns
    with pytest.raises(ValueError, match="not a date"):
        m.trajectory(until="2020-13-01")
    with pytest.raises(ValueError, match="not both"):
        m.trajectory(item="kirin-990", firm="huawei")
    with pytest.raises(KeyError, match="did you mean"):
        m.trajectory(item="kirin-99")


def test_risk_methods_and_tables(m):
    args = ["risk", EL, "-s", "el-2019-05"]
    assert m.risk("el-2019-05", item=["meiya-pico-forensics"]) == run_json(*args, "--item", "meiya-pico-forensics")
    exact = m.risk("el-2019-05", item=["meiya-pico-forensics"], method="exact")
    assert exact["items"][0]["probability"] == pytest.approx(0.5904)
    # Monte Carlo depends on the seed and the sample count only, not the threads.
    sampled = m.risk("el-2019-05", method="monte-carlo", samples=2000, seed=3, threads=1)
    assert sampled == m.risk("el-2019-05", method="monte-carlo", samples=2000, seed=3, threads=2)
    assert sampled == run_json(*args, "--monte-carlo", "--samples", "2000", "--seed", "3")
    assert m.risk(ban=["tsmc"], top=3) == run_json("risk", EL, "--ban", "tsmc", "--top", "3")
    items = sampled.to_pandas()
    assert {"item", "maker", "probability", "low", "high", "method"} <= set(items.columns)
    sampled_items = items[items["method"] == "monte-carlo"]  # scenario losses have no interval
    assert len(sampled_items) > 0
    assert (sampled_items["low"] <= sampled_items["probability"]).all()
    assert (sampled_items["probability"] <= sampled_items["high"]).all()
    assert {"consumer", "need", "supplier", "importance"} <= set(sampled.to_pandas("links").columns)
    with pytest.raises(ValueError, match="method"):
        m.risk("el-2019-05", method="guess")
    with pytest.raises(ValueError, match="samples"):
        m.risk("el-2019-05", samples=0)


def test_graph_loads_into_networkx(m):
    graph = decouple.to_networkx(m)
    assert isinstance(graph, nx.DiGraph)
    assert graph.number_of_nodes() == m.check()["items"]
    supplier, user, attributes = m.edges()[0]
    assert graph.has_edge(supplier, user)
    assert {"need", "status", "share", "critical"} <= set(attributes)
    multi = nx.MultiDiGraph(m.edges())
    assert multi.number_of_edges() == m.check()["options"]
    # Model floats come back as written, not widened (0.2, not 0.2000000029802).
    shares = {a["share"] for _, _, a in m.edges() if a["share"] is not None}
    assert all(len(repr(s)) <= 8 for s in shares)


def test_threads_share_one_model(m):
    # The GIL is released while the library computes: several Python
    # threads ask one model at once and get what one thread gets.
    blacklists = [[f["id"]] for f in m.firms()]
    expected = m.what_if(blacklists, threads=1)
    answers = [None] * 4

    def ask(k):
        answers[k] = m.what_if(blacklists, threads=1)

    workers = [threading.Thread(target=ask, args=(k,)) for k in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert all(a == expected for a in answers)
