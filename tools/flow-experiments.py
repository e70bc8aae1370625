#!/usr/bin/python3
"""Where flow fidelity is wrong, by small experiments (README "Flow fidelity: accuracy and where it is
wrong"). Each case is one VSF (LB + web tier, `least_outstanding`, the shipped models, no scaling) run in
request fidelity and in flow fidelity, at the same seed; it prints a markdown table of the VSF's served and
timed-out requests, mean / p95 / p99 response time and the worst interval p95 of timeseries.csv:
- burst-flash: 100 requests/s on 2 web servers (utilization 0.5) and a flash crowd at t = 300 s that jumps
  by 200/s (to 1.5 x their capacity) and decays with a 10 s time constant (2,000 extra requests, as many
  as 10 s at 300/s): a continuous shape, which flow takes as its mean per flow.resolution step; flow at
  resolution 60 s and 1 s;
- burst-steps: a 10 s burst at 300/s as `steps` traffic, and burst-trace the same as a rate trace (flow
  changes rate exactly where steps and trace points change);
- constant-work: one web server, constant 10 ms work (M/D/1 rather than M/M/1), 80 requests/s;
- saturation: one web server at 97 requests/s (utilization 0.97) for 5 minutes, request at seeds 1-5;
- contention: a 10 Mbit/s uplink carrying 16 KiB responses at 60 requests/s (77 % of the link).
Usage: tools/flow-experiments.py [--vsfsim build/vsfsim] [CASE...]
"""
import argparse
import copy
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def models():
    out = []
    for name in ("hardware.json", "roles.json", "switches.json"):
        with open(os.path.join(ROOT, "models", name)) as f:
            out.append(json.load(f))
    return out


def base(rate, servers, duration="10min"):
    return {"name": "exp", "seed": 1, "duration": duration, "models": models(),
            "grid": {"cpus": 8, "storage": [{"name": "array0", "ports": 2}],
                     "uplink": {"bandwidth": "1Gbps", "latency": "20ms"}, "control_plane": {"hosts": 1}},
            "vsfs": [{"name": "shop", "tiers": [{"role": "web", "initial": servers, "min": servers,
                                                 "max": servers, "dispatch": "least_outstanding"}],
                      "policy": {"type": "none"}, "traffic": {"type": "constant", "rate": rate}}],
            "outputs": {"interval": "60s", "events": False, "timeseries": True}}


def run(vsfsim, doc, tmp, tag, extra=()):
    path = os.path.join(tmp, f"{tag}.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    out = os.path.join(tmp, f"out-{tag}")
    r = subprocess.run([vsfsim, "run", path, "-o", out, "--no-progress", *extra], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{tag}: exit {r.returncode}\n{r.stderr[-2000:]}")
    with open(os.path.join(out, "summary.json")) as f:
        v = json.load(f)["vsfs"][0]
    with open(os.path.join(out, "timeseries.csv")) as f:
        p95s = [float(row["p95_ms"]) for row in csv.DictReader(f) if row["vsf"] and not row["tier"] and row["p95_ms"]]
    ms = v["response_ms"]
    return {"served": v["requests"]["served"], "timed_out": v["requests"]["timed_out"], "mean": ms["mean"],
            "p95": ms["p95"], "p99": ms["p99"], "worst_p95": max(p95s) if p95s else None}


def burst(kind, tmp):
    doc = base(100, 2)
    if kind == "flash":
        doc["vsfs"][0]["traffic"] = [{"type": "constant", "rate": 100},
                                     {"type": "flash_crowd", "start": "300s", "peak": 200, "decay": "10s"}]
    elif kind == "trace":
        trace = os.path.join(tmp, "burst.csv")
        with open(trace, "w") as f:
            f.write("t,rate\n0,100\n300,300\n310,100\n600,100\n")
        doc["vsfs"][0]["traffic"] = {"type": "trace", "file": trace, "time_column": "t", "value_column": "rate"}
    else:
        doc["vsfs"][0]["traffic"] = {"type": "steps", "steps": [{"at": "0s", "rate": 100}, {"at": "300s", "rate": 300},
                                                                {"at": "310s", "rate": 100}]}
    return doc


def constant_work():
    doc = base(80, 1)
    doc["models"][1] = copy.deepcopy(doc["models"][1])
    doc["models"][1]["roles"]["web"]["work_distribution"] = "constant"
    return doc


def contention():
    doc = base(60, 2)
    doc["grid"]["uplink"]["bandwidth"] = "10Mbps"
    return doc


def cases(tmp):
    """[(case, document, [(fidelity label, extra arguments)])]."""
    flow = ("flow", ["--set", "/fidelity=flow"])
    return [
        ("burst-flash", burst("flash", tmp), [("request", []), ("flow, resolution 60 s", flow[1]),
                                              ("flow, resolution 1 s", [*flow[1], "--set", "/flow={\"resolution\": \"1s\"}"])]),
        ("burst-steps", burst("steps", tmp), [("request", []), ("flow, resolution 60 s", flow[1])]),
        ("burst-trace", burst("trace", tmp), [("flow, resolution 60 s", flow[1])]),
        ("constant-work", constant_work(), [("request", []), flow]),
        ("saturation", base(97, 1, "5min"), [*[(f"request, seed {s}", ["--seed", str(s)]) for s in range(1, 6)], flow]),
        ("contention", contention(), [("request", []), flow]),
    ]


def fmt(x, digits=1):
    return "—" if x is None else f"{x:,.{digits}f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vsfsim", default=os.path.join(ROOT, "build", "vsfsim"))
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    print("| case | fidelity | served | timed out | mean ms | p95 ms | p99 ms | worst interval p95 ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc, variants in cases(tmp):
            if a.only and name not in a.only:
                continue
            for n, (label, extra) in enumerate(variants):
                r = run(a.vsfsim, doc, tmp, f"{name}-{n}", extra)
                print(f"| {name} | {label} | {r['served']:,} | {r['timed_out']:,} | {fmt(r['mean'])} | "
                      f"{fmt(r['p95'])} | {fmt(r['p99'])} | {fmt(r['worst_p95'])} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
