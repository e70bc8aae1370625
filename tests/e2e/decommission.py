#!/usr/bin/python3
"""Decommissions and generated orders end to end (scenarios/README.md, "Decommission: VSFs that end" and
"Order arrivals: generated orders").

One run in flow fidelity: a VSF given in vsfs with an `end`, a Poisson process of orders from two
templates whose VSFs the customers keep 1 h, an explicit order the idle pool cannot hold (refused) and a
decommission order of it. Checks: two runs give the same bytes (same seed, same orders); every VSF ends
before the run does, so every CPU is back in the idle pool at the end; each vsf_decommissioned matches its
VSF's ended_s in summary.json and the decommission counts; the refused VSF's decommission ends with
order_nothing_to_end "refused"; billing.csv has no row of an ended VSF after its end (its last row is its
`end` row, at ended_s); and README.md's events table documents both new events with every field they carry.
Usage: decommission.py VSFSIM
"""
import csv
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402

MODELS = inline_run.models() + [os.path.join(inline_run.ROOT, "models", "plans.json")]
CPUS = 40


def vsf(name, initial=2):
    tier = {"role": "web", "initial": initial, "min": 1, "max": max(4, initial)}
    return {"name": name, "lb": False, "tiers": [tier],
            "traffic": {"type": "constant", "rate": 5}}


def scenario():
    given = dict(vsf("given"), end="2h", plan="payg")
    return {"name": "decommission", "seed": 11, "duration": "8h", "fidelity": "flow", "models": MODELS,
            "grid": {"cpus": CPUS, "storage": [{"name": "array0", "ports": 2}], "control_plane": {"hosts": 1}},
            "vsfs": [given],
            "provisioning": {"review": {"dist": "exponential", "mean": "10min"}, "credit_check": "5min",
                             "when_pool_short": "refuse"},
            "orders": [{"at": "10min", "vsf": vsf("huge", initial=CPUS + 5)},
                       {"at": "20min", "decommission": "huge"}],
            "order_arrivals": [{"process": "poisson", "rate": 3, "from": "30min", "to": "4h", "templates": [
                {"weight": 2, "plan": "payg", "lifetime": "1h", "vsf": vsf("small")},
                {"weight": 1, "customer": "bigco", "lifetime": "1h", "vsf": vsf("big", initial=3)}]}],
            "outputs": {"interval": "10min", "events": True}}


def readme_rows():
    with open(os.path.join(inline_run.ROOT, "README.md"), encoding="utf-8") as f:
        return {m.group(1): line for line in f for m in [re.match(r"\| `([a-z_]+)` \|", line)] if m}


def check(problems, r, billing_path):
    ended = {v["name"]: v["ended_s"] for v in r.summary["vsfs"]}
    if any(t is None for n, t in ended.items() if n != "huge"):
        problems.append(f"a VSF did not end: {ended}")
    gone = [e for e in r.events if e["type"] == "vsf_decommissioned"]
    for e in gone:
        if ended.get(e["vsf"]) != e["t"]:
            problems.append(f"{e['vsf']}: decommissioned at {e['t']}, summary ended_s {ended.get(e['vsf'])}")
    d = r.summary["orders"].get("decommissions", {})
    by_order = [e for e in gone if "order" in e]
    if d.get("carried_out") != len(by_order) or d.get("nothing_to_end") != 1 or d.get("pending") != 0:
        problems.append(f"orders.decommissions {d}: {len(by_order)} carried out by an order in events")
    nothing = [e for e in r.events if e["type"] == "order_nothing_to_end"]
    if [(e["vsf"], e["reason"]) for e in nothing] != [("huge", "refused")]:
        problems.append(f"order_nothing_to_end events {nothing}")
    pools = [e["idle_pool"] for e in r.events if "idle_pool" in e]
    if not pools or pools[-1] != CPUS:
        problems.append(f"the idle pool ends at {pools[-1:]}, expected all {CPUS} CPUs back")
    with open(billing_path, newline="") as f:
        rows = list(csv.DictReader(f))
    for name, t in ended.items():
        mine = [row for row in rows if row["vsf"] == name]
        if mine and (mine[-1]["event"] != "end" or abs(float(mine[-1]["t"]) - t) > 1e-6 * t):  # 12 digits
            problems.append(f"{name}: last billing row {mine[-1]}, expected its end row at {t}")
    rows_doc = readme_rows()
    for e in gone + nothing:
        row = rows_doc.get(e["type"])
        missing = [k for k in e if k not in ("t", "type", "vsf") and row and f"`{k}`" not in row]
        if row is None or missing:
            problems.append(f"README.md's events table lacks {e['type']} or its fields {missing}")


def main():
    vsfsim = sys.argv[1]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        a = inline_run.run(vsfsim, scenario(), tmp, "a")
        b = inline_run.run(vsfsim, scenario(), tmp, "b")
        if a.returncode != 0:
            return inline_run.report([f"run failed: {a.stderr}"])
        if a.events != b.events or a.summary != b.summary:
            problems.append("two runs of the same scenario and seed differ")
        if len([e for e in a.events if e["type"] == "order_received"]) < 6:
            problems.append("fewer than 6 orders received: the arrival process did not generate orders")
        check(problems, a, os.path.join(tmp, "out-a", "billing.csv"))
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
