"""Load vsfsim results into pandas DataFrames: a run's directory (`vsfsim run -o DIR`) or a sweep's
(`vsfsim sweep -o DIR`).

This module is the one place that knows vsfsim's file formats (README.md "Outputs",
scenarios/SWEEPS.md "The output directory"); the notebooks and the HTML report read results through
it. It needs pandas only (Debian: python3-pandas). Import it with

    import sys; sys.path.insert(0, "<repo>/tools/python")     # or: export PYTHONPATH=<repo>/tools/python
    import vsfsim_results as vr

    run = vr.load_run("results")              # the directory `vsfsim run` wrote
    run.summary_flat["grid.idle_pool.min"]    # summary.json as one flat row
    run.grid_series().plot(x="t_s", y="idle_pool")
    run.cpu_intervals()                       # who owned which CPU when, in which lifecycle state

    sweep = vr.load_sweep("out/sweeps/idle-pool")
    sweep.points                              # points.csv: means and 95 % intervals per point
    sweep.run("cpus=20,policy=tight", 1)      # one run of the sweep, as a Run

What each attribute holds:

Run (load_run(dir)):
  .summary       summary.json as a dict
  .summary_flat  a one-row DataFrame of summary.json, nested keys joined by "." (`grid.idle_pool.min`);
                 per-VSF figures under `vsfs.<name>.` (`vsfs.shop.requests.served`), rollouts under
                 `rollouts.<i>.`
  .vsfs          one row per VSF (scenario order): the per-VSF summary flattened the same way
                 (`requests.served`, `cpu_seconds.serving`, ...), `name` first
  .timeseries    timeseries.csv with one more column, `kind`: "grid", "vsf" or "tier" (from the empty
                 `vsf` / `tier` cells). Names stay strings (a VSF named "NA" is not NaN); a cell that
                 does not apply is NaN. Helpers: .grid_series(), .vsf_series(name),
                 .tier_series(name, tier)
  .events        events.jsonl, one row per event in file order: `t`, `type`, then every field of any
                 event as a column (NaN/None where an event has no such field). Nested fields (lists
                 such as `cpus`, `tiers`, `cut_by`, `violations`; objects) are kept as Python objects,
                 not flattened: `run.events.query("type == 'vsf_created'").tiers.iloc[0]` is a list
  .cpu_intervals()  the lifecycle of every CPU, rebuilt from the events (see its docstring)
  .master_intervals(), .unmanaged_intervals()  who was master when, and when each VSF was unmanaged
  .run_json      run.json as a dict;  .scenario_name, .seed, .duration_s from summary.json
  A run without events or timeseries (`outputs.events` / `outputs.timeseries` false) gives empty
  frames with the usual columns; a missing summary.json is an error (the run did not finish).

Sweep (load_sweep(dir)):
  .doc           sweep.json as a dict;  .axes, .metrics: their names in order
  .runs          runs.csv;  .points: points.csv. Point ids, axis labels and statuses are strings (a
                 label is a name: "20" stays "20"; use pandas.to_numeric to plot numeric axes)
  .search        search.json as a dict, or None without a search
  .run(point, replication) -> Run of `runs/<point>/r<replication>/`
"""

import functools
import json
import math
import os
from typing import Optional

import pandas as pd

# The lifecycle states of cpu_intervals(), in lifecycle order. The first six are summary.json's
# cpu_seconds keys; "idle" is a CPU in the idle pool and "allocated" one given to a VSF whose join has
# not begun (summary.json counts both as the grid's "off", and "allocated" in no VSF's cpu_seconds).
CPU_STATES = ("off", "configuring", "booting", "serving", "draining", "stopping", "idle", "allocated")

TIMESERIES_COLUMNS = ("t_s", "vsf", "tier", "offered_rps", "served_rps", "cpus_serving", "cpus_booting",
                      "cpus_allocated", "utilization", "p95_ms", "idle_pool", "idle_pool_min", "denials")

INTERVAL_COLUMNS = ("cpu", "vsf", "tier", "state", "start_s", "end_s")


class ResultsError(Exception):
    """A results directory that is not one vsfsim wrote (a missing or unreadable file)."""


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file") from None
    except json.JSONDecodeError as e:
        raise ResultsError(f"{path}: not JSON: {e}") from None


def _flatten(value, prefix, out):
    """Nested dicts to dotted keys; a list of objects with a `name` is keyed by name, other lists by
    index, so every leaf gets a column of its own."""
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else k, out)
    elif isinstance(value, list) and all(isinstance(x, dict) for x in value) and value:
        named = all("name" in x for x in value) and len({x["name"] for x in value}) == len(value)
        for i, x in enumerate(value):
            key = x["name"] if named else str(i)
            item = {k: v for k, v in x.items() if not (named and k == "name")}
            _flatten(item, f"{prefix}.{key}", out)
    else:
        out[prefix] = value
    return out


def _read_csv(path, string_columns=()):
    # keep_default_na=False: a VSF, tier or label named "NA" or "null" stays a name; only empty cells
    # (vsfsim's "not available") become NaN.
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={c: str for c in string_columns})


def _natural_key(name):
    """cpu-2 before cpu-10."""
    head = name.rstrip("0123456789")
    tail = name[len(head):]
    return (head, int(tail) if tail else -1, name)


class Run:
    """The results of one `vsfsim run` (see the module docstring)."""

    def __init__(self, directory):
        self.dir = os.fspath(directory)
        if not os.path.isdir(self.dir):
            raise ResultsError(f"{self.dir}: not a directory")
        self.summary = _read_json(os.path.join(self.dir, "summary.json"))
        run_json = os.path.join(self.dir, "run.json")
        self.run_json = _read_json(run_json) if os.path.exists(run_json) else {}
        self.scenario_name = self.summary.get("scenario")
        self.seed = self.summary.get("seed")
        self.duration_s = float(self.summary.get("duration_s", 0.0))

    def __repr__(self):
        return f"<vsfsim Run {self.scenario_name!r} seed {self.seed} {self.duration_s:g} s in {self.dir}>"

    @functools.cached_property
    def summary_flat(self):
        return pd.DataFrame([_flatten(self.summary, "", {})])

    @functools.cached_property
    def vsfs(self):
        rows = []
        for v in self.summary.get("vsfs", []):
            row = {"name": v.get("name")}
            _flatten({k: x for k, x in v.items() if k != "name"}, "", row)
            rows.append(row)
        return pd.DataFrame(rows)

    @functools.cached_property
    def timeseries(self):
        path = os.path.join(self.dir, "timeseries.csv")
        if not os.path.exists(path):
            ts = pd.DataFrame({c: pd.Series(dtype=str if c in ("vsf", "tier") else float)
                               for c in TIMESERIES_COLUMNS})
        else:
            ts = _read_csv(path, ("vsf", "tier"))
        ts["kind"] = "tier"
        ts.loc[ts.tier.isna(), "kind"] = "vsf"
        ts.loc[ts.vsf.isna(), "kind"] = "grid"
        return ts

    def grid_series(self):
        """The grid rows of timeseries.csv: one per interval (idle pool, denials, totals)."""
        return self.timeseries[self.timeseries.kind == "grid"].reset_index(drop=True)

    def vsf_series(self, name):
        """The rows of one VSF (not its tiers)."""
        ts = self.timeseries
        return ts[(ts.kind == "vsf") & (ts.vsf == name)].reset_index(drop=True)

    def tier_series(self, name, tier):
        """The rows of one tier (its role, as in events.jsonl) of one VSF."""
        ts = self.timeseries
        return ts[(ts.kind == "tier") & (ts.vsf == name) & (ts.tier == tier)].reset_index(drop=True)

    @functools.cached_property
    def events(self):
        path = os.path.join(self.dir, "events.jsonl")
        rows = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise ResultsError(f"{path}:{n}: not JSON: {e}") from None
        if not rows:
            return pd.DataFrame({"t": pd.Series(dtype=float), "type": pd.Series(dtype=str)})
        ev = pd.DataFrame(rows)
        first = ["t", "type"]
        return ev[first + [c for c in ev.columns if c not in first]]

    def cpu_names(self):
        """Every CPU of the grid, in grid order, from run.json's scenario (explicit names, else
        `cpu-<index over the whole grid>`); [] without run.json."""
        cpus = self.run_json.get("scenario", {}).get("grid", {}).get("cpus")
        if isinstance(cpus, int):
            return [f"cpu-{i}" for i in range(cpus)]
        names = []
        for group in cpus or []:
            given = group.get("names")
            count = len(given) if given else group.get("count", 0)
            for i in range(count):
                names.append(given[i] if given else f"cpu-{len(names)}")
        return names

    def cpu_intervals(self, all_cpus=False):
        """The lifecycle of every CPU the events mention, as intervals: columns cpu, vsf, tier, state,
        start_s, end_s (plus duration_s), sorted by CPU then time. Intervals open at the end of the run
        close at duration_s; zero-length ones are left out.

        `vsf` is the owner ("idle" in the idle pool), `tier` its role or "lb" (None when idle); `state`
        one of CPU_STATES. The states are those summary.json integrates into cpu_seconds, so that, per
        VSF, the durations of a state add up to `vsfs[].cpu_seconds.<state>`:
          idle         in the idle pool (from t = 0, and from `cpu_idle`);
          allocated    from `cpu_allocated` until its join begins (the grant's message to the CPU's
                       farm manager: about 0.1 ms; zero for the initial CPUs of a warm VSF). summary.json
                       counts this in the grid's off time and in no VSF's cpu_seconds;
          configuring  from the start of `vlan_join` (t - duration_s), or the `power_off` that stops a CPU
                       allocated while powered, to the boot;
          booting      from `boot_image_set` (power on, POST, image read, OS init, `lb_add`);
          serving      from `cpu_serving`, or `reboot_done` after a rolling update's reboot;
          draining     from `cpu_release`, `reboot_start` or `drain_start` (to the shutdown);
          stopping     from the start of `shutdown` (t - duration_s) until the CPU is idle again (the VLAN
                       and zone leave included), or boots again after a reboot's shutdown;
          off          a CPU of a VSF crashed (a `fault` of kind cpu), until evicted to the pool.
        A CPU lost without crashing (cut off, failed boot) keeps its state until its eviction's shutdown.
        With all_cpus=True, CPUs that never left the idle pool get one idle interval each (names from
        run.json), so that the idle intervals add up to the grid's time in the pool.
        """
        ev = self.events
        columns = list(INTERVAL_COLUMNS) + ["duration_s"]
        if "cpu" not in ev.columns:
            ev = ev.assign(cpu=None)
        cpu_ev = ev[ev.cpu.notna() | ((ev.type == "fault") & (ev.get("kind") == "cpu"))]
        current = {}  # cpu -> [vsf, tier, state, since, joining]
        out = []

        def switch(cpu, t, state, vsf=None, tier=None):
            cur = current.setdefault(cpu, ["idle", None, "idle", 0.0, False])
            vsf = cur[0] if vsf is None else vsf
            tier = cur[1] if vsf == cur[0] and tier is None else tier
            if (vsf, tier, state) == (cur[0], cur[1], cur[2]):
                return
            if t > cur[3]:
                out.append((cpu, cur[0], cur[1], cur[2], cur[3], t))
            cur[0], cur[1], cur[2], cur[3] = vsf, tier, state, max(t, cur[3])

        for row in cpu_ev.itertuples(index=False):
            typ, t = row.type, float(row.t)
            if typ == "fault":
                if row.transition == "fail" and current.get(row.target, ["idle"])[0] != "idle":
                    switch(row.target, t, "off")
                continue
            cpu = row.cpu
            d = getattr(row, "duration_s", None)
            d = d if isinstance(d, (int, float)) and not math.isnan(d) else None
            if typ == "cpu_allocated":
                tier = row.tier if isinstance(row.tier, str) else None
                switch(cpu, t, "allocated", vsf=row.vsf, tier=tier)
                current[cpu][4] = True
            elif typ == "vlan_join":
                if d is not None:  # a warm start's joins take no time and carry no duration
                    switch(cpu, t - d, "configuring")
            elif typ == "shutdown":
                switch(cpu, t - (d or 0.0), "stopping")
            elif typ == "power_off":
                if current.get(cpu, [None] * 5)[4]:
                    switch(cpu, t, "configuring")
            elif typ == "boot_image_set":
                switch(cpu, t, "booting")
            elif typ in ("cpu_serving", "reboot_done"):
                switch(cpu, t, "serving")
                current[cpu][4] = False
            elif typ in ("cpu_release", "reboot_start", "drain_start"):
                switch(cpu, t, "draining")
            elif typ == "cpu_idle":
                switch(cpu, t, "idle", vsf="idle", tier=None)
                current[cpu][4] = False
        end = self.duration_s
        if all_cpus:
            for name in self.cpu_names():
                current.setdefault(name, ["idle", None, "idle", 0.0, False])
        for cpu, (vsf, tier, state, since, _) in current.items():
            if end > since:
                out.append((cpu, vsf, tier, state, since, end))
        df = pd.DataFrame(out, columns=list(INTERVAL_COLUMNS))
        df["duration_s"] = df.end_s - df.start_s
        if df.empty:
            return df[columns]
        df["_key"] = df.cpu.map(_natural_key)
        return df.sort_values(["_key", "start_s"], kind="stable").drop(columns="_key").reset_index(drop=True)

    def master_intervals(self):
        """One row per term of office of a master: slave, epoch, start_s (`master_elected`), end_s
        (`master_lost`, or duration_s if still master at the end), end_reason (None then). Overlapping
        rows are split brain: their most at once is summary.json's max_simultaneous_masters."""
        ev = self.events
        rows, open_terms = [], {}
        for r in ev[ev.type.isin(["master_elected", "master_lost"])].itertuples(index=False):
            if r.type == "master_elected":
                open_terms[r.slave] = [r.slave, int(r.epoch), float(r.t)]
            elif r.slave in open_terms:
                rows.append(open_terms.pop(r.slave) + [float(r.t), r.reason])
        rows += [term + [self.duration_s, None] for term in open_terms.values()]
        df = pd.DataFrame(rows, columns=["slave", "epoch", "start_s", "end_s", "end_reason"])
        return df.sort_values(["start_s", "epoch"], kind="stable").reset_index(drop=True)

    def unmanaged_intervals(self):
        """One row per stretch of time a VSF was unmanaged (its farm manager or slave down or stalled:
        it serves but neither scales nor replaces CPUs): vsf, start_s, end_s (duration_s if still
        unmanaged at the end). Their lengths add up to control_plane.unmanaged_vsf_seconds."""
        ev = self.events
        rows, since = [], {}
        for r in ev[ev.type == "unmanaged"].itertuples(index=False):
            if r.unmanaged and r.vsf not in since:
                since[r.vsf] = float(r.t)
            elif not r.unmanaged and r.vsf in since:
                rows.append((r.vsf, since.pop(r.vsf), float(r.t)))
        rows += [(v, t, self.duration_s) for v, t in since.items()]
        return pd.DataFrame(rows, columns=["vsf", "start_s", "end_s"]).sort_values("start_s").reset_index(drop=True)


class Sweep:
    """The directory of one `vsfsim sweep` (see the module docstring)."""

    def __init__(self, directory):
        self.dir = os.fspath(directory)
        self.doc = _read_json(os.path.join(self.dir, "sweep.json"))
        self.axes = [a["name"] for a in self.doc.get("axes", [])]
        self.metrics = [m["name"] for m in self.doc.get("metrics", [])]
        self.baseline = self.doc.get("baseline")
        search = os.path.join(self.dir, "search.json")
        self.search: Optional[dict] = _read_json(search) if os.path.exists(search) else None

    def __repr__(self):
        return f"<vsfsim Sweep {self.doc.get('sweep', {}).get('name')!r} axes {self.axes} in {self.dir}>"

    def _table(self, name):
        path = os.path.join(self.dir, name)
        if not os.path.exists(path):
            raise ResultsError(f"{path}: no such file (has the sweep finished? `vsfsim sweep DIR --collect`)")
        return _read_csv(path, ["point", "status"] + self.axes)

    @functools.cached_property
    def runs(self):
        return self._table("runs.csv")

    @functools.cached_property
    def points(self):
        return self._table("points.csv")

    def run(self, point, replication):
        return Run(os.path.join(self.dir, "runs", point, f"r{int(replication)}"))


def load_run(directory) -> Run:
    """The results directory of one `vsfsim run` (summary.json, timeseries.csv, events.jsonl, run.json)."""
    return Run(directory)


def load_sweep(directory) -> Sweep:
    """The output directory of one `vsfsim sweep` (sweep.json, runs.csv, points.csv, search.json)."""
    return Sweep(directory)
