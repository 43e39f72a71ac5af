#!/usr/bin/env python3
"""Summarises the checkpoints docs/pruning-table.sh wrote into the Markdown table of docs/pruning.md.

Usage: docs/pruning-table-summary.py OUTDIR. Reads OUTDIR/<model>/s<seed>/<method>-<sparsity>/manifest.json
and each seed's dense/manifest.json; prints mean ± sample standard deviation of test accuracy over the
seeds that finished, with parameters, MACs and ReLUs (identical across seeds for a given method).
"""
import json, pathlib, statistics, sys

root = pathlib.Path(sys.argv[1])
rows = {}
for manifest in sorted(root.glob("*/s*/*/manifest.json")):
    model, seed, run = manifest.parts[-4], manifest.parts[-3], manifest.parts[-2]
    m = json.loads(manifest.read_text())
    census = m["census"]
    relus = sum(s["relus"] for s in census["sites"])
    p = m.get("pruning")
    if p is None:
        key = (model, "dense (no pruning)", "0")
        cost = (census["parameters"], census["macs"], relus)
        epochs = m["training"]["epochs"]
    else:
        method, _, sparsity = run.rpartition("-")
        key = (model, method, sparsity)
        after = p["costAfter"]
        cost = (after["parameters"], after["macs"], after["relus"])
        epochs = p["trainingEpochs"]
    rows.setdefault(key, []).append((m["accuracy"]["test"] * 100, cost, epochs, seed))

print("| model | method | target sparsity | seeds | test accuracy % | parameters | MACs | ReLUs | training epochs |")
print("|---|---|---|---|---|---|---|---|---|")
for (model, method, sparsity), values in sorted(rows.items()):
    accs = [v[0] for v in values]
    mean = statistics.mean(accs)
    spread = f" ± {statistics.stdev(accs):.2f}" if len(accs) > 1 else ""
    costs = sorted({v[1] for v in values})
    cost = costs[0] if len(costs) == 1 else None
    fmt = lambda i: f"{cost[i]:,}" if cost else "/".join(f"{c[i]:,}" for c in costs)
    print(f"| {model} | {method} | {sparsity}% | {len(values)} | {mean:.2f}{spread} | {fmt(0)} | {fmt(1)} | {fmt(2)} | {values[0][2]} |")
