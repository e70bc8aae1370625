#!/usr/bin/python3
"""vsfsim sweep with a search, from outside: the answer against the tables, and resume.

Run from the repository root: /usr/bin/python3 tests/e2e/sweep_search.py PATH/TO/vsfsim
scenarios/sweeps/pool-search.json made small (2 simulated hours, 5 to 20 replications), on -j 2:
- exit 0; search.json names an answer inside [low, high], the target, and every probe;
- every probe is a point of points.csv and its runs are rows of runs.csv (status ok): its n, mean and sd
  recomputed from runs.csv's metric column, its one-sided bounds mean +- t(confidence, n - 1) sd / sqrt(n)
  (t from scipy when installed, else from the published table) agree with search.json;
- the answer passes (upper bound <= target) and answer - 1 fails per its interval, both probed; as
  bisection keeps it, every probe below the answer fails and every probe at or above it passes;
- replications only double from min (5, 10, 20), and a point's replications are 1..n;
- the sweep records every probe's runs in sweep.json, and the tables carry the search's column (cpus);
- a rerun with --resume runs nothing new (no record written, none added) and prints the same answer;
- without --resume the DIR is refused (exit 2);
- the same search killed (SIGKILL) halfway through its wall time, then resumed: the same search.json
  and points.csv, byte for byte (the probes' runs were in sweep.json before they ran);
- a metric no summary.json has: the search stops at the first probe, search.json says why, exit 1.
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []
# t quantiles at 0.95 (one-sided 95 %) by degrees of freedom: any Student t table.
T95 = {4: 2.131847, 9: 1.833113, 19: 1.729133, 39: 1.684875}


def check(ok, msg):
    if not ok:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def t_quantile(p, dof):
    try:
        from scipy import stats
        return stats.t.ppf(p, dof)
    except ImportError:
        assert p == 0.95, "the table holds 0.95 only"
        return T95[dof]


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-7 * max(1.0, abs(a), abs(b))


def records(out):
    found = {}
    for folder, _, files in os.walk(os.path.join(out, "records")):
        for f in files:
            p = os.path.join(folder, f)
            found[p] = os.stat(p).st_mtime_ns
    return found


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    with open(os.path.join(ROOT, "scenarios", "sweeps", "pool-search.json")) as f:
        sweep = json.load(f)
    sweep["scenario"] = os.path.join(ROOT, "scenarios", "quickstart.json")
    sweep["set"]["/duration"] = "2h"
    sweep["search"]["high"] = 30
    sweep["search"]["replications"] = {"min": 5, "max": 20}
    target = sweep["search"]["target"]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "search.json")
        with open(path, "w") as f:
            json.dump(sweep, f)
        out = os.path.join(tmp, "out")
        cmd = [vsfsim, "sweep", path, "-o", out, "-j", "2"]
        started = time.monotonic()
        first = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.monotonic() - started
        if first.returncode != 0:
            sys.exit(f"FAIL: {' '.join(cmd)} exited {first.returncode}: {first.stdout}{first.stderr}")
        with open(os.path.join(out, "search.json")) as f:
            result = json.load(f)
        check(result["search"]["target"] == {"metric": target["metric"], "at_most": target["at_most"],
                                             "confidence": target["confidence"]}, "search.json: the target")
        check(len(result["results"]) == 1 and result["results"][0]["point"] == "all", "one search, no axes")
        r = result["results"][0]
        answer = r["answer"]
        if answer is None:
            sys.exit(f"FAIL: no answer: {json.dumps(r)[:400]}")
        check(sweep["search"]["low"] < answer <= 30, f"answer {answer} outside ({sweep['search']['low']}, 30]")
        check(f"answer cpus = {answer} " in first.stdout, f"stdout does not print the answer: {first.stdout}")

        with open(os.path.join(out, "runs.csv"), newline="") as f:
            runs = list(csv.DictReader(f))
        with open(os.path.join(out, "points.csv"), newline="") as f:
            points = {row["point"]: row for row in csv.DictReader(f)}
        metric = "denials_per_scale_out"
        check("cpus" in points.get(f"cpus={answer}", {}), "points.csv has no cpus column")
        probes = {p["value"]: p for p in r["probes"]}
        check(set(points) == {p["point"] for p in r["probes"]}, "points.csv's points are not the probes")
        for p in r["probes"]:
            rows = sorted((row for row in runs if row["point"] == p["point"]), key=lambda row: int(row["replication"]))
            xs = [float(row[metric]) for row in rows]
            n = len(xs)
            check([int(row["replication"]) for row in rows] == list(range(1, n + 1)), f"{p['point']}: replications")
            check(all(row["status"] == "ok" and row["cpus"] == str(p["value"]) for row in rows), f"{p['point']}: rows")
            check(p["n"] == n and int(points[p["point"]]["n"]) == n, f"{p['point']}: n {p['n']} vs {n} rows")
            check(n in (5, 10, 20), f"{p['point']}: {n} replications (expected 5, 10 or 20)")
            check(p["runs"] == [f"{p['point']}/r{k}" for k in range(1, n + 1)], f"{p['point']}: run keys")
            mean = sum(xs) / n
            sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1))
            half = t_quantile(target["confidence"], n - 1) * sd / math.sqrt(n)
            check(close(p["mean"], mean), f"{p['point']}: mean {p['mean']} != {mean}")
            check(close(float(points[p["point"]][metric + "_mean"]), mean), f"{p['point']}: points.csv mean")
            check(close(p["upper_bound"], mean + half), f"{p['point']}: upper {p['upper_bound']} != {mean + half}")
            check(close(p["lower_bound"], mean - half), f"{p['point']}: lower {p['lower_bound']} != {mean - half}")
            passes = mean + half <= target["at_most"]
            check(p["verdict"] == ("passes" if passes else "fails" if mean - half > target["at_most"] else "undecided"),
                  f"{p['point']}: verdict {p['verdict']}")
            check(passes == (p["value"] >= answer), f"{p['point']}: passes {passes} on the wrong side of {answer}")
        check(answer in probes and answer - 1 in probes, f"{answer} and {answer - 1} not both probed")
        check(r["at_answer"] == probes.get(answer), "at_answer is not the probe at the answer")
        check(r["below_answer"] == probes.get(answer - 1), "below_answer is not the probe at answer - 1")
        check(r["at_answer"]["upper_bound"] <= target["at_most"], "the answer does not pass")
        check(r["below_answer"]["verdict"] != "passes", "answer - 1 passes")
        with open(os.path.join(out, "sweep.json")) as f:
            recorded = {run["key"] for run in json.load(f)["runs"]}
        check(recorded == {k for p in r["probes"] for k in p["runs"]}, "sweep.json's runs are not the probes' runs")

        before = records(out)
        again = subprocess.run(cmd + ["--resume"], capture_output=True, text=True)
        check(again.returncode == 0, f"--resume exited {again.returncode}: {again.stderr}")
        check(records(out) == before, "--resume wrote or added records")
        check(f"answer cpus = {answer} " in again.stdout, f"--resume printed another answer: {again.stdout}")
        refused = subprocess.run(cmd, capture_output=True, text=True)
        check(refused.returncode == 2 and "--resume" in refused.stderr, f"DIR without --resume: {refused.stderr}")

        killed = os.path.join(tmp, "killed")
        child = subprocess.Popen([vsfsim, "sweep", path, "-o", killed, "-j", "2"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        time.sleep(wall / 2)
        child.kill()
        child.wait()
        resumed = subprocess.run([vsfsim, "sweep", path, "-o", killed, "-j", "2", "--resume"], capture_output=True,
                                 text=True)
        check(resumed.returncode == 0, f"resume after SIGKILL exited {resumed.returncode}: {resumed.stderr}")
        for name in ("search.json", "points.csv"):
            with open(os.path.join(out, name), "rb") as a, open(os.path.join(killed, name), "rb") as b:
                check(a.read() == b.read(), f"{name} after a SIGKILL at {wall / 2:.1f} s and --resume differs")

        sweep["search"]["target"]["metric"] = "/grid/no_such_figure"
        with open(path, "w") as f:
            json.dump(sweep, f)
        nothing = os.path.join(tmp, "nothing")
        stopped = subprocess.run([vsfsim, "sweep", path, "-o", nothing, "-j", "2"], capture_output=True, text=True)
        check(stopped.returncode == 1, f"a missing metric: exit {stopped.returncode}, expected 1")
        with open(os.path.join(nothing, "search.json")) as f:
            why = json.load(f)["results"][0]
        check(why["answer"] is None and "/grid/no_such_figure" in (why["stopped"] or ""), f"stopped: {why}")
    if failures:
        sys.exit(1)
    print(f"ok: answer {answer}, {len(r['probes'])} probes")


main()
