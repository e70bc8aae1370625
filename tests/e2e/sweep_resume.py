#!/usr/bin/python3
"""Nothing finished is ever lost: a sweep SIGKILLed at random moments, resumed each time, ends as if never
interrupted.

Run from the repository root: /usr/bin/python3 tests/e2e/sweep_resume.py PATH/TO/vsfsim [SEED]
A reference sweep runs uninterrupted. The same sweep into another DIR is started, SIGKILLed after a random
delay, and restarted with --resume, 8 times (then once stopped by SIGTERM: exit 143), then run to the end.
After every kill:
- no process of the sweep survives it (its children die with it: PR_SET_PDEATHSIG);
- every record parses and is of its run; every run recorded ok has a complete results directory;
- no finished run was rerun or rewritten: its record, its summary.json and its log keep their inode and
  mtime from the moment they were first seen finished;
At the end every run is recorded exactly once, points.csv equals the reference's byte for byte and
runs.csv too except the wall_s column (wall time is not deterministic).
"""
import csv
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN_FILES = ("summary.json", "timeseries.csv", "events.jsonl", "run.json")
KILLS = 8
failures = []

SWEEP = {
    "name": "e2e-resume",
    "scenario": os.path.join(ROOT, "scenarios", "quickstart.json"),
    "set": {"/grid/cpus": 20},
    "axes": [{"pointer": "/duration", "values": ["2min", "4min", "6min"]},
             {"pointer": "/vsfs/0/policy/high", "values": [0.7, 0.8]}],
    "replications": 3,
    "metrics": ["/grid/idle_pool/mean", "/grid/energy_j", {"name": "served", "pointer": "/vsfs/1/requests/served"}],
}


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def ok(msg):
    print("ok:", msg)


def stat_key(path):
    st = os.stat(path)
    return st.st_ino, st.st_mtime_ns


def processes_in(out):
    """Pids of live processes whose command line names DIR (the sweep or one of its runs)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if out.encode() in f.read():
                    with open(f"/proc/{pid}/stat") as s:
                        if s.read().split(") ")[-1].split()[0] != "Z":
                            found.append(int(pid))
        except OSError:
            pass
    return found


def finished(out, runs, seen):
    """Checks DIR after an interruption; returns the number of runs recorded."""
    n = 0
    for run in runs:
        point, rep = run["key"].rsplit("/", 1)
        record = os.path.join(out, "records", point, rep + ".json")
        if not os.path.exists(record):
            if run["key"] in seen:
                fail(f"{run['key']}: its record disappeared")
            continue
        n += 1
        try:
            with open(record) as f:
                doc = json.load(f)
        except ValueError as e:
            fail(f"{record} does not parse: {e}")
            continue
        if (doc.get("point"), doc.get("replication"), doc.get("seed")) != (point, run["replication"], run["seed"]):
            fail(f"{record} is not the record of {run['key']}: {doc}")
        files = [record, os.path.join(out, "logs", point, rep + ".stderr")]
        if doc.get("status") == "ok":
            results = os.path.join(out, "runs", point, rep)
            missing = [f for f in RUN_FILES if not os.path.isfile(os.path.join(results, f))]
            if missing:
                fail(f"{run['key']} is recorded ok but its results lack {missing}")
                continue
            files.append(os.path.join(results, "summary.json"))
        else:
            fail(f"{run['key']} recorded {doc.get('status')}: an interruption was taken for a failure")
        state = [stat_key(f) for f in files]
        if run["key"] not in seen:
            seen[run["key"]] = state
        elif seen[run["key"]] != state:
            fail(f"{run['key']} finished before and was rerun or rewritten (inode/mtime changed)")
    return n


def without_wall(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("wall_s")
    out = io.StringIO()
    csv.writer(out).writerows([r[:col] + r[col + 1:] for r in rows])
    return out.getvalue()


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else time.time_ns() % 1000000
    print(f"random kill times from seed {seed} (rerun with it as the second argument)")
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="vsfsim-sweep-resume-")
    try:
        sweep_file = os.path.join(tmp, "sweep.json")
        with open(sweep_file, "w") as f:
            json.dump(SWEEP, f)
        ref, out = os.path.join(tmp, "ref"), os.path.join(tmp, "out")
        base = [vsfsim, "sweep", sweep_file, "-j", "2", "--no-progress"]
        t0 = time.monotonic()
        r = subprocess.run(base + ["-o", ref], capture_output=True, text=True, timeout=300)
        wall = time.monotonic() - t0
        if r.returncode != 0:
            return fail(f"reference sweep: exit {r.returncode}: {r.stdout}{r.stderr}")
        print(f"reference sweep: {wall:.1f} s")
        with open(os.path.join(ref, "sweep.json")) as f:
            runs = json.load(f)["runs"]
        seen, counts = {}, []
        for attempt in range(KILLS + 1):
            args = base + ["-o", out] + (["--resume"] if attempt > 0 else [])
            p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            time.sleep(rng.uniform(0.05, 1.5 * wall / (KILLS + 1)))  # kills spread over the sweep
            sig = signal.SIGKILL if attempt < KILLS else signal.SIGTERM
            p.send_signal(sig)
            _, err = p.communicate(timeout=60)
            if sig == signal.SIGTERM and p.returncode not in (143, 0):
                fail(f"SIGTERM: exit {p.returncode} (143 expected, or 0 if it had finished): {err}")
            # The kernel delivers the children's SIGKILL at once, but on a loaded machine (CI runs sanitizer
            # builds beside this) a dying process may take a while to leave /proc: wait up to 5 s for them.
            deadline = time.monotonic() + 5
            alive = processes_in(out)
            while alive and time.monotonic() < deadline:
                time.sleep(0.1)
                alive = processes_in(out)
            if alive:
                fail(f"after {sig.name}: processes of the sweep still alive: {alive}")
                for pid in alive:
                    os.kill(pid, signal.SIGKILL)
            counts.append(finished(out, runs, seen))
        ok(f"{KILLS} SIGKILLs and a SIGTERM at random moments; runs finished after each: {counts}")
        r = subprocess.run(base + ["-o", out, "--resume"], capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            return fail(f"final --resume: exit {r.returncode}: {r.stdout}{r.stderr}")
        if finished(out, runs, seen) != len(runs):
            fail("not every run is recorded after the final --resume")
        logs = sum(len(fs) for _, _, fs in os.walk(os.path.join(out, "logs")))
        if logs != len(runs):
            fail(f"{logs} logs for {len(runs)} runs")
        with open(os.path.join(ref, "points.csv"), "rb") as a, open(os.path.join(out, "points.csv"), "rb") as b:
            if a.read() != b.read():
                fail("points.csv differs from the uninterrupted sweep's")
        if without_wall(os.path.join(ref, "runs.csv")) != without_wall(os.path.join(out, "runs.csv")):
            fail("runs.csv (wall_s aside) differs from the uninterrupted sweep's")
        if not failures:
            ok(f"all {len(runs)} runs finished once, none rerun; tables equal the uninterrupted sweep's")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)
    print("all ok")


if __name__ == "__main__":
    main()
