#!/usr/bin/python3
"""Flow fidelity against request fidelity, per VSF, on scenarios (the README table of "Flow fidelity:
accuracy and where it is wrong").

Each scenario runs twice with its own seed: every VSF in request fidelity, then every VSF in flow fidelity
(`--set /fidelity=...` and the same on each VSF that names its own). Per VSF it compares served requests,
the time-weighted mean utilization of its timeseries.csv rows, the mean and p95 response time of
summary.json, and the policy's scale-outs and scale-ins (`scale_decision` events with `applied` > 0 or < 0:
how many, and whether each flow scale-out lies within the VSF's policy interval of the request one of the
same rank on the same tier). It prints a markdown table, then the wall and CPU (user + system) seconds of each run.

Usage: tools/flow-accuracy.py [--vsfsim build/vsfsim] [--set POINTER=VALUE]... [SCENARIO.json...]
(default: every scenario of scenarios/ that has a VSF in request fidelity). tests/e2e/flow_vs_request.py
imports this file for the same figures.
"""
import argparse
import csv
import glob
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "min": 60, "h": 3600, "d": 86400}
DEFAULT_POLICY_INTERVAL_S = 30.0  # scenarios/README.md, policy.interval


def seconds(value):
    """A scenario duration ("30s", "2min", or a number of seconds) in seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    m = re.fullmatch(r"\s*([0-9.eE+-]+)\s*([a-zµ]+)\s*", value)
    if not m or m.group(2) not in UNITS:
        raise ValueError(f"not a duration: {value!r}")
    return float(m.group(1)) * UNITS[m.group(2)]


def fidelity_sets(doc, fidelity):
    """--set arguments putting every VSF of the scenario document in `fidelity`."""
    sets = ["--set", f"/fidelity={fidelity}"]
    for i, v in enumerate(doc["vsfs"]):
        if "fidelity" in v:
            sets += ["--set", f"/vsfs/{i}/fidelity={fidelity}"]
    return sets


def all_flow(doc):
    """Every VSF of the scenario is already in flow fidelity (nothing to compare)."""
    top = doc.get("fidelity", "request")
    return all(v.get("fidelity", top) == "flow" for v in doc["vsfs"])


def shipped_scenarios():
    """The shipped scenarios with a VSF in request fidelity (schema.json and all-flow ones left out).
    Multi-site ones too: their flow VSFs carry millions of requests a day, far too many to replay request
    by request here; the WAN's share of a flow response time is checked against request fidelity by the
    sim:sites tests instead."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.json"))):
        with open(path) as f:
            doc = json.load(f)
        if "vsfs" in doc and not all_flow(doc) and "sites" not in doc:
            out.append(path)
    return out


def run(vsfsim, scenario, fidelity, out, extra=()):
    """Runs the scenario with every VSF in `fidelity` into `out`; returns (wall, CPU) seconds."""
    with open(scenario) as f:
        doc = json.load(f)
    cmd = [vsfsim, "run", scenario, "-o", out, "--no-progress", *extra, *fidelity_sets(doc, fidelity)]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    r = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}:\n{r.stderr[-2000:]}")
    return wall, cpu


def policy_intervals(out):
    """{VSF name: its policy interval in s}, from the run's effective scenario (run.json); group copies
    NAME-1 ... NAME-N have their group's."""
    with open(os.path.join(out, "run.json")) as f:
        doc = json.load(f)["scenario"]
    result = {}
    for v in doc["vsfs"]:
        interval = seconds(v.get("policy", {}).get("interval", DEFAULT_POLICY_INTERVAL_S))
        names = [f"{v['name']}-{k}" for k in range(1, v["count"] + 1)] if "count" in v else [v["name"]]
        for name in names:
            result[name] = interval
    return result


def vsf_figures(out):
    """{VSF name: figures} of one run: served, mean_ms, p95_ms (summary.json), utilization (time-weighted
    mean of the VSF's timeseries.csv rows), outs and ins ({tier: [decision times]})."""
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    figs = {}
    for v in summary["vsfs"]:
        figs[v["name"]] = {"served": v["requests"]["served"], "mean_ms": v["response_ms"]["mean"],
                           "p95_ms": v["response_ms"]["p95"], "utilization": None, "outs": {}, "ins": {}}
    busy, span, last = {}, {}, {}
    with open(os.path.join(out, "timeseries.csv")) as f:
        for row in csv.DictReader(f):
            if not row["vsf"] or row["tier"]:
                continue
            t = float(row["t_s"])
            dt = t - last.get(row["vsf"], 0.0)
            last[row["vsf"]] = t
            busy[row["vsf"]] = busy.get(row["vsf"], 0.0) + float(row["utilization"]) * dt
            span[row["vsf"]] = span.get(row["vsf"], 0.0) + dt
    for name, s in span.items():
        figs[name]["utilization"] = busy[name] / s if s > 0 else 0.0
    with open(os.path.join(out, "events.jsonl")) as f:
        for line in f:
            e = json.loads(line)
            if e["type"] != "scale_decision" or e["applied"] == 0:
                continue
            kind = "outs" if e["applied"] > 0 else "ins"
            figs[e["vsf"]][kind].setdefault(e["tier"], []).append(e["t"])
    return figs


def rel(flow, req):
    """Relative difference of flow from request (None when either is missing, 0 when both are 0)."""
    if flow is None or req is None:
        return None
    if req == 0:
        return 0.0 if flow == 0 else float("inf")
    return (flow - req) / req


def scale_match(req, flow, interval):
    """(same count, every flow decision within `interval` of the request one of the same rank) per tier."""
    same = sorted(req) == sorted(flow) and all(len(req[t]) == len(flow[t]) for t in req)
    within = same and all(abs(a - b) <= interval + 1e-9 for t in req for a, b in zip(req[t], flow[t]))
    return same, within


def compare(req_out, flow_out):
    """[(VSF name, comparison)] in summary order; comparison holds both runs' figures and the errors."""
    req, flow = vsf_figures(req_out), vsf_figures(flow_out)
    intervals = policy_intervals(req_out)
    rows = []
    for name, r in req.items():
        f = flow[name]
        outs_same, outs_within = scale_match(r["outs"], f["outs"], intervals[name])
        ins_same, _ = scale_match(r["ins"], f["ins"], intervals[name])
        rows.append((name, {
            "req": r, "flow": f, "interval_s": intervals[name],
            "served_err": rel(f["served"], r["served"]),
            "util_diff": f["utilization"] - r["utilization"],
            "mean_err": rel(f["mean_ms"], r["mean_ms"]),
            "p95_err": rel(f["p95_ms"], r["p95_ms"]),
            "outs": (sum(map(len, r["outs"].values())), sum(map(len, f["outs"].values()))),
            "ins": (sum(map(len, r["ins"].values())), sum(map(len, f["ins"].values()))),
            "outs_within": outs_within, "ins_same": ins_same}))
    return rows


def pct(x):
    return "—" if x is None else f"{100 * x:+.1f} %"


def table(results):
    """The markdown table of [(scenario, [(VSF, comparison)])]."""
    lines = ["| scenario | VSF | served (request) | served | utilization (request) | utilization | mean | p95 "
             "| scale-outs (request/flow) | scale-ins (request/flow) |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for scenario, rows in results:
        for name, c in rows:
            outs = f"{c['outs'][0]}/{c['outs'][1]}" + (", in time" if c["outs_within"] and c["outs"][0] else "")
            if not c["outs_within"]:
                outs += " **differ**"
            ins = f"{c['ins'][0]}/{c['ins'][1]}" + ("" if c["ins_same"] else " **differ**")
            lines.append(f"| {scenario} | {name} | {c['req']['served']:,} | {pct(c['served_err'])} "
                         f"| {100 * c['req']['utilization']:.1f} % | {100 * c['util_diff']:+.1f} pp "
                         f"| {pct(c['mean_err'])} | {pct(c['p95_err'])} | {outs} | {ins} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vsfsim", default=os.path.join(ROOT, "build", "vsfsim"))
    ap.add_argument("--set", action="append", default=[], metavar="POINTER=VALUE")
    ap.add_argument("scenarios", nargs="*")
    a = ap.parse_args()
    extra = [x for s in a.set for x in ("--set", s)]
    results, walls = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for path in a.scenarios or shipped_scenarios():
            name = os.path.splitext(os.path.basename(path))[0]
            wall = [run(a.vsfsim, path, fid, os.path.join(tmp, f"{name}-{fid}"), extra) for fid in ("request", "flow")]
            walls.append((name, *wall[0], *wall[1]))
            results.append((name, compare(os.path.join(tmp, f"{name}-request"), os.path.join(tmp, f"{name}-flow"))))
    print(table(results))
    print("\n| scenario | request wall s | request CPU s | flow wall s | flow CPU s | wall request / flow |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, *w in walls + [("all", *(sum(x[k] for x in walls) for k in range(1, 5)))]:
        print(f"| {name} | {w[0]:.2f} | {w[1]:.2f} | {w[2]:.2f} | {w[3]:.2f} | {w[0] / w[2]:.0f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
