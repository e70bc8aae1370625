#!/usr/bin/env bash
# An ordinary run says nothing on stderr: every shipped scenario with --no-progress leaves it empty, and
# SimGrid's INFO about sleeps below its numerical accuracy (arrivals under 1 ns apart, at thousands of
# requests per second) stays quiet unless a --log asks for it.
source "$(dirname "$0")/lib/common.bash"

for scenario in scenarios/*.json; do
  case "$scenario" in *schema.json) continue ;; esac  # schema.json, sweep.schema.json
  name=$(basename "$scenario" .json)
  # A data-centre scenario runs shortened (lib/big_scenarios.txt): a week of it is a benchmark, not a test.
  read -r -a shorten <<<"$(awk -v n="$name" '$1 == n { $1 = ""; print }' "$(dirname "$0")/lib/big_scenarios.txt")"
  run_cli "$name" run "$scenario" -o "$TMP/out-$name" --no-progress "${shorten[@]}"
  expect_rc "$name" 0 "$name runs"
  if [ -s "$TMP/$name.err" ]; then
    fail "$name: stderr is not empty:"
    head -5 "$TMP/$name.err" | cut -c1-200 | sed 's/^/    /' >&2
  else
    ok "$name: empty stderr"
  fi
done

# seed 42 puts two arrivals less than 1 ns apart at 106 s
busy=(--set /duration=110s --set /vsfs/1/traffic/peak=3000 --set /vsfs/1/traffic/trough=3000
  --set /vsfs/1/tiers/0/max=20 --no-progress)
run_cli busy run scenarios/quickstart.json -o "$TMP/out-busy" "${busy[@]}"
expect_rc busy 0 "3000 requests/s"
[ -s "$TMP/busy.err" ] && fail "3000 requests/s: stderr is not empty: $(head -3 "$TMP/busy.err" | cut -c1-200)"
run_cli loud run scenarios/quickstart.json -o "$TMP/out-loud" "${busy[@]}" --log s4u_actor.thres:info
expect_rc loud 0 "3000 requests/s with --log s4u_actor.thres:info"
grep -q "numerical accuracy" "$TMP/loud.err" || fail "--log s4u_actor.thres:info does not bring SimGrid's INFO back"
finish
