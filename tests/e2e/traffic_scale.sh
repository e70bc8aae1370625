#!/usr/bin/env bash
# traffic_scale through the CLI. Two VSFs (a constant rate, and a count trace replayed at time_scale 0.5)
# in a scenario outside the repository with no "models" (so the build tree's binary finds the shipped
# ones). Factor 2 on the scenario and factor 2 on each VSF give byte-identical results; with factor 2 each
# VSF's offered count is twice that of factor 1 within statistical bounds (Poisson, seeded, so the test
# is deterministic), and the constant VSF's is also near its exact mean 2 x 40/s x 600 s.
source "$(dirname "$0")/lib/common.bash"

mkdir -p "$TMP/elsewhere"
cat >"$TMP/elsewhere/scaled.json" <<JSON
{
  "name": "scaled", "seed": 5, "duration": "10min",
  "grid": {"cpus": 12, "storage": [{"name": "array0"}]},
  "vsfs": [
    {"name": "flat", "tiers": [{"role": "web", "initial": 4}], "traffic": {"type": "constant", "rate": 40}},
    {"name": "replay", "tiers": [{"role": "web", "initial": 4}],
     "traffic": {"type": "trace", "file": "$ROOT/tests/data/web_requests_per_minute.csv", "time_column": "timestamp",
                 "time_format": "iso8601", "value_column": "requests", "value": "count", "time_scale": 0.5,
                 "loop": true}}
  ]
}
JSON
cd "$TMP/elsewhere"
for run in one:"" top:"--set /traffic_scale=2" each:"--set /vsfs/0/traffic_scale=2 --set /vsfs/1/traffic_scale=2"; do
  tag=${run%%:*}
  # shellcheck disable=SC2086  # the --set words split on purpose
  run_cli "$tag" run scaled.json -o "$TMP/$tag" --no-progress ${run#*:}
  expect_rc "$tag" 0 "a scenario with no models, outside the repository, ${run#*:}"
done

expect_same_results "$TMP/top" "$TMP/each" "traffic_scale 2 on the scenario = traffic_scale 2 on every VSF"

$PY - "$TMP/one/summary.json" "$TMP/top/summary.json" <<'PY' || fail "offered counts do not double"
import json, math, sys
one, two = ([v["requests"]["offered"] for v in json.load(open(f))["vsfs"]] for f in sys.argv[1:])
bad = False
for name, n1, n2 in zip(["flat", "replay"], one, two):
    # n2 - 2 n1 has variance 2 m + 4 m for the mean m of n1 (independent draws; the common seed only helps).
    bound = 5 * math.sqrt(6 * n1)
    good = abs(n2 - 2 * n1) < bound and n1 > 1000
    print(f"{'ok' if good else 'FAIL'}: {name}: offered {n1} at factor 1, {n2} at factor 2 (|n2 - 2 n1| < {bound:.0f})")
    bad |= not good
mean = 2 * 40 * 600
good = abs(two[0] - mean) < 5 * math.sqrt(mean)
print(f"{'ok' if good else 'FAIL'}: flat at factor 2 offered {two[0]}, mean {mean} (5 sigma {5 * math.sqrt(mean):.0f})")
sys.exit(1 if bad or not good else 0)
PY

# The run names the models it used: the source tree's, by absolute path.
$PY - "$TMP/one/run.json" "$ROOT/models" <<'PY' || fail "run.json does not record the shipped models of the source tree"
import json, sys
paths = [m["path"] for m in json.load(open(sys.argv[1]))["vsfsim"]["models"]]
want = [f"{sys.argv[2]}/{n}" for n in ("hardware.json", "plans.json", "roles.json", "switches.json")]
print(f"{'ok' if paths == want else 'FAIL'}: run.json models {paths}")
sys.exit(0 if paths == want else 1)
PY

# A factor that would take a peak rate beyond 1e9 requests/s is refused, naming the key.
run_cli huge validate scaled.json --set /vsfs/0/traffic_scale=1e8
expect_rc huge 2 "traffic_scale 1e8 on a 40/s VSF"
grep -q '/vsfs/0/traffic_scale: traffic_scale 1e+08 .* above the largest rate' "$TMP/huge.err" ||
  fail "no message naming /vsfs/0/traffic_scale: $(cat "$TMP/huge.err")"
finish
