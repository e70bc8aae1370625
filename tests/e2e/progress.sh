#!/usr/bin/env bash
# --progress without a terminal (a batch log): newline-terminated lines with the percentage, the rate
# and an ETA, no carriage return, ending at 100 %; without --progress and without a terminal: nothing.
source "$(dirname "$0")/lib/common.bash"

run_cli log run scenarios/quickstart.json -o "$TMP/log" --set /duration=2h --progress
expect_rc log 0 "--progress to a file"
if grep -q $'\r' "$TMP/log.err"; then fail "--progress to a file writes carriage returns"; fi
pattern='^simulated [0-9]+ s of 7200 s \( *[0-9]+%\), wall [0-9].*, [0-9]+ sim s/s, ETA [0-9].*$'
lines=$(grep -Ec "$pattern" "$TMP/log.err" || true)
total=$(wc -l <"$TMP/log.err")
if [ "$lines" -ge 2 ] && [ "$lines" -eq "$total" ]; then
  ok "--progress to a file: $lines progress lines"
else
  fail "--progress to a file: $lines progress lines of $total, expected 2 or more and nothing else:"
  head -5 "$TMP/log.err" | sed 's/^/    /' >&2
fi
tail -1 "$TMP/log.err" | grep -q "7200 s of 7200 s (100%)" || fail "the last progress line is not at 100 %: $(tail -1 "$TMP/log.err")"
[ -z "$(tail -c1 "$TMP/log.err")" ] || fail "the progress output does not end with a newline"

run_cli quiet run scenarios/quickstart.json -o "$TMP/quiet" --set /duration=10min
expect_rc quiet 0 "no --progress, stderr to a file"
if [ -s "$TMP/quiet.err" ]; then fail "progress without --progress and without a terminal: $(head -2 "$TMP/quiet.err")"; fi
finish
