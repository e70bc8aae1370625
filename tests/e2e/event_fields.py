#!/usr/bin/python3
"""One meaning per events.jsonl field name, one unit convention, and every event documented.

Runs every shipped scenario (scenarios/*.json) and a small inline one that makes the master refuse a
scale-out and a port fault cut a CPU off (events the shipped ones do not have), then checks every event:
- a field name has one JSON type in every event that carries it (null aside): `cpus` is always a list of
  CPU names, `fm` always a name, `idle_pool` always a count (the pool right after the event);
- units: response times in ms (`*_ms`, a number or null), every other duration or time in seconds
  (`*_s`, always a number); no `p95_s`, no `delta` (renamed: `wanted`, `requested`);
- README.md's events.jsonl tables name every event type seen and, in its row, every field it carries
  (the common `t`, `type`, `cpu`, `vsf`, `tier`, `duration_s`, `site` are stated once above the tables).
Usage: event_fields.py VSFSIM
"""
import glob
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import customer_api  # noqa: E402

ROOT = inline_run.ROOT
COMMON = {"t", "type", "cpu", "vsf", "tier", "duration_s", "site"}  # site: a multi-site segment's events
EXPECTED = {"cpus": "list", "fm": "str", "idle_pool": "int", "round_pool": "int"}
RENAMED = {"p95_s": "p95_ms", "delta": "wanted or requested"}


def tight_scenario():
    """Two VSFs asking for 2 CPUs each from an idle pool of 3, and a port fault cutting a CPU off."""
    vsf = lambda name: {  # noqa: E731
        "name": name, "lb": False, "tiers": [{"role": "web", "initial": 2, "min": 2, "max": 6}],
        "policy": {"type": "threshold", "interval": "10s", "window": "10s", "high": 0.75, "step": 2,
                   "cooldown": "10s"},
        "traffic": {"type": "constant", "rate": 180}}
    return {"name": "tight", "seed": 9, "duration": "60s", "models": inline_run.models(),
            "grid": {"cpus": 7, "storage": [{"name": "array0", "ports": 2}], "control_plane": {"hosts": 2}},
            "vsfs": [vsf("a"), vsf("b")],
            "faults": {"events": [{"at": "30s", "kind": "vlan_port", "target": "cpu-0/front", "repair": "10s"}]},
            "outputs": {"events": True, "timeseries": False}}


def predictive_scenario():
    """A predictive policy (no shipped scenario has one): forecast events, reactive then predictive."""
    return {"name": "predictive", "seed": 3, "duration": "8min", "models": inline_run.models(),
            "grid": {"cpus": 8, "storage": [{"name": "array0"}]},
            "vsfs": [{"name": "p", "lb": False, "tiers": [{"role": "web", "initial": 1, "min": 1, "max": 4}],
                      "policy": {"type": "predictive", "interval": "10s", "period": "1min", "target": 0.5,
                                 "method": "seasonal_naive"},
                      "traffic": {"type": "diurnal", "peak": 60, "trough": 5, "period": "1min"}}],
            "outputs": {"events": True, "timeseries": False}}


def kind(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    return {str: "str", list: "list", dict: "dict"}.get(type(v), "null" if v is None else type(v).__name__)


def documented_rows():
    """{event type: the text of its README row} from the events.jsonl section."""
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    start = text.index("### events.jsonl")
    end = text.index("\n## ", start)
    rows = {}
    for line in text[start:end].splitlines():
        if not line.startswith("| `"):
            continue
        cells = line.split("|")
        for name in re.findall(r"`([a-z_]+)`", cells[1]):
            rows[name] = line
    return rows


def check(events, where, problems, types_of, seen):
    for e in events:
        t = e.get("type")
        for key, value in e.items():
            seen.setdefault(t, set()).add(key)
            k = kind(value)
            if k != "null":
                types_of.setdefault(key, {}).setdefault("float" if k == "int" else k, f"{where}: {t}")
            if key in RENAMED:
                problems.append(f"{where}: {t} has `{key}` (now `{RENAMED[key]}`)")
            if key in EXPECTED and not k.startswith(EXPECTED[key]):
                problems.append(f"{where}: {t}.{key} is {k}, expected {EXPECTED[key]}: {e}")
            if key == "cpus" and not all(isinstance(c, str) for c in value):
                problems.append(f"{where}: {t}.cpus is not a list of names: {e}")
            if key.endswith("_s") and k not in ("int", "float"):
                problems.append(f"{where}: {t}.{key} is {k}, expected seconds (a number): {e}")
            if key.endswith("_ms") and k not in ("int", "float", "null"):
                problems.append(f"{where}: {t}.{key} is {k}, expected milliseconds or null: {e}")


def main():
    vsfsim = sys.argv[1]
    problems, types_of, seen = [], {}, {}
    with tempfile.TemporaryDirectory() as work:
        docs = [(os.path.basename(p), p) for p in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.json")))
                if not p.endswith("schema.json")]
        # A data-centre scenario runs shortened (lib/big_scenarios.txt): a week of it is a benchmark, not a test.
        runs = [(name, inline_run.run_file(vsfsim, path, work, name, inline_run.shortening(path)))
                for name, path in docs]
        runs.append(("tight (inline)", inline_run.run(vsfsim, tight_scenario(), work, "tight")))
        runs.append(("predictive (inline)", inline_run.run(vsfsim, predictive_scenario(), work, "predictive")))
        # The customer API's calls and rule (customer_api.py's scenario): api_call events.
        runs.append(("customer api (inline)", inline_run.run(vsfsim, customer_api.scenario(), work, "api")))
    for name, r in runs:
        if r.returncode != 0:
            problems.append(f"{name}: exit {r.returncode}: {r.stderr[-500:]}")
            continue
        if not r.events:
            problems.append(f"{name}: no events")
        check(r.events, name, problems, types_of, seen)
    for key, kinds in sorted(types_of.items()):
        if len(kinds) > 1:
            problems.append(f"field `{key}` has several types: {kinds}")
    for needed in ("denial", "cpu_cut", "scale_grant", "scale_decision", "takeover_done", "rollout_done", "forecast",
                   "api_call"):
        if needed not in seen:
            problems.append(f"no `{needed}` event in any run: the checks above did not see it")
    rows = documented_rows()
    for t, keys in sorted(seen.items()):
        if t not in rows:
            problems.append(f"README.md: event type `{t}` is in no events.jsonl table")
            continue
        for key in sorted(keys - COMMON):
            if f"`{key}`" not in rows[t]:
                problems.append(f"README.md: field `{key}` of `{t}` is not in its table row")
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
