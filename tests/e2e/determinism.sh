#!/usr/bin/env bash
# Same scenario + same seed => byte-identical summary.json, timeseries.csv, events.jsonl and billing.csv
# (compared with cmp); another seed => different results. Run from different working directories and output
# paths so that nothing of the environment leaks into the files.
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/scenarios/quickstart.json"
short=(--set /duration=20min --no-progress)
run_cli a run "$scenario" -o "$TMP/a" --seed 7 "${short[@]}"
expect_rc a 0 "first run, seed 7"
mkdir "$TMP/elsewhere" && cd "$TMP/elsewhere"
run_cli b run "$scenario" -o "../b/nested" --seed 7 "${short[@]}"
expect_rc b 0 "second run, seed 7, other directory"
cd "$ROOT"
run_cli c run "$scenario" -o "$TMP/c" --seed 8 "${short[@]}"
expect_rc c 0 "third run, seed 8"

for f in summary.json timeseries.csv events.jsonl billing.csv; do  # quickstart has plans
  [ -f "$TMP/a/$f" ] || fail "$f not written"
done
expect_same_results "$TMP/a" "$TMP/b/nested" "two runs with seed 7, from two directories"
if cmp -s "$TMP/a/summary.json" "$TMP/c/summary.json" && cmp -s "$TMP/a/timeseries.csv" "$TMP/c/timeseries.csv"; then
  fail "seeds 7 and 8 give identical summary.json and timeseries.csv: the seed is not used"
else
  ok "another seed gives other results"
fi
for d in a c; do
  want=$([ $d = a ] && echo 7 || echo 8)
  got=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["seed"])' "$TMP/$d/summary.json" 2>/dev/null || echo "?")
  [ "$got" = "$want" ] || fail "summary.json of run $d says seed $got, expected $want"
done

# With faults and the control plane (elections, split brain, reassignments, random CPU failures): the
# same bytes too.
for sc in cp-partition cpu-failures; do
  extra=()
  [ $sc = cp-partition ] && extra=(--set /control_plane/quorum=1)
  [ $sc = cpu-failures ] && extra=(--set /duration=6h)
  run_cli "$sc-1" run "$ROOT/scenarios/$sc.json" -o "$TMP/$sc-1" --no-progress "${extra[@]}"
  (cd "$TMP/elsewhere" && run_cli "$sc-2" run "$ROOT/scenarios/$sc.json" -o "../$sc-2" --no-progress "${extra[@]}")
  for f in summary.json events.jsonl; do
    if cmp -s "$TMP/$sc-1/$f" "$TMP/$sc-2/$f"; then
      ok "$sc: $f byte-identical"
    else
      fail "$sc: $f differs between two runs: $(cmp "$TMP/$sc-1/$f" "$TMP/$sc-2/$f" 2>&1)"
    fi
  done
done

# Flow fidelity (every VSF a fluid; its response-time samples drawn from the seed): quickstart and the
# many-shops group (overload transients while shops wait for scale-outs), then slave-failover (a fluid
# backlog under a control-plane fault): same seed twice from two directories => the same bytes; quickstart
# at another seed => other samples, so other p95s.
for sc in quickstart many-shops slave-failover; do
  flow=(--set /fidelity=flow --no-progress)
  run_cli "$sc-flow-1" run "$ROOT/scenarios/$sc.json" -o "$TMP/$sc-flow-1" --seed 7 "${flow[@]}"
  expect_rc "$sc-flow-1" 0 "$sc in flow fidelity, seed 7"
  (cd "$TMP/elsewhere" && run_cli "$sc-flow-2" run "$ROOT/scenarios/$sc.json" -o "../$sc-flow-2" --seed 7 "${flow[@]}")
  expect_rc "$sc-flow-2" 0 "$sc in flow fidelity, seed 7, other directory"
  grep -Eq '"fidelity": ?"flow"' "$TMP/$sc-flow-1/run.json" || fail "$sc: run.json does not record fidelity flow"
  expect_same_results "$TMP/$sc-flow-1" "$TMP/$sc-flow-2" "$sc in flow fidelity, two runs with seed 7"
done
run_cli quickstart-flow-8 run "$scenario" -o "$TMP/quickstart-flow-8" --seed 8 --set /fidelity=flow --no-progress
expect_rc quickstart-flow-8 0 "quickstart in flow fidelity, seed 8"
if cmp -s "$TMP/quickstart-flow-1/summary.json" "$TMP/quickstart-flow-8/summary.json"; then
  fail "quickstart in flow fidelity: seeds 7 and 8 give the same summary.json: the samples ignore the seed"
else
  ok "quickstart in flow fidelity: another seed gives other results"
fi
finish
