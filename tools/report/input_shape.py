"""Checks that the files of DIR have the shape the report reads, before any figure is drawn: a summary.json
from another program or version, a hand-edited table, must be refused as bad input (every problem, each
with its file and JSON pointer or column), not end in a Python traceback halfway through the page.

Only what the report uses is checked; the loader (tools/python) has read the files already.
"""
NUM, NUM_OR_NULL, STR, INT = "a number", "a number or null", "a string", "an integer"

_MEAN_MAX = {"mean": NUM_OR_NULL, "max": NUM_OR_NULL}

VSF = {
    "name": STR,
    "requests": {"offered": INT, "served": INT, "dropped": INT, "timed_out": INT},
    "response_ms": {"p95": NUM_OR_NULL},
    "sla_violation_s": NUM,
    "scale_outs": INT,
    "scale_ins": INT,
    "denials": {"needs": INT, "attempts": INT},
    "availability": NUM_OR_NULL,
}

SUMMARY = {
    "scenario": STR,
    "seed": INT,
    "duration_s": NUM,
    "vsfs": [VSF],
    "grid": {
        "cpus": INT,
        "idle_pool": {"min": NUM, "mean": NUM, "seconds_at_zero": NUM, "fraction_at_zero": NUM},
        "denials": {"needs": INT},
        "scale_out_needs": INT,
        "energy_j": NUM,
        "reconfigurations": {"vlan": INT, "san": INT, "vlan_ports": INT, "san_ports": INT},
        "isolation_violations": INT,
    },
    "control_plane": {
        "elections": INT, "max_simultaneous_masters": INT, "detection_latency_s": _MEAN_MAX,
        "recovery_s": _MEAN_MAX, "restarts": INT, "reassignments": INT, "new_slaves": INT,
        "unmanaged_vsf_seconds": NUM, "energy_j": NUM,
    },
}

TIMESERIES = ("t_s", "vsf", "tier", "offered_rps", "served_rps", "cpus_serving", "cpus_booting", "cpus_allocated",
              "utilization", "p95_ms", "idle_pool", "idle_pool_min")


def _is(value, kind):
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == NUM:
        return number
    if kind == NUM_OR_NULL:
        return value is None or number
    if kind == INT:
        return number and float(value).is_integer()
    return isinstance(value, str)


def _found(value):
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "null" if value is None else repr(value)


def _check(value, spec, pointer, problems):
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            problems.append((pointer or "/", f"expected an object, found {_found(value)}"))
            return
        for key, sub in spec.items():
            if key not in value:
                problems.append((f"{pointer}/{key}", "missing"))
            else:
                _check(value[key], sub, f"{pointer}/{key}", problems)
    elif isinstance(spec, list):
        if not isinstance(value, list):
            problems.append((pointer, f"expected an array, found {_found(value)}"))
            return
        for i, item in enumerate(value):
            _check(item, spec[0], f"{pointer}/{i}", problems)
    elif not _is(value, spec):
        problems.append((pointer, f"expected {spec}, found {_found(value)}"))


def summary_problems(summary):
    """[(JSON pointer, what is wrong)] of summary.json for the report; [] when it reads."""
    problems = []
    _check(summary, SUMMARY, "", problems)
    return problems


def timeseries_problems(ts):
    """[(column, what is wrong)] of timeseries.csv (an empty table has the columns: the loader's)."""
    return [(c, "missing column") for c in TIMESERIES if c not in ts.columns]


def sweep_problems(doc, points, runs):
    """[(where, what is wrong)] of sweep.json and the tables."""
    problems = []
    if not isinstance(doc, dict):
        return [("sweep.json /", f"expected an object, found {_found(doc)}")]
    for key, item_keys in (("axes", ("name", "labels")), ("metrics", ("name", "pointer"))):
        items = doc.get(key)
        if not isinstance(items, list):
            problems.append((f"sweep.json /{key}", f"expected an array, found {_found(items)}"))
            continue
        for i, item in enumerate(items):
            for k in item_keys:
                if not isinstance(item, dict) or k not in item:
                    problems.append((f"sweep.json /{key}/{i}/{k}", "missing"))
    if not problems:
        for a in doc["axes"]:
            if a["name"] not in points.columns:
                problems.append(("points.csv", f"no column for the axis \"{a['name']}\""))
    if "status" not in runs.columns:
        problems.append(("runs.csv", "no column \"status\""))
    return problems
