#!/usr/bin/env bash
# JSON nested deeper than 64 levels is refused (exit 2, no crash) wherever it comes from: a scenario file
# (the error gives the line and column of the bracket that opens level 65), a run.json, a --set value.
# Before the fix, a 65,000-deep --set value and a 100,000-deep run.json overflowed the stack (SIGSEGV).
source "$(dirname "$0")/lib/common.bash"

deep() { $PY -c "import sys; n = int(sys.argv[1]); print('[' * n + ']' * n)" "$1"; }

printf '{\n  "name": "x",\n  "a": %s\n}\n' "$(deep 100000)" >"$TMP/deep.json"
run_cli file validate "$TMP/deep.json"
expect_rc file 2 "a scenario nested 100,000 levels deep"
grep -qF "deep.json:3:71: invalid JSON: nested more than 64 levels deep" "$TMP/file.err" ||
  fail "the nesting error does not give line 3, column 71 (the 64th '['); stderr: $(head -c 300 "$TMP/file.err")"

printf '{"vsfsim": {}, "scenario": {"name": "x", "a": %s}}\n' "$(deep 100000)" >"$TMP/run.json"
run_cli record validate "$TMP/run.json"
expect_rc record 2 "a run.json nested 100,000 levels deep"
grep -qF "run.json:1:" "$TMP/record.err" && grep -qF "nested more than 64 levels deep" "$TMP/record.err" ||
  fail "the run.json nesting error does not say where; stderr: $(head -c 300 "$TMP/record.err")"

run_cli set validate scenarios/quickstart.json --set "/vsfs/0/x=$(deep 65000)"
expect_rc set 2 "a --set value nested 65,000 levels deep"
grep -qF "error: --set: /vsfs/0/x: the value is nested more than 64 levels deep" "$TMP/set.err" ||
  fail "the --set nesting error does not name --set and the pointer; stderr: $(head -c 300 "$TMP/set.err")"

# 64 levels are allowed: the value sets, and is then refused as an unknown key, by pointer.
run_cli set64 validate scenarios/quickstart.json --set "/vsfs/0/x=$(deep 64)"
expect_rc set64 2 "a --set value nested 64 levels deep"
grep -qF '/vsfs/0/x: unknown key "x"' "$TMP/set64.err" || fail "a 64-level --set value was not set"
finish
