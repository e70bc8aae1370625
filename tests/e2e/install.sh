#!/usr/bin/env bash
# `make install` (cmake --install) into a temporary prefix, then a scenario with no "models" in a folder
# outside the repository, run by the installed binary: it uses PREFIX/share/vsfsim/models, and its results
# are byte-identical to the build tree's binary on the shipped scenario (which names the models by path).
# Then the errors: VSFSIM_MODELS naming no model folder, and a binary with no models beside it.
source "$(dirname "$0")/lib/common.bash"

BUILD=$(dirname "$VSFSIM")
PREFIX="$TMP/prefix"
if ! cmake --install "$BUILD" --prefix "$PREFIX" >"$TMP/install.out" 2>&1; then
  fail "cmake --install $BUILD --prefix $PREFIX failed:"
  sed 's/^/    /' "$TMP/install.out" | head -20 >&2
  finish
fi
for f in bin/vsfsim share/vsfsim/models/hardware.json share/vsfsim/models/plans.json share/vsfsim/models/roles.json share/vsfsim/models/switches.json \
  share/vsfsim/models/README.md share/vsfsim/schema.json share/doc/vsfsim/README.md share/doc/vsfsim/scenarios/README.md; do
  [ -f "$PREFIX/$f" ] || fail "not installed: PREFIX/$f"
done
[ -x "$PREFIX/bin/vsfsim" ] && ok "installed: bin/vsfsim, share/vsfsim/models/, share/vsfsim/schema.json, share/doc/vsfsim/"

# The quickstart without "models" (and with the installed schema), in a folder of its own.
mkdir -p "$TMP/elsewhere"
$PY - "$ROOT/scenarios/quickstart.json" "$TMP/elsewhere/quickstart.json" "$PREFIX/share/vsfsim/schema.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
del doc["models"]
doc["$schema"] = sys.argv[3]
json.dump(doc, open(sys.argv[2], "w"), indent=2)
PY
INSTALLED="$PREFIX/bin/vsfsim"
(cd "$TMP/elsewhere" && env -u VSFSIM_MODELS "$INSTALLED" run quickstart.json -o out --set /duration=15min \
  --no-progress >"$TMP/installed.out" 2>"$TMP/installed.err") && rc=0 || rc=$?
strip_sanitizer_notes "$TMP/installed.err"
expect_rc installed 0 "the installed binary on a scenario with no models, outside the repository"
run_cli built run "$ROOT/scenarios/quickstart.json" -o "$TMP/built" --set /duration=15min --no-progress
expect_rc built 0 "the build tree's binary on scenarios/quickstart.json"
expect_same_results "$TMP/elsewhere/out" "$TMP/built" "installed binary, default models = build tree's binary, models by path"
$PY - "$TMP/elsewhere/out/run.json" "$PREFIX/share/vsfsim/models" <<'PY' || fail "run.json does not name the installed models"
import json, sys
run = json.load(open(sys.argv[1]))
paths = [m["path"] for m in run["vsfsim"]["models"]]
want = [f"{sys.argv[2]}/{n}" for n in ("hardware.json", "plans.json", "roles.json", "switches.json")]
good = paths == want and all(isinstance(m, dict) for m in run["scenario"]["models"])
print(f"{'ok' if good else 'FAIL'}: run.json models from {paths}, inlined in its scenario")
sys.exit(0 if good else 1)
PY

# VSFSIM_MODELS overrides, and a wrong one is an error (exit 2) naming it.
(cd "$TMP/elsewhere" && VSFSIM_MODELS="$TMP/none" "$INSTALLED" validate quickstart.json \
  >"$TMP/env.out" 2>"$TMP/env.err") && rc=0 || rc=$?
strip_sanitizer_notes "$TMP/env.err"
expect_rc env 2 "VSFSIM_MODELS naming a missing folder"
grep -q "error: quickstart.json: no \"models\" given, and VSFSIM_MODELS is \"$TMP/none\"" "$TMP/env.err" ||
  fail "no error naming VSFSIM_MODELS: $(cat "$TMP/env.err")"
(cd "$TMP/elsewhere" && VSFSIM_MODELS="$PREFIX/share/vsfsim/models" "$INSTALLED" validate quickstart.json \
  >"$TMP/env_ok.out" 2>"$TMP/env_ok.err") && rc=0 || rc=$?
expect_rc env_ok 0 "VSFSIM_MODELS naming the installed models"

# A binary with no models beside it and outside its build tree says where it looked.
mkdir -p "$TMP/lonely/bin"
cp "$INSTALLED" "$TMP/lonely/bin/vsfsim"
(cd "$TMP/elsewhere" && env -u VSFSIM_MODELS "$TMP/lonely/bin/vsfsim" validate quickstart.json \
  >"$TMP/lonely.out" 2>"$TMP/lonely.err") && rc=0 || rc=$?
strip_sanitizer_notes "$TMP/lonely.err"
expect_rc lonely 2 "a binary with no shipped models to find"
grep -q "the shipped model files were not found (looked in $TMP/lonely/share/vsfsim/models)" "$TMP/lonely.err" ||
  fail "no error saying where it looked: $(cat "$TMP/lonely.err")"
[ ! -e "$TMP/elsewhere/out.partial" ] || fail "a partial output was left"
finish
