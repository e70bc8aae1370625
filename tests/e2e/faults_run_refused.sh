#!/usr/bin/env bash
# A scenario with a `faults` section is validated in full but not run, since the simulation does not
# apply faults yet: `vsfsim validate` exits 0 (and 2 with the pointer when a fault names a component
# the grid lacks); `vsfsim run` exits 2 with "/faults: fault injection is not simulated yet", prints
# nothing on stdout and creates no output directory (neither -o nor the default one). Emptied of
# events and processes, the same scenario runs.
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/tests/e2e/data/faults-validated.json"
mkdir "$TMP/work" && cd "$TMP/work"

run_cli validate validate "$scenario"
expect_rc validate 0 "validate a scenario with faults"
grep -Eq "^ok: .*faults-validated\.json: 12 CPUs, 1 VSFs" "$TMP/validate.out" ||
  fail "validate: stdout is \"$(cat "$TMP/validate.out")\""

run_cli validate-bad validate "$scenario" --set /faults/events/0/target=cpu-77
expect_rc validate-bad 2 "validate with a fault on a CPU the grid lacks"
grep -qF '/faults/events/0/target: no CPU named "cpu-77"' "$TMP/validate-bad.err" ||
  fail "validate-bad: stderr lacks the unknown CPU: $(head -c 300 "$TMP/validate-bad.err")"

message="error: $scenario: /faults: fault injection is not simulated yet (validated only); remove the section to run"
for tag in run-o run-default; do
  args=(run "$scenario" --no-progress)
  [ "$tag" = run-o ] && args+=(-o "$TMP/work/results")
  run_cli "$tag" "${args[@]}"
  expect_rc "$tag" 2 "$tag: run refuses a scenario with faults"
  grep -qxF "$message" "$TMP/$tag.err" || fail "$tag: stderr is \"$(head -c 400 "$TMP/$tag.err")\", expected \"$message\""
  [ ! -s "$TMP/$tag.out" ] || fail "$tag: printed on stdout: $(head -c 300 "$TMP/$tag.out")"
  [ -z "$(ls -A "$TMP/work")" ] || fail "$tag: created $(ls -A "$TMP/work")"
done

# The refusal is about the faults alone: with nothing that fails (groups may stay), the scenario runs.
run_cli run-empty run "$scenario" --no-progress -o "$TMP/work/results" --set /duration=2min \
  --set '/faults={"groups": [{"name": "rack0", "members": [0, 1]}], "events": [], "processes": []}'
expect_rc run-empty 0 "run the same scenario without fault events or processes"
[ -f "$TMP/work/results/summary.json" ] || fail "run-empty: no results/summary.json"
finish
