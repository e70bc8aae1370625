#!/usr/bin/python3
"""vsfsim run --trace: a Chrome Trace Event file that agrees with summary.json.

Run from the repository root: /usr/bin/python3 tests/e2e/trace.py PATH/TO/vsfsim
Three runs: quickstart on 8 CPUs for 12 min with its peaks moved early (scale-outs, and denials: the idle
pool runs dry) with outputs.events off (the trace keeps the events it needs; events.jsonl is still not
written), master-failover (elections, restarts, a reassignment) and cp-partition (two sides, split
brain). For each:
- the file is the JSON object form: traceEvents (a list) and displayTimeUnit; every event has the fields
  its phase needs (M: name, pid, args; X: name, ts, dur >= 0, pid, tid; i: name, ts, pid, tid, s; C: name,
  ts, pid, args of numbers); no other phase is used; every pid and (pid, tid) with events is named, and
  a tid names one track only (Perfetto's JSON import takes a tid seen under another pid for a reused one);
- per track (pid, tid) the complete slices nest: sorted by start, each one either ends before the next
  begins or contains it (no partial overlap), and the file lists events in time order;
- totals: per VSF the serving CPU-seconds of the CPU slices (state "serving" in args) equal summary.json
  vsfs[].cpu_seconds.serving (1e-6 relative), and every state's too; the "scale-out" / "scale-in"
  instants of a VSF's track count its scale_outs / scale_ins; its "denial" instants its
  denials.attempts; "master_elected" instants count control_plane.elections;
- a second run gives the same bytes; a bad --trace path is refused before the simulation (exit 2,
  naming --trace, no results directory; with a bad -o, both at once); an interrupted run (SIGINT)
  writes no trace; run --help names --trace.
"""
import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

STATES = ("off", "configuring", "booting", "serving", "draining", "stopping")
CASES = [
    ("quickstart-dry-pool", "scenarios/quickstart.json",
     ["--set", "/grid/cpus=8", "--set", "/duration=12min", "--set", "/vsfs/0/traffic/phase=5min",
      "--set", "/vsfs/1/traffic/phase=5min", "--set", "/outputs/events=false"]),
    ("master-failover", "scenarios/master-failover.json", []),
    ("cp-partition", "scenarios/cp-partition.json", []),
]
REQUIRED = {"M": ("name", "pid", "args"), "X": ("name", "ts", "dur", "pid", "tid"),
            "i": ("name", "ts", "pid", "tid", "s"), "C": ("name", "ts", "pid", "args")}
EPS_US = 1e-3  # a nanosecond: ts + dur is computed in floating point


def run(vsfsim, scenario, out, trace, extra):
    return subprocess.run([vsfsim, "run", scenario, "--no-progress", "-o", out, "--trace", trace, *extra],
                          capture_output=True, text=True)


def check_format(case, doc, problems):
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        problems.append(f"{case}: not the object form with a traceEvents list")
        return []
    if doc.get("displayTimeUnit") not in ("ms", "ns"):
        problems.append(f"{case}: displayTimeUnit {doc.get('displayTimeUnit')!r}")
    events = doc["traceEvents"]
    named_pids, named_tracks, used = set(), set(), set()
    last_ts = None
    for k, e in enumerate(events):
        ph = e.get("ph")
        if ph not in REQUIRED:
            problems.append(f"{case}: event {k} has phase {ph!r}")
            continue
        missing = [f for f in REQUIRED[ph] if f not in e]
        if missing:
            problems.append(f"{case}: event {k} ({ph}) lacks {missing}")
            continue
        if ph == "M":
            if e["name"] == "process_name":
                named_pids.add(e["pid"])
            if e["name"] == "thread_name":
                named_tracks.add((e["pid"], e["tid"]))
            continue
        if not isinstance(e["ts"], (int, float)) or (last_ts is not None and e["ts"] < last_ts):
            problems.append(f"{case}: event {k} at ts {e['ts']} is out of time order")
        last_ts = e["ts"]
        if ph == "X" and not e["dur"] >= 0:
            problems.append(f"{case}: slice {k} has dur {e['dur']}")
        if ph == "C" and not all(isinstance(v, (int, float)) for v in e["args"].values()):
            problems.append(f"{case}: counter {k} has non-numeric args {e['args']}")
        if ph == "i" and e["s"] not in ("t", "p", "g"):
            problems.append(f"{case}: instant {k} has scope {e['s']!r}")
        used.add(e["pid"])
        if ph in ("X", "i"):
            used.add((e["pid"], e["tid"]))
    tids = collections.Counter(tid for pid, tid in named_tracks)
    if any(n > 1 for n in tids.values()):
        problems.append(f"{case}: a tid names tracks of two processes (Perfetto would merge them)")
    for u in used:
        if (u not in named_tracks) if isinstance(u, tuple) else (u not in named_pids):
            problems.append(f"{case}: {u} has events but no name")
    return events


def check_nesting(case, events, problems):
    tracks = collections.defaultdict(list)
    for e in events:
        if e.get("ph") == "X":
            tracks[(e["pid"], e["tid"])].append((e["ts"], e["ts"] + e["dur"], e["name"]))
    for track, slices in tracks.items():
        slices.sort(key=lambda s: (s[0], -s[1]))
        stack = []
        for start, end, name in slices:
            while stack and stack[-1][1] <= start + EPS_US:
                stack.pop()
            if stack and end > stack[-1][1] + EPS_US:
                problems.append(f"{case}: on track {track} {name} [{start}, {end}] overlaps {stack[-1][2]} "
                                f"[{stack[-1][0]}, {stack[-1][1]}] partially")
                break
            stack.append((start, end, name))
    return tracks


def check_totals(case, events, summary, problems):
    seconds = collections.defaultdict(float)  # (vsf, state)
    vsf_of_track, instants = {}, collections.Counter()
    for e in events:
        if e.get("ph") == "M" and e["name"] == "thread_name":
            vsf_of_track[(e["pid"], e["tid"])] = e["args"]["name"]
        if e.get("ph") == "X" and e.get("cat") == "cpu":
            seconds[(e["args"]["vsf"], e["args"]["state"])] += e["dur"] / 1e6
        if e.get("ph") == "i":
            instants[(vsf_of_track.get((e["pid"], e["tid"])), e["name"])] += 1
    for v in summary["vsfs"]:
        for state in STATES:
            want, got = v["cpu_seconds"][state], seconds[(v["name"], state)]
            if abs(got - want) > 1e-6 * max(1.0, abs(want)):
                problems.append(f"{case}: {v['name']} {state} CPU-seconds: slices {got!r}, summary {want!r}")
        for name, want in (("scale-out", v["scale_outs"]), ("scale-in", v["scale_ins"]),
                           ("denial", v["denials"]["attempts"])):
            if instants[(v["name"], name)] != want:
                problems.append(f"{case}: {v['name']}: {instants[(v['name'], name)]} {name} instants, "
                                f"summary {want}")
    elections = sum(n for (track, name), n in instants.items() if name == "master_elected")
    if elections != summary["control_plane"]["elections"]:
        problems.append(f"{case}: {elections} master_elected instants, summary "
                        f"{summary['control_plane']['elections']} elections")
    return seconds, instants


def main(vsfsim):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for case, scenario, extra in CASES:
            out, trace = os.path.join(tmp, case), os.path.join(tmp, f"{case}.trace.json")
            r = run(vsfsim, scenario, out, trace, extra)
            if r.returncode != 0:
                problems.append(f"{case}: exit {r.returncode}: {r.stderr.strip()}")
                continue
            with open(os.path.join(out, "summary.json")) as f:
                summary = json.load(f)
            with open(trace, "rb") as f:
                data = f.read()
            events = check_format(case, json.loads(data), problems)
            tracks = check_nesting(case, events, problems)
            seconds, instants = check_totals(case, events, summary, problems)
            # The checks above must have had something to check.
            if sum(s for (v, st), s in seconds.items() if st == "serving") <= 0 or len(tracks) < 2:
                problems.append(f"{case}: no serving slices in the trace")
            if case.startswith("quickstart"):
                if os.path.exists(os.path.join(out, "events.jsonl")):
                    problems.append(f"{case}: events.jsonl written although outputs.events is off")
                if summary["grid"]["denials"]["attempts"] == 0 or not any(v["scale_outs"] for v in summary["vsfs"]):
                    problems.append(f"{case}: no denial or no scale-out: the counts check nothing")
            elif case == "master-failover" and (summary["control_plane"]["elections"] < 2 or
                                               summary["control_plane"]["restarts"] < 1):
                problems.append(f"{case}: fewer than 2 elections or no restart: the failover checks nothing")
            elif not any(e.get("ph") == "X" and e["name"].startswith("master (") for e in events):
                problems.append(f"{case}: no master slice on the control plane's tracks")
            again = run(vsfsim, scenario, out + "-again", trace + "-again", extra)
            with open(trace + "-again", "rb") as f:
                if again.returncode != 0 or f.read() != data:
                    problems.append(f"{case}: a second run's trace differs")
            print(f"{case}: {len(events)} trace events, {len(tracks)} tracks with slices, "
                  f"{sum(n for (t, name), n in instants.items() if name == 'scale-out')} scale-outs")
        # Interrupted: no results and no trace (SIGINT once the simulation runs: stopped at its next tick).
        stopped = os.path.join(tmp, "stopped.trace.json")
        p = subprocess.Popen([vsfsim, "run", "scenarios/quickstart.json", "--no-progress", "--set", "/duration=30d",
                              "-o", os.path.join(tmp, "stopped"), "--trace", stopped],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
        if p.returncode != 130 or os.path.exists(stopped) or os.path.exists(os.path.join(tmp, "stopped")):
            problems.append(f"interrupted run: exit {p.returncode}, trace written: {os.path.exists(stopped)}, "
                            f"{err.strip()!r}")
        helped = subprocess.run([vsfsim, "run", "--help"], capture_output=True, text=True)
        if "--trace" not in helped.stdout:
            problems.append("vsfsim run --help does not mention --trace")
        bad = subprocess.run([vsfsim, "run", "scenarios/quickstart.json", "--no-progress", "-o",
                              os.path.join(tmp, "bad"), "--trace", tmp], capture_output=True, text=True)
        if bad.returncode != 2 or "--trace" not in bad.stderr or os.path.exists(os.path.join(tmp, "bad")):
            problems.append(f"a directory as --trace: exit {bad.returncode}, {bad.stderr.strip()!r}")
        both = subprocess.run([vsfsim, "run", "scenarios/quickstart.json", "--no-progress", "-o", "", "--trace", tmp],
                              capture_output=True, text=True)
        if both.returncode != 2 or "error: --trace:" not in both.stderr or "error: -o:" not in both.stderr:
            problems.append(f"a bad -o and a bad --trace are not reported together: {both.stderr.strip()!r}")
    for p in problems:
        print(p)
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(os.path.realpath(sys.argv[1])))
