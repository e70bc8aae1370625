#!/usr/bin/python3
"""The JSON Schema and the loader agree.

Run from the repository root: /usr/bin/python3 tests/e2e/schema_check.py PATH/TO/vsfsim
- scenarios/schema.json is a valid draft 2020-12 schema;
- every shipped scenario (scenarios/*.json) passes the schema and `vsfsim validate` (exit 0);
- every tests/bad/*.json marked "schema": true in tests/bad/expected.json fails the schema, and every bad
  file fails `vsfsim validate` with exit 2 and its expected messages on stderr;
- for sample quantity strings, the schema's unit patterns accept exactly what the loader accepts.
Uses Debian's python3-jsonschema (hence /usr/bin/python3, not a pyenv python3).
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def validate_cli(vsfsim, path, *extra):
    p = subprocess.run([vsfsim, "validate", path, *extra], capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    vsfsim = os.path.abspath(sys.argv[1])
    if not os.access(vsfsim, os.X_OK):
        print(f"FAIL: {vsfsim} is not an executable vsfsim binary (build it first)", file=sys.stderr)
        return 1

    with open("scenarios/schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    shipped = [p for p in sorted(glob.glob("scenarios/*.json")) if not p.endswith("schema.json")]  # nor sweep.schema.json
    if len(shipped) < 2:
        fail(f"expected at least 2 shipped scenarios, found {shipped}")
    for path in shipped:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            fail(f"{path}: schema: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        rc, out, err = validate_cli(vsfsim, path)
        if rc != 0:
            fail(f"{path}: vsfsim validate exited {rc}: {err.strip()[:500]}")

    with open("tests/bad/expected.json", encoding="utf-8") as f:
        expected = json.load(f)
    schema_rejected = 0
    for name, entry in sorted(expected.items()):
        path = os.path.join("tests/bad", name)
        if entry["schema"]:
            try:
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
            except ValueError as e:
                fail(f"{path}: marked schema: true but is not JSON ({e})")
                continue
            if validator.is_valid(doc):
                fail(f"{path}: marked schema: true but the schema accepts it")
            else:
                schema_rejected += 1
        rc, out, err = validate_cli(vsfsim, path)
        if rc != 2:
            fail(f"{path}: vsfsim validate exited {rc}, expected 2 (stderr: {err.strip()[:300]})")
        if not err.strip():
            fail(f"{path}: vsfsim validate printed no error on stderr")
        for m in entry["messages"]:
            if m not in err:
                fail(f"{path}: stderr lacks {m!r}; it says: {err.strip()[:500]}")
    if schema_rejected < 10:
        fail(f"only {schema_rejected} bad files are rejected by the schema; expected at least 10")

    # Unit patterns: the schema and the loader accept the same strings.
    base = "scenarios/quickstart.json"
    samples = {
        "/duration": ["250ms", "2h", "1.5h", "90 min", "1e3s", "100us", "5MB", "5", "2 h", "-5min", "5mins", "5 S",
                      ".5h", "1d"],
        "/grid/uplink/bandwidth": ["1Gbps", "100Mbps", "200MBps", "1.5GBps", "1GiBps", "1Gb/s", "10kbps", "1GB",
                                   "1gbps", "1Gibps", "1 Gbps"],
        "/vsfs/1/traffic/peak": ["120/s", "7200/min", "1e5/h", "50", "12rps", "1/sec", "3 /s"],
    }
    with open(base, encoding="utf-8") as f:
        base_doc = json.load(f)
    for pointer, values in samples.items():
        for value in values:
            doc = json.loads(json.dumps(base_doc))
            node = doc
            parts = pointer.strip("/").split("/")
            for p in parts[:-1]:
                node = node[int(p)] if isinstance(node, list) else node[p]
            node[parts[-1]] = value
            extra = []
            if pointer.startswith("/vsfs/1/traffic"):
                doc["vsfs"][1]["traffic"]["trough"] = 0  # so any valid peak is >= trough
                extra = ["--set", "/vsfs/1/traffic/trough=0"]
            by_schema = validator.is_valid(doc)
            rc, _, err = validate_cli(vsfsim, base, "--set", f"{pointer}={value}", *extra)
            by_loader = rc == 0
            if by_schema != by_loader:
                fail(f"{pointer}={value!r}: schema {'accepts' if by_schema else 'rejects'} but the loader "
                     f"{'accepts' if by_loader else 'rejects'} ({err.strip()[:200]})")

    if failures:
        print(f"schema_check: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    print(f"schema_check: {len(shipped)} scenarios valid; {len(expected)} bad files refused "
          f"({schema_rejected} by the schema too); unit patterns agree with the loader")
    return 0


if __name__ == "__main__":
    sys.exit(main())
