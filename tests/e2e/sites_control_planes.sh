#!/usr/bin/env bash
# A multi-site scenario (scenarios/three-centers.json, its first hour) runs one control plane per site:
# each site elects its own master among its own slaves ("<site>/slave<k>"), a master grants from its
# own site ("scale_grant" carries the site), the grid-wide hosts_on counts every site's control-plane
# hosts, and two runs give the same bytes (determinism with sites).
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/scenarios/three-centers.json"
short=(--set /duration=1h --no-progress)
run_cli a run "$scenario" -o "$TMP/a" "${short[@]}"
expect_rc a 0 "three-centers, first hour"
run_cli b run "$scenario" -o "$TMP/b" "${short[@]}"
expect_rc b 0 "three-centers again"
expect_same_results "$TMP/a" "$TMP/b" "two runs of a three-site scenario"

if out=$($PY - "$TMP/a" <<'PY' 2>&1
import json, sys
d = sys.argv[1]
events = [json.loads(line) for line in open(d + "/events.jsonl")]
sites = {"sanjose", "newyork", "london"}
problems = []
elected = {e["site"]: e["slave"] for e in events if e["type"] == "master_elected"}
if set(elected) != sites:
    problems.append(f"masters elected at {sorted(elected)}, expected one at each of {sorted(sites)}")
for site, slave in elected.items():
    if not slave.startswith(site + "/slave"):
        problems.append(f"{site}'s master is {slave}, not one of its own slaves")
grants = [e for e in events if e["type"] == "scale_grant"]
if not grants:
    problems.append("no scale_grant in the first hour")
for g in grants:
    if g.get("site") not in sites or not g["master"].startswith(g.get("site", "?") + "/"):
        problems.append(f"scale_grant at {g['t']} by {g['master']} says site {g.get('site')}")
        break
cp = json.load(open(d + "/summary.json"))["control_plane"]
if cp["hosts_on"]["max"] != 6:  # 2 control-plane hosts at each of 3 sites
    problems.append(f"hosts_on max {cp['hosts_on']['max']}, expected 6")
if cp["elections"] != 3 or cp["max_simultaneous_masters"] != 1:
    problems.append(f"elections {cp['elections']}, max_simultaneous_masters {cp['max_simultaneous_masters']}")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
); then
  ok "one master per site, grants by site, hosts_on over the sites"
else
  fail "per-site control planes: $out"
fi
finish
