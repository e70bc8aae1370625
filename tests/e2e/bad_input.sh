#!/usr/bin/env bash
# Bad input never crashes and never leaves output behind: every tests/bad/*.json, a missing file, bad
# --set values, a bad -o and command-line mistakes exit with status 2, say why on stderr (lines
# prefixed "error: "), print nothing on stdout and create no directory.
source "$(dirname "$0")/lib/common.bash"

mkdir "$TMP/work"
cd "$TMP/work"

# expect_bad TAG DESCRIPTION ARGS...: exit 2, an error on stderr, nothing on stdout, no file created.
expect_bad() {
  local tag=$1 what=$2
  shift 2
  run_cli "$tag" "$@"
  expect_rc "$tag" 2 "$what"
  grep -q '^error: ' "$TMP/$tag.err" || fail "$what: no \"error: \" line on stderr: $(head -c 300 "$TMP/$tag.err")"
  [ ! -s "$TMP/$tag.out" ] || fail "$what: printed on stdout: $(head -c 300 "$TMP/$tag.out")"
  local created
  created=$(ls -A "$TMP/work")
  if [ -n "$created" ]; then
    fail "$what: created $created"
    rm -rf "${TMP:?}/work/"* "$TMP/work/".[!.]* 2>/dev/null || true
  fi
}

shopt -s nullglob
bad=()
for f in "$ROOT"/tests/bad/*.json; do
  [ "$(basename "$f")" = expected.json ] || bad+=("$f")  # expected.json holds each file's expected messages
done
[ ${#bad[@]} -ge 15 ] || fail "expected at least 15 bad scenarios in tests/bad/, found ${#bad[@]}"
for f in "${bad[@]}"; do
  name=$(basename "$f" .json)
  expect_bad "run-$name" "run tests/bad/$name.json" run "$f" -o "$TMP/work/results-$name" --no-progress
  expect_bad "validate-$name" "validate tests/bad/$name.json" validate "$f"
  # the default output directory (out/<name>) must not appear either
  expect_bad "default-$name" "run tests/bad/$name.json (default -o)" run "$f" --no-progress
done

good="$ROOT/scenarios/quickstart.json"
expect_bad missing "missing scenario file" run "$TMP/no-such-scenario.json"
expect_bad missing-v "validate a missing scenario file" validate "$TMP/no-such-scenario.json"
expect_bad set-shape "--set without '='" run "$good" --set /duration
expect_bad set-pointer "--set without a JSON pointer" run "$good" --set duration=10min
expect_bad set-unit "--set with a value of the wrong unit" run "$good" --set /duration=5MB
expect_bad set-key "--set of an unknown key" run "$good" --set /durration=10min
expect_bad set-index "--set past the end of an array" run "$good" --set /vsfs/99/name=x
expect_bad set-minmax "--set making min > max" run "$good" --set /vsfs/0/tiers/0/min=1000
expect_bad seed-neg "negative --seed" run "$good" --seed -1
expect_bad seed-text "non-numeric --seed" run "$good" --seed abc
expect_bad flag "unknown flag" run "$good" --frobnicate
expect_bad extra "two scenarios" run "$good" "$good"
expect_bad noarg "run without a scenario" run
expect_bad graph-bad "graph of a missing file" graph "$TMP/no-such-scenario.json" -o "$TMP/work/g.dot"

# -o naming something that is not a results directory: refused, and the user's files are untouched.
mkdir "$TMP/mine" && echo "precious" >"$TMP/mine/notes.txt"
expect_bad o-foreign "-o onto a directory holding other files" run "$good" -o "$TMP/mine" --no-progress
[ "$(cat "$TMP/mine/notes.txt" 2>/dev/null)" = "precious" ] || fail "-o onto a foreign directory touched its files"
echo "x" >"$TMP/afile"
expect_bad o-file "-o onto a file" run "$good" -o "$TMP/afile" --no-progress
finish
