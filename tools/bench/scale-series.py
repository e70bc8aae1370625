#!/usr/bin/python3
"""The scale series of `make bench` (README, Performance -> Scale): flow fidelity, one simulated day, the
data centre of scenarios/datacentre-10k.json scaled to 1,000 / 10,000 / 100,000 CPUs with 50 / 500 / 5,000
VSFs (every VSF group's count, the CPUs, switches, storage arrays and control-plane hosts times 0.1, 1,
10; the same VSF shapes and traffic per VSF). A benchmark, not a test: it measures and prints.

Reports for each size the wall and CPU time (GNU time), peak RSS, RSS per CPU and per VSF against the
target (4 KiB per CPU + 64 KiB per VSF), the growth of CPU time per 10x step (linear: at most ~11x), and
the targets (10,000 CPUs in 20 s, 100,000 CPUs in 5 min). vsfsim is single-threaded: each run uses one
core; the runs are sequential.

--repeat N runs each size N times, the sizes taken in turn (1k, 10k, 100k, 1k, 10k, ...), and reports each
size's fastest and median CPU time, the growth taken on the fastest: on a shared VM the same run's time
drifts by half within an hour (README, Performance -> Scale), and the fastest of runs spread over the
same stretch of time is the one least disturbed.

--side-by-side measures each 10x step on the two cores at once: the larger size runs once on one core
while the smaller runs again and again on the other until it ends (at least --repeat times); the step is
the larger run's CPU time over the median of the smaller's. Both runs see the same state of the host (its
memory latency, its other tenants), which a run now and a run minutes later do not; each also shares the
processor's cache with the other, so both are slower than alone. The table's own figures stay those of
the sequential runs.

The floor is the peak RSS of `vsfsim --version`: the program and the libraries it loads (libsimgrid and the
ns-3 libraries it links), before any scenario; "above floor" is a run's peak RSS less it.
Each memory step is what the larger size's peak RSS adds to the smaller's, beside what 4 KiB per CPU +
64 KiB per VSF allows for the CPUs and VSFs it adds: the cost per CPU and per VSF, whatever the program's
constant part (the floor, and the code and tables a run touches that `--version` does not).

Usage: tools/bench/scale-series.py [--vsfsim build/vsfsim] [--factors 0.1,1,10] [--duration 1d] [--repeat 1]
                                   [--side-by-side]
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


def start(vsfsim, scenario, tmp):
    """Starts one timed run of `scenario` (its files under tmp/<name>); finish() waits for it."""
    d = os.path.join(tmp, scenario["name"])
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "scenario.json")
    with open(path, "w") as f:
        json.dump(scenario, f)
    timing = os.path.join(d, "time.txt")
    cmd = ["/usr/bin/time", "-v", "-o", timing, vsfsim, "run", path, "-o", os.path.join(d, "out"), "--no-progress"]
    return scenario, d, subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def time_field(text, label):
    return re.search(re.escape(label) + r"\s*:\s*(\S+)", text).group(1)


def floor_rss(vsfsim):
    """Peak RSS in KiB of `vsfsim --version`: the program and its libraries, no scenario."""
    r = subprocess.run(["/usr/bin/time", "-v", vsfsim, "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, check=True)
    return int(time_field(r.stderr, "Maximum resident set size (kbytes)"))


def run(vsfsim, scenario, tmp):
    return finish(start(vsfsim, scenario, tmp))


def finish(started):
    scenario, d, proc = started
    _, err = proc.communicate()
    if proc.returncode != 0:
        sys.exit(f"scale-series: {scenario['name']} failed (exit {proc.returncode}):\n{err}")
    t = open(os.path.join(d, "time.txt")).read()

    def field(label):
        return time_field(t, label)

    wall = sum(float(x) * 60**i for i, x in enumerate(reversed(field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"))))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    summary = json.load(open(os.path.join(d, "out", "summary.json")))
    offered = sum(v["requests"]["offered"] for v in summary["vsfs"])
    return wall, cpu, int(field("Maximum resident set size (kbytes)")), len(summary["vsfs"]), offered


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--vsfsim", default=os.path.join(ROOT, "build", "vsfsim"))
    ap.add_argument("--factors", default="0.1,1,10")
    ap.add_argument("--duration", default="1d")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size, the sizes in turn (default 1)")
    ap.add_argument("--side-by-side", action="store_true",
                    help="also time each 10x step with both sizes running at once, one per core")
    a = ap.parse_args()
    if a.repeat < 1:
        sys.exit("scale-series: --repeat must be at least 1")
    base = json.load(open(BASE))
    scenarios = [scaled(base, float(x), a.duration) for x in a.factors.split(",")]
    runs = [[] for _ in scenarios]  # per size: (wall, cpu, rss, vsfs, offered) of each run
    with tempfile.TemporaryDirectory(prefix="vsfsim-scale-") as tmp:
        for r in range(a.repeat):
            for s, done in zip(scenarios, runs):
                print(f"scale-series: {s['grid']['cpus']} CPUs, run {r + 1} of {a.repeat} ...", file=sys.stderr, flush=True)
                done.append(run(a.vsfsim, s, tmp))
        steps = [side_by_side(a.vsfsim, small, big, a.repeat, tmp) for small, big in zip(scenarios, scenarios[1:])] \
            if a.side_by_side else []
    floor = floor_rss(a.vsfsim)
    rows = []
    for s, done in zip(scenarios, runs):
        fastest = min(done, key=lambda x: x[1])
        median = median_of([x[1] for x in done])
        wall, cpu, _, vsfs, offered = fastest
        rss = max(x[2] for x in done)
        rows.append((s["grid"]["cpus"], vsfs, wall, cpu, rss, offered, median))
    runs_note = f", {a.repeat} runs per size in turn: the fastest (and the median)" if a.repeat > 1 else ""
    print(f"Scale series: flow fidelity, {a.duration} simulated, scenarios/datacentre-10k.json scaled{runs_note}.\n")
    print("| CPUs | VSFs | requests (flow) | wall s | CPU s | CPU s x prev | peak RSS MiB | above floor MiB | target MiB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    prev = None
    for cpus, vsfs, wall, cpu, rss, offered, median in rows:
        target = target_mib(cpus, vsfs)
        growth = f"{cpu / prev:.1f}x" if prev else "-"
        cpu_text = f"{cpu:.1f} ({median:.1f})" if a.repeat > 1 else f"{cpu:.1f}"
        print(f"| {cpus:,} | {vsfs:,} | {offered:.3g} | {wall:.1f} | {cpu_text} | {growth} | {rss / 1024:.0f} | "
              f"{(rss - floor) / 1024:.0f} | {target:.0f} |")
        prev = cpu
    print(f"\nfloor (peak RSS of `vsfsim --version`: the program and its libraries): {floor / 1024:.1f} MiB")
    # What each step adds, against what the target allows for what it adds: the cost per CPU and per VSF
    # whatever the program's constant part (its libraries, its code, its fixed tables).
    for (c0, v0, _, _, r0, *_), (c1, v1, _, _, r1, *_) in zip(rows, rows[1:]):
        allowed = target_mib(c1 - c0, v1 - v0)
        print(f"memory step {c0:,} -> {c1:,} CPUs: peak RSS {(r1 - r0) / 1024:+.0f} MiB for {c1 - c0:+,} CPUs and "
              f"{v1 - v0:+,} VSFs (target {allowed:+.0f} MiB)")
    if len(rows) >= 2:
        (c0, _, _, t0, *_), (c1, _, _, t1, *_) = rows[0], rows[-1]
        slope = math.log(t1 / t0) / math.log(c1 / c0) if t0 > 0 and t1 > 0 else float("nan")
        print(f"log-log slope of CPU time against CPUs: {slope:.2f} (1 = linear)")
    for (small, big, smalls, big_cpu) in steps:
        runs_text = ", ".join(f"{x:.1f}" for x in smalls)
        print(f"side by side: {big:,} CPUs {big_cpu:.1f} s of CPU while {small:,} CPUs ran {len(smalls)} times "
              f"({runs_text} s; median {median_of(smalls):.1f}): {big_cpu / median_of(smalls):.1f}x")


def target_mib(cpus, vsfs):
    """The issue's memory target for this many CPUs and VSFs: 4 KiB per CPU plus 64 KiB per VSF, in MiB."""
    return (4 * cpus + 64 * vsfs) / 1024


def median_of(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def side_by_side(vsfsim, small, big, repeat, tmp):
    """The larger size once, the smaller again and again beside it until it ends (at least `repeat` times).
    Only the smaller runs that ended before the larger one count, unless none did (a larger run shorter
    than a smaller one: then all count)."""
    print(f"scale-series: {big['grid']['cpus']} CPUs beside {small['grid']['cpus']} CPUs ...", file=sys.stderr, flush=True)
    running = start(vsfsim, big, tmp)
    beside, after = [], []
    while running[2].poll() is None or len(beside) + len(after) < repeat:
        cpu = run(vsfsim, small, tmp)[1]
        (beside if running[2].poll() is None else after).append(cpu)
    return small["grid"]["cpus"], big["grid"]["cpus"], beside or after, finish(running)[1]


if __name__ == "__main__":
    main()
