#!/usr/bin/python3
"""vsfsim sweep on local cores, from outside: what it writes, what it computes, how it fails.

Run from the repository root: /usr/bin/python3 tests/e2e/sweep_local.py PATH/TO/vsfsim
- --dry-run lists every run (key, seed, --set values) and writes nothing;
- a 2 x 2 sweep of the quickstart (flow fidelity, 20 simulated minutes, traffic x3) with 3 replications, a
  baseline and a lognormal traffic uncertainty, on -j 2: exit 0; sweep.json, a complete results directory,
  a record and a log per run; runs.csv and points.csv with exactly the documented columns;
- common random numbers: replication r has the same seed and the same uncertainty draws at every point,
  and different ones from the other replications; each run's summary.json says it used that seed;
- every mean, sd and 95 % interval of points.csv (and every paired difference against the baseline)
  recomputed from runs.csv with scipy.stats.t;
- the same DIR without --resume: refused (exit 2, naming --resume), nothing rewritten; with --resume and
  nothing missing: no run rerun, no record rewritten; damaged records: exit 2 naming each, nothing run;
  --collect rebuilds the same points.csv;
- a sweep whose runs exceed its timeout: each run recorded timed_out (no exit code), the tables still
  written, exit status 1, the summary naming the runs and their logs, --progress's last line counting them;
- a bad sweep file (an axis value the scenario refuses): exit 2, nothing written.
"""
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

from scipy import stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUICKSTART = os.path.join(ROOT, "scenarios", "quickstart.json")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def ok(msg):
    print("ok:", msg)


def sweep(vsfsim, *args, progress=False):
    return subprocess.run([vsfsim, "sweep", *args, "--progress" if progress else "--no-progress"],
                          capture_output=True, text=True, timeout=300)


def write_json(path, doc):
    with open(path, "w") as f:
        json.dump(doc, f)


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def tree_state(folder):
    """(path, inode, mtime_ns) of every file under folder: a rewrite changes the inode (atomic rename)."""
    out = []
    for base, _, files in os.walk(folder):
        for name in files:
            p = os.path.join(base, name)
            st = os.stat(p)
            out.append((os.path.relpath(p, folder), st.st_ino, st.st_mtime_ns))
    return sorted(out)


SWEEP = {
    "name": "e2e-local",
    "scenario": QUICKSTART,
    "set": {"/duration": "20min", "/fidelity": "flow", "/traffic_scale": 3},
    "axes": [
        {"pointer": "/grid/cpus", "values": [16, 24]},
        {"name": "policy", "pointers": ["/vsfs/0/policy/high", "/vsfs/0/policy/low"],
         "values": [[0.7, 0.3], [0.8, 0.4]], "labels": ["tight", "loose"]},
    ],
    "replications": 3,
    "seed": 11,
    "baseline": {"cpus": "24", "policy": "tight"},
    "uncertainty": {"traffic_scale": {"dist": "lognormal", "median": 1, "sigma": 0.3}},
    "metrics": ["/grid/idle_pool/mean", {"name": "p95_shop", "pointer": "/vsfs/0/response_ms/p95"},
                "/grid/energy_j"],
}
POINTS = ["cpus=16,policy=tight", "cpus=16,policy=loose", "cpus=24,policy=tight", "cpus=24,policy=loose"]
METRICS = ["grid.idle_pool.mean", "p95_shop", "grid.energy_j"]
RUN_FILES = ("summary.json", "timeseries.csv", "events.jsonl", "run.json")


def dry_run(vsfsim, tmp, sweep_file):
    out = os.path.join(tmp, "dry")
    r = sweep(vsfsim, sweep_file, "-o", out, "--dry-run")
    lines = [l for l in r.stdout.splitlines() if "/r" in l and " seed " in l]
    if r.returncode != 0 or len(lines) != 12 or os.path.exists(out):
        return fail(f"--dry-run: exit {r.returncode}, {len(lines)} run lines (12 expected), "
                    f"DIR exists: {os.path.exists(out)}; {r.stdout}{r.stderr}")
    if not lines[0].startswith("cpus=16,policy=tight/r1 seed ") or "/grid/cpus=16" not in lines[0]:
        return fail(f"--dry-run: first line {lines[0]!r}")
    ok("--dry-run lists the 12 runs with seeds and --set values and writes nothing")


def check_files(out, runs):
    missing = [f for f in ("sweep.json", "runs.csv", "points.csv") if not os.path.isfile(os.path.join(out, f))]
    for run in runs:
        point, rep = run["key"].rsplit("/", 1)
        for f in RUN_FILES:
            if not os.path.isfile(os.path.join(out, "runs", point, rep, f)):
                missing.append(f"runs/{point}/{rep}/{f}")
        for f in (f"records/{point}/{rep}.json", f"logs/{point}/{rep}.stderr"):
            if not os.path.isfile(os.path.join(out, f)):
                missing.append(f)
    if missing:
        return fail(f"files missing: {missing[:10]}")
    ok(f"sweep.json, tables, and for each of {len(runs)} runs its results directory, record and log")


def check_columns(out):
    head, _ = read_csv(os.path.join(out, "runs.csv"))
    want = ["point", "cpus", "policy", "replication", "seed", "status", "exit_code", "wall_s"] + METRICS
    if head != want:
        fail(f"runs.csv columns {head}, expected {want}")
    head, _ = read_csv(os.path.join(out, "points.csv"))
    want = ["point", "cpus", "policy", "n", "n_failed"]
    for m in METRICS:
        want += [f"{m}_{s}" for s in ("mean", "sd", "ci_low", "ci_high", "diff_mean", "diff_ci_low", "diff_ci_high")]
    if head != want:
        fail(f"points.csv columns {head}, expected {want}")
    else:
        ok("runs.csv and points.csv have the documented columns")


def check_crn(out, runs):
    by_rep = {}
    for run in runs:
        draws = [s for s in run["sets"] if s[0].endswith("/traffic_scale") and s[0].startswith("/vsfs/")]
        by_rep.setdefault(run["replication"], set()).add((run["seed"], json.dumps(draws)))
        with open(os.path.join(out, "runs", run["key"], "summary.json")) as f:
            if json.load(f)["seed"] != run["seed"]:
                fail(f"{run['key']}: summary.json's seed is not the seed sweep.json gives")
    if sorted(by_rep) != [1, 2, 3] or any(len(v) != 1 for v in by_rep.values()):
        return fail(f"replications do not share seed and draws across points: {by_rep}")
    seeds = {next(iter(v))[0] for v in by_rep.values()}
    draws = {next(iter(v))[1] for v in by_rep.values()}
    if len(seeds) != 3 or len(draws) != 3 or "[]" in draws:
        return fail(f"replications are not distinct (seeds {seeds}, draws {draws})")
    ok("common random numbers: one seed and one set of traffic draws per replication, the same at every point")


def close(cell, value):
    """points.csv writes 10 significant digits."""
    return cell != "" and math.isclose(float(cell), value, rel_tol=1e-9, abs_tol=1e-9)


def check_statistics(out, runs):
    _, points = read_csv(os.path.join(out, "points.csv"))
    pointers = {m: "/" + m.replace(".", "/") for m in METRICS}
    pointers["p95_shop"] = "/vsfs/0/response_ms/p95"
    values = {}
    for r in runs:  # from the summaries at full precision: runs.csv rounds to 10 digits
        with open(os.path.join(out, "runs", r["key"], "summary.json")) as f:
            summary = json.load(f)
        for m in METRICS:
            v = summary
            for token in pointers[m].split("/")[1:]:
                v = v[int(token)] if isinstance(v, list) else v[token]
            values.setdefault((r["point"], m), {})[r["replication"]] = v
    checked = 0
    for p in points:
        if p["n"] != "3" or p["n_failed"] != "0":
            fail(f"{p['point']}: n {p['n']}, n_failed {p['n_failed']}")
        for m in METRICS:
            xs = values[(p["point"], m)]
            base = values[("cpus=24,policy=tight", m)]
            for stem, sample in ((m, list(xs.values())), (m + "_diff", [xs[r] - base[r] for r in sorted(xs)])):
                n = len(sample)
                mean = sum(sample) / n
                sd = math.sqrt(sum((x - mean) ** 2 for x in sample) / (n - 1))
                half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
                want = {f"{stem}_mean": mean, f"{stem}_ci_low": mean - half, f"{stem}_ci_high": mean + half}
                if stem == m:
                    want[f"{m}_sd"] = sd
                for col, v in want.items():
                    checked += 1
                    if not close(p[col], v):
                        fail(f"{p['point']} {col}: {p[col]!r}, scipy gives {v!r}")
    spread = [p for p in points if float(p["p95_shop_sd"]) > 0]
    if not spread:
        fail("no point has a spread in p95_shop: the interval check would prove nothing")
    ok(f"{checked} means, sds and 95 % intervals (and paired differences) agree with scipy.stats.t")


def rerun_rules(vsfsim, sweep_file, out):
    before = tree_state(os.path.join(out, "records"))
    r = sweep(vsfsim, sweep_file, "-o", out)
    if r.returncode != 2 or "--resume" not in r.stderr or tree_state(os.path.join(out, "records")) != before:
        fail(f"an existing sweep DIR without --resume: exit {r.returncode}, {r.stderr!r}")
    else:
        ok("an existing sweep DIR without --resume is refused (exit 2, says --resume), nothing touched")
    runs_state = tree_state(os.path.join(out, "runs"))
    r = sweep(vsfsim, sweep_file, "-o", out, "--resume")
    if r.returncode != 0 or tree_state(os.path.join(out, "records")) != before or \
            tree_state(os.path.join(out, "runs")) != runs_state:
        fail(f"--resume with nothing missing: exit {r.returncode} or runs/records rewritten; {r.stderr}")
    else:
        ok("--resume with nothing missing reruns nothing and rewrites no record")
    damaged = [os.path.join(out, "records", p, "r2.json") for p in POINTS[:2]]
    saved = []
    for path in damaged:
        with open(path) as f:
            saved.append(f.read())
        with open(path, "w") as f:
            f.write('{"point": 3')
    before = tree_state(os.path.join(out, "runs"))
    r = sweep(vsfsim, sweep_file, "-o", out, "--resume")
    named = all(d in r.stderr for d in damaged)
    if r.returncode != 2 or not named or tree_state(os.path.join(out, "runs")) != before:
        fail(f"damaged records: exit {r.returncode}, all named: {named}; {r.stderr}")
    else:
        ok("damaged records are bad input, all named at once, before anything runs")
    for path, text in zip(damaged, saved):
        with open(path, "w") as f:
            f.write(text)
    with open(os.path.join(out, "points.csv"), "rb") as f:
        points = f.read()
    os.remove(os.path.join(out, "points.csv"))
    os.remove(os.path.join(out, "runs.csv"))
    r = subprocess.run([vsfsim, "sweep", out, "--collect"], capture_output=True, text=True, timeout=60)
    with open(os.path.join(out, "points.csv"), "rb") as f:
        if r.returncode != 0 or f.read() != points:
            fail(f"--collect: exit {r.returncode}, or points.csv differs; {r.stderr}")
        else:
            ok("--collect rebuilds points.csv byte for byte")


def timeouts(vsfsim, tmp):
    # Runs far longer than the timeout (400 simulated days): a run that ended before the executor's next
    # poll saw its deadline would count as ok, which made this test flaky on a fast machine.
    doc = dict(SWEEP, name="e2e-timeout", axes=[], replications=2, timeout="1ms",
               set=dict(SWEEP["set"], **{"/duration": "400d"}))
    doc.pop("baseline")
    sweep_file = os.path.join(tmp, "timeout.json")
    write_json(sweep_file, doc)
    out = os.path.join(tmp, "timeout")
    r = sweep(vsfsim, sweep_file, "-o", out, progress=True)
    last = (r.stderr.splitlines() or [""])[-1]
    if r.returncode != 1 or "timed out" not in r.stdout or "logs/all/r1.stderr" not in r.stdout or \
            not last.startswith("runs 2/2 done (100%), 2 failed, elapsed"):
        return fail(f"timed-out runs: exit {r.returncode} (1 expected); {r.stdout}{r.stderr}")
    _, runs = read_csv(os.path.join(out, "runs.csv"))
    _, points = read_csv(os.path.join(out, "points.csv"))
    with open(os.path.join(out, "records", "all", "r1.json")) as f:
        record = json.load(f)
    if [(x["status"], x["exit_code"]) for x in runs] != [("timed_out", "")] * 2 or \
            (points[0]["n"], points[0]["n_failed"]) != ("0", "2") or record["signal"] != 9:
        return fail(f"timed-out runs: runs.csv {runs}, points.csv {points}, record {record}")
    ok("runs past the sweep's timeout: recorded timed_out (SIGKILL), tables written, exit 1, logs named; "
       "--progress ends with the count of failures")


def bad_input(vsfsim, tmp):
    doc = dict(SWEEP, name="e2e-bad", axes=[dict(SWEEP["axes"][0], values=[24, -3]), SWEEP["axes"][1]])
    sweep_file = os.path.join(tmp, "bad.json")
    write_json(sweep_file, doc)
    out = os.path.join(tmp, "bad")
    r = sweep(vsfsim, sweep_file, "-o", out)
    if r.returncode != 2 or "cpus=-3" not in r.stderr or os.path.exists(out):
        return fail(f"a bad axis value: exit {r.returncode}, DIR exists {os.path.exists(out)}; {r.stderr}")
    ok("a bad axis value: exit 2 naming the point, nothing written")


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp(prefix="vsfsim-sweep-local-")
    try:
        sweep_file = os.path.join(tmp, "sweep.json")
        write_json(sweep_file, SWEEP)
        dry_run(vsfsim, tmp, sweep_file)
        out = os.path.join(tmp, "out")
        r = sweep(vsfsim, sweep_file, "-o", out, "-j", "2")
        if r.returncode != 0:
            fail(f"the sweep: exit {r.returncode}; {r.stdout}{r.stderr}")
        else:
            with open(os.path.join(out, "sweep.json")) as f:
                runs = json.load(f)["runs"]
            if sorted({x["point"] for x in runs}) != sorted(POINTS) or len(runs) != 12:
                fail(f"sweep.json runs: {[x['key'] for x in runs]}")
            check_files(out, runs)
            check_columns(out)
            check_crn(out, runs)
            check_statistics(out, runs)
            rerun_rules(vsfsim, sweep_file, out)
        timeouts(vsfsim, tmp)
        bad_input(vsfsim, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("all ok")


if __name__ == "__main__":
    main()
