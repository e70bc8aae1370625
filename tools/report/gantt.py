"""The CPU -> VSF Gantt chart: a row per CPU, its owner's colour, shaded by lifecycle state, faults marked.
The picture of the patent's Figs. 5-8 for a whole run.

Past MAX_ROWS CPUs the bars become unreadable (a row under a pixel), so the chart shows the first MAX_ROWS
CPUs in grid order among those that ever left the idle pool, and says so in its title; the grid figure's
stacked CPUs-by-owner is the aggregate view of every CPU.
"""
import re

import matplotlib.patches as mpatches
from matplotlib.lines import Line2D

from figure_kit import STATE_ALPHA, STATE_HATCH, WIDTH_IN, outside_legend, time_axis, to_img, vsf_colours
import matplotlib.pyplot as plt

MAX_ROWS = 120
NO_EVENTS = '<p class="note">No events.jsonl (the scenario\'s <code>outputs.events</code> is off): {what}.</p>'


def _cpu_order(name):
    """cpu-2 before cpu-10: grid order, not string order."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(name))]


def gantt_figure(view):
    intervals = view.cpu_intervals()
    names = view.vsf_names()
    colours = vsf_colours(names)
    if intervals is None or not len(intervals):
        return NO_EVENTS.format(what="no CPU timeline"), ""

    owned = intervals[(intervals["vsf"] != "idle") & intervals["vsf"].notna()]
    cpus = sorted(owned["cpu"].unique(), key=_cpu_order)
    total_cpus = view.summary["grid"]["cpus"]
    shown = cpus[:MAX_ROWS]
    row = {c: i for i, c in enumerate(shown)}
    owned = owned[owned["cpu"].isin(row)]
    present = [n for n in names if n in set(owned["vsf"])]
    if len(names) > 20:  # colours repeat: spend them on the VSFs of the chart, not on the whole scenario
        colours = vsf_colours(present)

    height = min(16.0, max(3.0, 0.16 * len(shown) + 1.6))
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    scale = time_axis(ax, view.duration_s)
    for (vsf, state), group in owned.groupby(["vsf", "state"], sort=False):
        colour = colours.get(vsf, "0.5")
        alpha = STATE_ALPHA.get(state, 0.3)
        hatch = STATE_HATCH.get(state)
        for cpu, bars in group.groupby("cpu", sort=False):
            spans = [(s / scale, (e - s) / scale) for s, e in zip(bars["start_s"], bars["end_s"]) if e > s]
            ax.broken_barh(spans, (row[cpu] - 0.4, 0.8), facecolors=colour, alpha=alpha, hatch=hatch,
                           edgecolor="none" if hatch is None else "0.2", linewidth=0)

    # Colours repeat past 20 VSFs, so each owner's stretch of a row long enough to hold it carries its name.
    min_len = view.duration_s * 0.06
    for cpu, bars in owned.groupby("cpu", sort=False):
        start = prev_end = None
        owner = None
        for vsf, s, e in list(zip(bars["vsf"], bars["start_s"], bars["end_s"])) + [(None, None, None)]:
            if vsf != owner or (prev_end is not None and s is not None and s > prev_end):
                if owner is not None and prev_end - start >= min_len:
                    ax.text(start / scale, row[cpu], f" {owner}", va="center", ha="left", fontsize=6,
                            color="black", clip_on=True)
                owner, start = vsf, s
            prev_end = e
    hits = [(t, cpu, what) for t, cpu, what in view.cpu_faults() if cpu in row]
    if hits:
        ax.plot([t / scale for t, _, _ in hits], [row[c] for _, c, _ in hits], linestyle="none", marker="X",
                color="red", markeredgecolor="black", markersize=6)

    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlim(0, view.duration_s / scale)
    step = max(1, len(shown) // 40)
    ax.set_yticks(range(0, len(shown), step))
    ax.set_yticklabels(shown[::step], fontsize=6 if len(shown) > 30 else 8)
    ax.set_ylabel("CPU (grid order)")
    ax.grid(axis="y", alpha=0.1)
    title = "CPU -> VSF Gantt chart: owner by colour, lifecycle state by shade"
    note = ""
    if len(cpus) > len(shown):
        note = (f"showing the first {len(shown)} of the {len(cpus)} CPUs that ever served a VSF "
                f"(of {total_cpus} in the grid); the grid figure counts them all")
        title += f"\n({note})"
    else:
        title += f"\n({len(cpus)} of {total_cpus} CPUs ever left the idle pool; the others stayed idle)"
    ax.set_title(title)

    handles = [mpatches.Patch(color=colours[n], label=n) for n in present[:12]]
    if len(present) > 12:
        handles.append(mpatches.Patch(color="white", label=f"... {len(present) - 12} more VSFs (names on the bars)"))
    handles += [mpatches.Patch(facecolor="0.4", alpha=STATE_ALPHA[s], hatch=STATE_HATCH.get(s), label=s)
                for s in ("configuring", "booting", "serving", "draining", "stopping")]
    if (owned["state"] == "off").any():
        handles.append(mpatches.Patch(facecolor="0.4", alpha=STATE_ALPHA["off"], hatch=STATE_HATCH["off"],
                                      label="crashed, awaiting eviction"))
    if hits:
        handles.append(Line2D([], [], linestyle="none", marker="X", color="red", markeredgecolor="black",
                              label="fault: crash, cut off or lost"))
    outside_legend(ax, handles=handles, title="owner / state")
    return to_img(fig, "CPU to VSF Gantt chart"), note
