#!/usr/bin/env bash
# --help on every command and --version: exit 0, usage on stdout; no subcommand or an unknown one: 2, an
# unknown one named with the nearest command.
source "$(dirname "$0")/lib/common.bash"

for cmd in "" run validate graph; do
  # shellcheck disable=SC2086
  run_cli help $cmd --help
  expect_rc help 0 "vsfsim $cmd --help"
  grep -q "Usage:" "$TMP/help.out" || fail "vsfsim $cmd --help prints no usage on stdout"
done
for flag in --set -o --seed --log --progress --no-progress; do
  run_cli help run --help
  grep -q -- "$flag" "$TMP/help.out" || fail "vsfsim run --help does not mention $flag"
done

run_cli help --help
grep -q "VSFSIM_MODELS" "$TMP/help.out" || fail "vsfsim --help does not mention VSFSIM_MODELS"

run_cli version --version
expect_rc version 0 "vsfsim --version"
grep -Eq '^vsfsim [0-9]+\.[0-9]+\.[0-9]+' "$TMP/version.out" || fail "--version printed: $(cat "$TMP/version.out")"

run_cli none
expect_rc none 2 "no subcommand"
run_cli unknown frobnicate
expect_rc unknown 2 "unknown subcommand"
grep -q 'error: unknown command "frobnicate"; expected one of: "run", "validate", "graph"' "$TMP/unknown.err" ||
  fail "unknown subcommand: stderr is: $(cat "$TMP/unknown.err")"
run_cli typo rnu scenarios/quickstart.json
expect_rc typo 2 "misspelt subcommand"
grep -q 'error: unknown command "rnu"; did you mean "run"?' "$TMP/typo.err" ||
  fail "misspelt subcommand: stderr is: $(cat "$TMP/typo.err")"
grep -q "A subcommand is required" "$TMP/typo.err" && fail "misspelt subcommand: CLI11's message leaks"
run_cli typo2 validat --help
expect_rc typo2 2 "misspelt subcommand with --help"
grep -q 'did you mean "validate"?' "$TMP/typo2.err" || fail "validat --help: stderr is: $(cat "$TMP/typo2.err")"
finish
