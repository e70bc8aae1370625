#!/usr/bin/python3
"""Decommissions under control-plane faults: the property tests' random fault schedules
(tests/props/control_properties.py: manager crashes and stalls, host crashes, partitions, registry
outages, CPU crashes), with VSF "b" (which shares a farm manager with "a") and "c" (alone in its farm
manager) given an `end` drawn in the faulty window. For 100 schedules: the run succeeds; no invariant is
broken (one master per epoch, registry, isolation); each ended VSF has its vsf_decommissioned at its end;
no CPU is ever in two VSFs, none is allocated to an ended VSF after its end, and every CPU an ended VSF
held is back in the idle pool by the end of the run.
Usage: decommission_faults.py VSFSIM
"""
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "props"))
import control_properties  # noqa: E402
import inline_run  # noqa: E402

RUNS = 100


def check(vsfsim, n, workdir):
    doc, _, _ = control_properties.scenario(n)
    rng = random.Random(1000 + n)
    duration = float(doc["duration"].rstrip("s"))
    ends = {v["name"]: round(rng.uniform(20, min(280, duration - 60)), 3) for v in doc["vsfs"][1:]}
    for v in doc["vsfs"]:
        if v["name"] in ends:
            v["end"] = f"{ends[v['name']]}s"
    r = inline_run.run(vsfsim, doc, workdir, f"decom-{n}")
    if r.returncode != 0:
        return [f"schedule {n}: exit {r.returncode}: {r.stderr.strip()[-300:]}"]
    problems = []
    if r.summary["control_plane"]["invariant_violations"] or r.summary["grid"]["isolation_violations"]:
        problems.append(f"violations {r.summary['control_plane']['invariant_violations']}")
    gone = {e["vsf"]: e["t"] for e in r.events if e["type"] == "vsf_decommissioned"}
    if gone.keys() != ends.keys() or any(abs(gone[k] - ends[k]) > 1e-9 for k in ends):
        problems.append(f"decommissioned {gone}, expected {ends}")
    owner = {}
    for e in r.events:
        if e["type"] == "cpu_allocated":
            if owner.get(e["cpu"], "idle") != "idle":
                problems.append(f"t={e['t']}: {e['cpu']} allocated to {e['vsf']} while in {owner[e['cpu']]}")
            if e["vsf"] in ends and e["t"] >= ends[e["vsf"]]:
                problems.append(f"t={e['t']}: {e['cpu']} allocated to {e['vsf']}, which ended at {ends[e['vsf']]}")
            owner[e["cpu"]] = e["vsf"]
        elif e["type"] == "cpu_idle":
            owner[e["cpu"]] = "idle"
    left = sorted(c for c, v in owner.items() if v in ends)
    if left:
        problems.append(f"CPUs still held by ended VSFs at the end: {left}")
    return [f"schedule {n}: {p}" for p in problems]


def main():
    vsfsim = sys.argv[1]
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(RUNS):
            problems += check(vsfsim, n, tmp)
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
