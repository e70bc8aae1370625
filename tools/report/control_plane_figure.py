"""The control plane over time: how many masters acted (two or more is split brain), each manager's
timeline (master tenure, downs, detections, restarts, reassignments), the faults behind them, and the
intervals each VSF went unmanaged. What an operator needs to explain a failover.
"""
import re

import numpy as np
from matplotlib.lines import Line2D
import matplotlib.patches as mpatches

from figure_kit import WIDTH_IN, empty_note, outside_legend, time_axis, to_img
from gantt import NO_EVENTS
import matplotlib.pyplot as plt

# Marks on a manager's row: event type -> (marker, colour, legend text).
MARKS = {
    "master_suspected": ("d", "tab:purple", "votes the master dead (detection)"),
    "health_check_failed": ("D", "tab:purple", "failed health check (detection)"),
    "manager_down": ("x", "red", "process down"),
    "restart": (">", "tab:orange", "restart ordered"),
    "restart_confirmed": ("o", "tab:green", "restart confirmed"),
    "master_elected": ("*", "goldenrod", "elected master"),
    "reassign": ("s", "tab:blue", "farm manager reassigned"),
}


def _order(name):
    return (0 if str(name).startswith("slave") else 1, [int(p) if p.isdigit() else p
                                                        for p in re.split(r"(\d+)", str(name))])


def _manager_of(r):
    """The row an event belongs on: the manager it is about."""
    t = r["type"]
    if t in ("master_suspected", "master_elected", "master_lost", "health_check_failed"):
        return r.get("slave")
    if t == "reassign":
        return r.get("fm")
    return r.get("manager")


def _fault_spans(view):
    """(start, end, label) of each fault but a CPU's (the Gantt shows those): fail to its heal, end None
    when it never heals (a crash is an instant; what follows is the control plane's doing)."""
    f = view.of_type("fault")
    if len(f):
        f = f[f["kind"] != "cpu"]
    spans, open_ = [], {}
    for r in f.to_dict("records"):
        # a heal ends the fail of the same scenario fault (cause) on the same target, not another fault of it
        key = tuple(str(r.get(k)) if r.get(k) == r.get(k) else None  # NaN (a missing field) is not equal to itself
                    for k in ("kind", "target", "index", "mode", "cause"))
        mode = r.get("mode") if isinstance(r.get("mode"), str) else ""
        label = f"{r.get('kind')} fault: {r.get('target', '')} {mode}".strip()
        if r.get("transition") == "fail":
            open_.setdefault(key, (r["t"], label))
        elif key in open_:
            start, label = open_.pop(key)
            spans.append((start, r["t"], label))
    spans += [(start, None, label) for start, label in open_.values()]
    return sorted(spans, key=lambda s: s[0])


def control_plane_figure(view):
    if view.events is None:
        return NO_EVENTS.format(what="no control-plane timeline")

    # An event without the name it is about (never from vsfsim) has no row to go on.
    events = [r for r in view.of_type(*MARKS).to_dict("records") if isinstance(_manager_of(r), str)]
    terms = view.master_terms  # the loader's: slave, epoch, start_s, end_s
    unmanaged = list(zip(view.unmanaged["vsf"], view.unmanaged["start_s"], view.unmanaged["end_s"]))
    managers = sorted({_manager_of(r) for r in events} | set(terms["slave"]), key=_order)
    vsf_rows = sorted({v for v, _, _ in unmanaged})
    rows = managers + [f"VSF {v}" for v in vsf_rows]
    row = {name: i for i, name in enumerate(rows)}

    fig, (a_count, a_line) = plt.subplots(2, 1, figsize=(WIDTH_IN, 2.2 + 0.28 * max(4, len(rows))), sharex=True,
                                          gridspec_kw={"height_ratios": [1, max(2, len(rows) / 3)]})
    scale = time_axis(a_line, view.duration_s)

    # Masters acting, from the terms of office (the summary's max_simultaneous_masters over time); at one
    # instant a loss counts before an election, so a hand-over does not show two masters.
    changes = sorted([(e, -1) for e in terms["end_s"] if e < view.duration_s] + [(b, 1) for b in terms["start_s"]])
    t = [0.0] + [c[0] for c in changes] + [view.duration_s]
    n = np.concatenate([[0], np.cumsum([c[1] for c in changes]), [0]])[:len(t)]
    if len(changes):
        n[-1] = n[-2]
    a_count.step(np.asarray(t) / scale, n, where="post", color="goldenrod", label="managers acting as master")
    a_count.axhline(1, color="0.6", linestyle=":", label="one master (normal)")
    label = "split brain"
    for i in range(len(t) - 1):
        if n[i] >= 2:
            a_count.axvspan(t[i] / scale, max(t[i + 1], t[i] + view.duration_s / 400) / scale, color="red", alpha=0.5,
                            label=label)
            label = None
    a_count.set_ylim(-0.1, max(2.2, max(n) + 0.3))
    a_count.set_ylabel("masters")
    a_count.set_title("Control plane: masters acting at once (2 or more is split brain)")
    outside_legend(a_count)

    spans = _fault_spans(view)
    for s, e, label in spans:
        for ax in (a_count, a_line):
            if e is None:
                ax.axvline(s / scale, color="red", linewidth=1.2, alpha=0.6)
            else:
                ax.axvspan(s / scale, max(e, s + view.duration_s / 400) / scale, color="red", alpha=0.10)
        a_line.text(s / scale, -0.55, f" {label}", color="darkred", fontsize=7, va="bottom", clip_on=True)

    for slave, s, e in zip(terms["slave"], terms["start_s"], terms["end_s"]):
        a_line.broken_barh([(s / scale, (e - s) / scale)], (row[slave] - 0.3, 0.6), color="gold")
    for vsf, s, e in unmanaged:
        a_line.broken_barh([(s / scale, max(e - s, view.duration_s / 400) / scale)], (row[f"VSF {vsf}"] - 0.3, 0.6),
                           color="tab:red", alpha=0.7)

    used = set()
    for r in events:
        if r["type"] not in MARKS:
            continue
        who = _manager_of(r)
        if who not in row:
            continue
        marker, colour, _ = MARKS[r["type"]]
        a_line.plot(r["t"] / scale, row[who], marker=marker, color=colour, linestyle="none", markersize=6,
                    markeredgecolor="black", markeredgewidth=0.4)
        used.add(r["type"])

    if not rows:
        empty_note(a_line, "no control-plane activity beyond the start")
    a_line.set_yticks(range(len(rows)))
    a_line.set_yticklabels(rows, fontsize=7)
    a_line.set_ylim(len(rows) - 0.5 if rows else 0.5, -1.0)
    a_line.set_ylabel("manager / VSF")
    a_line.set_xlim(0, view.duration_s / scale)
    a_line.set_title("Control plane: managers (slaves, farm managers) and unmanaged VSFs; faults shaded red")
    handles = [mpatches.Patch(color="gold", label="master tenure"),
               mpatches.Patch(color="tab:red", alpha=0.7, label="VSF unmanaged"),
               mpatches.Patch(color="red", alpha=0.10, label="fault, fail to heal"),
               Line2D([], [], color="red", alpha=0.6, label="fault without heal (crash)")]
    handles += [Line2D([], [], marker=m, color=c, linestyle="none", markeredgecolor="black", label=text)
                for typ, (m, c, text) in MARKS.items() if typ in used]
    outside_legend(a_line, handles=handles)
    return to_img(fig, "control plane over time")
