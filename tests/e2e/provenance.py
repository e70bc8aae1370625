#!/usr/bin/python3
"""run.json records how a run was made, and reproduces it from the results directory alone.

Run from the repository root: /usr/bin/python3 tests/e2e/provenance.py PATH/TO/vsfsim
- a shipped scenario with --set and --seed: run.json holds the version (as --version prints it), a
  commit (hex, or "unknown"), the command line, the --set list, the seed, and the effective scenario
  (the override applied, the seed explicit, every model file inlined, no path left in `models`);
- `vsfsim run OUT/run.json -o OUT2` from another working directory gives byte-identical summary.json,
  timeseries.csv and events.jsonl; `validate` accepts a run.json; a --set on top of one still applies;
  rerunning into a directory that holds results and their run.json replaces it;
- the same with a trace CSV (relative to the scenario's folder) and with a fault CSV: run.json records
  each by absolute path with its sha256; a trace changed since the run makes the reproduction bad input
  (exit 2, nothing written).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RESULTS = ("summary.json", "timeseries.csv", "events.jsonl", "billing.csv")
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def ok(msg):
    print("ok:", msg)


def vsfsim_run(vsfsim, cwd, *args):
    return subprocess.run([vsfsim, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def load(path):
    with open(path) as f:
        return json.load(f)


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def reproduce(vsfsim, out, other, elsewhere, what):
    """Runs OUT/run.json into OTHER from the directory `elsewhere`; checks the three files match."""
    r = vsfsim_run(vsfsim, elsewhere, "run", os.path.join(out, "run.json"), "-o", other, "--no-progress")
    if r.returncode != 0:
        fail(f"{what}: run of run.json exit {r.returncode}: {r.stderr[-2000:]}")
        return
    written = [f for f in RESULTS if os.path.exists(os.path.join(out, f))]  # `outputs` may turn some off
    if [f for f in RESULTS if os.path.exists(os.path.join(other, f))] != written:
        fail(f"{what}: the reproduction did not write the same files as the run ({written})")
        return
    differ = [f for f in written if not same_bytes(os.path.join(out, f), os.path.join(other, f))]
    if differ:
        fail(f"{what}: reproduction from run.json differs in {differ}")
    else:
        ok(f"{what}: reproduced from run.json in another directory, {', '.join(written)} byte-identical")
    previous = load(os.path.join(other, "run.json"))["vsfsim"].get("previous")
    if previous != load(os.path.join(out, "run.json"))["vsfsim"]:
        fail(f"{what}: the reproduction's run.json does not hold the reproduced run's record as `previous`")


def check_fields(vsfsim, out, argv, sets, seed):
    rec = load(os.path.join(out, "run.json"))
    info, scenario = rec.get("vsfsim", {}), rec.get("scenario", {})
    if list(rec) != ["vsfsim", "scenario"]:
        fail(f"run.json top-level keys {list(rec)}, expected ['vsfsim', 'scenario']")
    version = subprocess.run([vsfsim, "--version"], capture_output=True, text=True).stdout.split()[-1]
    if info.get("version") != version:
        fail(f"version {info.get('version')!r}, --version says {version!r}")
    if not re.fullmatch(r"[0-9a-f]{4,40}|unknown", str(info.get("commit"))):
        fail(f"commit {info.get('commit')!r} is neither a hex commit nor 'unknown'")
    expected = {"argv": argv, "sets": sets, "seed": seed, "cwd": ROOT}
    for key, want in expected.items():
        if info.get(key) != want:
            fail(f"run.json vsfsim.{key} is {info.get(key)!r}, expected {want!r}")
    if scenario.get("duration") != "20min" or scenario.get("seed") != seed:
        fail(f"effective scenario: duration {scenario.get('duration')!r}, seed {scenario.get('seed')!r}")
    if not scenario.get("models") or not all(isinstance(m, dict) for m in scenario["models"]):
        fail("the effective scenario's models are not all inlined")
    for m in info.get("models", []):
        with open(m["path"], "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != m["sha256"]:
                fail(f"sha256 of model {m['path']} is wrong in run.json")
    if load(os.path.join(out, "summary.json"))["seed"] != seed:
        fail("summary.json's seed differs from run.json's")
    ok("run.json: version, commit, argv, cwd, sets, seed, effective scenario with models inlined")


def shipped(vsfsim, tmp, elsewhere):
    out, other = os.path.join(tmp, "q"), os.path.join(tmp, "q2")
    argv = [vsfsim, "run", "scenarios/quickstart.json", "-o", out, "--seed", "7", "--set", "/duration=20min",
            "--no-progress"]
    r = vsfsim_run(vsfsim, ROOT, *argv[1:])
    if r.returncode != 0:
        return fail(f"quickstart run exit {r.returncode}: {r.stderr[-2000:]}")
    check_fields(vsfsim, out, argv, ["/duration=20min"], 7)
    reproduce(vsfsim, out, other, elsewhere, "quickstart --seed 7 --set /duration=20min")
    r = vsfsim_run(vsfsim, elsewhere, "validate", os.path.join(out, "run.json"))
    if r.returncode != 0 or "1200 simulated seconds" not in r.stdout:
        fail(f"validate run.json: exit {r.returncode}, {r.stdout}{r.stderr}")
    r = vsfsim_run(vsfsim, elsewhere, "run", os.path.join(out, "run.json"), "-o", other, "--no-progress",
                   "--set", "/duration=10min")
    if r.returncode != 0 or load(os.path.join(other, "summary.json"))["duration_s"] != 600:
        fail(f"--set on top of a run.json: exit {r.returncode}, {r.stderr[-1000:]}")
    else:
        ok("validate accepts run.json; --set on top of run.json applies; a run.json beside results is replaced")


def with_trace(vsfsim, tmp, elsewhere):
    folder = os.path.join(tmp, "traced")
    os.makedirs(folder)
    shutil.copy(os.path.join(ROOT, "tests/data/rate_seconds.csv"), os.path.join(folder, "trace.csv"))
    doc = load(os.path.join(ROOT, "scenarios/quickstart.json"))
    doc["models"] = [os.path.join(ROOT, "scenarios", m) for m in doc["models"]]
    doc["duration"] = "10min"
    doc["vsfs"][1]["traffic"] = {"type": "trace", "file": "trace.csv", "time_column": "time_s",
                                 "value_column": "rps", "loop": True}
    with open(os.path.join(folder, "traced.json"), "w") as f:
        json.dump(doc, f)
    out = os.path.join(tmp, "t")
    r = vsfsim_run(vsfsim, folder, "run", "traced.json", "-o", out, "--no-progress")
    if r.returncode != 0:
        return fail(f"trace scenario exit {r.returncode}: {r.stderr[-2000:]}")
    files = load(os.path.join(out, "run.json"))["vsfsim"]["files"]
    trace = os.path.join(folder, "trace.csv")
    with open(trace, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if files != [{"path": trace, "pointer": "/vsfs/1/traffic/file", "sha256": digest}]:
        fail(f"run.json files {files}, expected the trace by absolute path with its sha256")
    reproduce(vsfsim, out, os.path.join(tmp, "t2"), elsewhere, "trace CSV")
    with open(trace, "a") as f:
        f.write("120,7,\n")
    r = vsfsim_run(vsfsim, elsewhere, "run", os.path.join(out, "run.json"), "-o", os.path.join(tmp, "t3"))
    if r.returncode != 2 or "changed since the recorded run" not in r.stderr or os.path.exists(
            os.path.join(tmp, "t3")):
        fail(f"a changed trace: exit {r.returncode} (expected 2, nothing written), stderr {r.stderr[-1000:]}")
    else:
        ok("a trace changed since the run: exit 2, nothing written")


def with_fault_csv(vsfsim, tmp, elsewhere):
    out = os.path.join(tmp, "f")
    r = vsfsim_run(vsfsim, ROOT, "run", "tests/e2e/data/faults-validated.json", "-o", out, "--no-progress", "--set",
                   "/duration=3h", "--set", "/outputs/events=true", "--set", "/outputs/timeseries=true")
    if r.returncode != 0:
        return fail(f"fault CSV scenario exit {r.returncode}: {r.stderr[-2000:]}")
    files = load(os.path.join(out, "run.json"))["vsfsim"]["files"]
    if [f["path"] for f in files] != [os.path.join(ROOT, "tests/data/rate_seconds.csv")]:
        fail(f"run.json files {files}, expected tests/data/rate_seconds.csv by absolute path")
    reproduce(vsfsim, out, os.path.join(tmp, "f2"), elsewhere, "fault CSV")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    vsfsim = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="vsfsim-provenance.") as tmp:
        elsewhere = os.path.join(tmp, "elsewhere")
        os.makedirs(elsewhere)
        shipped(vsfsim, tmp, elsewhere)
        with_trace(vsfsim, tmp, elsewhere)
        with_fault_csv(vsfsim, tmp, elsewhere)
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
