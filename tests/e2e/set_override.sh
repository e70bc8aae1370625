#!/usr/bin/env bash
# --set POINTER=VALUE overrides scenario values before validation and changes the result: the run's
# duration follows /duration, and a longer run offers more requests than a shorter one.
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/scenarios/quickstart.json"
offered() { $PY -c 'import json,sys; print(sum(v["requests"]["offered"] for v in json.load(open(sys.argv[1]))["vsfs"]))' "$1"; }
duration() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["duration_s"])' "$1"; }

run_cli ten run "$scenario" -o "$TMP/ten" --set /duration=10min --no-progress
expect_rc ten 0 "--set /duration=10min"
run_cli twenty run "$scenario" -o "$TMP/twenty" --set /duration=20min --no-progress
expect_rc twenty 0 "--set /duration=20min"
if [ -f "$TMP/ten/summary.json" ] && [ -f "$TMP/twenty/summary.json" ]; then
  d10=$(duration "$TMP/ten/summary.json")
  d20=$(duration "$TMP/twenty/summary.json")
  $PY -c "import sys; sys.exit(0 if abs($d10 - 600) < 1e-9 else 1)" || fail "duration_s is $d10 after --set /duration=10min, expected 600"
  $PY -c "import sys; sys.exit(0 if abs($d20 - 1200) < 1e-9 else 1)" || fail "duration_s is $d20 after --set /duration=20min, expected 1200"
  o10=$(offered "$TMP/ten/summary.json")
  o20=$(offered "$TMP/twenty/summary.json")
  $PY -c "import sys; sys.exit(0 if $o20 > $o10 else 1)" || fail "20 min offered $o20 requests, 10 min offered $o10: expected more"
  ok "duration_s follows --set (600, 1200); offered $o10 then $o20 requests"
fi

# Several --set apply in order: the last one wins.
run_cli order run "$scenario" -o "$TMP/order" --set /duration=1h --set /duration=5min --no-progress
expect_rc order 0 "two --set of the same pointer"
d=$(duration "$TMP/order/summary.json" 2>/dev/null || echo missing)
$PY -c "import sys; sys.exit(0 if '$d' != 'missing' and abs(float('$d') - 300) < 1e-9 else 1)" ||
  fail "--set /duration=1h --set /duration=5min gave duration_s $d, expected 300"

# The same override is honoured by validate (no simulation).
run_cli validate validate "$scenario" --set /duration=10min
expect_rc validate 0 "validate with --set"

# fidelity at the top level and per VSF (issue 9): set, refused with its pointer, recorded as written.
run_cli fid run "$scenario" -o "$TMP/fid" --set /duration=1min --set /fidelity=flow --set /vsfs/0/fidelity=request \
  --set '/flow={"resolution":"30s"}' --no-progress
expect_rc fid 0 "--set /fidelity=flow --set /vsfs/0/fidelity=request --set /flow=..."
$PY - "$TMP/fid/run.json" <<'PYEOF' || fail "run.json does not keep fidelity, vsfs[0].fidelity and flow as set"
import json, sys
r = json.load(open(sys.argv[1]))
s = r["scenario"]
assert s["fidelity"] == "flow" and s["vsfs"][0]["fidelity"] == "request" and "fidelity" not in s["vsfs"][1]
assert s["flow"] == {"resolution": "30s"}
assert "/fidelity=flow" in r["vsfsim"]["sets"]
PYEOF
run_cli badfid validate "$scenario" --set /fidelity=fluid --set /vsfs/1/fidelity=flows
expect_rc badfid 2 "--set /fidelity=fluid"
grep -q '/fidelity: expected one of "request", "flow", found "fluid"' "$TMP/badfid.err" || fail "no /fidelity error"
grep -q '/vsfs/1/fidelity: .*did you mean "flow"' "$TMP/badfid.err" || fail "no /vsfs/1/fidelity error"
finish
