#!/usr/bin/env bash
# Sites, physical side, from outside: scenarios/three-centers.json (three sites, three WAN links) runs twice
# to byte-identical results (the two runs from different directories) with the full isolation check, and
# `vsfsim graph` draws every site's Internet uplink and every WAN link. An hour of it, to stay short.
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/scenarios/three-centers.json"
short=(--set /duration=1h --no-progress)
run_cli a run "$scenario" -o "$TMP/a" --check-isolation full "${short[@]}"
expect_rc a 0 "first run"
mkdir "$TMP/elsewhere" && cd "$TMP/elsewhere"
run_cli b run "$scenario" -o "../b" "${short[@]}"
expect_rc b 0 "second run, other directory, incremental isolation check"
cd "$ROOT"
expect_same_results "$TMP/a" "$TMP/b" "two runs of three-centers.json"
got=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["grid"]["isolation_violations"])' "$TMP/a/summary.json")
[ "$got" = "0" ] || fail "three-centers.json: $got isolation violations"

run_cli g graph "$scenario" -o "$TMP/g.dot"
expect_rc g 0 "graph"
for label in internet:sanjose internet:newyork internet:london wan:sanjose-newyork wan:newyork-london \
  wan:sanjose-london; do
  grep -q "label=\"$label\"" "$TMP/g.dot" || fail "graph: no $label"
done
ok "graph: three sites' uplinks and three WAN links"
finish
