#!/usr/bin/python3
"""Property tests of the control plane over seeded random fault schedules.

Usage: control_properties.py VSFSIM SHARD SHARDS [RUNS]
Runs the schedules whose number n (0 <= n < RUNS, default 500) has n % SHARDS == SHARD. Schedule n is
drawn from random.Random(n): a small grid (5 control-plane hosts, 5 slaves, 3 VSFs of which two share a
farm manager, 16 CPUs, light traffic) and 1 to 6 faults among manager crashes and stalls (master,
slaves, farm managers), control-plane host crashes, partitions, registry outages and CPU crashes, all
healed by t = 300 s; the run lasts until the recovery bound after the last heal, plus a margin. The
quorum is a majority. For each run, from summary.json and events.jsonl:
  1. never more than one master per election epoch (master_elected events, and the simulator's own
     per-epoch check: invariant_violations);
  2. after the last fault heals, every VSF is managed again within the bound B (scenarios/README.md,
     "control_plane": recovery bound): its last unmanaged spell ends by then (recovery itself may
     cause a short one, e.g. a healed stalled slave killed and restarted) and it is managed at the end;
  3. no CPU is ever in two VSFs (the allocations and returns to the idle pool in events.jsonl replayed,
     and the simulator's own check);
  4. every VSF is in the registry exactly once (the simulator's check after every reassignment).
Exit 0 when every run holds every property; otherwise prints each failure with the command that
reproduces it.
"""
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "e2e", "lib"))
import inline_run  # noqa: E402

CP = {  # the control_plane section of every run (seconds); short periods keep runs short
    "ping_interval": 2, "ping_timeout": 0.5, "health_check_interval": 4, "health_check_timeout": 0.5,
    "restart_timeout": 6, "manager_restart": 1, "takeover": 1, "lease": 6, "freshness": 8,
    "host_boot": 20, "slaves": 5,
}


def recovery_bound(cp):
    """B of scenarios/README.md: election, then the new master's checks, restarts or reassignment, then
    the slave's farm-manager check, plus one second of registry and message costs."""
    election = cp["lease"] + cp["ping_interval"] + cp["ping_timeout"]
    master = cp["health_check_interval"] + cp["health_check_timeout"] + cp["restart_timeout"] + \
        cp["host_boot"] + cp["manager_restart"] + max(cp["takeover"], cp["manager_restart"])
    slave = cp["ping_interval"] + cp["ping_timeout"] + cp["manager_restart"]
    return election + master + slave + 1.0


def scenario(n):
    rng = random.Random(n)
    faults = []
    last_heal = 0.0
    for _ in range(rng.randint(1, 6)):
        at = round(rng.uniform(5, 240), 3)
        repair = round(rng.uniform(0, 60), 3)
        last_heal = max(last_heal, at + repair)
        kind = rng.choice(["master", "master", "slave", "fm", "host", "host", "partition", "registry", "cpu"])
        e = {"at": f"{at}s", "repair": f"{repair}s"}
        if kind in ("master", "slave", "fm"):
            e.update(kind="manager", manager={"fm": "farm_manager"}.get(kind, kind),
                     mode=rng.choice(["crash", "stall"]))
            if kind == "slave":
                e["target"] = f"slave{rng.randrange(5)}"
            elif kind == "fm":
                e["target"] = rng.choice(["a", "b", "c"])
        elif kind == "host":
            e.update(kind="control_host", target=f"cp{rng.randrange(5)}")
        elif kind == "partition":
            hosts = [f"cp{i}" for i in range(5)]
            rng.shuffle(hosts)
            k = rng.randint(1, 4)
            e.update(kind="cp_partition", sides=[sorted(hosts[:k]), sorted(hosts[k:])])
        elif kind == "registry":
            e.update(kind="registry")
        else:
            e.update(kind="cpu", target=f"cpu-{rng.randrange(16)}")
        faults.append(e)
    cp = dict(CP)
    bound = recovery_bound(cp)
    duration = last_heal + bound + 20
    models = inline_run.models()
    doc = {
        "name": f"props-{n}", "seed": n, "duration": f"{duration:.3f}s", "models": models,
        "grid": {"cpus": 16, "storage": [{"name": "array0", "ports": 2}], "control_plane": {"hosts": 5}},
        "control_plane": {k: (f"{v}s" if k not in ("slaves",) else v) for k, v in cp.items()}
        | {"vsfs_per_farm_manager": 2},
        "vsfs": [
            {"name": name, "lb": False, "tiers": [{"role": "web", "initial": 2, "min": 1, "max": 4}],
             "policy": {"type": "threshold", "interval": "10s", "window": "10s", "cooldown": "20s"},
             "traffic": {"type": "constant", "rate": rate}}
            for name, rate in (("a", 5), ("b", 2), ("c", 8))],
        "faults": {"events": faults},
        "outputs": {"events": True, "timeseries": False},
    }
    return doc, last_heal, bound


def check(vsfsim, n, workdir):
    doc, last_heal, bound = scenario(n)
    r = inline_run.run(vsfsim, doc, workdir, f"props-{n}")
    problems = []
    if r.returncode != 0:
        return [f"exit {r.returncode}: {r.stderr.strip()[-400:]}"]
    summary = r.summary
    cp = summary["control_plane"]
    if cp["invariant_violations"]:
        problems.append(f"invariant violations {cp['invariant_violations']}")
    masters_per_epoch = {}
    owner = {}
    unmanaged = {}
    last_unmanaged_end = {}
    for e in r.events:
        t, ty = e["t"], e["type"]
        if ty == "master_elected":
            masters_per_epoch.setdefault(e["epoch"], []).append(e["slave"])
        elif ty == "cpu_allocated":
            prev = owner.get(e["cpu"], "idle")
            if prev != "idle":
                problems.append(f"t={t}: {e['cpu']} allocated to {e['vsf']} while in {prev}")
            owner[e["cpu"]] = e["vsf"]
        elif ty == "cpu_idle":
            owner[e["cpu"]] = "idle"
        elif ty == "unmanaged":
            unmanaged[e["vsf"]] = e["unmanaged"]
            if not e["unmanaged"]:
                last_unmanaged_end[e["vsf"]] = t
    for epoch, who in masters_per_epoch.items():
        if len(who) > 1:
            problems.append(f"epoch {epoch} has masters {who}")
    for vsf, um in unmanaged.items():
        if um:
            problems.append(f"{vsf} still unmanaged at the end (last heal {last_heal:.1f} s, bound {bound:.1f} s)")
        elif last_unmanaged_end.get(vsf, 0) > last_heal + bound:
            problems.append(f"{vsf} managed again only at {last_unmanaged_end[vsf]:.1f} s, "
                            f"after the last heal {last_heal:.1f} s + bound {bound:.1f} s")
    if not masters_per_epoch:
        problems.append("no master was ever elected")
    return [f"schedule {n}: {p}" for p in problems]


def main():
    vsfsim, shard, shards = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 500
    failures = []
    count = 0
    with tempfile.TemporaryDirectory() as work:
        for n in range(shard, runs, shards):
            failures += check(vsfsim, n, work)
            count += 1
    for f in failures:
        print(f)
    if failures:
        print(f"reproduce one: python3 -c 'import sys; sys.path.insert(0, \"{os.path.dirname(__file__)}\"); "
              f"import control_properties as c, json; print(json.dumps(c.scenario(N)[0]))' > s.json; "
              f"{vsfsim} run s.json")
    print(f"{count} schedules, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
