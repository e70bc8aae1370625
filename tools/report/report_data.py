"""RunView: what the report asks of a run, on top of vsfsim_results (tools/python), the one module that reads
the result files. The figures ask questions ("when did shop scale out?"); this file answers them from the
loader's frames, so a change of format touches the loader and, at worst, this file.
"""
import re

import numpy as np
import pandas as pd

import vsfsim_results

_UNIT_S = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}

# The event fields the report reads (README.md, events.jsonl).
EVENT_FIELDS = ("t", "type", "vsf", "cpu", "tier", "applied", "kind", "transition", "target", "mode", "cause", "index",
                "slave", "manager", "fm", "unmanaged")

RECONFIG_VLAN = ("vlan_join", "vlan_leave")
RECONFIG_SAN = ("zone_join", "zone_leave")


def duration_s(value):
    """A scenario duration (a number of seconds or "500ms", "2min") in seconds; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    m = re.fullmatch(r"\s*([0-9.eE+-]+)\s*([a-z]*)\s*", str(value))
    if not m or m.group(2) not in _UNIT_S and m.group(2) != "":
        return None
    return float(m.group(1)) * _UNIT_S.get(m.group(2) or "s")


class RunView:
    def __init__(self, run):
        self.run = run
        self.summary = run.summary
        self.scenario = run.run_json.get("scenario", {})
        self.provenance = run.run_json.get("vsfsim", {})
        self.duration_s = run.duration_s
        self.ts = run.timeseries
        ev = run.events
        if len(ev):
            # Fields an event type may lack in a hand-made file become empty columns, and a time that is
            # no number drops its event, so a query never fails on what vsfsim always writes.
            ev = ev.reindex(columns=list(ev.columns) + [c for c in EVENT_FIELDS if c not in ev.columns])
            ev = ev.assign(t=pd.to_numeric(ev["t"], errors="coerce")).dropna(subset=["t"])
        self.events = ev if len(ev) else None
        try:
            self.master_terms = run.master_intervals()
            self.unmanaged = run.unmanaged_intervals()
        except (AttributeError, KeyError, TypeError, ValueError) as e:  # a hand-made file lacking a field
            raise vsfsim_results.ResultsError(
                f"{run.dir}/events.jsonl: a master_elected, master_lost or unmanaged event lacks a field ({e})"
            ) from e

    # --- scenario ---------------------------------------------------------------------------------------
    def vsf_names(self):
        return [v["name"] for v in self.summary["vsfs"]]

    def _scenario_vsf(self, name):
        for v in self.scenario.get("vsfs", []):
            if v.get("name") == name:
                return v
        return {}

    def policy(self, name):
        """The VSF's policy with the threshold defaults filled in (scenarios/README.md, "policy")."""
        p = dict(self._scenario_vsf(name).get("policy", {"type": "none"}))
        if p.get("type") == "threshold":
            p.setdefault("high", 0.75)
            p.setdefault("low", 0.3)
        return p

    def sla_ms(self, name):
        s = duration_s(self._scenario_vsf(name).get("sla"))
        return None if s is None else s * 1000.0

    # --- timeseries -------------------------------------------------------------------------------------
    def grid_rows(self):
        return self.run.grid_series()

    def vsf_rows(self, name):
        return self.run.vsf_series(name)

    def tier_rows(self, name):
        rows = self.ts[(self.ts["kind"] == "tier") & (self.ts["vsf"] == name)]
        return [(tier, self.run.tier_series(name, tier)) for tier in rows["tier"].unique()]

    def aligned(self, name, column, times):
        """The VSF's column at the given interval ends (0 before the VSF exists)."""
        rows = self.vsf_rows(name).set_index("t_s")[column]
        return rows.reindex(times.to_numpy()).fillna(0).to_numpy()

    # --- events -----------------------------------------------------------------------------------------
    def of_type(self, *types):
        if self.events is None:
            return pd.DataFrame(columns=["t", "type"])
        return self.events[self.events["type"].isin(types)]

    def scale_times(self, name):
        d = self.of_type("scale_decision")
        if not len(d) or "applied" not in d:
            return [], []
        d = d[d["vsf"] == name]
        applied = pd.to_numeric(d["applied"], errors="coerce")
        return d["t"][applied > 0].to_list(), d["t"][applied < 0].to_list()

    def denial_times(self, name):
        d = self.of_type("denial")
        if name is not None and len(d):
            d = d[d["vsf"] == name]
        return d["t"].to_list()

    def lost_times(self, name):
        d = self.of_type("cpu_lost")
        return d[d["vsf"] == name]["t"].to_list() if len(d) else []

    def reconfigurations_per_interval(self):
        """Bin edges (the output intervals) and VLAN / SAN operations in each; (None, None, None) without events."""
        if self.events is None:
            return None, None, None
        grid = self.grid_rows()
        ends = grid["t_s"].to_numpy(dtype=float)
        if len(ends) == 0:
            ends = np.array([self.duration_s])
        edges = np.concatenate([[0.0], ends])
        vlan, _ = np.histogram(self.of_type(*RECONFIG_VLAN)["t"].to_numpy(dtype=float), bins=edges)
        san, _ = np.histogram(self.of_type(*RECONFIG_SAN)["t"].to_numpy(dtype=float), bins=edges)
        return edges, vlan, san

    def cpu_intervals(self):
        if self.events is None:
            return None
        return self.run.cpu_intervals()

    def cpu_faults(self):
        """(t, cpu, what) of the events that hit a CPU: its faults, cuts and losses."""
        out = []
        f = self.of_type("fault")
        if len(f):
            f = f[(f["kind"] == "cpu") & (f["transition"] == "fail")]
            out += [(r.t, r.target, "CPU crash") for r in f.itertuples()]
        c = self.of_type("cpu_cut")
        out += [(r.t, r.cpu, "cut off") for r in c.itertuples()]
        lost = self.of_type("cpu_lost")
        out += [(r.t, r.cpu, "lost by its VSF") for r in lost.itertuples()]
        return out
