#!/usr/bin/env python3
"""The reference researchers use today: the same loss propagation in networkx.

Reads the CSV tables decouple writes (items, needs, options), builds an
idiomatic networkx DiGraph (supplier item -> need -> item), bans the firms
listed in BANNED (one id a line) and propagates with a counter per need and a
worklist, exactly the semantics of decouple's LossState restricted to bans.
Prints one JSON object: load and propagation seconds (median of REPS) and
the number of items lost, which scale_bench checks against decouple's.

usage: networkx_propagate.py ITEMS NEEDS OPTIONS BANNED REPS
"""
import csv
import json
import statistics
import sys
import time

import networkx as nx


def load(items_csv, needs_csv, options_csv):
    g = nx.DiGraph()
    maker = {}
    with open(items_csv, newline="") as f:
        for row in csv.DictReader(f):
            g.add_node(row["id"], kind="item")
            maker[row["id"]] = row["maker"]
    with open(needs_csv, newline="") as f:
        for row in csv.DictReader(f):
            need = (row["item"], row["need"])
            g.add_node(need, kind="need", critical=row["critical"] != "false", current=0)
            g.add_edge(need, row["item"])
    with open(options_csv, newline="") as f:
        for row in csv.DictReader(f):
            need = (row["item"], row["need"])
            if need not in g:
                g.add_node(need, kind="need", critical=True, current=0)
                g.add_edge(need, row["item"])
            current = row["status"] != "alternative"
            g.add_edge(row["option"], need, current=current)
            if current:
                g.nodes[need]["current"] += 1
    return g, maker


def propagate(g, maker, banned):
    live = {n: d["current"] for n, d in g.nodes(data=True) if d["kind"] == "need"}
    lost = set()
    work = []
    for item, firm in maker.items():
        if firm in banned:
            lost.add(item)
            work.append(item)
    while work:
        item = work.pop()
        for need, edge in g.adj[item].items():
            if not edge["current"]:
                continue
            live[need] -= 1
            if live[need] == 0 and g.nodes[need]["critical"]:
                consumer = need[0]
                if consumer not in lost:
                    lost.add(consumer)
                    work.append(consumer)
    return len(lost)


def main():
    items_csv, needs_csv, options_csv, banned_file, reps = sys.argv[1:6]
    with open(banned_file) as f:
        banned = {line.strip() for line in f if line.strip()}
    start = time.perf_counter()
    g, maker = load(items_csv, needs_csv, options_csv)
    load_s = time.perf_counter() - start
    times = []
    lost = 0
    for _ in range(int(reps)):
        start = time.perf_counter()
        lost = propagate(g, maker, banned)
        times.append(time.perf_counter() - start)
    print(json.dumps({"load_s": load_s, "propagate_s": statistics.median(times), "lost": lost,
                      "networkx": nx.__version__}))


if __name__ == "__main__":
    main()
