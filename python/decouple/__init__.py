"""decouple from Python: supply-chain models and export-control questions.

    import decouple
    m = decouple.load("models/entity-list-2019.yaml")
    m.impact("el-2019-10")            # what `decouple impact --format json` prints, as a dict
    m.impact("el-2019-10").to_pandas()  # its table: one row per lost item or degraded need

Every question returns a Result: the command's JSON document as plain
dicts and lists (see docs/schemas/), with to_pandas() for its tables.
decouple.to_networkx(m) gives the supply graph. A model that does not load
raises ModelError (a ValueError) naming file:line:column; unknown ids raise
KeyError. See docs/python.md.
"""
import os

from . import _decouple
from ._decouple import InputError, ModelError, __version__
from .tables import Result, make_result, to_pandas

__all__ = ["load", "loads", "generate", "import_csv", "import_eto", "merge", "Model", "ModelError",
           "InputError", "Result", "to_pandas", "to_networkx", "__version__"]

# The questions that return a command's JSON document, and the command
# whose tables they hold (a new question is one more entry).
_QUESTIONS = {
    "check": "check",
    "impact": "impact",
    "explain": "explain",
    "timeline": "timeline",
    "alternatives": "alternatives",
    "chokepoints": "chokepoints",
    "rank": "rank",
    "blocs": "blocs",
    "autarky": "autarky",
    "sweep": "sweep",
    "what_if": "what_if",
    "trajectory": "trajectory",
    "risk": "risk",
    "exercises": "exercises",
    "exercise": "exercise",
    "judge": "exercise",
    "teacher": "exercise",
}

# What the commands that write files or text write: passed straight through
# (text, bytes for a PNG, or the list of files written).
_WRITERS = ["save", "to_yaml", "compile", "export", "report"]


class Model:
    """A loaded model. Questions are methods named after the commands."""

    def __init__(self, compiled):
        self._m = compiled

    name = property(lambda self: self._m.name)
    file = property(lambda self: self._m.file)

    def __repr__(self):
        return repr(self._m)

    def firms(self):
        """The firms as a list of dicts (id, name, country, probability, tags)."""
        return make_result("firms", self._m.firms())

    def items(self):
        """The items as a list of dicts (id, name, kind, maker, country, origin, value)."""
        return make_result("items", self._m.items())

    def edges(self):
        """Supply edges (supplier item, user item, attributes): nx.DiGraph(m.edges()) loads them."""
        return self._m.edges()


def _question(name, command):
    method = getattr(_decouple.Model, name)

    def ask(self, *args, **kwargs):
        return make_result(command, method(self._m, *args, **kwargs))

    ask.__name__ = name
    ask.__doc__ = method.__doc__
    return ask


for _name, _command in _QUESTIONS.items():
    setattr(Model, _name, _question(_name, _command))


def _writer(name):
    method = getattr(_decouple.Model, name)

    def write(self, *args, **kwargs):
        # Paths may be pathlib objects, as for load().
        args = [os.fspath(a) if isinstance(a, os.PathLike) else a for a in args]
        if isinstance(kwargs.get("path"), os.PathLike):
            kwargs["path"] = os.fspath(kwargs["path"])
        return method(self._m, *args, **kwargs)

    write.__name__ = name
    write.__doc__ = method.__doc__
    return write


for _name in _WRITERS:
    setattr(Model, _name, _writer(_name))


def load(path):
    """Loads a model (YAML or a .dcm snapshot); ModelError if it does not load."""
    return Model(_decouple.load(str(path)))


def loads(text, file_name="<string>"):
    """Loads a model from YAML text; messages name `file_name`."""
    return Model(_decouple.loads(text, file_name))


def generate(items, seed=1, firms=0, alternatives=0.25, scenarios=True):
    """A synthetic tiered model, as `decouple generate` draws it (same seed,
    same model); Model.save(path) writes the files the command writes."""
    return Model(_decouple.generate(items, seed, firms, alternatives, scenarios))


def import_csv(source):
    """The YAML text `decouple import csv SOURCE` writes (a folder of
    tables, or a YAML header naming them); ModelError if they do not load."""
    return _decouple.import_csv(str(source))


def import_eto(dir, year=None, type_of="or"):
    """The ETO Chip Explorer dataset as a model, as `decouple import eto`:
    a dict with the model's "yaml", the "warnings" (dicts, as ModelError's
    errors) and the counts of the command's summary line."""
    return _decouple.import_eto(str(dir), year, type_of)


def merge(shards, runs=None):
    """The shard outputs (files) of a sharded sweep merged, as `decouple
    merge` writes them; InputError if they do not fit together."""
    return _decouple.merge([str(s) for s in shards], runs)


def to_networkx(model):
    """The supply graph as a networkx.DiGraph: items as nodes (with their
    attributes), one edge supplier item -> user item per option (parallel
    options of one need to one item keep the last; use MultiDiGraph via
    model.edges() to keep all)."""
    import networkx as nx

    graph = nx.DiGraph()
    for item in model.items():
        graph.add_node(item["id"], **{k: v for k, v in item.items() if k != "id"})
    graph.add_edges_from(model.edges())
    return graph
