#!/usr/bin/python3
"""timeseries.csv's grid, VSF and tier rows agree with each other and with summary.json.

Run from the repository root: /usr/bin/python3 tests/e2e/timeseries_rows.py PATH/TO/vsfsim
Three shipped scenarios: quickstart on 8 CPUs for 12 min with its peaks moved early (the idle pool runs
dry and a scale-out is denied), patent-walkthrough (LBs, a VSF created at 20 min, the pool at zero) and
cpu-failures (faults take idle CPUs out of the pool). For each, per interval:
- the rows: one grid row first, then each VSF's row followed by its tiers' rows in scenario order; the
  cells README "timeseries.csv" says are empty for a row's kind are empty, the others are not;
- tier rows' cpus_serving, cpus_booting and cpus_allocated add up to their VSF row's minus its LB (0 or
  1 CPU; 0 without an LB); with an LB and no faults the LB is serving at the end of the run;
- the grid row's CPU counts (taken from every CPU's state) equal the sum of the VSF rows';
- idle_pool + cpus_allocated == the grid's CPUs without faults (an idle CPU is allocatable unless a
  fault holds it), <= with faults; idle_pool_min <= idle_pool;
Over the run: the grid rows' denials add up to summary.json grid.denials.attempts (one per
Recorder::denial call, a refused attempt), each VSF's rows' to its vsfs[i].denials.attempts; the lowest idle_pool_min is >=
grid.idle_pool.min; offered_rps and served_rps times the interval lengths give the summary's totals.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = ["t_s", "vsf", "tier", "offered_rps", "served_rps", "cpus_serving", "cpus_booting", "cpus_allocated",
          "utilization", "p95_ms", "idle_pool", "idle_pool_min", "denials"]
CPUS = ("cpus_serving", "cpus_booting", "cpus_allocated")
# Columns that must be empty (the rest must not, p95_ms aside: empty when nothing was answered).
EMPTY = {"grid": {"vsf", "tier", "p95_ms"}, "vsf": {"tier", "idle_pool", "idle_pool_min"},
         "tier": {"idle_pool", "idle_pool_min", "denials"}}
CASES = [
    ("quickstart-dry-pool", "scenarios/quickstart.json",
     ["--set", "/grid/cpus=8", "--set", "/duration=12min", "--set", "/vsfs/0/traffic/phase=5min",
      "--set", "/vsfs/1/traffic/phase=5min"]),
    ("patent-walkthrough", "scenarios/patent-walkthrough.json", []),
    ("cpu-failures", "scenarios/cpu-failures.json", []),
]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def kind(row):
    return "grid" if not row["vsf"] else "tier" if row["tier"] else "vsf"


def check_cells(case, rows):
    for n, r in enumerate(rows, start=2):
        k = kind(r)
        for col in HEADER:
            if col in EMPTY[k] and r[col] != "":
                fail(f"{case}: line {n} ({k} row): {col} is {r[col]!r}, expected empty")
            if col not in EMPTY[k] and col != "p95_ms" and r[col] == "":
                fail(f"{case}: line {n} ({k} row): {col} is empty")


def intervals(case, rows, scenario):
    """Rows grouped by t_s, each checked for order: [(t, grid, [(vsf row, [tier rows])])]."""
    expected = [(v["name"], [t["role"] for t in v["tiers"]]) for v in scenario["vsfs"]]
    layout = [("", "")] + [(name, tier) for name, tiers in expected for tier in [""] + tiers]
    out, i = [], 0
    while i < len(rows):
        t = rows[i]["t_s"]
        group = rows[i:i + len(layout)]
        got = [(r["vsf"], r["tier"]) for r in group]
        if got != layout or any(r["t_s"] != t for r in group):
            fail(f"{case}: rows at t = {t}: {got}, expected {layout} (all at one t_s)")
            return out
        vsfs, j = [], 1
        for _, tiers in expected:
            vsfs.append((group[j], group[j + 1:j + 1 + len(tiers)]))
            j += 1 + len(tiers)
        out.append((float(t), group[0], vsfs))
        i += len(layout)
    return out


def check_intervals(case, groups, scenario, summary, faults):
    lbs = [v.get("lb", True) is not False for v in scenario["vsfs"]]
    for t, grid, vsfs in groups:
        for (vrow, tiers), lb in zip(vsfs, lbs):
            for col in CPUS:
                lb_part = int(vrow[col]) - sum(int(x[col]) for x in tiers)
                if lb_part not in ((0, 1) if lb else (0,)):
                    fail(f"{case}: t = {t}: {vrow['vsf']} {col} {vrow[col]} - tiers' = {lb_part}, "
                         f"expected {'0 or 1 (the LB)' if lb else '0 (no LB)'}")
            for x in [vrow] + tiers:
                if not 0 <= float(x["utilization"]) <= 1:
                    fail(f"{case}: t = {t}: {x['vsf']}/{x['tier']}: utilization {x['utilization']}")
        for col in CPUS:
            total = sum(int(vrow[col]) for vrow, _ in vsfs)
            if int(grid[col]) != total:
                fail(f"{case}: t = {t}: grid {col} {grid[col]}, the VSF rows add up to {total}")
        pool, allocated, cpus = int(grid["idle_pool"]), int(grid["cpus_allocated"]), summary["grid"]["cpus"]
        if (pool + allocated != cpus) if not faults else (pool + allocated > cpus):
            fail(f"{case}: t = {t}: idle_pool {pool} + cpus_allocated {allocated} vs {cpus} grid CPUs "
                 f"({'with' if faults else 'without'} faults)")
        if int(grid["idle_pool_min"]) > pool:
            fail(f"{case}: t = {t}: idle_pool_min {grid['idle_pool_min']} > idle_pool {pool}")
    if not faults:
        for (vrow, tiers), lb in zip(groups[-1][2], lbs):
            if lb and int(vrow["cpus_serving"]) - sum(int(x["cpus_serving"]) for x in tiers) != 1:
                fail(f"{case}: at the end, {vrow['vsf']}'s LB is not counted serving in its row alone")


def check_totals(case, groups, summary):
    g = summary["grid"]
    denials = sum(int(grid["denials"]) for _, grid, _ in groups)
    if denials != g["denials"]["attempts"]:
        fail(f"{case}: grid rows' denials add up to {denials}, summary.json grid.denials is {g['denials']}")
    for i, v in enumerate(summary["vsfs"]):
        mine = sum(int(vsfs[i][0]["denials"]) for _, _, vsfs in groups)
        if mine != v["denials"]["attempts"]:
            fail(f"{case}: {v['name']} rows' denials add up to {mine}, summary.json says {v['denials']}")
    lowest = min(int(grid["idle_pool_min"]) for _, grid, _ in groups)
    if g["idle_pool"]["min"] is None or lowest < g["idle_pool"]["min"]:
        fail(f"{case}: lowest idle_pool_min {lowest} < summary.json grid.idle_pool.min {g['idle_pool']['min']}")
    previous = 0.0
    offered = served = 0.0
    for t, grid, _ in groups:
        offered += float(grid["offered_rps"]) * (t - previous)
        served += float(grid["served_rps"]) * (t - previous)
        previous = t
    for name, rows_total in (("offered", offered), ("served", served)):
        want = sum(v["requests"][name] for v in summary["vsfs"])
        if abs(rows_total - want) > 1e-5 * max(1, want) + 0.5:
            fail(f"{case}: grid rows' {name}_rps x interval lengths = {rows_total:.1f}, summary.json: {want}")


def run_case(vsfsim, tmp, case, scenario_path, args):
    out = os.path.join(tmp, case)
    p = subprocess.run([vsfsim, "run", scenario_path, "-o", out, *args], cwd=ROOT, capture_output=True, text=True,
                       timeout=600)
    if p.returncode != 0:
        fail(f"{case}: exit {p.returncode}: {p.stderr.strip()}")
        return
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    with open(os.path.join(out, "run.json")) as f:
        scenario = json.load(f)["scenario"]
    with open(os.path.join(out, "timeseries.csv"), newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != HEADER:
            fail(f"{case}: header {reader.fieldnames}, expected {HEADER}")
            return
        rows = list(reader)
    faults = sum(summary["faults"].values()) > 0
    check_cells(case, rows)
    groups = intervals(case, rows, scenario)
    if not groups:
        fail(f"{case}: no interval")
        return
    check_intervals(case, groups, scenario, summary, faults)
    check_totals(case, groups, summary)
    if case.startswith("quickstart") and summary["grid"]["denials"] == 0:
        fail(f"{case}: no denial: the denial check checks nothing")
    print(f"ok: {case}: {len(groups)} intervals, {len(rows)} rows, {summary['grid']['denials']} denials"
          f"{', faults' if faults else ''}")


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="vsfsim-timeseries-") as tmp:
        for case, scenario_path, args in CASES:
            run_case(vsfsim, tmp, case, scenario_path, args)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
