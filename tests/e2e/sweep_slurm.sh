#!/usr/bin/env bash
# `vsfsim sweep --backend slurm` against a real Slurm, not a mock: a one-node cluster on this machine
# (tools/slurm-local, own state directory and free ports), a small sweep (2 points x 2 replications of the
# quickstart, 2 minutes in flow fidelity, 3 runs per array task so the array has 2 tasks), and the same
# sweep run locally: every run's result files and the tables must match byte for byte (runs are
# deterministic), the wall seconds and hosts aside. Then: a resubmission with nothing missing submits
# nothing; a run whose record is lost is the only one resubmitted; --no-wait and --collect give the same
# tables, and a resubmission while that job is queued is refused; scancel in the middle of a task keeps its
# finished run and leaves the interrupted one absent, which a resubmission then runs; sbatch refusing a
# job is a clear error with sbatch's words; a search runs one job array per probe and gives what it gives locally.
# Without slurm-wlm and munge this test fails: tools/install-deps installs them.
source "$(dirname "$0")/lib/common.bash"

for tool in sbatch squeue slurmctld slurmd munged; do
  if ! command -v "$tool" >/dev/null; then
    fail "$tool is not installed: tools/install-deps installs slurm-wlm and munge"
    finish
  fi
done

chmod 755 "$TMP"  # munged refuses a socket below a directory that others cannot traverse
export SLURM_LOCAL_DIR=$TMP/cluster
trap 'tools/slurm-local stop >/dev/null 2>&1 || true; rm -rf "$TMP"' EXIT
if ! tools/slurm-local start >"$TMP/start.out" 2>"$TMP/start.err"; then
  fail "tools/slurm-local start: $(cat "$TMP/start.err")"
  finish
fi
ok "one-node cluster up ($(grep -o 'slurmctld on port [0-9]*' "$TMP/start.err"))"
# shellcheck disable=SC1091
source "$SLURM_LOCAL_DIR/env"
tools/slurm-local status >"$TMP/status.out" || fail "tools/slurm-local status: exit $?"

cat >"$TMP/small.json" <<EOF
{
  "scenario": "$ROOT/scenarios/quickstart.json",
  "set": {"/duration": "2min", "/fidelity": "flow"},
  "axes": [{"pointer": "/grid/cpus", "values": [30, 40]}],
  "replications": 2,
  "seed": 7,
  "slurm": {"max_parallel": 2, "runs_per_task": 3}
}
EOF
KEYS=("cpus=30/r1" "cpus=30/r2" "cpus=40/r1" "cpus=40/r2")

run_cli local sweep "$TMP/small.json" -o "$TMP/local" -j 2 --no-progress
expect_rc local 0 "the sweep on local cores"
run_cli slurm sweep "$TMP/small.json" -o "$TMP/slurm" --backend slurm --no-progress
expect_rc slurm 0 "the same sweep as a Slurm job array"

grep -q -- '--array=0-1%2' "$TMP/slurm/slurm/batch.sh" && ok "batch.sh: 2 array tasks, at most 2 at once" ||
  fail "batch.sh has no --array=0-1%2: $(grep SBATCH "$TMP/slurm/slurm/batch.sh")"
n_logs=$(find "$TMP/slurm/slurm/logs" -name '*_*.out' | wc -l)
[ "$n_logs" -eq 2 ] && ok "2 task logs" || fail "$n_logs task logs in slurm/logs, expected 2"
n_done=$(grep -c 'JobState=COMPLETED' "$SLURM_LOCAL_DIR/jobcomp.txt" || true)
[ "$n_done" -eq 2 ] && ok "Slurm ran 2 tasks, both COMPLETED" || fail "jobcomp: $n_done COMPLETED tasks, expected 2"

# compare_sweeps A B WHAT: the runs' files and both tables agree, wall_s and host columns aside.
compare_sweeps() {
  local k
  for k in "${KEYS[@]}"; do
    if [ -f "$1/runs/$k/summary.json" ]; then
      expect_same_results "$1/runs/$k" "$2/runs/$k" "$k, $3"
    else
      fail "$3: no $1/runs/$k/summary.json"
    fi
  done
  if $PY - "$1/runs.csv" "$2/runs.csv" <<'EOF'; then ok "runs.csv: $3 (the same but for wall_s)"; else fail "runs.csv: $3"; fi
import csv, sys
def rows(path):
    with open(path, newline="") as f:
        t = list(csv.reader(f))
    keep = [i for i, h in enumerate(t[0]) if h not in ("wall_s", "host")]
    return [[r[i] for i in keep] for r in t]
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if len(a) != 5:
    print(f"{sys.argv[1]}: {len(a)} lines, expected a header and 4 runs", file=sys.stderr)
    sys.exit(1)
if a != b:
    for x, y in zip(a, b):
        if x != y:
            print(f"  {x}\n  {y}", file=sys.stderr)
    sys.exit(1)
EOF
  if cmp -s "$1/points.csv" "$2/points.csv"; then ok "points.csv: $3 (byte-identical)"; else
    fail "points.csv differs: $3: $(cmp "$1/points.csv" "$2/points.csv" 2>&1)"
  fi
}
compare_sweeps "$TMP/local" "$TMP/slurm" "Slurm against local"

# The records say where each run ran.
for k in "${KEYS[@]}"; do
  rec="$TMP/slurm/records/${k}.json"
  $PY -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["status"]=="ok" and r["host"] else 1)' \
    "$rec" 2>/dev/null || fail "$rec: not an ok record with a host"
done

# Nothing missing: a resubmission submits nothing and rewrites nothing.
before=$(find "$TMP/slurm/runs" "$TMP/slurm/records" -type f -exec sha256sum {} + | sort)
stamp=$(find "$TMP/slurm/records" -type f -printf '%p %T@\n' | sort)
run_cli resub sweep "$TMP/small.json" -o "$TMP/slurm" --backend slurm --resume --no-progress
expect_rc resub 0 "resubmission with every run finished"
grep -q 'nothing to submit' "$TMP/resub.err" && ok "it says there is nothing to submit" ||
  fail "resubmission stderr: $(cat "$TMP/resub.err")"
n_tasks=$(grep -c '^JobId=' "$SLURM_LOCAL_DIR/jobcomp.txt" || true)
[ "$n_tasks" -eq 2 ] && ok "no new Slurm task" || fail "$n_tasks Slurm tasks in jobcomp, expected still 2"
after=$(find "$TMP/slurm/runs" "$TMP/slurm/records" -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] && [ "$stamp" = "$(find "$TMP/slurm/records" -type f -printf '%p %T@\n' | sort)" ] &&
  ok "no run or record rewritten" || fail "the resubmission changed runs or records"

# A run whose task died under it has no record: only that run goes out again.
rm -rf "$TMP/slurm/runs/cpus=40/r1" "$TMP/slurm/records/cpus=40/r1.json"
run_cli lost sweep "$TMP/small.json" -o "$TMP/slurm" --backend slurm --resume --no-progress
expect_rc lost 0 "resubmission after a lost run"
grep -q 'submitted job [0-9]*: 1 runs in 1 array task' "$TMP/lost.err" && ok "exactly 1 run resubmitted" ||
  fail "resubmission stderr: $(cat "$TMP/lost.err")"
$PY -c 'import json,sys; t=json.load(open(sys.argv[1]))["tasks"]; sys.exit(0 if t==[["cpus=40/r1"]] else 1)' \
  "$TMP/slurm/slurm/tasks.json" && ok "tasks.json holds only cpus=40/r1" ||
  fail "tasks.json: $(cat "$TMP/slurm/slurm/tasks.json")"
n_tasks=$(grep -c '^JobId=' "$SLURM_LOCAL_DIR/jobcomp.txt" || true)
[ "$n_tasks" -eq 3 ] && ok "one new Slurm task" || fail "$n_tasks Slurm tasks in jobcomp, expected 3"
compare_sweeps "$TMP/local" "$TMP/slurm" "after the resubmission"

# --no-wait returns once submitted (the job held, so that it is still queued below); a resubmission
# is refused while the job is in the queue; --collect builds the same tables from the records.
run_cli nowait sweep "$TMP/small.json" -o "$TMP/nowait" --backend slurm --no-wait --sbatch-arg=--hold --no-progress
expect_rc nowait 0 "--no-wait"
job=$(sed -n 's/.*submitted job \([0-9]*\).*/\1/p' "$TMP/nowait.err")
if [ -z "$job" ]; then fail "--no-wait: no job id on stderr: $(cat "$TMP/nowait.err")"; fi
[ -f "$TMP/nowait/runs.csv" ] && fail "--no-wait wrote runs.csv before any run finished"
run_cli busy sweep "$TMP/small.json" -o "$TMP/nowait" --backend slurm --resume --no-progress
expect_rc busy 2 "a resubmission while the job is queued"
grep -q "Slurm job $job of this sweep still has 2 task(s) in the queue" "$TMP/busy.err" &&
  ok "it names the job still queued" || fail "stderr: $(cat "$TMP/busy.err")"
[ -n "$job" ] && scontrol release "$job"
for _ in $(seq 240); do
  [ -n "$job" ] && [ -n "$(squeue -h -r -j "$job" 2>/dev/null)" ] || break
  sleep 0.25
done
run_cli collect sweep "$TMP/nowait" --collect
expect_rc collect 0 "--collect after the job"
compare_sweeps "$TMP/local" "$TMP/nowait" "--no-wait then --collect"

# scancel during a task's second run: the first run's record stays, the second leaves no record and no
# results, no run keeps running, and a resubmission runs only the second (the same bytes as locally).
cat >"$TMP/long.json" <<EOF
{
  "scenario": "$ROOT/scenarios/quickstart.json",
  "set": {"/duration": "20min"},
  "replications": 2,
  "slurm": {"runs_per_task": 2}
}
EOF
run_cli long_local sweep "$TMP/long.json" -o "$TMP/long_local" -j 2 --no-progress
expect_rc long_local 0 "a sweep of two 20-minute request-fidelity runs (seconds each), locally"
run_cli long sweep "$TMP/long.json" -o "$TMP/long" --backend slurm --no-wait --no-progress
expect_rc long 0 "the same as one Slurm task, --no-wait"
job=$(sed -n 's/.*submitted job \([0-9]*\).*/\1/p' "$TMP/long.err")
for _ in $(seq 600); do
  [ -f "$TMP/long/records/all/r1.json" ] && break
  sleep 0.1
done
[ -n "$job" ] && scancel "$job"
for _ in $(seq 300); do
  [ -n "$job" ] && [ -n "$(squeue -h -r -j "$job" 2>/dev/null)" ] || break
  sleep 0.1
done
[ -f "$TMP/long/records/all/r1.json" ] && ok "scancel: the finished run's record is kept" ||
  fail "scancel: no record of the first run"
if [ -e "$TMP/long/records/all/r2.json" ] || [ -e "$TMP/long/runs/all/r2/summary.json" ]; then
  fail "scancel: the interrupted run left a record or results (did it finish before scancel?)"
else
  ok "scancel: the interrupted run left no record and no results"
fi
left=""
for p in /proc/[0-9]*; do  # not pgrep: procps is not a dependency
  cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null) || continue
  if [[ "$cmd" == "$VSFSIM run "*"$TMP/long/runs"* ]]; then left+="${p#/proc/}: $cmd; "; fi
done
if [ -n "$left" ]; then fail "scancel: a run still runs: $left"; else ok "scancel: no run left running"; fi
run_cli long_resub sweep "$TMP/long.json" -o "$TMP/long" --backend slurm --resume --no-progress
expect_rc long_resub 0 "resubmission after scancel"
grep -q 'submitted job [0-9]*: 1 runs in 1 array task' "$TMP/long_resub.err" && ok "only the interrupted run resubmitted" ||
  fail "resubmission stderr: $(cat "$TMP/long_resub.err")"
for k in all/r1 all/r2; do expect_same_results "$TMP/long_local/runs/$k" "$TMP/long/runs/$k" "$k after scancel"; done

# SIGINT while waiting stops the waiting, not the job (held here, so it stays queued): exit 130, the job
# still queued, and a message that says how to stop it.
"$VSFSIM" sweep "$TMP/small.json" -o "$TMP/held" --backend slurm --sbatch-arg=--hold --no-progress \
  >"$TMP/held.out" 2>"$TMP/held.err" &
pid=$!
for _ in $(seq 100); do
  grep -q 'submitted job' "$TMP/held.err" && break
  sleep 0.1
done
sleep 0.5
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
expect_rc held 130 "SIGINT while waiting for the job"
job=$(sed -n 's/.*submitted job \([0-9]*\).*/\1/p' "$TMP/held.err")
if [ -n "$job" ] && [ -n "$(squeue -h -r -j "$job")" ] && grep -q "job $job keeps running (\`scancel $job\` stops it)" "$TMP/held.err"; then
  ok "the job is still queued, and the message says so"
else
  fail "after SIGINT: job '$job', queue: $(squeue -h), stderr: $(cat "$TMP/held.err")"
fi
[ -n "$job" ] && scancel "$job"

# A search on Slurm: each probe's runs go out as one job array and are waited for; the answer, search.json
# and points.csv are byte-identical to the same search on local cores.
cat >"$TMP/search.json" <<EOF
{
  "scenario": "$ROOT/scenarios/quickstart.json",
  "set": {"/duration": "2min", "/fidelity": "flow"},
  "seed": 3,
  "search": {"pointer": "/grid/cpus", "low": 7, "high": 10,
             "target": {"metric": "/grid/idle_pool/fraction_at_zero", "at_most": 0.5, "confidence": 0.95},
             "replications": {"min": 2, "max": 2}}
}
EOF
run_cli search_local sweep "$TMP/search.json" -o "$TMP/search_local" -j 2 --no-progress
expect_rc search_local 0 "a search on local cores"
run_cli search_slurm sweep "$TMP/search.json" -o "$TMP/search_slurm" --backend slurm --no-progress
expect_rc search_slurm 0 "the same search on Slurm"
for f in search.json points.csv; do
  if cmp -s "$TMP/search_local/$f" "$TMP/search_slurm/$f"; then ok "search $f: Slurm equals local"; else
    fail "search $f differs: $(cmp "$TMP/search_local/$f" "$TMP/search_slurm/$f" 2>&1)"
  fi
done
grep -q 'answer cpus = 8' "$TMP/search_slurm.out" && ok "the search's answer is printed" ||
  fail "search stdout: $(cat "$TMP/search_slurm.out")"
n_jobs=$(grep -c 'submitted job' "$TMP/search_slurm.err" || true)
[ "$n_jobs" -ge 3 ] && ok "one job array per probe ($n_jobs)" || fail "$n_jobs submissions for 3 probes: $(cat "$TMP/search_slurm.err")"
run_cli search_nowait sweep "$TMP/search.json" -o "$TMP/search_nowait" --backend slurm --no-wait --no-progress
expect_rc search_nowait 2 "a search with --no-wait (each probe depends on the last)"

# sbatch refusing the job: exit 2 with sbatch's own message, no job, nothing written.
n_before=$(grep -c '^JobId=' "$SLURM_LOCAL_DIR/jobcomp.txt" || true)
run_cli refused sweep "$TMP/small.json" -o "$TMP/refused" --backend slurm --partition nosuchpartition --no-progress
expect_rc refused 2 "a partition Slurm does not have"
grep -q 'refused the job' "$TMP/refused.err" && grep -q 'invalid partition specified: nosuchpartition' "$TMP/refused.err" &&
  ok "the message quotes sbatch" || fail "stderr: $(cat "$TMP/refused.err")"
[ -e "$TMP/refused" ] && fail "a refused submission left $TMP/refused" || ok "a refused submission writes nothing"
sleep 1  # a job that got through would be in jobcomp by now
[ -z "$(squeue -h)" ] && [ "$(grep -c '^JobId=' "$SLURM_LOCAL_DIR/jobcomp.txt" || true)" -eq "$n_before" ] &&
  ok "no job submitted" || fail "a refused submission submitted a job: $(squeue -h)"

finish
