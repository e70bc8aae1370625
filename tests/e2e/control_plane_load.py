#!/usr/bin/python3
"""The master keeps slaves within max_vsfs_per_slave (patent "Control Plane Architecture": it "allocates
and de-allocates slave segment managers ... as necessary", a host's load, and power management).

Six VSFs, one farm manager each, all on the single slave the scenario starts with; at most two VSFs
per slave; three control-plane hosts of two cores (a host runs one slave per core), two of them
powered off at the start because they run no manager. Expected from the event log: the first master
moves farm managers off slave0 until it runs two VSFs, onto new slaves it creates (reason "load"),
filling cp0's second core first and then powering on a second host (host_boot later); every VSF is
managed at the end and the registry and CPU invariants hold. Usage: control_plane_load.py VSFSIM
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402


def main():
    vsfsim = sys.argv[1]
    models = inline_run.models()
    doc = {
        "name": "control-plane-load", "seed": 5, "duration": "10min", "models": models,
        "grid": {"cpus": 16, "storage": [{"name": "array0", "ports": 2}],
                 "control_plane": {"hosts": 3, "profile": "dual"}},
        "control_plane": {"slaves": 1, "max_vsfs_per_slave": 2, "host_boot": "60s"},
        "vsfs": [{"name": f"v{i}", "lb": False, "tiers": [{"role": "web", "initial": 1, "max": 2}],
                  "traffic": {"type": "constant", "rate": 2}} for i in range(6)],
        "outputs": {"events": True, "timeseries": False},
    }
    problems = []
    with tempfile.TemporaryDirectory() as work:
        r = inline_run.run(vsfsim, doc, work, "load")
    if r.returncode != 0:
        print(r.stderr)
        return 1
    summary, events = r.summary, r.events
    cp = summary["control_plane"]
    created = [e for e in events if e["type"] == "slave_created"]
    moves = [e for e in events if e["type"] == "rebalance"]
    power = [e for e in events if e["type"] == "host_power"]
    # Six VSFs at two per slave: slave0 keeps two, two new slaves take two each.
    if len(created) != 2 or not all(e["reason"].startswith("load") for e in created):
        problems.append(f"slaves created: {created}")
    if len(moves) != 4 or any(m["from"] != "slave0" for m in moves):
        problems.append(f"moves: {moves}")
    per_slave = {"slave0": 6}
    for m in moves:
        per_slave[m["from"]] -= 1
        per_slave[m["to"]] = per_slave.get(m["to"], 0) + 1
    if sorted(per_slave.values()) != [2, 2, 2]:
        problems.append(f"VSFs per slave after the moves: {per_slave}")
    # cp0 has two cores: the first new slave joins slave0 there, the second needs a host powered on.
    hosts = [e["host"] for e in created]
    if hosts[:1] != ["cp0"] or len(hosts) < 2 or hosts[1] == "cp0":
        problems.append(f"hosts of the new slaves: {hosts}")
    if not created[1:] or created[1]["host_boot_s"] != 60:
        problems.append(f"the second new slave did not wait for a host boot: {created[1:]}")
    if not any(p["on"] and p["host"] == hosts[1] for p in power):
        problems.append(f"{hosts[1:2]} never powered on: {power}")
    if cp["new_slaves"] != 2 or cp["hosts_on"]["max"] != 2:
        problems.append(f"new_slaves {cp['new_slaves']}, hosts_on {cp['hosts_on']}")
    if cp["invariant_violations"]:
        problems.append(f"invariant violations {cp['invariant_violations']}")
    unmanaged = {}
    for e in events:
        if e["type"] == "unmanaged":
            unmanaged[e["vsf"]] = e["unmanaged"]
    if any(unmanaged.values()):
        problems.append(f"unmanaged at the end: {unmanaged}")
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
