#!/usr/bin/python3
"""tools/python/vsfsim_results.py against the files vsfsim writes: the frames agree with summary.json.

Run from the repository root: /usr/bin/python3 tests/e2e/python_loader.py PATH/TO/vsfsim
- runs: the quickstart (30 simulated minutes, request fidelity), master-failover, cp-partition (also
  with quorum 1) and cpu-failures (6 h: crashed CPUs, evictions, replacements);
- for each: cpu_intervals() per VSF and state add up to summary.json's cpu_seconds (1e-6 relative), and
  with all_cpus=True the grid's; a CPU's intervals tile [0, duration] without gap or overlap;
- events: one row per line, every field a column, counts of denial events = denials.attempts;
- timeseries: one row per line, kinds as the vsf/tier cells say, the grid rows' denials add up to
  grid.denials.attempts, offered_rps x interval adds up to each VSF's offered requests;
- master_intervals(): as many terms as elections, their most at once = max_simultaneous_masters (2 in
  cp-partition with quorum 1: split brain); unmanaged_intervals() add up to unmanaged_vsf_seconds;
- summary_flat and vsfs hold summary.json's values under the documented names;
- a run with events and timeseries turned off: empty frames, no crash;
- a 2-point x 2-replication sweep (flow fidelity): runs, points, doc, run(point, k), and each
  point's mean recomputed from runs.csv; a small search: search.json loaded.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
import vsfsim_results as vr  # noqa: E402

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def close(a, b, rel=1e-6, floor=1e-9):
    return abs(a - b) <= rel * max(abs(a), abs(b), floor)


def run_vsfsim(binary, scenario, out, *sets):
    args = [binary, "run", os.path.join(ROOT, "scenarios", scenario), "-o", out, "--no-progress"]
    for s in sets:
        args += ["--set", s]
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"vsfsim run {scenario} failed ({p.returncode}): {p.stderr}")
    return vr.load_run(out)


def check_intervals(name, run):
    iv = run.cpu_intervals()
    if list(iv.columns) != ["cpu", "vsf", "tier", "state", "start_s", "end_s", "duration_s"]:
        fail(f"{name}: cpu_intervals columns {list(iv.columns)}")
    bad_states = set(iv.state) - set(vr.CPU_STATES)
    if bad_states:
        fail(f"{name}: unknown states {bad_states}")
    by = iv.groupby(["vsf", "state"]).duration_s.sum()
    for v in run.summary["vsfs"]:
        for state, want in v["cpu_seconds"].items():
            got = by.get((v["name"], state), 0.0)
            if not close(got, want):
                fail(f"{name}: {v['name']} {state}: intervals {got} s, summary.json {want} s")
    full = run.cpu_intervals(all_cpus=True)
    if full.cpu.nunique() != run.summary["grid"]["cpus"]:
        fail(f"{name}: all_cpus gives {full.cpu.nunique()} CPUs, the grid has {run.summary['grid']['cpus']}")
    states = full.groupby("state").duration_s.sum()
    for state, want in run.summary["grid"]["cpu_seconds"].items():
        got = states.get(state, 0.0)
        if state == "off":  # the grid's off time includes the idle pool
            got += states.get("idle", 0.0) + states.get("allocated", 0.0)
        if not close(got, want):
            fail(f"{name}: grid {state}: intervals {got} s, summary.json {want} s")
    for cpu, rows in full.groupby("cpu"):
        starts, ends = list(rows.start_s), list(rows.end_s)
        if starts[0] != 0 or ends[-1] != run.duration_s or starts[1:] != ends[:-1]:
            fail(f"{name}: {cpu}'s intervals do not tile [0, {run.duration_s}]: {list(zip(starts, ends))}")
            break
    return iv


def check_events(name, run):
    with open(os.path.join(run.dir, "events.jsonl")) as f:
        lines = [json.loads(line) for line in f]
    ev = run.events
    if len(ev) != len(lines):
        fail(f"{name}: {len(ev)} event rows for {len(lines)} lines")
    keys = set().union(*(line.keys() for line in lines))
    if set(ev.columns) != keys or list(ev.columns[:2]) != ["t", "type"]:
        fail(f"{name}: event columns {sorted(ev.columns)} for fields {sorted(keys)}")
    for i in (0, len(lines) // 2, len(lines) - 1):
        for k, v in lines[i].items():
            got = ev.iloc[i][k]
            if got != v and not (isinstance(v, float) and close(got, v)):
                fail(f"{name}: event {i} field {k}: {got!r}, file {v!r}")
    denials = ev[ev.type == "denial"]
    for v in run.summary["vsfs"]:
        n = int((denials.vsf == v["name"]).sum())
        if n != v["denials"]["attempts"]:
            fail(f"{name}: {v['name']}: {n} denial events, denials.attempts {v['denials']['attempts']}")


def check_timeseries(name, run):
    ts = run.timeseries
    with open(os.path.join(run.dir, "timeseries.csv")) as f:
        nlines = sum(1 for _ in f) - 1
    if len(ts) != nlines:
        fail(f"{name}: {len(ts)} timeseries rows for {nlines} lines")
    grid = run.grid_series()
    interval = grid.t_s.iloc[0]  # every shipped scenario's duration is a multiple of its interval
    if len(grid) != math.ceil(run.duration_s / interval) or not grid.idle_pool.notna().all():
        fail(f"{name}: {len(grid)} grid rows for {run.duration_s} s at {interval} s")
    lengths = dict(zip(grid.t_s, grid.t_s.diff().fillna(interval)))
    if grid.denials.sum() != run.summary["grid"]["denials"]["attempts"]:
        fail(f"{name}: grid rows' denials {grid.denials.sum()} != {run.summary['grid']['denials']['attempts']}")
    for v in run.summary["vsfs"]:
        rows = run.vsf_series(v["name"])
        if rows.vsf.ne(v["name"]).any() or rows.tier.notna().any() or rows.p95_ms.dtype != float:
            fail(f"{name}: vsf_series({v['name']}) holds other rows or untyped p95_ms")
        offered = (rows.offered_rps * rows.t_s.map(lengths)).sum()  # these VSFs start at t = 0
        if not close(offered, v["requests"]["offered"], rel=1e-3):
            fail(f"{name}: {v['name']}: timeseries offered {offered}, summary {v['requests']['offered']}")
        tiers = ts[(ts.kind == "tier") & (ts.vsf == v["name"])]
        if tiers.empty or len(tiers) % len(rows):
            fail(f"{name}: {v['name']}: {len(tiers)} tier rows for {len(rows)} VSF rows")
        tier = tiers.tier.iloc[0]
        if len(run.tier_series(v["name"], tier)) != len(rows):
            fail(f"{name}: tier_series({v['name']}, {tier}) has {len(run.tier_series(v['name'], tier))} rows")


def check_control_plane(name, run):
    cp = run.summary["control_plane"]
    terms = run.master_intervals()
    if len(terms) != cp["elections"]:
        fail(f"{name}: {len(terms)} master terms for {cp['elections']} elections")
    edges = sorted([(t, 1) for t in terms.start_s] + [(t, -1) for t in terms.end_s], key=lambda e: (e[0], e[1]))
    most, now = 0, 0
    for _, step in edges:
        now += step
        most = max(most, now)
    if most != cp["max_simultaneous_masters"]:
        fail(f"{name}: at most {most} masters at once from master_intervals(), summary {cp['max_simultaneous_masters']}")
    un = run.unmanaged_intervals()
    total = (un.end_s - un.start_s).sum()
    if not close(total, cp["unmanaged_vsf_seconds"], floor=1e-6):
        fail(f"{name}: unmanaged intervals {total} s, summary {cp['unmanaged_vsf_seconds']} s")
    return most


def check_summary(name, run):
    flat = run.summary_flat
    s = run.summary
    if len(flat) != 1:
        fail(f"{name}: summary_flat has {len(flat)} rows")
    want = {"scenario": s["scenario"], "grid.idle_pool.min": s["grid"]["idle_pool"]["min"],
            "grid.cpu_seconds.serving": s["grid"]["cpu_seconds"]["serving"],
            "control_plane.elections": s["control_plane"]["elections"], "faults.cpu": s["faults"]["cpu"]}
    for v in s["vsfs"]:
        want[f"vsfs.{v['name']}.requests.served"] = v["requests"]["served"]
        want[f"vsfs.{v['name']}.response_ms.p95"] = v["response_ms"]["p95"]
    for k, v in want.items():
        if k not in flat.columns or flat[k].iloc[0] != v:
            fail(f"{name}: summary_flat[{k!r}] = {flat[k].iloc[0] if k in flat.columns else 'missing'}, want {v}")
    vs = run.vsfs
    if list(vs.name) != [v["name"] for v in s["vsfs"]]:
        fail(f"{name}: vsfs names {list(vs.name)}")
    for i, v in enumerate(s["vsfs"]):
        if vs["cpu_seconds.serving"].iloc[i] != v["cpu_seconds"]["serving"] or \
                vs["requests.offered"].iloc[i] != v["requests"]["offered"]:
            fail(f"{name}: vsfs row {i} differs from summary.json")
    if (run.scenario_name, run.seed, run.duration_s) != (s["scenario"], s["seed"], s["duration_s"]):
        fail(f"{name}: scenario_name/seed/duration_s {run.scenario_name} {run.seed} {run.duration_s}")
    if run.run_json.get("vsfsim", {}).get("seed") != s["seed"]:
        fail(f"{name}: run_json seed {run.run_json.get('vsfsim', {}).get('seed')}")


def check_runs(binary, tmp):
    cases = [("quickstart", "quickstart.json", ["/duration=30min"]),
             ("master-failover", "master-failover.json", []),
             ("cp-partition", "cp-partition.json", []),
             ("split-brain", "cp-partition.json", ["/control_plane/quorum=1"]),
             ("cpu-failures", "cpu-failures.json", ["/duration=6h"])]
    for name, scenario, sets in cases:
        run = run_vsfsim(binary, scenario, os.path.join(tmp, name), *sets)
        iv = check_intervals(name, run)
        check_events(name, run)
        check_timeseries(name, run)
        check_summary(name, run)
        most = check_control_plane(name, run)
        if name == "split-brain" and most != 2:
            fail(f"split-brain: {most} masters at once, expected 2 with quorum 1")
        print(f"{name}: {len(run.events)} events, {len(run.timeseries)} timeseries rows, {len(iv)} CPU intervals")
        if name == "cpu-failures" and not (iv.state == "off").any():
            fail("cpu-failures: no CPU of a VSF is ever off (crashed): the fault path is untested")
        if name == "quickstart" and not {"draining", "stopping", "booting"} <= set(iv.state):
            fail(f"quickstart: states seen {set(iv.state)}: expected scale-outs and scale-ins")

    quiet = run_vsfsim(binary, "quickstart.json", os.path.join(tmp, "quiet"), "/duration=5min",
                       "/outputs/events=false", "/outputs/timeseries=false")
    if not quiet.events.empty or list(quiet.events.columns) != ["t", "type"]:
        fail(f"events off: events frame {quiet.events.shape} {list(quiet.events.columns)}")
    if not quiet.timeseries.empty or "idle_pool" not in quiet.timeseries.columns or not quiet.grid_series().empty:
        fail(f"timeseries off: timeseries frame {quiet.timeseries.shape}")
    if not quiet.cpu_intervals().empty or len(quiet.cpu_intervals(all_cpus=True)) != quiet.summary["grid"]["cpus"]:
        fail("events off: cpu_intervals should be empty, or one idle interval per CPU with all_cpus")
    try:
        vr.load_run(os.path.join(tmp, "no-such-run"))
        fail("load_run of a missing directory did not raise")
    except vr.ResultsError:
        pass


def check_sweep(binary, tmp):
    sweep_file = os.path.join(tmp, "tiny.json")
    with open(sweep_file, "w") as f:
        json.dump({"name": "tiny", "scenario": os.path.join(ROOT, "scenarios", "quickstart.json"),
                   "set": {"/fidelity": "flow", "/duration": "1h", "/traffic_scale": 3},
                   "axes": [{"pointer": "/grid/cpus", "values": [12, 20]}], "replications": 2,
                   "metrics": ["/grid/denials/needs", {"name": "p95", "pointer": "/vsfs/0/response_ms/p95"}]}, f)
    out = os.path.join(tmp, "sweep")
    p = subprocess.run([binary, "sweep", sweep_file, "-o", out, "-j", "2", "--no-progress"], capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise SystemExit(f"vsfsim sweep failed ({p.returncode}): {p.stderr}")
    sw = vr.load_sweep(out)
    if sw.axes != ["cpus"] or sw.metrics != ["grid.denials.needs", "p95"] or sw.search is not None:
        fail(f"sweep: axes {sw.axes}, metrics {sw.metrics}, search {sw.search}")
    if len(sw.runs) != 4 or len(sw.points) != 2 or list(sw.points.cpus) != ["12", "20"]:
        fail(f"sweep: {len(sw.runs)} runs, points {list(sw.points.get('cpus', []))}")
    for _, pt in sw.points.iterrows():
        runs = sw.runs[sw.runs.point == pt.point]
        for m in sw.metrics:
            if not close(runs[m].mean(), pt[f"{m}_mean"], rel=1e-8):
                fail(f"sweep: {pt.point} {m}: runs mean {runs[m].mean()}, points.csv {pt[f'{m}_mean']}")
        for _, r in runs.iterrows():
            one = sw.run(r.point, r.replication)
            if one.seed != int(r.seed) or one.summary["grid"]["denials"]["needs"] != r["grid.denials.needs"]:
                fail(f"sweep: run({r.point}, {r.replication}) seed {one.seed} vs runs.csv {r.seed}")
    print(f"sweep: {len(sw.runs)} runs, {len(sw.points)} points")

    search_file = os.path.join(tmp, "search.json")
    with open(search_file, "w") as f:
        json.dump({"name": "tiny-search", "scenario": os.path.join(ROOT, "scenarios", "quickstart.json"),
                   "set": {"/fidelity": "flow", "/duration": "1h", "/traffic_scale": 3},
                   "search": {"pointer": "/grid/cpus", "low": 10, "high": 14,
                              "target": {"metric": "/grid/denials_per_scale_out", "at_most": 0.5},
                              "replications": {"min": 2, "max": 2}}}, f)
    out = os.path.join(tmp, "search")
    p = subprocess.run([binary, "sweep", search_file, "-o", out, "-j", "2", "--no-progress"], capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise SystemExit(f"vsfsim sweep (search) failed ({p.returncode}): {p.stderr}")
    sw = vr.load_sweep(out)
    if sw.search is None or len(sw.search["results"]) != 1:
        fail(f"search: search.json not loaded: {sw.search}")
    judged = {str(pr["value"]) for pr in sw.search["results"][0]["probes"]}
    if judged != set(sw.points.cpus):
        fail(f"search: probes {judged}, points.csv {set(sw.points.cpus)}")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "vsfsim"))
    with tempfile.TemporaryDirectory(prefix="vsfsim-pyloader-") as tmp:
        check_runs(binary, tmp)
        check_sweep(binary, tmp)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        sys.exit(1)
    print("python_loader: ok")


main()
