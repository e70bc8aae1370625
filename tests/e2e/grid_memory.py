#!/usr/bin/python3
"""Memory per VSF and per CPU stays constant and small (README, Performance -> Grid size -> Memory).

Runs the grid-size scenario of tools/bench/gen-grid.py (one-tier VSFs of 2 CPUs, almost no traffic,
10 simulated minutes) at 2,000 CPUs with 100 and 500 VSFs, and at 1,000 and 4,000 CPUs with 100 VSFs,
reads each run's peak RSS (wait4's ru_maxrss for that child alone) and checks the slopes: at most
160 KiB per VSF (measured 71; 550 when actor stacks piled up in the brk heap, 230 with the stacks
fixed but 42 KB histograms) and at most 14 KiB per CPU (measured 8.5, of which SimGrid's platform is
6.8). The same two per-CPU runs in flow fidelity, where a CPU is one SimGrid host behind a plain SAN
port (README, Memory over a simulated day), at most 6 KiB per CPU (measured 3.9; 7.7 in the request
fidelity's two-host shape, which this catches). Peak RSS is not a count: the bounds leave about twice
the measured figure (1.5 times for flow, to tell the shapes apart), so only a real regression fails.
Left out of `make sanitize` (ASan's allocator and shadow memory are not what a user runs).
Usage: grid_memory.py VSFSIM
"""
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import inline_run  # noqa: E402

MAX_KIB_PER_VSF = 160
MAX_KIB_PER_CPU = 14
MAX_KIB_PER_CPU_FLOW = 6


def gen_grid():
    path = os.path.join(inline_run.ROOT, "tools", "bench", "gen-grid.py")
    spec = importlib.util.spec_from_file_location("gen_grid", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def peak_rss_kib(vsfsim, doc, work, name):
    path = os.path.join(work, f"{name}.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    p = subprocess.Popen([vsfsim, "run", path, "--no-progress", "-o", os.path.join(work, f"out-{name}")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{name}: exit {p.returncode}: {p.stderr.read().decode()}")
    return usage.ru_maxrss  # KiB on Linux


def main():
    vsfsim = sys.argv[1]
    gg = gen_grid()
    problems = []
    with tempfile.TemporaryDirectory() as work:
        rss = {}
        for cpus, vsfs in ((2000, 100), (2000, 500), (1000, 100), (4000, 100)):
            doc = gg.scenario(cpus, vsfs, 1)
            doc["models"] = inline_run.models()
            rss[(cpus, vsfs)] = peak_rss_kib(vsfsim, doc, work, f"grid-{cpus}-{vsfs}")
            print(f"{cpus} CPUs, {vsfs} VSFs: peak RSS {rss[(cpus, vsfs)] / 1024:.1f} MiB")
        for cpus in (1000, 4000):
            doc = gg.scenario(cpus, 100, 1)
            doc["models"] = inline_run.models()
            doc["fidelity"] = "flow"
            rss[(cpus, "flow")] = peak_rss_kib(vsfsim, doc, work, f"grid-{cpus}-flow")
            print(f"{cpus} CPUs, 100 VSFs in flow fidelity: peak RSS {rss[(cpus, 'flow')] / 1024:.1f} MiB")
    per_vsf = (rss[(2000, 500)] - rss[(2000, 100)]) / 400
    per_cpu = (rss[(4000, 100)] - rss[(1000, 100)]) / 3000
    per_cpu_flow = (rss[(4000, "flow")] - rss[(1000, "flow")]) / 3000
    print(f"{per_vsf:.1f} KiB per VSF, {per_cpu:.2f} KiB per CPU, {per_cpu_flow:.2f} KiB per CPU in flow fidelity")
    if per_cpu_flow > MAX_KIB_PER_CPU_FLOW:
        problems.append(f"in flow fidelity peak RSS grows by {per_cpu_flow:.2f} KiB per CPU, "
                        f"more than {MAX_KIB_PER_CPU_FLOW}")
    if per_vsf > MAX_KIB_PER_VSF:
        problems.append(f"peak RSS grows by {per_vsf:.1f} KiB per VSF, more than {MAX_KIB_PER_VSF}")
    if per_cpu > MAX_KIB_PER_CPU:
        problems.append(f"peak RSS grows by {per_cpu:.2f} KiB per CPU, more than {MAX_KIB_PER_CPU}")
    return inline_run.report(problems)


if __name__ == "__main__":
    sys.exit(main())
