#!/usr/bin/env bash
# --help on every command and --version: exit 0, usage on stdout; no subcommand or an unknown one: 2.
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

run_cli version --version
expect_rc version 0 "vsfsim --version"
grep -Eq '^vsfsim [0-9]+\.[0-9]+\.[0-9]+' "$TMP/version.out" || fail "--version printed: $(cat "$TMP/version.out")"

run_cli none
expect_rc none 2 "no subcommand"
run_cli unknown frobnicate
expect_rc unknown 2 "unknown subcommand"
[ -s "$TMP/unknown.err" ] || fail "unknown subcommand: nothing on stderr"
finish
