#!/usr/bin/env bash
# Mixed fidelity in one run (issue 9 §2): quickstart with its shop in flow fidelity and its blog in request
# fidelity. A VSF's flow depends only on its own servers and traffic, so the mixed run's shop is the
# all-flow run's shop to the last digit; the blog's requests are drawn from the same seeded streams as in
# the all-request run and meet the same servers, so it serves the same requests, its mean response moved
# only by the network links it no longer shares with the shop's requests. Also: a flow run writes the same
# files and fields as a request run.
source "$(dirname "$0")/lib/common.bash"

for run in request:"" flow:"--set /fidelity=flow" mixed:"--set /vsfs/0/fidelity=flow"; do
  tag=${run%%:*}
  # shellcheck disable=SC2086  # the --set words split on purpose
  run_cli "$tag" run scenarios/quickstart.json -o "$TMP/$tag" --no-progress ${run#*:}
  expect_rc "$tag" 0 "quickstart ${run#*:}"
done

$PY - "$TMP" <<'PY' || fail "mixed fidelity"
import csv, json, sys
tmp = sys.argv[1]
def summary(tag): return {v["name"]: v for v in json.load(open(f"{tmp}/{tag}/summary.json"))["vsfs"]}
req, flow, mixed = summary("request"), summary("flow"), summary("mixed")
bad = []
for key in ("requests", "response_ms", "scale_outs", "scale_ins", "denials"):
    if mixed["shop"][key] != flow["shop"][key]:
        bad.append(f"shop {key}: mixed {mixed['shop'][key]} != flow {flow['shop'][key]}")
if mixed["blog"]["requests"] != req["blog"]["requests"]:
    bad.append(f"blog requests: mixed {mixed['blog']['requests']} != request {req['blog']['requests']}")
m, r = mixed["blog"]["response_ms"]["mean"], req["blog"]["response_ms"]["mean"]
if abs(m / r - 1) > 0.01:
    bad.append(f"blog mean response: mixed {m} vs request {r} ms")
for tag in ("request", "flow"):
    with open(f"{tmp}/{tag}/timeseries.csv") as f:
        header = next(csv.reader(f))
    if tag == "request": request_header = header
    elif header != request_header: bad.append(f"timeseries.csv columns differ in flow: {header}")
if sorted(json.load(open(f"{tmp}/flow/summary.json"))) != sorted(json.load(open(f"{tmp}/request/summary.json"))):
    bad.append("summary.json keys differ between the fidelities")
for b in bad: print(b, file=sys.stderr)
print(f"shop (flow) served {mixed['shop']['requests']['served']}, blog (request) served "
      f"{mixed['blog']['requests']['served']}, mean {m:.2f} ms (all-request run {r:.2f} ms)")
sys.exit(1 if bad else 0)
PY
[ $failures -eq 0 ] && ok "shop in flow = the all-flow run's shop; blog in request = the all-request run's blog"
exit $((failures > 0))
