"""Checks one vsfsim results directory against the documented output format (README "Outputs").

Usage: check_results.py DIR [--vsfs N] [--duration SECONDS] [--seed N]
Prints one line per problem and exits 1 if there is any. Used by the end-to-end tests (not a test
itself: it lives under lib/ so ctest does not run it alone).
"""
import argparse
import csv
import json
import math
import os
import sys

problems = []


def problem(msg):
    problems.append(msg)


def number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def need(obj, key, where, kind=None):
    if not isinstance(obj, dict) or key not in obj:
        problem(f"summary.json: {where}: missing \"{key}\"")
        return None
    value = obj[key]
    if kind == "number" and not number(value):
        problem(f"summary.json: {where}/{key}: expected a finite number, found {value!r}")
    elif kind == "object" and not isinstance(value, dict):
        problem(f"summary.json: {where}/{key}: expected an object, found {value!r}")
    return value


def check_denials(d, where, problem):
    """`denials`: needs <= attempts, CPUs refused >= attempts, open seconds total >= max (max null iff no need)."""
    for k in ("needs", "attempts", "cpus_refused"):
        need(d, k, where, "number")
    open_s = need(d, "open_s", where, "object") or {}
    need(open_s, "total", where + "/open_s", "number")
    if not all(number(d.get(k)) for k in ("needs", "attempts", "cpus_refused")):
        return
    if not d["needs"] <= d["attempts"] <= d["cpus_refused"]:
        problem(f"summary.json: {where}: expected needs <= attempts <= cpus_refused: {d}")
    peak = open_s.get("max")
    if (peak is None) != (d["needs"] == 0) or (peak is not None and not open_s.get("total", 0) >= peak >= 0):
        problem(f"summary.json: {where}/open_s: {open_s} does not fit {d['needs']} needs")


def check_summary(path, args):
    with open(path) as f:
        s = json.load(f)
    for key in ("scenario", "seed", "duration_s", "vsfs", "grid"):
        need(s, key, "")
    if args.seed is not None and s.get("seed") != args.seed:
        problem(f"summary.json: seed is {s.get('seed')!r}, expected {args.seed}")
    if args.duration is not None and not (number(s.get("duration_s")) and abs(s["duration_s"] - args.duration) < 1e-6):
        problem(f"summary.json: duration_s is {s.get('duration_s')!r}, expected {args.duration}")
    vsfs = s.get("vsfs", [])
    if not isinstance(vsfs, list):
        problem("summary.json: vsfs is not an array")
        vsfs = []
    if args.vsfs is not None and len(vsfs) != args.vsfs:
        problem(f"summary.json: {len(vsfs)} VSFs, expected {args.vsfs}")
    total_offered = 0
    for i, v in enumerate(vsfs):
        w = f"/vsfs/{i}"
        need(v, "name", w)
        req = need(v, "requests", w, "object") or {}
        for k in ("offered", "served", "dropped", "timed_out"):
            need(req, k, w + "/requests", "number")
        if all(number(req.get(k)) for k in ("offered", "served", "dropped", "timed_out")):
            total_offered += req["offered"]
            if req["served"] + req["dropped"] + req["timed_out"] > req["offered"]:
                problem(f"summary.json: {w}/requests: served + dropped + timed_out > offered: {req}")
        resp = need(v, "response_ms", w, "object") or {}
        for k in ("mean", "p50", "p95", "p99"):
            need(resp, k, w + "/response_ms", "number")
        if all(number(resp.get(k)) for k in ("p50", "p95", "p99")):
            if not resp["p50"] <= resp["p95"] <= resp["p99"]:
                problem(f"summary.json: {w}/response_ms: percentiles not ordered: {resp}")
        if number(req.get("served")) and req["served"] > 0 and number(resp.get("mean")) and resp["mean"] <= 0:
            problem(f"summary.json: {w}/response_ms/mean is {resp['mean']} with {req['served']} served")
        need(v, "sla_violation_s", w, "number")
        cpu = need(v, "cpu_seconds", w, "object") or {}
        for k, x in cpu.items():
            if not number(x) or x < 0:
                problem(f"summary.json: {w}/cpu_seconds/{k}: expected a number >= 0, found {x!r}")
        for k in ("scale_outs", "scale_ins", "cpus_cut_by_max", "cpus_cut_by_min"):
            need(v, k, w, "number")
        check_denials(need(v, "denials", w, "object") or {}, w + "/denials", problem)
        need(v, "denial_probability", w)  # null when the VSF asked for no CPU
        tts = need(v, "time_to_serve_s", w, "object") or {}
        for k in ("mean", "p50", "p95", "p99", "max"):
            need(tts, k, w + "/time_to_serve_s")
    if vsfs and total_offered <= 0:
        problem("summary.json: no request offered to any VSF")
    g = need(s, "grid", "", "object") or {}
    need(g, "cpus", "/grid", "number")
    pool = need(g, "idle_pool", "/grid", "object") or {}
    for k in ("min", "mean", "seconds_at_zero", "fraction_at_zero"):
        need(pool, k, "/grid/idle_pool", "number")
    check_denials(need(g, "denials", "/grid", "object") or {}, "/grid/denials", problem)
    need(g, "scale_out_needs", "/grid", "number")
    for k in ("denials_per_scale_out", "sla_violation_s_per_vsf_hour", "denial_probability"):  # null: nothing to divide
        need(g, k, "/grid")
    pct = need(pool, "percentiles", "/grid/idle_pool", "object") or {}
    for k in ("p5", "p50", "p95"):
        need(pct, k, "/grid/idle_pool/percentiles")
    gtts = need(g, "time_to_serve_s", "/grid", "object") or {}
    for k in ("mean", "p50", "p95", "p99", "max"):
        need(gtts, k, "/grid/time_to_serve_s")
    hours = need(g, "cpu_hours", "/grid", "object") or {}
    for k in ("allocated", "serving", "busy"):
        need(hours, k, "/grid/cpu_hours", "number")
    need(hours, "utilization_of_allocated", "/grid/cpu_hours")
    if number(hours.get("allocated")) and number(hours.get("busy")) and hours["busy"] > hours["allocated"] + 1e-9:
        problem(f"summary.json: /grid/cpu_hours/busy {hours['busy']} exceeds allocated {hours['allocated']}")
    rec = need(g, "reconfigurations", "/grid", "object") or {}
    for k in ("vlan", "san"):
        need(rec, k, "/grid/reconfigurations", "number")
    need(g, "energy_j", "/grid", "number")
    if number(g.get("energy_j")) and g["energy_j"] <= 0:
        problem(f"summary.json: /grid/energy_j is {g['energy_j']}, expected > 0")
    if need(g, "isolation_violations", "/grid", "number") not in (None, 0):
        problem(f"summary.json: /grid/isolation_violations is {g['isolation_violations']}, expected 0")
    return s


def check_timeseries(path, summary):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if len(rows) < 2:
        problem(f"timeseries.csv: {len(rows)} lines, expected a header and at least one row")
        return
    header = rows[0]
    if len(set(header)) != len(header):
        problem(f"timeseries.csv: duplicate columns in header {header}")
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problem(f"timeseries.csv:{n}: {len(row)} fields, header has {len(header)}")
            break
    names = {v.get("name") for v in summary.get("vsfs", [])}
    seen = {cell for row in rows[1:] for cell in row if cell in names}
    if names and seen != names:
        problem(f"timeseries.csv: rows for VSFs {sorted(seen)}, expected {sorted(names)}")


def check_events(path):
    last_t = -math.inf
    count = 0
    with open(path) as f:
        for n, line in enumerate(f, start=1):
            try:
                e = json.loads(line)
            except json.JSONDecodeError as err:
                problem(f"events.jsonl:{n}: not JSON: {err}")
                return
            count += 1
            if not isinstance(e, dict) or not number(e.get("t")) or not isinstance(e.get("type"), str):
                problem(f"events.jsonl:{n}: expected an object with a numeric \"t\" and a string \"type\": {line.strip()}")
                return
            if e["t"] < last_t:
                problem(f"events.jsonl:{n}: t = {e['t']} goes back in time (previous {last_t})")
                return
            last_t = e["t"]
    if count == 0:
        problem("events.jsonl: empty")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--vsfs", type=int)
    p.add_argument("--duration", type=float)
    p.add_argument("--seed", type=int)
    args = p.parse_args()
    files = {name: os.path.join(args.dir, name) for name in ("summary.json", "timeseries.csv", "events.jsonl")}
    for name, path in files.items():
        if not os.path.isfile(path):
            problem(f"{name}: missing in {args.dir}")
    if not problems:
        try:
            summary = check_summary(files["summary.json"], args)
            check_timeseries(files["timeseries.csv"], summary)
            check_events(files["events.jsonl"])
        except (OSError, ValueError) as err:
            problem(f"cannot read results: {err}")
    for msg in problems:
        print(msg)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
