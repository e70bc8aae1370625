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
for label in cp-registry:sanjose cp-registry:newyork cp-registry:london; do
  grep -q "label=\"$label\"" "$TMP/g.dot" || fail "graph: no $label"
done
ok "graph: three sites' uplinks, registries and three WAN links"

# London's own uplink fails over [10, 20) min and a partition cuts London's control hosts (cp4, cp5) off the
# global manager over [20, 30) min: only London's VSF loses availability, only London's reports go unheard.
faults='{"events": [{"at": "10min", "kind": "vlan_port", "target": "uplink:london", "repair": "10min"},
  {"at": "20min", "kind": "cp_partition", "sides": [["global-manager"], ["cp4", "cp5"]], "repair": "10min"}]}'
run_cli f run "$scenario" -o "$TMP/f" --set "/faults=$faults" "${short[@]}"
expect_rc f 0 "run with a site's uplink and a partition from the global manager"
$PY - "$TMP/f/events.jsonl" <<'PYEOF' || fail "per-site uplink and partition from the global manager"
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
faults = [e["target"] for e in events if e["type"] == "fault"]
assert faults[:2] == ["uplink:london", "uplink:london"], faults
avail = [e for e in events if e["type"] == "vsf_availability"]
assert avail and {e["vsf"] for e in avail} == {"ldn-web"}, avail
assert [(e["t"], e["available"]) for e in avail] == [(600, False), (1200, True)], avail
reports = [e for e in events if e["type"] == "global_report"]
cut = {(e["site"], e["reachable"]) for e in reports if 1200 < e["t"] < 1800}  # reports at the ends may come first
assert cut == {("sanjose", True), ("newyork", True), ("london", False)}, cut
assert all(e["reachable"] for e in reports if e["t"] < 1200 or e["t"] > 1800)
PYEOF
ok "uplink:london drops London's arrivals only; the partition leaves London unheard"
finish
