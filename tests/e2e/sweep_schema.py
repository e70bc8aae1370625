#!/usr/bin/python3
"""The sweep file's JSON Schema is valid and agrees with the loader's view of good and bad files.

Run from the repository root: /usr/bin/python3 tests/e2e/sweep_schema.py PATH/TO/vsfsim
- scenarios/sweep.schema.json is a valid draft 2020-12 schema;
- every shipped sweep (scenarios/sweeps/*.json) and every test sweep (tests/data/sweeps/*.json) passes it;
- every tests/bad/sweeps/*.json marked "schema": true in its expected.json fails it, and those marked
  false pass it (their problems are ones only vsfsim can see: files, names, the scenario's contents);
- mutations of a good sweep that the loader refuses on shape alone are refused by the schema too.
The loader's own messages for the bad files are checked by unit:sweep (tests/unit/sweep/bad_sweeps_test.cpp).
Uses Debian's python3-jsonschema (hence /usr/bin/python3). The vsfsim argument is accepted for symmetry
with the other e2e tests and not used.
"""
import copy
import glob
import json
import os
import sys

import jsonschema

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def errors(validator, doc):
    return ["/" + "/".join(map(str, e.absolute_path)) + ": " + e.message for e in validator.iter_errors(doc)]


def main():
    with open("scenarios/sweep.schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    good = sorted(glob.glob("scenarios/sweeps/*.json")) + sorted(glob.glob("tests/data/sweeps/*.json"))
    if not good:
        fail("no sweep files found in scenarios/sweeps/ or tests/data/sweeps/")
    for path in good:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for e in errors(validator, doc):
            fail(f"{path}: schema: {e}")

    with open("tests/bad/sweeps/expected.json", encoding="utf-8") as f:
        expected = json.load(f)
    rejected = 0
    for name, entry in sorted(expected.items()):
        path = os.path.join("tests/bad/sweeps", name)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except ValueError as e:
            if entry["schema"]:
                fail(f"{path}: marked schema: true but is not JSON ({e})")
            continue
        valid = validator.is_valid(doc)
        if entry["schema"] and valid:
            fail(f"{path}: marked schema: true but the schema accepts it")
        elif not entry["schema"] and not valid:
            fail(f"{path}: marked schema: false but the schema rejects it: {errors(validator, doc)[:3]}")
        rejected += not valid
    if rejected < 8:
        fail(f"only {rejected} bad sweep files are rejected by the schema; expected at least 8")

    base = {"scenario": "../quickstart.json",
            "axes": [{"pointer": "/grid/cpus", "values": [30, 40]}],
            "uncertainty": {"phase": {"dist": "uniform", "min": "0s", "max": "30min"}}}
    if not validator.is_valid(base):
        fail(f"the base sweep of the mutations is refused: {errors(validator, base)}")
    mutations = {
        "no scenario": lambda d: d.pop("scenario"),
        "replications 0": lambda d: d.update(replications=0),
        "replications 10001": lambda d: d.update(replications=10001),
        "seed -1": lambda d: d.update(seed=-1),
        "a pointer without /": lambda d: d["axes"][0].update(pointer="grid/cpus"),
        "a pointer with ~2": lambda d: d["axes"][0].update(pointer="/grid~2cpus"),
        "no values": lambda d: d["axes"][0].pop("values"),
        "empty values": lambda d: d["axes"][0].update(values=[]),
        "an unknown axis key": lambda d: d["axes"][0].update(valeus=[1]),
        "timeout 0s": lambda d: d.update(timeout="0s"),
        "timeout without unit": lambda d: d.update(timeout=600),
        "a phase in numbers": lambda d: d["uncertainty"]["phase"].update(max=1800),
        "a negative phase": lambda d: d["uncertainty"]["phase"].update(min="-1min"),
        "an empty uncertainty": lambda d: d.update(uncertainty={}),
        "lognormal median 0": lambda d: d["uncertainty"].update(
            traffic_scale={"dist": "lognormal", "median": 0, "sigma": 0.2}),
        "empty metrics": lambda d: d.update(metrics=[]),
        "an empty exclude entry": lambda d: d.update(exclude=[{}]),
        "slurm runs_per_task 0": lambda d: d.update(slurm={"runs_per_task": 0}),
    }
    for what, mutate in mutations.items():
        doc = copy.deepcopy(base)
        mutate(doc)
        if validator.is_valid(doc):
            fail(f"the schema accepts a sweep with {what}: {json.dumps(doc)}")

    if failures:
        print(f"sweep_schema: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    print(f"sweep_schema: {len(good)} sweep files valid; {rejected} of {len(expected)} bad files refused by the "
          f"schema as marked; {len(mutations)} mutations refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
