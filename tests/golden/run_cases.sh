#!/usr/bin/env bash
# Runs every golden case (tests/golden/cases.txt) with VSFSIM into OUT/<case>/ and prints one
# "sha256  case/file" line per output file (billing.csv where written), sorted: the format of
# tests/golden/golden.sha256.
# Usage: tests/golden/run_cases.sh path/to/vsfsim OUT   (from the repository root)
set -euo pipefail
vsfsim=$1
out=$2
mkdir -p "$out"
while read -r name scenario args; do
  case "$name" in ''|'#'*) continue ;; esac
  # shellcheck disable=SC2086  # the arguments column is split on purpose
  if ! "$vsfsim" run "$scenario" -o "$out/$name" --no-progress $args >"$out/$name.stdout" 2>"$out/$name.stderr"; then
    echo "golden case $name failed to run:" >&2
    sed 's/^/    /' "$out/$name.stderr" | tail -20 >&2
    exit 1
  fi
  for f in summary.json timeseries.csv events.jsonl billing.csv; do
    [ "$f" != billing.csv ] || [ -f "$out/$name/$f" ] || continue  # written only when a VSF has a plan
    (cd "$out" && sha256sum "$name/$f")
  done
done < tests/golden/cases.txt | sort -k2
