"""The figures of one run over time: each VSF (rates, CPUs, utilization, p95, scaling marks) and the grid
(CPUs by owner with the idle pool, reconfigurations per interval).

Inputs come from report_data.RunView, never from the files themselves.
"""
import numpy as np
from matplotlib.ticker import MaxNLocator

from figure_kit import empty_note, new_figure, outside_legend, time_axis, to_img, vsf_colours


def _marks(ax, times, scale, colour, label, marker, y):
    if len(times) == 0:
        return
    ax.plot(np.asarray(times) / scale, np.full(len(times), y), linestyle="none", marker=marker, color=colour,
            markersize=6, label=label, clip_on=False)


MAX_STACKED = 10


def interval_steps(t_s):
    """The times of a step curve over output intervals: a row holds the state at the end of its interval,
    so it is drawn over the interval before its t_s; the first interval's start is put in front."""
    t = np.asarray(t_s, dtype=float)
    if len(t) == 0:
        return t
    width = t[1] - t[0] if len(t) > 1 else t[0]
    return np.concatenate([[max(0.0, t[0] - width)], t])


def first_repeated(values):
    """The values for interval_steps: the first one again for the first interval's start."""
    v = np.asarray(values, dtype=float)
    return np.concatenate([v[:1], v]) if len(v) else v


def vsf_figure(view, vsf):
    """Four panels of one VSF sharing the time axis."""
    ts = view.vsf_rows(vsf["name"])
    name = vsf["name"]
    fig, (a_rate, a_cpu, a_util, a_p95) = new_figure(4, 2.3)
    scale = time_axis(a_p95, view.duration_s)
    t = ts["t_s"] / scale if len(ts) else []
    tc, cpu = (interval_steps(ts["t_s"]) / scale, lambda c: first_repeated(ts[c])) if len(ts) else ([], None)

    # Rates, with the scaling decisions and denials on top: what the farm manager saw and did.
    if len(ts):
        a_rate.plot(t, ts["offered_rps"], label="offered", color="tab:blue")
        a_rate.plot(t, ts["served_rps"], label="served (within timeout)", color="tab:green", linestyle="--")
    top = float(max(ts["offered_rps"].max(), ts["served_rps"].max())) if len(ts) else 1.0
    top = top if np.isfinite(top) and top > 0 else 1.0
    outs, ins = view.scale_times(name)
    _marks(a_rate, outs, scale, "tab:purple", f"scale-out decision ({len(outs)})", "^", top * 1.08)
    _marks(a_rate, ins, scale, "tab:olive", f"scale-in decision ({len(ins)})", "v", top * 1.08)
    denials = view.denial_times(name)
    _marks(a_rate, denials, scale, "tab:red", f"denial ({len(denials)})", "x", top * 1.16)
    a_rate.set_ylim(0, top * 1.25)
    a_rate.set_title(f"{name}: offered vs served requests, with scaling decisions and denials")
    a_rate.set_ylabel("requests / s")
    outside_legend(a_rate)

    # CPUs: serving and booting stacked, so the total is what the VSF holds in a working or coming state.
    if len(ts):
        leaving = np.maximum(cpu("cpus_allocated") - cpu("cpus_serving") - cpu("cpus_booting"), 0)
        a_cpu.stackplot(tc, cpu("cpus_serving"), cpu("cpus_booting"), leaving,
                        labels=["serving", "configuring or booting", "draining, stopping or just granted"],
                        colors=["tab:green", "tab:orange", "tab:gray"], step="pre", alpha=0.85)
        a_cpu.plot(tc, cpu("cpus_allocated"), color="black", linewidth=0.8, drawstyle="steps-pre",
                   label="allocated (any state)")
    lost = view.lost_times(name)
    _marks(a_cpu, lost, scale, "red", f"CPU lost: crash, cut off, failed boot ({len(lost)})", "X",
           float(ts["cpus_allocated"].max()) + 0.4 if len(ts) else 1.0)
    a_cpu.set_title(f"{name}: CPUs at the end of each interval (load balancer included)")
    a_cpu.set_ylabel("CPUs")
    a_cpu.yaxis.set_major_locator(MaxNLocator(integer=True))
    outside_legend(a_cpu)

    # Utilization against the thresholds the policy acts on.
    if len(ts):
        a_util.plot(t, ts["utilization"], color="tab:blue", label="utilization (all tiers)")
    for tier, rows in view.tier_rows(name):
        a_util.plot(rows["t_s"] / scale, rows["utilization"], linewidth=0.8, alpha=0.7, label=f"tier {tier}")
    policy = view.policy(name)
    if policy.get("type") == "threshold":
        a_util.axhline(policy["high"], color="tab:red", linestyle=":", label=f"scale-out threshold {policy['high']:g}")
        a_util.axhline(policy["low"], color="tab:purple", linestyle=":", label=f"scale-in threshold {policy['low']:g}")
        a_util.set_title(f"{name}: utilization against the threshold policy's limits")
    else:
        a_util.set_title(f"{name}: utilization (policy \"{policy.get('type', 'none')}\": no thresholds)")
    a_util.set_ylim(0, 1.05)
    a_util.set_ylabel("utilization (0..1)")
    outside_legend(a_util)

    # p95 against the SLA: log scale when overload makes it span decades.
    if len(ts) and ts["p95_ms"].notna().any():
        a_p95.plot(t, ts["p95_ms"], color="tab:blue", marker=".", markersize=3, label="p95 response (interval)")
        span = ts["p95_ms"].max() / max(ts["p95_ms"].min(), 1e-9)
        if span > 50:
            a_p95.set_yscale("log")
    else:
        empty_note(a_p95, "nothing served")
    sla_ms = view.sla_ms(name)
    if sla_ms is not None:
        a_p95.axhline(sla_ms, color="tab:red", linestyle=":", label=f"SLA {sla_ms:g} ms")
    a_p95.set_title(f"{name}: 95th percentile response time against the SLA")
    a_p95.set_ylabel("p95 (ms)")
    outside_legend(a_p95)
    return to_img(fig, f"VSF {name} over time")


def grid_figure(view):
    """CPUs by owner stacked on the idle pool; the idle pool's low points; reconfigurations per interval."""
    grid = view.grid_rows()
    names = view.vsf_names()
    colours = vsf_colours(names)
    fig, (a_stack, a_idle, a_reconf) = new_figure(3, 2.6)
    scale = time_axis(a_reconf, view.duration_s)
    t = interval_steps(grid["t_s"]) / scale

    # Ten layers stay readable: beyond that, the nine biggest VSFs (mean CPUs held) and the rest summed.
    held = {n: view.aligned(n, "cpus_allocated", grid["t_s"]) for n in names}
    shown = names if len(names) <= MAX_STACKED else sorted(names, key=lambda n: -held[n].mean())[:MAX_STACKED - 1]
    shown = [n for n in names if n in set(shown)]  # back in scenario order
    if len(shown) < len(names):
        colours = vsf_colours(shown)  # distinct colours for the layers drawn (the scenario's may repeat)
    layers = [first_repeated(held[n]) for n in shown]
    labels, cols = list(shown), [colours[n] for n in shown]
    if len(shown) < len(names):
        layers.append(first_repeated(sum(held[n] for n in names if n not in set(shown))))
        labels.append(f"{len(names) - len(shown)} other VSFs")
        cols.append("0.5")
    layers.append(first_repeated(grid["idle_pool"]))
    labels.append("idle pool")
    cols.append("0.85")
    a_stack.stackplot(t, *layers, labels=labels, colors=cols, step="pre")
    a_stack.set_title("Grid: CPUs allocated to each VSF, stacked on the idle pool (end of each interval)")
    a_stack.set_ylabel("CPUs")
    a_stack.yaxis.set_major_locator(MaxNLocator(integer=True))
    outside_legend(a_stack)

    a_idle.plot(t, first_repeated(grid["idle_pool"]), drawstyle="steps-pre", label="idle pool (end of interval)",
                color="0.3")
    a_idle.plot(t, first_repeated(grid["idle_pool_min"]), drawstyle="steps-pre", label="lowest in the interval",
                color="tab:red", linestyle="--")
    denials = view.denial_times(None)
    if len(denials):
        a_idle.plot(np.asarray(denials) / scale, np.zeros(len(denials)), "x", color="tab:red",
                    label=f"denial ({len(denials)})", clip_on=False)
    a_idle.set_ylim(0, max(1.0, float(grid["idle_pool"].max()) * 1.15))
    a_idle.set_title("Grid: the idle pool")
    a_idle.set_ylabel("idle CPUs")
    a_idle.yaxis.set_major_locator(MaxNLocator(integer=True))
    outside_legend(a_idle)

    edges, vlan, san = view.reconfigurations_per_interval()
    if edges is not None:
        width = np.diff(edges) / scale
        a_reconf.bar(edges[:-1] / scale, vlan, width=width, align="edge", color="tab:blue", label="VLAN joins/leaves")
        a_reconf.bar(edges[:-1] / scale, san, width=width, align="edge", bottom=vlan, color="tab:orange",
                     label="SAN zone joins/leaves")
        outside_legend(a_reconf)
    else:
        empty_note(a_reconf, "no events.jsonl: reconfigurations over time unknown")
    a_reconf.set_title("Grid: switch reconfigurations per output interval")
    a_reconf.set_ylabel("operations")
    a_reconf.yaxis.set_major_locator(MaxNLocator(integer=True))
    return to_img(fig, "grid over time")
