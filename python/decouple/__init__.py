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
from . import _decouple
from ._decouple import ModelError, __version__
from .tables import Result, make_result, to_pandas

__all__ = ["load", "loads", "Model", "ModelError", "Result", "to_pandas", "to_networkx", "__version__"]

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
}


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


def load(path):
    """Loads a model (YAML or a .dcm snapshot); ModelError if it does not load."""
    return Model(_decouple.load(str(path)))


def loads(text, file_name="<string>"):
    """Loads a model from YAML text; messages name `file_name`."""
    return Model(_decouple.loads(text, file_name))


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
