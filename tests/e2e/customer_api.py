#!/usr/bin/python3
"""The customer API from the CLI (issue 13 §3): api_calls and an api_rule on a small grid, run twice.

- determinism: the same scenario gives the same summary.json and events.jsonl bytes;
- the document is valid against scenarios/schema.json;
- every api_call event is counted in summary.json's vsfs[].api (calls, by_outcome, cpus_asked,
  cpus_released), and each accepted or cut +N is a scale_request (reason "api") of `allowed` CPUs at the same
  time, each -N that many cpu_release events (reason "api");
- a call made while the VSF's farm manager is crashed is taken by its next incarnation, after the restart;
- a call naming an ordered VSF whose order was rejected is refused at its time;
- the rule (queue above 20 on an overloaded tier) calls, at least `cooldown` apart.
Usage: customer_api.py VSFSIM
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402

ROOT = inline_run.ROOT


def scenario():
    shop = {"name": "shop", "lb": False, "tiers": [{"role": "web", "initial": 1, "min": 1, "max": 4}],
            "traffic": {"type": "constant", "rate": 5}}
    busy = {"name": "busy", "lb": False, "fidelity": "flow",
            "tiers": [{"role": "web", "initial": 1, "min": 1, "max": 3, "dispatch": "shared_queue"}],
            "timeout": "10min", "traffic": {"type": "constant", "rate": 400},
            "api_rules": [{"queue_above": 20, "ask": 1, "interval": "10s", "cooldown": "1min"}]}
    ordered = {"name": "never", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 1}}
    return {"name": "customer-api", "seed": 5, "duration": "10min", "models": inline_run.models(),
            "grid": {"cpus": 12, "storage": [{"name": "array0"}], "control_plane": {"hosts": 1}},
            "vsfs": [shop, busy],
            "provisioning": {"reject_probability": 1},
            "orders": [{"at": "1min", "vsf": ordered}],
            "api_calls": [{"at": "1min", "vsf": "shop", "change": 2},
                          {"at": "2min", "vsf": "shop", "change": 5},
                          {"at": "150s", "vsf": "shop", "change": 1},
                          {"at": "6min", "vsf": "shop", "change": -2},
                          {"at": "7min", "vsf": "never", "change": 1}],
            "faults": {"events": [{"at": "140s", "kind": "manager", "manager": "farm_manager", "target": "shop",
                                   "repair": "30s"}]},
            "outputs": {"events": True, "timeseries": False}}


def check_counts(r, problems):
    for v in r.summary["vsfs"]:
        calls = [e for e in r.events if e["type"] == "api_call" and e["vsf"] == v["name"]]
        api = v.get("api")
        if api is None:
            problems.append(f"{v['name']}: no api in summary.json")
            continue
        by = {o: sum(1 for e in calls if e["outcome"] == o) for o in ("accepted", "cut", "refused")}
        got = (api["calls"], api["by_outcome"], api["cpus_asked"], api["cpus_released"])
        want = (len(calls), by, sum(max(0, e["allowed"]) for e in calls), sum(max(0, -e["allowed"]) for e in calls))
        if got != want:
            problems.append(f"{v['name']}: summary api {got} != events {want}")
        for e in calls:
            if e["allowed"] > 0:
                asks = [q for q in r.events if q["type"] == "scale_request" and q["t"] == e["t"] and
                        q["vsf"] == e["vsf"] and q["reason"] == "api" and q["requested"] == e["allowed"]]
                if len(asks) != 1:
                    problems.append(f"no scale_request for {e}")
            if e["allowed"] < 0:
                # through the slave, which checks the registry first: a moment later
                rel = [q for q in r.events if q["type"] == "cpu_release" and e["t"] <= q["t"] < e["t"] + 5 and
                       q["vsf"] == e["vsf"] and q["reason"] == "api"]
                if len(rel) != -e["allowed"]:
                    problems.append(f"{len(rel)} cpu_release for {e}")


def check_story(r, problems):
    shop = [e for e in r.events if e["type"] == "api_call" and e["vsf"] == "shop"]
    outcomes = [(e["called_at_s"], e["outcome"], e["allowed"]) for e in shop]
    # +2 accepted (1 + 2 = 3), +5 cut to the max (1 more), +1 at the max (refused), -2 released.
    want = [(60, "accepted", 2), (120, "cut", 1), (150, "refused", 0), (360, "accepted", -2)]
    if outcomes != want:
        problems.append(f"shop's calls {outcomes} != {want}")
    late = [e for e in shop if e["called_at_s"] == 150]
    restarts = [e["t"] for e in r.events if e["type"] == "restart" and e.get("manager", "").startswith("fm")]
    if not late or not restarts or not late[0]["t"] > 150 or late[0]["t"] < min(restarts):
        problems.append(f"the call made while the farm manager was down: {late}, restarts {restarts}")
    never = [e for e in r.events if e["type"] == "api_call" and e["vsf"] == "never"]
    if len(never) != 1 or never[0]["outcome"] != "refused" or never[0]["t"] != 420:
        problems.append(f"the call to the rejected order's VSF: {never}")
    rule = [e for e in r.events if e["type"] == "api_call" and e["vsf"] == "busy"]
    if not rule or any(e["source"] != "rule" or e["queue"] <= 20 for e in rule):
        problems.append(f"busy's rule calls: {rule}")
    if any(b["t"] - a["t"] < 60 - 1e-6 for a, b in zip(rule, rule[1:])):
        problems.append(f"busy's rule calls closer than the cooldown: {[e['t'] for e in rule]}")


def main():
    vsfsim = sys.argv[1]
    problems = []
    doc = scenario()
    try:
        import jsonschema
        with open(os.path.join(ROOT, "scenarios", "schema.json")) as f:
            jsonschema.validate(doc, json.load(f))
    except ImportError:
        print("jsonschema not installed: schema not checked")
    except Exception as e:  # noqa: BLE001 - any schema failure is a problem to report
        problems.append(f"schema: {str(e)[:300]}")
    with tempfile.TemporaryDirectory() as work:
        runs = [inline_run.run(vsfsim, doc, work, name) for name in ("a", "b")]
        for r in runs:
            if r.returncode != 0:
                return inline_run.report([f"vsfsim failed: {r.stderr}"])
        for f in ("summary.json", "events.jsonl"):
            a, b = (open(os.path.join(work, f"out-{n}", f), "rb").read() for n in ("a", "b"))
            if a != b:
                problems.append(f"{f} differs between two runs of the same scenario")
        check_counts(runs[0], problems)
        check_story(runs[0], problems)
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
