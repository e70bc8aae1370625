"""Runs vsfsim on a scenario document built in a test (the Python e2e and property tests).

models(): the repository's model files by absolute path, so a document can live in a temporary folder.
run(vsfsim, doc, workdir, name): writes doc to workdir/<name>.json, runs it into workdir/out-<name>, and
returns a Run: the exit status, stderr, and (when it ran) summary.json and the events.jsonl lines.
run_file(vsfsim, path, workdir, name, extra=()): the same for a scenario file (e.g. a shipped one), with extra
arguments (such as --set overrides).
shortening(path): the --set overrides that shorten a shipped scenario too big to run in full in a test
(lib/big_scenarios.txt), or [].
report(problems): prints them and a verdict line; the exit status for the test.
"""
import json
import os
import subprocess
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def models():
    return [os.path.join(ROOT, "models", f) for f in ("hardware.json", "roles.json", "switches.json")]


@dataclass
class Run:
    returncode: int
    stderr: str
    summary: dict = field(default_factory=dict)
    events: list = field(default_factory=list)


def run(vsfsim, doc, workdir, name):
    path = os.path.join(workdir, f"{name}.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    return run_file(vsfsim, path, workdir, name)


def shortening(path):
    name = os.path.splitext(os.path.basename(path))[0]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "big_scenarios.txt")) as f:
        for line in f:
            words = line.split()
            if words and not words[0].startswith("#") and words[0] == name:
                return words[1:]
    return []


def run_file(vsfsim, path, workdir, name, extra=()):
    out = os.path.join(workdir, f"out-{name}")
    r = subprocess.run([vsfsim, "run", path, "--no-progress", "-o", out, *extra], capture_output=True, text=True)
    result = Run(r.returncode, r.stderr)
    if r.returncode == 0:
        with open(os.path.join(out, "summary.json")) as f:
            result.summary = json.load(f)
        events = os.path.join(out, "events.jsonl")
        if os.path.exists(events):
            with open(events) as f:
                result.events = [json.loads(line) for line in f]
    return result


def report(problems):
    for p in problems:
        print(p)
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0
