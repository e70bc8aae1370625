#!/usr/bin/python3
"""A small CDN (tests/e2e/data/cdn-small.json) in flow fidelity against request fidelity.

Run from the repository root: /usr/bin/python3 tests/e2e/cdn_fidelities.py PATH/TO/vsfsim
The same scenario runs with "fidelity" set to "request" (each miss a real transfer over the WAN and one
request of the origin) and to "flow" (the WAN as processor-sharing links, the origin fed the misses as a
rate). Per edge and for the origin, flow must be within the flow-fidelity bounds of the README ("Flow
fidelity: accuracy"): served within 2 %, mean response within 5 %; and each edge's hit ratio within 3
standard deviations of the request run's Bernoulli draws. The request run takes about 5 s.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "tests", "e2e", "data", "cdn-small.json")
failures = []


def check(ok, msg):
    if not ok:
        failures.append(msg)
        print("FAIL:", msg, file=sys.stderr)


def run(vsfsim, fidelity, out):
    p = subprocess.run([vsfsim, "run", SCENARIO, "-o", out, "--no-progress", "--set", f"/fidelity={fidelity}"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr, file=sys.stderr)
        sys.exit(f"vsfsim run ({fidelity}) exited {p.returncode}")
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)


def main():
    vsfsim = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        req = run(vsfsim, "request", os.path.join(tmp, "request"))
        flow = run(vsfsim, "flow", os.path.join(tmp, "flow"))
    r_vsfs = {v["name"]: v for v in req["vsfs"]}
    for v in flow["vsfs"]:
        r = r_vsfs[v["name"]]
        served_r, served_f = r["requests"]["served"], v["requests"]["served"]
        check(abs(served_f - served_r) <= 0.02 * served_r, f"{v['name']}: served flow {served_f} request {served_r}")
        mean_r, mean_f = r["response_ms"]["mean"], v["response_ms"]["mean"]
        print(f"{v['name']}: served {served_r} / {served_f}, mean response {mean_r:.2f} / {mean_f:.2f} ms "
              "(request / flow)")
        # The origin's own response differs by construction (request: its clients are the caches across the
        # WAN; flow: its site's Internet host), so only the edges' response times are compared.
        if "@" in v["name"]:
            check(abs(mean_f - mean_r) <= 0.05 * mean_r, f"{v['name']}: mean response flow {mean_f} request {mean_r}")
    r_edges = {e["name"]: e for e in req["cdn"][0]["edges"]}
    for e in flow["cdn"][0]["edges"]:
        r = r_edges[e["name"]]
        sigma = math.sqrt(e["hit_ratio"] * (1 - e["hit_ratio"]) / r["requests"])
        check(abs(r["hit_ratio"] - e["hit_ratio"]) <= 3 * sigma, f"{e['name']}: hit ratio {r['hit_ratio']} vs {e['hit_ratio']}")
    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print("ok")


if __name__ == "__main__":
    main()
