#!/usr/bin/env bash
# SIGINT (SIGTERM) during a long run: exit 130 (143), one stderr line "interrupted at simulated time T s;
# no results written", nothing on stdout, no output directory and no hidden staging directory; earlier
# results in the -o directory stay as they were.
source "$(dirname "$0")/lib/common.bash"

# interrupt TAG SIGNAL WANT_RC: starts a 1000-hour run into $TMP/TAG/res, signals it after 2 s, waits.
interrupt() {
  local tag=$1 signal=$2 want=$3 pid
  mkdir -p "$TMP/$tag"
  "$VSFSIM" run scenarios/quickstart.json -o "$TMP/$tag/res" --set /duration=1000h --no-progress \
    >"$TMP/$tag.out" 2>"$TMP/$tag.err" &
  pid=$!
  sleep 2  # loading takes well under a second; a signal during loading is caught as well (time 0)
  kill "-$signal" "$pid"
  rc=0
  for _ in $(seq 120); do  # the run stops within a simulated minute; allow 60 s on a loaded machine
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    fail "$tag: still running 60 s after SIG$signal"
  fi
  wait "$pid" || rc=$?
  expect_rc "$tag" "$want" "SIG$signal"
  strip_sanitizer_notes "$TMP/$tag.err"
  local lines
  lines=$(wc -l <"$TMP/$tag.err")
  [ "$lines" -eq 1 ] || fail "$tag: $lines stderr lines, expected 1"
  grep -Eq '^interrupted at simulated time [0-9]+ s; no results written$' "$TMP/$tag.err" ||
    fail "$tag: stderr is: $(head -5 "$TMP/$tag.err")"
  if [ -s "$TMP/$tag.out" ]; then fail "$tag: stdout is not empty: $(head -3 "$TMP/$tag.out")"; fi
}

interrupt int INT 130
leftovers=$(ls -A "$TMP/int")
if [ -z "$leftovers" ]; then ok "SIGINT: no output directory, no staging directory"; else fail "SIGINT: left behind: $leftovers"; fi

# Earlier results in the target stay untouched.
mkdir -p "$TMP/term/res"
echo '{"earlier": true}' >"$TMP/term/res/summary.json"
interrupt term TERM 143
grep -q earlier "$TMP/term/res/summary.json" || fail "SIGTERM: the earlier results were changed"
leftovers=$(ls -A "$TMP/term")
if [ "$leftovers" = res ]; then ok "SIGTERM: earlier results kept, nothing else left"; else fail "SIGTERM: left: $leftovers"; fi
finish
