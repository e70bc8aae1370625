#!/usr/bin/python3
"""scenarios/cdn.json through the CLI: follow-the-sun traffic moves cache capacity around the world.

Run from the repository root: /usr/bin/python3 tests/e2e/cdn_follow_the_sun.py PATH/TO/vsfsim
Two runs of the shipped CDN scenario (three sites, regions peaking at 06:00 San Jose, 14:00 London,
22:00 New York UTC):
- determinism: the two runs' summary.json, timeseries.csv and events.jsonl are byte-identical;
- each edge's cache tier holds its most serving CPUs within 2 h of its own region's peak, and at each
  region's peak its own edge holds more cache CPUs than either other edge (capacity moved there);
- summary.json's cdn: the origin's requests are the edges' misses (none lost on the WAN: its links are far
  from saturation and none fails) and the origin VSF's offered count, the WAN carries each miss's 4 KiB
  request and 8 KiB response (the app role's) and the origin's wan_gb is the edges' sum, every
  edge's hit ratio lies within the curve's range h(2)..h(12) = 0.45..0.77, and a miss costs at least the
  WAN round trip from its edge's site (0 at New York, 70 ms San Jose, 80 ms London).
"""
import csv
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


def run(vsfsim, out):
    p = subprocess.run([vsfsim, "run", os.path.join(ROOT, "scenarios", "cdn.json"), "-o", out, "--no-progress"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stderr, file=sys.stderr)
        sys.exit(f"vsfsim run exited {p.returncode}")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    vsfsim = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
        run(vsfsim, a)
        run(vsfsim, b)
        for f in ("summary.json", "timeseries.csv", "events.jsonl"):
            check(read(os.path.join(a, f)) == read(os.path.join(b, f)), f"{f} differs between two runs")
        with open(os.path.join(a, "summary.json")) as f:
            summary = json.load(f)
        with open(os.path.join(a, "timeseries.csv"), newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["tier"] == "web"]

    peaks = {"shop-cdn@sanjose": 6, "shop-cdn@london": 14, "shop-cdn@newyork": 22}
    cache = {v: {} for v in peaks}  # vsf -> {t_s: serving cache CPUs}
    for r in rows:
        if r["vsf"] in cache:
            cache[r["vsf"]][float(r["t_s"])] = int(r["cpus_serving"])
    for vsf, peak_h in peaks.items():
        series = cache[vsf]
        check(len(series) >= 280, f"{vsf}: {len(series)} timeseries rows")
        if not series:
            continue
        most = max(series.values())
        at = [t for t, n in series.items() if n == most]
        dist = min(min(abs(t / 3600 - peak_h), 24 - abs(t / 3600 - peak_h)) for t in at)
        check(dist <= 2, f"{vsf}: most cache CPUs ({most}) at {[t / 3600 for t in at]} h, not within 2 h of {peak_h} h")
        t_peak = min(series, key=lambda t: abs(t - peak_h * 3600))
        for other in peaks:
            if other != vsf:
                check(series[t_peak] > cache[other].get(t_peak, 0),
                      f"at {vsf}'s peak ({t_peak / 3600} h) it holds {series[t_peak]} cache CPUs, "
                      f"{other} {cache[other].get(t_peak)}")

    cdn = summary.get("cdn", [])
    check(len(cdn) == 1, f"summary cdn: {cdn}")
    if cdn:
        c = cdn[0]
        misses = sum(e["misses"] for e in c["edges"])
        wan_gb = sum(e["wan_gb"] for e in c["edges"])
        check(all(e["misses_lost"] == 0 for e in c["edges"]), "no miss lost on the WAN")
        for e in c["edges"]:
            want = e["misses"] * (4096 + 8192) / 1e9 if e["site"] != "newyork" else 0
            check(abs(e["wan_gb"] - want) <= 1e-6 * max(want, 1e-9), f"{e['name']}: wan_gb {e['wan_gb']} vs {want}")
        check(abs(c["origin"]["wan_gb"] - wan_gb) <= 1e-9 * max(wan_gb, 1), "origin wan_gb is its edges' sum")
        origin = next(v for v in summary["vsfs"] if v["name"] == "shop-cdn")
        check(abs(c["origin"]["requests"] - misses) <= 1e-6 * misses, f"origin requests {c['origin']} vs misses {misses}")
        check(abs(origin["requests"]["offered"] - misses) <= 1e-6 * misses, "origin VSF's offered count")
        rtt = {"sanjose": 70, "newyork": 0, "london": 80}
        for e in c["edges"]:
            check(0.45 <= e["hit_ratio"] <= 0.771, f"{e['name']}: hit ratio {e['hit_ratio']}")
            check(e["miss_price_ms"] > rtt[e["site"]], f"{e['name']}: miss price {e['miss_price_ms']} ms")
    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print("ok")


if __name__ == "__main__":
    main()
