#!/usr/bin/env bash
# Every shipped scenario (scenarios/*.json except the schema) validates: exit 0, "ok: FILE: N CPUs,
# M VSFs" on stdout, and nothing written.
source "$(dirname "$0")/lib/common.bash"

shopt -s nullglob
mkdir "$TMP/work" && cd "$TMP/work"
count=0
for f in "$ROOT"/scenarios/*.json; do
  case "$f" in *schema.json) continue ;; esac  # schema.json, sweep.schema.json
  count=$((count + 1))
  tag=$(basename "$f" .json)
  run_cli "$tag" validate "$f"
  expect_rc "$tag" 0 "validate scenarios/$tag.json"
  grep -Eq "^ok: .*$tag\.json: [0-9]+ CPUs, [0-9]+ VSFs" "$TMP/$tag.out" || fail "validate $tag: stdout is \"$(cat "$TMP/$tag.out")\""
done
[ "$count" -ge 2 ] || fail "expected at least quickstart and patent-walkthrough in scenarios/, found $count scenario(s)"
[ -z "$(ls -A "$TMP/work")" ] || fail "validate wrote files: $(ls -A "$TMP/work")"
finish
