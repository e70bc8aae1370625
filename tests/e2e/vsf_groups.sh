#!/usr/bin/env bash
# VSF groups through the CLI. A group of count 3 without "vary" gives byte-identical results to the three
# copies written out by hand (NAME-1 ... NAME-3, same place in vsfs); a group with "vary" run again from
# its run.json (which keeps the group as written) gives byte-identical results; and the copies are named
# in the outputs.
source "$(dirname "$0")/lib/common.bash"

mkdir -p "$TMP/elsewhere"
cd "$TMP/elsewhere"
common='"seed": 3, "duration": "3min", "grid": {"cpus": 24, "storage": [{"name": "array0"}]}'
shop='"tiers": [{"role": "web", "initial": 1, "max": 3}], "policy": {"type": "threshold", "window": "30s"},
      "traffic": {"type": "diurnal", "peak": 60, "trough": 5, "period": "10min"}'
blog='{"name": "blog", "tiers": [{"role": "web"}], "traffic": {"type": "constant", "rate": 8}}'
cat >group.json <<JSON
{"name": "g", $common, "vsfs": [$blog, {"name": "shop", "count": 3, $shop}]}
JSON
cat >by_hand.json <<JSON
{"name": "g", $common, "vsfs": [$blog, {"name": "shop-1", $shop}, {"name": "shop-2", $shop}, {"name": "shop-3", $shop}]}
JSON
cat >varied.json <<JSON
{"name": "v", $common, "vsfs": [$blog, {"name": "shop", "count": 3, $shop,
  "vary": {"phase": {"dist": "uniform", "min": "0s", "max": "10min"},
           "traffic_scale": {"dist": "lognormal", "median": 1, "sigma": 0.5}}}]}
JSON
for tag in group by_hand varied; do
  run_cli "$tag" run "$tag.json" -o "$TMP/$tag" --no-progress
  expect_rc "$tag" 0 "run $tag.json"
done
expect_same_results "$TMP/group" "$TMP/by_hand" "a group of 3 without vary = the 3 copies by hand"
$PY - "$TMP/group/summary.json" "$TMP/varied/summary.json" "$TMP/varied/run.json" <<'PY' || fail "group outputs"
import json, sys
group, varied, record = (json.load(open(p)) for p in sys.argv[1:])
names = [v["name"] for v in group["vsfs"]]
assert names == ["blog", "shop-1", "shop-2", "shop-3"], names
offered = [v["requests"]["offered"] for v in varied["vsfs"][1:]]
assert len(set(offered)) == 3, f"vary gave the copies the same load: {offered}"
entries = record["scenario"]["vsfs"]
assert len(entries) == 2 and entries[1]["count"] == 3 and "vary" in entries[1], "run.json keeps the group as written"
PY
ok "copies named shop-1..3 in summary.json; vary gives each its own load; run.json keeps the group"

run_cli rerun run "$TMP/varied/run.json" -o "$TMP/rerun" --no-progress
expect_rc rerun 0 "run varied/run.json"
expect_same_results "$TMP/varied" "$TMP/rerun" "the varied group rerun from its run.json"
finish
