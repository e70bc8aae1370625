#!/usr/bin/env bash
# --progress without a terminal (a batch log): newline-terminated lines with the percentage, the rate
# (over a recent window) and an ETA ("--" while unknown), no carriage return, ending at 100 % with
# "ETA 0.0 s"; the ETA falls as the run goes on (a sum over the lines, to be robust to a loaded machine);
# the human summary on stdout is unchanged by --progress; without --progress and without a terminal: nothing.
source "$(dirname "$0")/lib/common.bash"

run_cli log run scenarios/quickstart.json -o "$TMP/log" --set /duration=1h --progress
expect_rc log 0 "--progress to a file"
if grep -q $'\r' "$TMP/log.err"; then fail "--progress to a file writes carriage returns"; fi
pattern='^simulated [0-9]+ s of 3600 s \( *[0-9]+%\), wall [0-9][0-9.]* (s|min [0-9]+ s|h [0-9]+ min), [0-9]+ sim s/s, ETA (--|[0-9][0-9.]* (s|min [0-9]+ s|h [0-9]+ min))$'
lines=$(grep -Ec "$pattern" "$TMP/log.err" || true)
total=$(wc -l <"$TMP/log.err")
if [ "$lines" -ge 2 ] && [ "$lines" -eq "$total" ]; then
  ok "--progress to a file: $lines progress lines"
else
  fail "--progress to a file: $lines progress lines of $total, expected 2 or more and nothing else:"
  head -5 "$TMP/log.err" | sed 's/^/    /' >&2
fi
tail -1 "$TMP/log.err" | grep -q "3600 s of 3600 s (100%), .*, ETA 0.0 s$" ||
  fail "the last progress line is not at 100 % with ETA 0.0 s: $(tail -1 "$TMP/log.err")"
# The ETA in seconds of the first known and the last line before 100 %: the later must be smaller.
etas=$(grep -v '(100%)' "$TMP/log.err" | sed -nE 's/.*ETA ([0-9.]+) s$/\1/p; s/.*ETA ([0-9]+) min ([0-9]+) s$/\1 \2/p' |
  awk 'NF == 2 { print $1 * 60 + $2; next } { print $1 }')
first_eta=$(echo "$etas" | head -1)
last_eta=$(echo "$etas" | tail -1)
if [ "$(echo "$etas" | grep -c .)" -ge 2 ] && awk -v a="$first_eta" -v b="$last_eta" 'BEGIN { exit !(b < a) }'; then
  ok "the ETA falls: $first_eta s to $last_eta s"
else
  fail "the ETA does not fall over the run: $(echo "$etas" | tr '\n' ' ')"
fi
[ -z "$(tail -c1 "$TMP/log.err")" ] || fail "the progress output does not end with a newline"

run_cli quiet run scenarios/quickstart.json -o "$TMP/quiet" --set /duration=1h
expect_rc quiet 0 "no --progress, stderr to a file"
if [ -s "$TMP/quiet.err" ]; then fail "progress without --progress and without a terminal: $(head -2 "$TMP/quiet.err")"; fi
# The human summary is the same with and without progress (only its results line names the directory).
if diff <(grep -v '^results:' "$TMP/log.out") <(grep -v '^results:' "$TMP/quiet.out") >/dev/null; then
  ok "the human summary on stdout is the same with --progress"
else
  fail "--progress changed the human summary on stdout"
fi
finish
