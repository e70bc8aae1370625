#!/usr/bin/env bash
# `vsfsim graph` writes the fabric as Graphviz DOT (to a file with -o, else stdout), coloured by the
# initial allocation (checked on the patent walkthrough); when Graphviz is installed it must also render.
source "$(dirname "$0")/lib/common.bash"

check_dot() {  # FILE WHAT
  head -c 200 "$1" | grep -Eq '^(strict )?(di)?graph' || fail "$2: does not start like a DOT graph"
  grep -Eq -- '--|->' "$1" || fail "$2: has no edge"
  if command -v dot >/dev/null; then dot -Tsvg "$1" -o /dev/null 2>"$TMP/dot.err" || fail "$2: Graphviz rejects it: $(head -3 "$TMP/dot.err")"; fi
}

for s in quickstart patent-walkthrough; do
  scenario="$ROOT/scenarios/$s.json"
  run_cli "g-$s" graph "$scenario" -o "$TMP/dots/$s.dot"
  expect_rc "g-$s" 0 "graph $s -o FILE"
  if [ -f "$TMP/dots/$s.dot" ]; then check_dot "$TMP/dots/$s.dot" "$s.dot"; else fail "graph $s: no file written"; fi
  $PY -c 'import json,sys; [print(v["name"]) for v in json.load(open(sys.argv[1]))["vsfs"]]' "$scenario" |
    while read -r v; do grep -qF -- "$v" "$TMP/dots/$s.dot" || echo "$v"; done >"$TMP/missing-vsfs"
  [ ! -s "$TMP/missing-vsfs" ] || fail "$s.dot does not name VSF(s) $(tr '\n' ' ' <"$TMP/missing-vsfs")"
done

# The initial allocation of Fig. 5: A (LB), B, C in vsf1; E (LB), F, G in vsf2; D idle. Each CPU's fill
# colour must be its VSF's colour in the legend.
$PY - "$TMP/dots/patent-walkthrough.dot" <<'PYEOF' >"$TMP/colours.txt" || fail "patent-walkthrough.dot: $(cat "$TMP/colours.txt")"
import re, sys
text = open(sys.argv[1]).read()
attrs = lambda s: dict(re.findall(r'(\w+)="([^"]*)"', s))
nodes = [attrs(m) for m in re.findall(r'^\s*\w+ \[(.*)\];\s*$', text, re.M)]
legend = {a["label"]: a.get("fillcolor") for a in nodes if "label" in a}
colour = {a["label"].split("\\n")[0]: a.get("fillcolor") for a in nodes if "label" in a}
want = {"A": "vsf1", "B": "vsf1", "C": "vsf1", "D": "idle pool", "E": "vsf2", "F": "vsf2", "G": "vsf2"}
bad = [f"{cpu}: {colour.get(cpu)} (expected {owner}: {legend.get(owner)})" for cpu, owner in want.items()
       if legend.get(owner) is None or colour.get(cpu) != legend.get(owner)]
print("; ".join(bad))
sys.exit(1 if bad else 0)
PYEOF

run_cli stdout graph "$ROOT/scenarios/quickstart.json"
expect_rc stdout 0 "graph to stdout"
check_dot "$TMP/stdout.out" "graph on stdout"
run_cli bare graph "$ROOT/scenarios/quickstart.json" --bare
expect_rc bare 0 "graph --bare"
check_dot "$TMP/bare.out" "graph --bare"
cmp -s "$TMP/bare.out" "$TMP/stdout.out" && fail "--bare (all CPUs idle) gives the same picture as the initial allocation"
finish
