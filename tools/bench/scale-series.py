#!/usr/bin/python3
"""The scale series of `make bench` (README, Performance -> Scale): flow fidelity, one simulated day, the
data centre of scenarios/datacentre-10k.json scaled to 1,000 / 10,000 / 100,000 CPUs with 50 / 500 / 5,000
VSFs (every VSF group's count, the CPUs, switches, storage arrays and control-plane hosts times 0.1, 1,
10; the same VSF shapes and traffic per VSF). A benchmark, not a test: it measures and prints.

Reports for each size the wall and CPU time (GNU time), peak RSS, RSS per CPU and per VSF against the
target (4 KiB per CPU + 64 KiB per VSF), the growth of CPU time per 10x step (linear: at most ~11x), and
the targets (10,000 CPUs in 20 s, 100,000 CPUs in 5 min). vsfsim is single-threaded: each run uses one
core; the runs are sequential.

Usage: tools/bench/scale-series.py [--vsfsim build/vsfsim] [--factors 0.1,1,10] [--duration 1d]
"""
import argparse
import copy
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BASE = os.path.join(ROOT, "scenarios", "datacentre-10k.json")


def scaled(base, factor, duration):
    """The base scenario with `factor` times its VSFs and hardware, over `duration`."""
    s = copy.deepcopy(base)
    s["name"] = f"datacentre-x{factor:g}"
    s["duration"] = duration
    s["models"] = [os.path.join(ROOT, "scenarios", m) for m in s["models"]]
    g = s["grid"]
    g["cpus"] = max(1, round(g["cpus"] * factor))
    for kind in ("vlan_switches", "san_switches"):
        g[kind]["count"] = max(1, math.ceil(g[kind]["count"] * factor))
    arrays = max(1, math.ceil(len(g["storage"]) * factor))
    g["storage"] = [dict(g["storage"][0], name=f"array{i}") for i in range(arrays)]
    g["control_plane"]["hosts"] = max(1, math.ceil(g["control_plane"]["hosts"] * factor))
    for v in s["vsfs"]:
        v["count"] = max(1, round(v.get("count", 1) * factor))
    s["outputs"] = {"interval": "15min", "events": False, "timeseries": True}
    return s


def run(vsfsim, scenario, tmp):
    path = os.path.join(tmp, scenario["name"] + ".json")
    with open(path, "w") as f:
        json.dump(scenario, f)
    timing = os.path.join(tmp, "time.txt")
    cmd = ["/usr/bin/time", "-v", "-o", timing, vsfsim, "run", path, "-o", os.path.join(tmp, "out"), "--no-progress"]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"scale-series: {scenario['name']} failed (exit {r.returncode}):\n{r.stderr}")
    t = open(timing).read()

    def field(label):
        return re.search(re.escape(label) + r"\s*:\s*(\S+)", t).group(1)

    wall = sum(float(x) * 60**i for i, x in enumerate(reversed(field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    summary = json.load(open(os.path.join(tmp, "out", "summary.json")))
    offered = sum(v["requests"]["offered"] for v in summary["vsfs"])
    return wall, cpu, int(field("Maximum resident set size (kbytes)")), len(summary["vsfs"]), offered


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vsfsim", default=os.path.join(ROOT, "build", "vsfsim"))
    ap.add_argument("--factors", default="0.1,1,10")
    ap.add_argument("--duration", default="1d")
    a = ap.parse_args()
    base = json.load(open(BASE))
    rows = []
    with tempfile.TemporaryDirectory(prefix="vsfsim-scale-") as tmp:
        for factor in (float(x) for x in a.factors.split(",")):
            s = scaled(base, factor, a.duration)
            print(f"scale-series: {s['grid']['cpus']} CPUs ...", file=sys.stderr, flush=True)
            wall, cpu, rss, vsfs, offered = run(a.vsfsim, s, tmp)
            rows.append((s["grid"]["cpus"], vsfs, wall, cpu, rss, offered))
    print(f"Scale series: flow fidelity, {a.duration} simulated, scenarios/datacentre-10k.json scaled.\n")
    print("| CPUs | VSFs | requests (flow) | wall s | CPU s | CPU s x prev | peak RSS MiB | target MiB | KiB/CPU if all CPU |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    prev = None
    for cpus, vsfs, wall, cpu, rss, offered in rows:
        target = (4 * cpus + 64 * vsfs) / 1024
        growth = f"{cpu / prev:.1f}x" if prev else "-"
        print(f"| {cpus:,} | {vsfs:,} | {offered:.3g} | {wall:.1f} | {cpu:.1f} | {growth} | {rss / 1024:.0f} | "
              f"{target:.0f} | {rss / cpus:.1f} |")
        prev = cpu
    if len(rows) >= 2:
        (c0, _, _, t0, _, _), (c1, _, _, t1, _, _) = rows[0], rows[-1]
        slope = math.log(t1 / t0) / math.log(c1 / c0) if t0 > 0 and t1 > 0 else float("nan")
        print(f"\nlog-log slope of CPU time against CPUs: {slope:.2f} (1 = linear)")


if __name__ == "__main__":
    main()
