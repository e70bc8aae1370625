#!/usr/bin/env bash
# The results directory (-o) and `graph -o`: an empty path is bad input; an unwritable -o is found before
# the simulation (by the kernel: /proc is unwritable even for root, where access(2) says yes to all); two
# runs for one -o: one wins, the other exits 2 at once; leftovers of a killed run are repaired by the next
# run for that target (and a live process's are never touched); a rerun replaces only vsfsim's files and
# keeps the user's; a target holding a subdirectory is refused; a failed run leaves nothing visible.
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/scenarios/quickstart.json"
short=(--no-progress --set /duration=10min)

# expect_err TAG TEXT: stderr of TAG holds TEXT, and no "internal error".
expect_err() {
  if grep -qF -- "$2" "$TMP/$1.err"; then ok "$1: says \"$2\""; else fail "$1: stderr lacks \"$2\": $(head -5 "$TMP/$1.err")"; fi
  if grep -q 'internal error' "$TMP/$1.err"; then fail "$1: internal error: $(head -3 "$TMP/$1.err")"; fi
}

# expect_only DIR ENTRIES...: DIR holds exactly these entries (hidden ones included).
expect_only() {
  local dir=$1 got want
  shift
  got=$(ls -A "$dir" | sort | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
  if [ "$got" = "$want" ]; then ok "$dir holds: ${want:-nothing}"; else fail "$dir holds \"$got\", expected \"$want\""; fi
}

# A process id that no process has now: a child that has exited and been waited for.
dead_pid() {
  local pid
  sh -c 'exit 0' &
  pid=$!
  wait "$pid"
  echo "$pid"
}

# --- -o '' is bad input, not "the default" (run from an empty directory: nothing may appear in it) ---
mkdir -p "$TMP/cwd"
cd "$TMP/cwd"
run_cli empty-run run "$scenario" -o '' "${short[@]}"
expect_rc empty-run 2 "run -o ''"
expect_err empty-run "expected a directory path, found an empty string"
expect_only "$TMP/cwd"
run_cli empty-graph graph "$scenario" -o ''
cd "$ROOT"
expect_rc empty-graph 2 "graph -o ''"
expect_err empty-graph "expected a file path, found an empty string"
[ ! -s "$TMP/empty-graph.out" ] || fail "graph -o '': wrote DOT to stdout"
expect_only "$TMP/cwd"

# --- an unwritable -o fails before the simulation: a 1000-hour run must end within seconds ---
for target in /proc/vsfsim-results /proc/vsfsim-none/results; do
  tag=proc-$(basename "$(dirname "$target")")
  start=$(date +%s)
  rc=0
  timeout 60 "$VSFSIM" run "$scenario" -o "$target" --no-progress --set /duration=1000h >"$TMP/$tag.out" \
    2>"$TMP/$tag.err" || rc=$?
  elapsed=$(($(date +%s) - start))
  expect_rc "$tag" 2 "run -o $target"
  expect_err "$tag" "\"$target\""
  if [ "$elapsed" -le 10 ]; then ok "$tag: refused after ${elapsed} s"; else fail "$tag: refused only after $elapsed s (simulated first?)"; fi
  [ ! -s "$TMP/$tag.out" ] || fail "$tag: printed results: $(head -3 "$TMP/$tag.out")"
done

# Not as root (for whom a mode means nothing): a read-only parent directory, refused the same way.
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$TMP/ro"
  chmod 555 "$TMP/ro"
  run_cli ro run "$scenario" -o "$TMP/ro/res" --no-progress --set /duration=1000h
  chmod 755 "$TMP/ro"
  expect_rc ro 2 "run -o into a read-only directory"
  expect_err ro "Permission denied"
  expect_only "$TMP/ro"
fi

# --- graph -o to an unwritable place ---
run_cli graph-proc graph "$scenario" -o /proc/vsfsim-grid.dot
expect_rc graph-proc 2 "graph -o /proc/vsfsim-grid.dot"
expect_err graph-proc 'cannot write "/proc/vsfsim-grid.dot"'

# --- the lock: held by someone else (this shell, with flock(1) on the same file), the run exits 2 at once ---
mkdir -p "$TMP/held"
exec 9>"$TMP/held/.res.lock"
flock -n 9 || fail "held: could not take the lock in the test"
run_cli held run "$scenario" -o "$TMP/held/res" "${short[@]}"
expect_rc held 2 "run -o DIR while DIR is locked"
expect_err held "another vsfsim run is writing \"$TMP/held/res\""
[ ! -e "$TMP/held/res" ] || fail "held: the results directory appeared"
exec 9>&-

# --- two runs racing for one -o: exactly one succeeds, the other exits 2; the result is complete ---
race=(run "$scenario" -o "$TMP/race/res" --no-progress --set /duration=30min)
mkdir -p "$TMP/race"
"$VSFSIM" "${race[@]}" >"$TMP/race-a.out" 2>"$TMP/race-a.err" &
a=$!
"$VSFSIM" "${race[@]}" >"$TMP/race-b.out" 2>"$TMP/race-b.err" &
b=$!
rc_a=0 rc_b=0
wait "$a" || rc_a=$?
wait "$b" || rc_b=$?
if [ "$((rc_a + rc_b))" -eq 2 ] && [ "$((rc_a * rc_b))" -eq 0 ]; then
  ok "race: one run succeeded, the other exited 2 ($rc_a, $rc_b)"
  loser=race-b
  if [ "$rc_a" -eq 2 ]; then loser=race-a; fi
  expect_err "$loser" "another vsfsim run is writing"
else
  fail "race: exit statuses $rc_a and $rc_b, expected 0 and 2; stderr: $(cat "$TMP/race-a.err" "$TMP/race-b.err" | head -6)"
fi
expect_only "$TMP/race" res
expect_only "$TMP/race/res" billing.csv events.jsonl run.json summary.json timeseries.csv
"$PY" -c 'import json,sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))' \
  "$TMP/race/res/summary.json" "$TMP/race/res/run.json" || fail "race: summary.json or run.json is not JSON"

# --- a rerun replaces vsfsim's files only: the user's file stays (the same file), a stale result goes ---
mkdir -p "$TMP/keep/res"
echo '{"earlier": true}' >"$TMP/keep/res/summary.json"
echo 'stale' >"$TMP/keep/res/events.jsonl"
echo 'stale' >"$TMP/keep/res/billing.csv"
echo 'precious' >"$TMP/keep/res/notes.txt"
inode=$(stat -c %i "$TMP/keep/res/notes.txt")
run_cli keep run "$scenario" -o "$TMP/keep/res" "${short[@]}" --set /outputs/events=false \
  --set /outputs/billing=false
expect_rc keep 0 "rerun into a results directory holding notes.txt"
[ "$(cat "$TMP/keep/res/notes.txt" 2>/dev/null)" = precious ] || fail "keep: notes.txt lost or changed"
[ "$(stat -c %i "$TMP/keep/res/notes.txt" 2>/dev/null)" = "$inode" ] || fail "keep: notes.txt is not the same file"
grep -q earlier "$TMP/keep/res/summary.json" && fail "keep: summary.json was not replaced"
expect_only "$TMP/keep/res" notes.txt run.json summary.json timeseries.csv
expect_only "$TMP/keep" res

# --- a subdirectory (or any non-file) in the target: refused, nothing touched ---
mkdir -p "$TMP/sub/res/plots"
echo '{"earlier": true}' >"$TMP/sub/res/summary.json"
run_cli sub run "$scenario" -o "$TMP/sub/res" "${short[@]}"
expect_rc sub 2 "run -o DIR where DIR holds a subdirectory"
expect_err sub '"plots", which is not a regular file'
grep -q earlier "$TMP/sub/res/summary.json" || fail "sub: summary.json was changed"
expect_only "$TMP/sub" res
expect_only "$TMP/sub/res" plots summary.json

# --- leftovers of a killed run: target missing -> the earlier results come back, then are replaced ---
dead=$(dead_pid)
mkdir -p "$TMP/stale/.res.old-$dead" "$TMP/stale/.res.partial-$dead"
echo '{"earlier": true}' >"$TMP/stale/.res.old-$dead/summary.json"
echo 'precious' >"$TMP/stale/.res.old-$dead/notes.txt"
echo 'half' >"$TMP/stale/.res.partial-$dead/summary.json"
run_cli stale run "$scenario" -o "$TMP/stale/res" "${short[@]}"
expect_rc stale 0 "run after a killed run left .old and .partial"
expect_err stale "note: restored \"$TMP/stale/res\" from \"$TMP/stale/.res.old-$dead\""
expect_err stale "note: removed \"$TMP/stale/.res.partial-$dead\", left by vsfsim process $dead (no longer running)"
notes=$(grep -c '^note:' "$TMP/stale.err" || true)
[ "$notes" -eq 2 ] || fail "stale: $notes note lines, expected 2: $(cat "$TMP/stale.err")"
[ "$(cat "$TMP/stale/res/notes.txt" 2>/dev/null)" = precious ] || fail "stale: the restored notes.txt did not survive"
expect_only "$TMP/stale" res
expect_only "$TMP/stale/res" billing.csv events.jsonl notes.txt run.json summary.json timeseries.csv

# target present: stale .old and .partial are removed, one note each
dead=$(dead_pid)
mkdir -p "$TMP/stale/.res.old-$dead" "$TMP/stale/.res.partial-$dead"
run_cli stale2 run "$scenario" -o "$TMP/stale/res" "${short[@]}"
expect_rc stale2 0 "run beside stale leftovers"
expect_err stale2 "note: removed \"$TMP/stale/.res.old-$dead\""
expect_err stale2 "note: removed \"$TMP/stale/.res.partial-$dead\""
expect_only "$TMP/stale" res

# a live process's leftovers are never touched, and not mentioned
sleep 60 &
live=$!
mkdir -p "$TMP/stale/.res.old-$live" "$TMP/stale/.res.partial-$live"
run_cli live run "$scenario" -o "$TMP/stale/res" "${short[@]}"
expect_rc live 0 "run beside a live process's leftovers"
if grep -q '^note:' "$TMP/live.err"; then fail "live: notes: $(cat "$TMP/live.err")"; else ok "live: no notes"; fi
expect_only "$TMP/stale" res ".res.old-$live" ".res.partial-$live"
kill "$live"
wait "$live" 2>/dev/null || true

# --- SIGINT during a run into new parent directories: they are removed again, with lock and staging ---
mkdir -p "$TMP/int"
"$VSFSIM" run "$scenario" -o "$TMP/int/a/b/res" --set /duration=1000h --no-progress >"$TMP/int.out" 2>"$TMP/int.err" &
pid=$!
sleep 2
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
expect_rc int 130 "SIGINT during a run into new parent directories"
expect_only "$TMP/int"
finish
