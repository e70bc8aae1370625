#!/usr/bin/env python3
"""Writes the grid-size measuring scenario (README, Performance -> Grid size) to stdout.

N CPUs, M one-tier VSFs of 2 CPUs each (no LB), diurnal traffic of at most 0.5 requests/s (so almost no
requests: the run measures set-up and reconfiguration, not request handling), 10 simulated minutes.
One VLAN and one SAN switch per 1,000 CPUs (at least one), each with the ports it needs.

    tools/bench/gen-grid.py 8000 400 > /tmp/grid-8000-400.json
    build/vsfsim run /tmp/grid-8000-400.json --out /tmp/g
"""
import argparse
import json
import math
import sys


def scenario(cpus, vsfs, seed):
    if cpus < 1 or vsfs < 0 or 2 * vsfs > cpus:
        raise ValueError(f"need 1 <= CPUs and 2 * VSFs <= CPUs, got {cpus} CPUs, {vsfs} VSFs")
    switches = max(1, math.ceil(cpus / 1000))
    # loader's budget: VLAN 2 per CPU + uplink + 2 per trunk; SAN 1 per CPU + array ports + CP hosts + 2 per trunk
    vlan_ports = math.ceil((2 * cpus + 1 + 2 * (switches - 1)) / switches) + 1
    san_ports = math.ceil((cpus + 2 + 1 + 2 * (switches - 1)) / switches) + 1
    farms = []
    for v in range(vsfs):
        farms.append({
            "name": f"vsf{v}",
            "tiers": [{"role": "web", "initial": 2, "min": 1, "max": 4, "dispatch": "round_robin"}],
            "sla": "300ms",
            "timeout": "30s",
            "policy": {"type": "threshold", "interval": "30s", "high": 0.7, "low": 0.3, "window": "60s",
                       "step": 1, "cooldown": "2min"},
            "traffic": {"type": "diurnal", "peak": 0.5, "trough": 0.05, "period": "10min",
                        "phase": f"{(v * 37) % 600}s"},
        })
    return {
        "name": f"grid-{cpus}-{vsfs}",
        "description": f"Grid-size benchmark: {cpus} CPUs, {vsfs} one-tier VSFs of 2 CPUs, almost no traffic, "
                       "10 simulated minutes (tools/bench/gen-grid.py).",
        "seed": seed,
        "duration": "10min",
        "grid": {
            "cpus": cpus,
            "cpu_profile": "standard",
            "vlan_switches": {"count": switches, "ports": vlan_ports},
            "san_switches": {"count": switches, "ports": san_ports},
            "storage": [{"name": "array0", "read_bandwidth": "400MBps", "write_bandwidth": "300MBps", "ports": 2}],
            "uplink": {"bandwidth": "1Gbps", "latency": "20ms"},
            "control_plane": {"hosts": 1},
        },
        "vsfs": farms,
        "outputs": {"interval": "60s", "events": False, "timeseries": True},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cpus", type=int)
    ap.add_argument("vsfs", type=int)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    try:
        json.dump(scenario(a.cpus, a.vsfs, a.seed), sys.stdout, indent=1)
    except ValueError as e:
        print(f"gen-grid.py: {e}", file=sys.stderr)
        return 2
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
