#!/usr/bin/python3
"""The master arbitrates scale-outs that ask for more than the idle pool holds.

Two identical VSFs on 2 servers each, both loaded to ~90 % utilization from t = 0, threshold policy
with step 2 and the same 10 s control interval: their farm managers ask for 2 CPUs each at the same
tick, and the requests reach the master within its arbitration window. The grid has 7 CPUs, so the
idle pool holds 3: the master shares it in proportion (control::share_pool: 1.5 each, the leftover
CPU to the earlier request), logs one scale_grant per request with competing = 2, and a denial for
the request it could not serve in full (one refused attempt, one need). Usage: arbitration.py VSFSIM
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402


def main():
    vsfsim = sys.argv[1]
    models = inline_run.models()
    vsf = lambda name: {  # noqa: E731
        "name": name, "lb": False, "tiers": [{"role": "web", "initial": 2, "min": 2, "max": 6}],
        "policy": {"type": "threshold", "interval": "10s", "window": "10s", "high": 0.75, "step": 2,
                   "cooldown": "10min"},
        "traffic": {"type": "constant", "rate": 180}}
    doc = {"name": "arbitration", "seed": 9, "duration": "25s", "models": models,
           "grid": {"cpus": 7, "storage": [{"name": "array0", "ports": 2}], "control_plane": {"hosts": 2}},
           "vsfs": [vsf("a"), vsf("b")], "outputs": {"events": True, "timeseries": False}}
    with tempfile.TemporaryDirectory() as work:
        r = inline_run.run(vsfsim, doc, work, "arbitration")
    if r.returncode != 0:
        print(r.stderr)
        return 1
    events, summary = r.events, r.summary
    problems = []
    asks = [e for e in events if e["type"] == "scale_request"]
    grants = [e for e in events if e["type"] == "scale_grant"]
    denials = [e for e in events if e["type"] == "denial"]
    if sorted(a["vsf"] for a in asks) != ["a", "b"] or any(a["requested"] != 2 for a in asks):
        problems.append(f"expected one request of 2 CPUs per VSF at the same tick: {asks}")
    elif abs(asks[0]["t"] - asks[1]["t"]) > 1e-3:
        problems.append(f"the two requests are not simultaneous: {asks}")
    if len(grants) != 2 or any(g["competing"] != 2 or g["round_pool"] != 3 or g["requested"] != 2 for g in grants):
        problems.append(f"grants: {grants}")
    else:
        got = [g["granted"] for g in grants]
        if got != [2, 1]:  # 1.5 each: the leftover CPU to the earlier request
            problems.append(f"granted {got}, expected [2, 1]")
        if [g["idle_pool"] for g in grants] != [1, 0]:  # the pool right after each grant
            problems.append(f"idle_pool after the grants: {grants}")
        if len(denials) != 1 or denials[0]["vsf"] != grants[1]["vsf"] or denials[0]["refused"] != 1 \
                or denials[0]["reason"] != "idle pool shared out among competing requests":
            problems.append(f"denials: {denials}")
    denied = summary["grid"]["denials"]
    if (denied["needs"], denied["attempts"], denied["cpus_refused"]) != (1, 1, 1):
        problems.append(f"summary denials {denied}")
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
