#!/usr/bin/env bash
# catch_discover_tests splits a test name at ';' into two ctest tests that each run nothing and pass:
# such names would silently drop tests, so none may exist.
set -u
bad=$(grep -rnE '(TEST_CASE|SECTION)\("[^"]*;' tests/unit tests/sim 2>/dev/null)
if [ -n "$bad" ]; then
  echo "test names containing ';' (ctest would split them and run nothing):"
  echo "$bad"
  exit 1
fi
echo "test names ok"
