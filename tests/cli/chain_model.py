"""Prints a chain model: i0 <- i1 <- ... each item needing the one before;
firm "root" makes i0 and scenario "s" bans it, so every item is lost
through the whole chain (the shape of chain_model_yaml in
lib/testing/decouple/synthetic_model.h). Usage: python3 chain_model.py N"""
import sys

n = int(sys.argv[1])
print("decouple: 1\nname: chain\nfirms:\n  - {id: root, country: US}\n  - {id: f, country: CN}\nitems:")
print("  - {id: i0, maker: root, kind: material}")
for k in range(1, n):
    print(f"  - {{id: i{k}, maker: f, kind: component, needs: [{{name: n, options: [i{k-1}]}}]}}")
print("scenarios:\n  - id: s\n    name: root banned\n    actions:\n      - ban: [root]")
