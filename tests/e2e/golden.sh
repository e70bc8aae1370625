#!/usr/bin/env bash
# Golden outputs: the shipped scenarios (and the variants their docs suggest) must give the very bytes
# recorded in tests/golden/golden.sha256. A refactoring changes none of them; a change of behaviour
# updates them on purpose with tools/golden-update, and its commit message says why.
source "$(dirname "$0")/lib/common.bash"

got="$TMP/got.sha256"
if ! bash "$ROOT/tests/golden/run_cases.sh" "$VSFSIM" "$TMP/out" >"$got"; then
  fail "a golden case did not run"
  finish
fi
want="$ROOT/tests/golden/golden.sha256"
while read -r sum file; do
  line=$(grep -F "  $file" "$got" || true)
  if [ -z "$line" ]; then
    fail "$file: not written"
  elif [ "${line%% *}" = "$sum" ]; then
    ok "$file matches"
  else
    fail "$file: hash ${line%% *}, golden $sum"
    if [[ $file == *summary.json ]]; then
      echo "    summary now:" >&2
      head -c 1500 "$TMP/out/$file" | sed 's/^/    /' >&2
    fi
  fi
done <"$want"
n_want=$(wc -l <"$want")
n_got=$(wc -l <"$got")
[ "$n_want" -eq "$n_got" ] || fail "$n_got output files, golden.sha256 lists $n_want (update it with tools/golden-update)"
finish
