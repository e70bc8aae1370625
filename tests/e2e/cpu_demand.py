#!/usr/bin/python3
"""vsfs[].cpu_demand and the capacity figures through the CLI.

Run from the repository root: /usr/bin/python3 tests/e2e/cpu_demand.py PATH/TO/vsfsim
A grid of 4 CPUs and one VSF whose only scaling is a cpu_demand of 1/min held 5 min for 6 h (offered load
about 6 CPUs: many requests are denied). From the events and the summary of one run:
- the demand: its requests (scale_request reason "demand", one CPU each) number 360 within 5 sigma of a
  Poisson count; every grant of one is a join that serves, and every CPU served is released with reason
  "demand_end" unless the run ended during its hold; a denied request is never asked again;
- grid.denial_probability = denied / requested demand CPUs (the only scale-outs), strictly in (0, 1);
- grid.cpu_hours.allocated = the hours between each cpu_allocated and its cpu_idle (or the end), within a
  second (the recorder starts a CPU's hours at its join, the grant's message latency after the allocation);
  serving <= allocated; busy is 0 (no traffic) and so is utilization_of_allocated;
- grid.idle_pool.percentiles: 0 <= p5 <= p50 <= p95 <= 4, and p5 = 0 (the pool runs dry often here);
- grid.time_to_serve_s: p50 <= p95 <= p99 <= max, mean within [min sample, max], the events' values.
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


SCENARIO = {
    "name": "cpu-demand",
    "duration": "6h",
    "seed": 11,
    "models": [os.path.join(ROOT, "models", m) for m in ("hardware.json", "roles.json", "switches.json")],
    "grid": {"cpus": 4, "storage": [{"name": "array0"}]},
    "vsfs": [{
        "name": "batch",
        "lb": False,
        "tiers": [{"role": "web", "initial": 0, "max": 100}],
        "traffic": {"type": "constant", "rate": 0},
        "cpu_demand": {"rate": "1/min", "hold": "5min"},
    }],
}


def main():
    vsfsim = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "demand.json")
        with open(path, "w") as f:
            json.dump(SCENARIO, f)
        out = os.path.join(tmp, "out")
        p = subprocess.run([vsfsim, "run", path, "-o", out, "--no-progress"], cwd=ROOT, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"FAIL: vsfsim run exited {p.returncode}: {p.stderr}")
        with open(os.path.join(out, "summary.json")) as f:
            s = json.load(f)
        with open(os.path.join(out, "events.jsonl")) as f:
            events = [json.loads(line) for line in f]
    end = s["duration_s"]
    g = s["grid"]

    asks = [e for e in events if e["type"] == "scale_request"]
    check(asks and all(e["reason"] == "demand" and e["requested"] == 1 for e in asks),
          "every scale_request is a demand for one CPU")
    expected = end / 60
    check(abs(len(asks) - expected) < 5 * expected ** 0.5, f"{len(asks)} demand requests, expected {expected:.0f}")
    grants = [e for e in events if e["type"] == "scale_grant"]
    requested = sum(e["requested"] for e in grants)
    denied = sum(e["requested"] - e["granted"] for e in grants)
    check(0 < denied < requested, f"denied {denied} of {requested}: the test wants both outcomes")
    check(abs(g["denial_probability"] - denied / requested) < 1e-12,
          f"denial_probability {g['denial_probability']} != {denied}/{requested}")

    allocated = [e for e in events if e["type"] == "cpu_allocated"]
    check(all(e["reason"] == "demand" for e in allocated), "every CPU allocated for the demand")
    serving = {}
    released = 0
    for e in events:
        if e["type"] == "cpu_serving":
            serving[e["cpu"]] = e["t"]
        if e["type"] == "cpu_release":
            check(e["reason"] == "demand_end", f"release reason {e['reason']}")
            check(e["t"] - serving.pop(e["cpu"]) > 0, "a release after serving")
            released += 1
    check(released > 0, "some demand CPUs released")

    since, hours = {}, 0.0
    for e in events:
        if e["type"] == "cpu_allocated":
            since[e["cpu"]] = e["t"]
        if e["type"] == "cpu_idle" and e["cpu"] in since:
            hours += (e["t"] - since.pop(e["cpu"])) / 3600
    hours += sum(end - t for t in since.values()) / 3600
    h = g["cpu_hours"]
    # The recorder counts a CPU's hours from its first state change after the allocation (its join's start,
    # the grant's message latency later): within a second in all.
    check(abs(h["allocated"] - hours) < 1 / 3600, f"cpu_hours.allocated {h['allocated']} != {hours} from the events")
    check(0 < h["serving"] <= h["allocated"], f"cpu_hours.serving {h['serving']} not in (0, allocated]")
    check(h["busy"] == 0 and h["utilization_of_allocated"] == 0, f"no traffic, yet busy {h['busy']}")

    pct = g["idle_pool"]["percentiles"]
    check(0 == pct["p5"] <= pct["p50"] <= pct["p95"] <= 4, f"idle pool percentiles {pct}")

    tts = g["time_to_serve_s"]
    samples = [e["time_to_serve_s"] for e in events if e["type"] == "cpu_serving"]
    check(tts["p50"] <= tts["p95"] <= tts["p99"] <= tts["max"], f"time_to_serve_s not ordered: {tts}")
    check(abs(tts["max"] - max(samples)) < 1e-9 and min(samples) <= tts["mean"] <= max(samples),
          f"time_to_serve_s {tts} against the events' {min(samples)}..{max(samples)}")
    check(abs(tts["mean"] - sum(samples) / len(samples)) < 1e-9, "time_to_serve_s mean against the events")

    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print(f"ok: {len(asks)} demand requests, denial_probability {g['denial_probability']:.3f}, "
          f"{h['allocated']:.2f} CPU-hours allocated, pool percentiles {pct}")


if __name__ == "__main__":
    main()
