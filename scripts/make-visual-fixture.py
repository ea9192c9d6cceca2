#!/usr/bin/env python3
"""Writes a made-up ~200-item supply model for checking that pictures stay
legible at that size (tests/data/visual-200.yaml). Deterministic: the same
seed gives the same file. Not real data: firm and item names are invented."""
import random
import sys

rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 2019)
firms = []   # (id, country)
items = []   # dicts


def firm(fid, country):
    firms.append((fid, country))
    return fid


def item(iid, maker, kind, needs=()):
    items.append({"id": iid, "maker": maker, "kind": kind, "needs": list(needs)})
    return iid


def pick(pool, k):
    return rng.sample(pool, min(k, len(pool)))


# Tier 0: tools, materials, design software.
tool_makers = [firm(f"toolco-{c.lower()}{n}", c) for c, n in
               [("US", 1), ("US", 2), ("NL", 1), ("JP", 1), ("JP", 2), ("DE", 1)]]
tools = [item(f"tool-{k}", rng.choice(tool_makers), "tool") for k in range(14)]
materials = [item(f"material-{k}", rng.choice(tool_makers[3:]), "material") for k in range(10)]
eda_makers = [firm("edaco-us1", "US"), firm("edaco-us2", "US"), firm("edaco-cn", "CN")]
eda = [item(f"eda-{k}", eda_makers[k % 3], "software") for k in range(6)]

# Tier 1: foundry services.
fabs = [firm(f, c) for f, c in [("fab-tw", "TW"), ("fab-kr", "KR"), ("fab-cn1", "CN"),
                                ("fab-cn2", "CN"), ("fab-us", "US")]]
foundry = []
for f in fabs:
    for node in ["n5", "n7", "n14", "n28"]:
        if f.startswith("fab-cn") and node == "n5":
            continue
        need_tools = [{"name": f"tool{k}", "options": [t]} for k, t in enumerate(pick(tools, 3))]
        need_mat = [{"name": "material", "options": pick(materials, 2)}]
        foundry.append(item(f"{f}-{node}", f, "service", need_tools + need_mat))

# Tier 2: chips.
designers = [firm(f, c) for f, c in [("chipco-us1", "US"), ("chipco-us2", "US"), ("chipco-us3", "US"),
                                     ("chipco-cn1", "CN"), ("chipco-cn2", "CN"), ("chipco-tw", "TW"),
                                     ("chipco-kr", "KR"), ("chipco-jp", "JP")]]
chips = []
for k in range(60):
    d = designers[k % len(designers)]
    fs = pick(foundry, 2)
    opts = [fs[0], {"item": fs[1], "status": "alternative", "lead_time": 12}]
    chips.append(item(f"chip-{k}", d, "chip",
                      [{"name": "foundry", "options": opts},
                       {"name": "design", "options": pick(eda, 2)}]))

# Tier 3: components.
compcos = [firm(f, c) for f, c in [("modco-cn", "CN"), ("modco-tw", "TW"), ("modco-kr", "KR"),
                                   ("modco-jp", "JP"), ("modco-us", "US")]]
components = []
for k in range(45):
    cs = pick(chips, 3)
    components.append(item(f"module-{k}", compcos[k % len(compcos)], "component",
                           [{"name": "chip", "options": cs[:2] + [{"item": cs[2], "status": "alternative"}]},
                            {"name": "aux", "critical": False, "options": pick(chips, 1)}]))

# Tier 4: products of the listed vendors; software.
vendors = [firm(f, "CN") for f in ["phoneco", "cameraco", "serverco", "routerco", "droneco"]]
os_maker = firm("osco-us", "US")
osses = [item(f"os-{k}", os_maker, "software") for k in range(3)]
products = []
for k in range(40):
    v = vendors[k % len(vendors)]
    needs = [{"name": "soc", "options": pick(chips, 2)},
             {"name": "module", "options": pick(components, 2)},
             {"name": "board", "options": pick(components, 1) + [{"item": rng.choice(components),
                                                                   "status": "alternative"}]}]
    if k % 3 == 0:
        needs.append({"name": "os", "critical": False, "options": [rng.choice(osses)]})
    products.append(item(f"{v}-product-{k}", v, "product", needs))


def option_yaml(o):
    if isinstance(o, str):
        return o
    return "{" + ", ".join(f"{k}: {v}" for k, v in o.items()) + "}"


out = ["decouple: 1", "name: Visual fixture (made-up, ~200 items)",
       "description: Invented firms and items for checking picture legibility; not real data.",
       "firms:"]
for fid, c in firms:
    out.append(f"  - {{id: {fid}, country: {c}}}")
out.append("items:")
for it in items:
    out.append(f"  - id: {it['id']}")
    out.append(f"    maker: {it['maker']}")
    out.append(f"    kind: {it['kind']}")
    if it["needs"]:
        out.append("    needs:")
        for n in it["needs"]:
            crit = "" if n.get("critical", True) else ", critical: false"
            out.append(f"      - {{name: {n['name']}{crit}, options: [{', '.join(option_yaml(o) for o in n['options'])}]}}")
out += ["scenarios:",
        "  - id: list-vendors",
        "    name: Five vendors on the entity list",
        "    date: 2020-01-01",
        "    actions:",
        "      - entity_list: {by: US, add: [phoneco, cameraco, serverco, routerco, droneco]}",
        "  - id: list-chipmakers",
        "    name: Chinese chip designers and foundries listed",
        "    extends: [list-vendors]",
        "    actions:",
        "      - entity_list: {by: US, add: [chipco-cn1, chipco-cn2, fab-cn1, fab-cn2, modco-cn]}",
        "  - id: ban-fab-tw",
        "    name: The Taiwanese foundry is out",
        "    actions:",
        "      - ban: [fab-tw]"]
print("\n".join(out))
