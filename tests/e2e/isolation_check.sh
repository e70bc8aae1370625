#!/usr/bin/env bash
# --check-isolation: the incremental check (default) and the full one give the very same results
# (summary, timeseries, events) on scenarios that scale, fail CPUs and roll updates; a bad value is
# bad input (exit 2, the flag and the allowed values named); --help documents it.
source "$(dirname "$0")/lib/common.bash"

compare() {  # NAME SCENARIO ARGS...: run both ways, compare the result files byte for byte
  local name=$1 scenario=$2
  shift 2
  for mode in incremental full; do
    run_cli "$name-$mode" run "$scenario" -o "$TMP/$name-$mode" --no-progress --check-isolation "$mode" "$@"
    [ "$rc" -eq 0 ] || fail "$name --check-isolation $mode: exit $rc: $(head -c 400 "$TMP/$name-$mode.err")"
  done
  expect_same_results "$TMP/$name-incremental" "$TMP/$name-full" "$name: --check-isolation incremental = full"
}

compare quickstart scenarios/quickstart.json --set /duration=20min
compare cpu-failures scenarios/cpu-failures.json
compare rolling-update scenarios/rolling-update.json
compare walkthrough scenarios/patent-walkthrough.json

run_cli bad run scenarios/quickstart.json --check-isolation partial -o "$TMP/bad"
[ "$rc" -eq 2 ] || fail "--check-isolation partial: exit $rc, expected 2"
grep -q -- "--check-isolation" "$TMP/bad.err" && grep -q "incremental" "$TMP/bad.err" && grep -q "full" "$TMP/bad.err" ||
  fail "--check-isolation partial: message does not name the flag and its values: $(cat "$TMP/bad.err")"
[ ! -e "$TMP/bad" ] || fail "--check-isolation partial: wrote $TMP/bad"

run_cli help run --help
grep -q -- "--check-isolation" "$TMP/help.out" || fail "run --help does not document --check-isolation"
finish
