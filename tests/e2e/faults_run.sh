#!/usr/bin/env bash
# A scenario with every kind of fault (CPU process, slave stall, control-plane partition, master crash
# never repaired, a rack group, registry outage) validates and runs: exit 0, and summary.json's
# `faults` counts exactly the `fail` transitions events.jsonl logs, kind by kind; the master crash
# leads to a second election. `validate` still names a fault target the grid lacks.
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/tests/e2e/data/faults-validated.json"
mkdir "$TMP/work" && cd "$TMP/work"

run_cli validate validate "$scenario"
expect_rc validate 0 "validate a scenario with faults"
grep -Eq "^ok: .*faults-validated\.json: 12 CPUs, 1 VSFs" "$TMP/validate.out" ||
  fail "validate: stdout is \"$(cat "$TMP/validate.out")\""

run_cli validate-bad validate "$scenario" --set /faults/events/0/target=cpu-77
expect_rc validate-bad 2 "validate with a fault on a CPU the grid lacks"
grep -qF '/faults/events/0/target: no CPU named "cpu-77"' "$TMP/validate-bad.err" ||
  fail "validate-bad: stderr lacks the unknown CPU: $(head -c 300 "$TMP/validate-bad.err")"

run_cli run run "$scenario" --no-progress -o "$TMP/work/results" --set /duration=8h --set /outputs/events=true
expect_rc run 0 "run a scenario with faults"
/usr/bin/python3 - "$TMP/work/results" <<'PY' || fail "run: the fault counts or the elections are wrong"
import json, sys, collections
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
fails = collections.Counter()
elected = 0
for line in open(d + "/events.jsonl"):
    e = json.loads(line)
    if e["type"] == "fault" and e["transition"] == "fail":
        fails[e["kind"]] += 1
    elected += e["type"] == "master_elected"
ok = True
for kind, n in s["faults"].items():
    if n != fails.get(kind, 0):
        print(f"faults.{kind} = {n}, events say {fails.get(kind, 0)}"); ok = False
for kind in ("manager", "cp_partition", "registry", "cpu"):
    if s["faults"][kind] < 1:
        print(f"no {kind} fault applied"); ok = False
if s["control_plane"]["elections"] != elected or elected < 2:
    print(f"elections {s['control_plane']['elections']}, master_elected events {elected}"); ok = False
if s["control_plane"]["max_simultaneous_masters"] != 1:
    print("masters:", s["control_plane"]["max_simultaneous_masters"]); ok = False
if s["control_plane"]["invariant_violations"]:
    print("violations:", s["control_plane"]["invariant_violations"]); ok = False
sys.exit(0 if ok else 1)
PY
finish
