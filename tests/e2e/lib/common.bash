# Shared helpers of the end-to-end tests (sourced, not a test itself: ctest runs only e2e/*.sh and e2e/*.py).
# Each test gets the vsfsim binary as $1 and runs from the repository root. It works in a private
# temporary directory that is removed on exit, reports every failed check, and exits non-zero if any.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
  echo "usage: $0 path/to/vsfsim   (run from the repository root)" >&2
  exit 2
fi
VSFSIM=$(realpath "$1")
ROOT=$(pwd)
PY=/usr/bin/python3  # Debian's interpreter (a pyenv python3 on PATH lacks Debian's packages)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vsfsim-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap also cleans up after ctest's timeout
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
ok() { echo "ok: $*"; }

# run_cli TAG ARGS...: runs vsfsim from the current directory; stdout, stderr and the exit status
# land in $TMP/TAG.out, $TMP/TAG.err, and $rc.
run_cli() {
  local tag=$1
  shift
  rc=0
  "$VSFSIM" "$@" >"$TMP/$tag.out" 2>"$TMP/$tag.err" || rc=$?
  strip_sanitizer_notes "$TMP/$tag.err"
}

# Under `make sanitize`, ASan prints a 3-line warning when an exception leaves a SimGrid actor stack that
# it was not told about (README, Validation): the sanitizer runtime's words, not vsfsim's output, so the
# tests that read stderr drop them. Any real report still fails the run (halt_on_error=1).
strip_sanitizer_notes() {
  sed -i -e '/^==[0-9]*==WARNING: ASan is ignoring requested __asan_handle_no_return/d' \
    -e '/^False positive error reports may follow$/d' \
    -e '/^For details see https:\/\/github.com\/google\/sanitizers\/issues\/189$/d' "$1"
}

# expect_rc TAG WANT DESCRIPTION: checks $rc and shows stderr when it is wrong.
expect_rc() {
  if [ "$rc" -eq "$2" ]; then
    ok "$3 (exit $rc)"
  else
    fail "$3: exit $rc, expected $2; stderr:"
    sed 's/^/    /' "$TMP/$1.err" | head -20 >&2
  fi
}

# expect_same_results DIR_A DIR_B WHAT: the result files of two runs are byte-identical (a file that
# neither run wrote, because its scenario turned it off, is skipped; one that only one run wrote fails).
expect_same_results() {
  local f
  for f in summary.json timeseries.csv events.jsonl billing.csv; do
    if [ ! -f "$1/$f" ] && [ ! -f "$2/$f" ]; then
      continue
    elif cmp -s "$1/$f" "$2/$f"; then
      ok "$f: $3 (byte-identical)"
    else
      fail "$f differs: $3: $(cmp "$1/$f" "$2/$f" 2>&1 | head -1)"
    fi
  done
}

finish() {
  if [ "$failures" -gt 0 ]; then
    echo "$failures check(s) failed" >&2
    exit 1
  fi
  echo "all checks passed"
}
