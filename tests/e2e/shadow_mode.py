#!/usr/bin/python3
"""Shadow mode never acts: a run with vsfs[].shadow_policies writes exactly the bytes of the same run without them,
but for the shadow_decision lines of events.jsonl and summary.json's vsfs[].shadow_policies.

The scenario has two VSFs over an hour, request and flow fidelity: one with an active threshold policy and
target_tracking and step shadows, one with no active policy ("none", which still ticks) and a threshold shadow,
traffic that rises and falls so every policy acts both ways, and a crashing CPU (replacements at ticks, the
bound shadows count first against max). Checks, run against run: timeseries.csv identical; events.jsonl identical
once the shadow_decision lines are removed; summary.json identical once vsfs[].shadow_policies is removed; the
shadows decided something in both directions; each shadow's summary counts equal its events; the active policy's
counts equal its scale_decision events; a second run with shadows is byte-identical (determinism).
Usage: shadow_mode.py VSFSIM
"""
import copy
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402


def scenario():
    # On "app" (20 ms a request) CPUs: 15/s is 0.15 of 2 CPUs, 80/s is 0.8 of 2 and 0.53 of 3.
    traffic = {"type": "steps", "steps": [{"at": "0s", "rate": 15}, {"at": "10min", "rate": 80},
                                          {"at": "35min", "rate": 8}]}
    shop = {"name": "shop", "tiers": [{"role": "app", "initial": 2, "min": 1, "max": 10}],
            "policy": {"type": "threshold", "interval": "30s", "window": "60s", "high": 0.75, "low": 0.3},
            "traffic": traffic,
            "shadow_policies": [
                {"policy": {"type": "target_tracking", "target": 0.5}},
                {"name": "steps", "policy": {"type": "step", "threshold": 0.6, "cooldown": "1min",
                                             "steps": [{"lower": 0, "upper": 0.2, "adjustment": 1},
                                                       {"lower": 0.2, "adjustment": 3}],
                                             "scale_in": {"threshold": 0.25,
                                                          "steps": [{"upper": 0, "adjustment": -1}]}}}]}
    idle = {"name": "idle", "fidelity": "flow", "tiers": [{"role": "app", "initial": 3, "min": 1, "max": 8}],
            "policy": {"type": "none", "interval": "1min"}, "traffic": traffic,
            "shadow_policies": [{"policy": {"type": "threshold", "high": 0.5, "low": 0.2}}]}
    return {"name": "shadow-mode", "seed": 5, "duration": "1h", "models": inline_run.models(),
            "grid": {"cpus": 30, "storage": [{"name": "array0"}]},
            "vsfs": [shop, idle],
            "faults": {"events": [{"at": "20min", "kind": "cpu", "target": "cpu-3", "repair": "10min"}]},
            "outputs": {"events": True, "timeseries": True}}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    vsfsim = sys.argv[1]
    problems = []

    def check(ok, what):
        if not ok:
            problems.append(what)

    with tempfile.TemporaryDirectory() as work:
        with_doc = scenario()
        without_doc = copy.deepcopy(with_doc)
        for v in without_doc["vsfs"]:
            del v["shadow_policies"]
        runs = {}
        for name, doc in (("with", with_doc), ("without", without_doc), ("again", with_doc)):
            r = inline_run.run(vsfsim, doc, work, name)
            if r.returncode != 0:
                return inline_run.report([f"run {name}: exit {r.returncode}: {r.stderr[:500]}"])
            out = os.path.join(work, f"out-{name}")
            runs[name] = {f: read(os.path.join(out, f)) for f in ("summary.json", "timeseries.csv", "events.jsonl")}
            runs[name]["run"] = r

        w, wo = runs["with"], runs["without"]
        check(w["timeseries.csv"] == wo["timeseries.csv"], "timeseries.csv differs with shadows")
        lines = w["events.jsonl"].splitlines(keepends=True)
        kept = b"".join(line for line in lines if json.loads(line)["type"] != "shadow_decision")
        check(kept == wo["events.jsonl"], "events.jsonl without the shadow_decision lines differs")
        s_with, s_without = json.loads(w["summary.json"]), json.loads(wo["summary.json"])
        shadow_sections = []
        for v in s_with["vsfs"]:
            shadow_sections.append(v.pop("shadow_policies", None))
        check(all(shadow_sections), "every VSF with shadows has vsfs[].shadow_policies")
        check(not any("shadow_policies" in v for v in s_without["vsfs"]), "no shadow section without shadows")
        check(s_with == s_without, "summary.json without vsfs[].shadow_policies differs")
        for name in ("summary.json", "timeseries.csv", "events.jsonl"):
            check(runs["again"][name] == w[name], f"{name} differs between two runs with shadows")

        events = w["run"].events
        for v, sp in zip(s_with["vsfs"], shadow_sections):
            if not sp:
                continue
            for sh in sp["shadows"]:
                mine = [e for e in events if e["type"] == "shadow_decision" and e["vsf"] == v["name"]
                        and e["shadow"] == sh["name"]]
                outs = [e["applied"] for e in mine if e["applied"] > 0]
                ins = [-e["applied"] for e in mine if e["applied"] < 0]
                check(outs and ins, f"{v['name']}/{sh['name']}: scaled both ways on paper ({len(outs)} out, "
                                    f"{len(ins)} in)")
                check(sh["decisions"] == len(mine), f"{v['name']}/{sh['name']}: decisions {sh['decisions']} != "
                                                    f"{len(mine)} events")
                check(sh["scale_outs"] == {"count": len(outs), "cpus": sum(outs)}, f"{sh['name']}: scale_outs")
                check(sh["scale_ins"] == {"count": len(ins), "cpus": sum(ins)}, f"{sh['name']}: scale_ins")
                check(all(e["policy"] == sh["policy"] for e in mine), f"{sh['name']}: policy field")
                check(sh["cpu_seconds_estimate"] > 0, f"{sh['name']}: a CPU-seconds estimate")
            active = [e for e in events if e["type"] == "scale_decision" and e["vsf"] == v["name"]]
            check(sp["active"]["decisions"] == len(active), f"{v['name']}: active decisions")
            check(sp["active"]["cpu_seconds_allocated"] > 0, f"{v['name']}: active cpu_seconds_allocated")
            check(any(e["applied"] > 0 for e in active) or v["name"] == "idle", f"{v['name']}: the active policy acted")
        names = [sh["name"] for sh in shadow_sections[0]["shadows"]]
        check(names == ["target_tracking", "steps"], f"shadow names {names}")
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
