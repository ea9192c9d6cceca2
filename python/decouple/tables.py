"""Results as tables: every question's answer, flattened for pandas.

A Result is the command's JSON document (a dict, or a list of rows for
firms, items and what_if) that also knows its tables: result.tables()
names them, result.to_pandas(name) returns one as a pandas.DataFrame (the
first by default), one observation a row, actions as fields (scenario,
index, kind, by) rather than prose. pandas is imported only when a
DataFrame is asked for. Adding a command's tables is one entry in TABLES.
"""


def _action(prefix, action):
    """An ACTION object as flat columns."""
    action = action or {}
    return {
        prefix + "_scenario": action.get("scenario"),
        prefix + "_index": action.get("index"),
        prefix + "_kind": action.get("kind"),
        prefix + "_by": action.get("by"),
    }


def _cut(cut):
    row = {k: v for k, v in cut.items() if k not in ("action", "rule_action", "location", "license")}
    if "action" in cut:
        row.update(_action("action", cut["action"]))
    if cut.get("rule_action"):
        row.update(_action("rule_action", cut["rule_action"]))
    return row


def _impact_cuts(d):
    return [dict(firm=v["firm"], **_cut(c)) for v in d["vendors"] for c in v["cut"]]


def _impact_lost(d):
    return [{"firm": v["firm"], "country": v["country"], "item": i} for v in d["vendors"] for i in v["lost"]]


def _impact_degraded(d):
    return [dict(firm=v["firm"], **g) for v in d["vendors"] for g in v["degraded"]]


def _impact_vendors(d):
    return [{"firm": v["firm"], "name": v["name"], "country": v["country"], "banned": v["banned"],
             "edges_cut": len(v["cut"]), "items_lost": len(v["lost"]), "needs_degraded": len(v["degraded"])}
            for v in d["vendors"]]


def _timeline_changes(d):
    rows = []
    for k, step in enumerate(d["steps"], 1):
        s = step["scenario"]
        for v in step["vendors"]:
            base = {"step": k, "date": s.get("date"), "scenario": s["id"], "firm": v["firm"], "country": v["country"]}
            for c in v["newly_cut"]:
                rows.append(dict(base, change="cut", **_cut(c)))
            for c in v["licensed"]:
                rows.append(dict(base, change="licensed", **_cut(c), **_action("license", c.get("license"))))
            for c in v["reopened"]:
                rows.append(dict(base, change="reopened", **_cut(c)))
            for c in v["newly_lost"]:
                rows.append(dict(base, change="lost", item=c["item"], need=c.get("need")))
            for i in v["recovered"]:
                rows.append(dict(base, change="recovered", item=i))
    return rows


def _timeline_steps(d):
    return [dict({"step": k, "scenario": s["scenario"]["id"], "date": s["scenario"].get("date")}, **s["summary"])
            for k, s in enumerate(d["steps"], 1)]


def _plain(d, key, drop=()):
    return [{k: v for k, v in row.items() if k not in drop} for row in d[key]]


def _alternatives_vendors(d):
    return [{k: v for k, v in row.items() if k not in ("items",)} for row in d["vendors"]]


def _alternatives_items(d):
    # Format 2: an item's plans are node ids; the first is the best.
    nodes = {n["id"]: n for n in d.get("nodes", [])}
    rows = []
    for v in d["vendors"]:
        for i in v["items"]:
            plans = i.get("plans") or []
            best = nodes.get(plans[0], {}) if plans else {}
            rows.append({"firm": v["firm"], "item": i["item"], "recoverable": i["recoverable"],
                         "plans": len(plans), "time": best.get("time"),
                         "capability": best.get("capability"), "cost": best.get("cost")})
    return rows


def _blacklists(d):
    return [{"target": t["item"], "size": len(s), "firms": "|".join(s)}
            for t in d["targets"] for s in t["blacklists"]]


def _rank_importance(d):
    return [dict({"target": t["item"], "target_probability": t["probability"]}, **f)
            for t in d["targets"] for f in t["firms"]]


def _rank_damage(d):
    return [{k: v for k, v in row.items() if k != "items_lost"} for row in d["damage"]]


def _spof_items(d):
    return [{"item": r["item"], "vendor": r.get("vendor"), "firm": f} for r in d["items"] for f in r["firms"]]


def _spof_firms(d):
    return [{k: v for k, v in row.items() if k != "items_lost"} for row in d["firms"]]


def _bloc_needs(d):
    return [{k: v for k, v in n.items() if k != "options"} for n in d["needs"]]


def _bloc_options(d):
    return [dict({"item": n["item"], "need_name": n["need"]}, **o) for n in d["needs"] for o in n["options"]]


def _autarky_gaps(d):
    return [{"item": g["item"], "need": g["need"], "chokepoint": g["chokepoint"],
             "foreign_suppliers": len(g["foreign"]), "blocked": len(g["blocked"])} for g in d["gaps"]]


def _trajectory_segments(d):
    # The columns of `decouple trajectory --format csv`, in its order.
    return [{"item": i["item"], "firm": i["firm"], "state": s["state"], "from": s["from"],
             "until": s["until"], "reason": s["reason"]} for i in d["items"] for s in i["segments"]]


def _rows(d):
    return list(d)


# command -> {table name: rows from the document}; the first is the default.
TABLES = {
    "check": {"scenarios": lambda d: d["scenarios"]},
    "impact": {"cuts": _impact_cuts, "lost": _impact_lost, "degraded": _impact_degraded,
               "vendors": _impact_vendors},
    "explain": {},
    "timeline": {"changes": _timeline_changes, "steps": _timeline_steps},
    "alternatives": {"vendors": _alternatives_vendors, "items": _alternatives_items,
                     "nodes": lambda d: _plain(d, "nodes"), "edges": lambda d: _plain(d, "edges")},
    "chokepoints": {"blacklists": _blacklists},
    "spof": {"items": _spof_items, "firms": _spof_firms},
    "rank": {"damage": _rank_damage, "importance": _rank_importance},
    "blocs": {"needs": _bloc_needs, "options": _bloc_options, "headlines": lambda d: d["headlines"]},
    "autarky": {"gaps": _autarky_gaps, "headlines": lambda d: d["headlines"],
                "made": lambda d: [{"item": i} for i in d["made"]]},
    "sweep": {"results": lambda d: d["results"]},
    "trajectory": {"segments": _trajectory_segments, "items": lambda d: _plain(d, "items", ("segments",)),
                   "events": lambda d: d["events"]},
    "risk": {"items": lambda d: d["items"], "links": lambda d: d["links"]},
    "what_if": {"results": _rows},
    "exercises": {"exercises": lambda d: [
        {k: e.get(k) for k in ("id", "kind", "item", "scenario", "date", "within", "title", "question")}
        for e in d["exercises"]]},
    "firms": {"firms": _rows},
    "items": {"items": _rows},
}


def _command(name, doc):
    # `chokepoints(spof=True)` answers with the spof document.
    if isinstance(doc, dict) and doc.get("command") == "spof":
        return "spof"
    return name


class Result:
    """Mixin of the result types: the command it answers and its tables."""

    command = None

    def tables(self):
        """The names of this result's tables, the default first."""
        return list(TABLES.get(self.command, {}))

    def rows(self, table=None):
        """One table as a list of flat dicts."""
        tables = TABLES.get(self.command, {})
        if not tables:
            raise ValueError(f"{self.command} has no table (it is a tree: walk the dict)")
        name = table or next(iter(tables))
        if name not in tables:
            raise ValueError(f"{self.command} has no table '{name}'; it has {', '.join(tables)}")
        return tables[name](self)

    def to_pandas(self, table=None):
        """One table (the default: the first of tables()) as a DataFrame."""
        import pandas as pd

        return pd.DataFrame.from_records(self.rows(table))


class DictResult(Result, dict):
    pass


class ListResult(Result, list):
    pass


def make_result(command, value):
    result = DictResult(value) if isinstance(value, dict) else ListResult(value)
    result.command = _command(command, value)
    return result


def to_pandas(result, table=None):
    """result.to_pandas(table), for any Result."""
    return result.to_pandas(table)
