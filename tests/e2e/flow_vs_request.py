#!/usr/bin/python3
"""Flow fidelity against request fidelity on every shipped scenario (issue 9 §2's validation criteria).

Every scenario of scenarios/ with a VSF in request fidelity (one whose VSFs are all in flow already has
nothing to compare) runs twice at its own seed and full duration, every VSF in request fidelity and then in
flow fidelity; tools/flow-accuracy.py computes the figures (the README table "Flow fidelity: accuracy and
where it is wrong" is its output). Per VSF:
- served within 2 %, or within 3 Poisson standard deviations of the request run's count, 3 / sqrt(served),
  when that is larger: a request run that served N requests is itself one Poisson draw, off by about
  sqrt(N) from its mean, and flow gives the mean (many-shops' quiet shops serve 2,000-4,000 requests in
  5 minutes: 3 sigma is 5-7 %);
- mean utilization (time-weighted mean of the VSF's timeseries.csv rows) within 3 percentage points;
- mean response time within 5 %, p95 within 15 %;
- the same number of scale-outs per tier, each flow one within the VSF's policy interval of the request
  one of the same rank (the policy acts at interval ticks: one tick earlier or later is the resolution).
EXEMPT lists the cases that fail a criterion for a documented reason, with the measured figure; each is
still checked against a looser bound, and README.md must state the same figure. Run time: the request
runs take about 20 CPU seconds in all, the flow runs about 1.
Usage: flow_vs_request.py VSFSIM
"""
import importlib.util
import json
import math
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_spec = importlib.util.spec_from_file_location("flow_accuracy", os.path.join(ROOT, "tools", "flow-accuracy.py"))
fa = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fa)

SERVED, UTIL_PP, MEAN, P95 = 0.02, 0.03, 0.05, 0.15

# (scenario, VSF, criterion): (measured relative error, looser bound, reason). The figure is repeated in
# README.md ("Where flow is wrong"); the test checks the README says it.
EXEMPT = {
    ("slave-failover", "blog", "mean"): (
        -0.065, 0.10,
        "its load steps from 20 to 120 requests/s on one 100/s web server: 2.5 minutes of overload with a "
        "full queue until its scale-out serves; flow's fluid backlog builds and drains without randomness"),
    # One web server at utilization 0.86-0.88 for the 3 minutes before its scale-out serves. Flow is right
    # on average there: 10 request runs of that tier alone (86 requests/s, 3 min, seeds 1-10) give means
    # of 105-124 ms (113 on average, sigma 6 %) and p95s of 222-305 ms (253, sigma 11 %), flow 113 and
    # 256; the shipped seed's request run is about one sigma above (README: "Where flow is wrong").
    ("many-shops", "shop-19", "mean"): (-0.070, 0.12, "the request run's own noise at utilization 0.87"),
    ("many-shops", "shop-19", "p95"): (-0.163, 0.30, "the request run's own noise at utilization 0.87"),
}


def check_vsf(scenario, name, c, problems):
    r = c["req"]
    served_bound = max(SERVED, 3 / math.sqrt(max(r["served"], 1)))
    checks = [
        ("served", c["served_err"], served_bound),
        ("utilization", c["util_diff"], UTIL_PP),
        ("mean", c["mean_err"], MEAN),
        ("p95", c["p95_err"], P95),
    ]
    for criterion, err, bound in checks:
        if err is None:
            if (c["req"].get(f"{criterion}_ms") is None) != (c["flow"].get(f"{criterion}_ms") is None):
                problems.append(f"{scenario} {name}: {criterion} is null in one run only")
            continue
        exempt = EXEMPT.get((scenario, name, criterion))
        if exempt:
            bound = exempt[1]
        if not abs(err) <= bound:
            unit = "pp" if criterion == "utilization" else "%"
            problems.append(f"{scenario} {name}: {criterion} off by {100 * err:+.1f} {unit}, bound "
                            f"{100 * bound:.1f} {unit}{' (exemption: ' + exempt[2] + ')' if exempt else ''} "
                            f"[request {r}, flow {c['flow']}]")
        elif exempt and abs(err - exempt[0]) > 0.01:
            print(f"note: {scenario} {name} {criterion}: {100 * err:+.1f} % now, exemption says "
                  f"{100 * exempt[0]:+.1f} %: update EXEMPT and README.md", file=sys.stderr)
    if not c["outs_within"]:
        problems.append(f"{scenario} {name}: scale-outs differ (policy interval {c['interval_s']} s): request "
                        f"{r['outs']}, flow {c['flow']['outs']}")


def check_readme(problems):
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    start = text.find("## Flow fidelity: accuracy and where it is wrong")
    if start < 0:
        problems.append("README.md has no section 'Flow fidelity: accuracy and where it is wrong'")
        return
    section = text[start:text.find("\n## ", start + 1)]
    for (scenario, name, criterion), (measured, _, _) in EXEMPT.items():
        figure = f"{100 * measured:+.1f} %".replace("-", "−")
        if figure not in section and f"{100 * measured:+.1f} %" not in section:
            problems.append(f"README.md's flow section does not state the exemption {scenario} {name} "
                            f"{criterion} {figure}")


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    problems, compared, used = [], 0, set()
    scenarios = fa.shipped_scenarios()
    if len(scenarios) < 5:
        problems.append(f"only {len(scenarios)} shipped scenarios with a request-fidelity VSF found")
    with tempfile.TemporaryDirectory() as tmp:
        for path in scenarios:
            scenario = os.path.splitext(os.path.basename(path))[0]
            outs = {fid: os.path.join(tmp, f"{scenario}-{fid}") for fid in ("request", "flow")}
            for fid, out in outs.items():
                fa.run(vsfsim, path, fid, out)
            # Grid energy: flow adds its busy cores' power above idle (README, Modelling choices); within 1 %.
            energy = [json.load(open(os.path.join(o, "summary.json")))["grid"]["energy_j"] for o in outs.values()]
            if abs(energy[1] / energy[0] - 1) > 0.01:
                problems.append(f"{scenario}: energy_j flow {energy[1]:.6g} vs request {energy[0]:.6g} (over 1 %)")
            for name, c in fa.compare(outs["request"], outs["flow"]):
                check_vsf(scenario, name, c, problems)
                used.update(k for k in EXEMPT if k[:2] == (scenario, name))
                compared += 1
    for key in EXEMPT:
        if key not in used:
            problems.append(f"exemption {key} names no VSF of a shipped scenario")
    check_readme(problems)
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    print(f"{compared} VSFs of {len(scenarios)} scenarios compared, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
