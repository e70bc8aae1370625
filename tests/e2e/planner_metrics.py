#!/usr/bin/python3
"""summary.json's capacity-planner figures against what the same run says elsewhere.

Run from the repository root: /usr/bin/python3 tests/e2e/planner_metrics.py PATH/TO/vsfsim
The quickstart in flow fidelity (a second each), on its 40 CPUs and on 8 CPUs with three times its
traffic (the pool runs dry and scale-outs are denied):
- 40 CPUs, nothing denied: every scale-out need is met at its first request, so grid.scale_out_needs is
  exactly the number of scale_grant events (each granted in full) and denials_per_scale_out is 0;
- 8 CPUs: denials_per_scale_out = denials.needs / scale_out_needs, strictly between 0 and 1 here; the
  needs lie between the denied ones and those plus the grants given in full (a need is met at once or
  refused at least once); denials.needs equals the denial events that opened a need (attempt 1);
- both: idle_pool.fraction_at_zero = seconds_at_zero / duration_s; sla_violation_s_per_vsf_hour =
  the VSFs' sla_violation_s summed / (2 VSFs x 1 h), both VSFs existing from t = 0.
"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(ok, msg):
    if not ok:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(vsfsim, out, extra):
    cmd = [vsfsim, "run", "scenarios/quickstart.json", "-o", out, "--no-progress", "--set", "/fidelity=flow"] + extra
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}: {p.stderr}")
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    with open(os.path.join(out, "events.jsonl")) as f:
        events = [json.loads(line) for line in f]
    return summary, events


def common(tag, s):
    g = s["grid"]
    check(abs(g["idle_pool"]["fraction_at_zero"] - g["idle_pool"]["seconds_at_zero"] / s["duration_s"]) < 1e-12,
          f"{tag}: fraction_at_zero {g['idle_pool']['fraction_at_zero']} != seconds_at_zero / duration_s")
    violation = sum(v["sla_violation_s"] for v in s["vsfs"])
    check(abs(g["sla_violation_s_per_vsf_hour"] - violation / 2) < 1e-9,
          f"{tag}: sla_violation_s_per_vsf_hour {g['sla_violation_s_per_vsf_hour']} != {violation} s / 2 VSF-hours")


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        s, events = run(vsfsim, os.path.join(tmp, "roomy"), [])
        g = s["grid"]
        grants = [e for e in events if e["type"] == "scale_grant"]
        check(g["denials"]["needs"] == 0, f"roomy: {g['denials']['needs']} denied needs on 40 CPUs")
        check(len(grants) > 0 and all(e["granted"] == e["requested"] for e in grants), "roomy: a grant not in full")
        check(g["scale_out_needs"] == len(grants), f"roomy: scale_out_needs {g['scale_out_needs']} != {len(grants)} grants")
        check(g["denials_per_scale_out"] == 0, f"roomy: denials_per_scale_out {g['denials_per_scale_out']} != 0")
        common("roomy", s)

        s, events = run(vsfsim, os.path.join(tmp, "dry"), ["--set", "/grid/cpus=8", "--set", "/traffic_scale=3"])
        g = s["grid"]
        needs, total = g["denials"]["needs"], g["scale_out_needs"]
        opened = sum(1 for e in events if e["type"] == "denial" and e["attempt"] == 1)
        in_full = sum(1 for e in events if e["type"] == "scale_grant" and e["granted"] == e["requested"])
        check(needs == opened, f"dry: denials.needs {needs} != {opened} denial events with attempt 1")
        check(needs <= total <= needs + in_full, f"dry: scale_out_needs {total} outside [{needs}, {needs + in_full}]")
        check(0 < g["denials_per_scale_out"] < 1, f"dry: denials_per_scale_out {g['denials_per_scale_out']}")
        check(abs(g["denials_per_scale_out"] - needs / total) < 1e-12, "dry: denials_per_scale_out != needs / total")
        check(g["idle_pool"]["seconds_at_zero"] > 0, "dry: the pool never ran dry")
        common("dry", s)
    if failures:
        sys.exit(1)
    print("ok")


main()
