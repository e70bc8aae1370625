#!/usr/bin/env bash
# The README's `make run`, through the CLI: the quickstart scenario runs to completion (exit 0), prints
# a human summary naming each VSF on stdout, and writes valid results into the default directory
# out/<scenario name> (here under a scratch working directory, so the repository's out/ is untouched).
source "$(dirname "$0")/lib/common.bash"

scenario="$ROOT/scenarios/quickstart.json"
[ -f "$scenario" ] || { echo "FAIL: $scenario is missing" >&2; exit 1; }
names=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["name"]); [print(v["name"]) for v in d["vsfs"]]' "$scenario")
name=$(echo "$names" | head -1)
vsfs=$(echo "$names" | tail -n +2)

mkdir "$TMP/work" && cd "$TMP/work"
run_cli quickstart run "$scenario" --no-progress
expect_rc quickstart 0 "vsfsim run scenarios/quickstart.json"
out="$TMP/work/out/$name"
[ -d "$out" ] || fail "default output directory out/$name not created (found: $(ls -A "$TMP/work/out" 2>/dev/null))"
if [ -d "$out" ]; then
  if $PY "$ROOT/tests/e2e/lib/check_results.py" "$out" --vsfs 2 --duration 3600 >"$TMP/check.txt"; then
    ok "summary.json, timeseries.csv, events.jsonl are valid"
  else
    fail "results do not match the documented format:"
    sed 's/^/    /' "$TMP/check.txt" >&2
  fi
fi
leftovers=$(find "$TMP/work/out" -mindepth 1 -maxdepth 1 -name '.*' 2>/dev/null || true)
[ -z "$leftovers" ] || fail "staging directories left behind: $leftovers"

[ -s "$TMP/quickstart.out" ] || fail "no human summary on stdout"
while read -r v; do
  grep -qF -- "$v" "$TMP/quickstart.out" || fail "the summary on stdout does not mention VSF \"$v\""
done <<<"$vsfs"
if grep -q '^{' "$TMP/quickstart.out"; then fail "stdout looks like JSON, expected a human summary"; fi
ok "human summary on stdout"

# A rerun replaces the previous results (all of them: events.jsonl too when it writes none) and keeps a
# file of the user's beside them (tests/e2e/output_dir.sh has the rest of the -o rules).
[ -e "$out/events.jsonl" ] || fail "the first run wrote no events.jsonl"
echo mine >"$out/notes.txt"
run_cli again run "$scenario" --no-progress -o "out/$name" --set /duration=5min --set /outputs/events=false
expect_rc again 0 "rerun into the same directory"
[ ! -e "$out/events.jsonl" ] || fail "rerun kept events.jsonl of the previous results"
[ "$(cat "$out/notes.txt" 2>/dev/null)" = mine ] || fail "rerun lost the user's notes.txt beside the results"
finish
