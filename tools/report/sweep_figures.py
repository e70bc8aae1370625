"""The figures of a sweep: each metric against each axis with its 95 % confidence band (one line per value
of the other axes), and the search's probes around its answer.
"""
import html

import matplotlib.patches as mpatches
import numpy as np

from figure_kit import empty_note, new_figure, outside_legend, to_img

MAX_LINES = 12  # more lines than this are a tangle; the rest are named in the legend's last entry


def _numeric(labels):
    try:
        return [float(x) for x in labels]
    except (TypeError, ValueError):
        return None


def _metric_unit(pointer):
    """The unit of a summary.json figure, from its key's suffix (README "Units and names, in every output")."""
    key = str(pointer).rstrip("/").split("/")[-1]
    if key.endswith("_ms") or "response_ms" in str(pointer):
        return "ms"
    if key.endswith("_j"):
        return "J"
    if key.endswith("_s") or "_s/" in str(pointer):
        return "s"
    if "_per_" in key or key.startswith("fraction") or key in ("availability", "utilization"):
        return "fraction"
    if "idle_pool" in str(pointer) or key.startswith("cpus") or key == "cpus_refused":
        return "CPUs"
    return "count"


def metric_axis_figure(points, axes, metric, pointer):
    """One panel per axis: the metric's mean and 95 % CI against that axis."""
    fig, panels = new_figure(len(axes), 2.8, sharex=False)
    for ax_i, axis in enumerate(axes):
        ax = panels[ax_i]
        name = axis["name"]
        labels = [str(x) for x in axis["labels"]]
        xs = _numeric(labels)
        others = [a["name"] for a in axes if a["name"] != name]
        mean, lo, hi = f"{metric}_mean", f"{metric}_ci_low", f"{metric}_ci_high"
        by = others[0] if len(others) == 1 else others  # a one-name list groups by 1-tuples in later pandas
        groups = list(points.groupby(by, sort=False)) if others else [((), points)]
        drawn = 0
        for key, rows in groups:
            key = key if isinstance(key, tuple) else (key,)
            rows = rows.copy()
            rows["_x"] = [labels.index(str(v)) if str(v) in labels else np.nan for v in rows[name]]
            rows = rows.dropna(subset=["_x"]).sort_values("_x")
            if not len(rows) or rows[mean].isna().all():
                continue
            if drawn == MAX_LINES:
                break
            x = [xs[int(i)] for i in rows["_x"]] if xs else rows["_x"].to_numpy()
            text = ", ".join(f"{o}={k}" for o, k in zip(others, key)) if others else "mean of the replications"
            line, = ax.plot(x, rows[mean], marker="o", markersize=3, label=text)
            if lo in rows and rows[lo].notna().any():
                ax.fill_between(x, rows[lo].astype(float), rows[hi].astype(float), color=line.get_color(), alpha=0.18,
                                linewidth=0)
            drawn += 1
        if drawn == 0:
            empty_note(ax, "no ok run has this metric")
        if not xs:
            ax.set_xticks(range(len(labels)))
            ax.set_xticklabels(labels)
        ax.set_xlabel(f"{name} ({', '.join(axis.get('pointers', [])) or 'axis'})")
        ax.set_ylabel(f"{metric} ({_metric_unit(pointer)})")
        ax.set_title(f"{metric} ({pointer}) against {name}: mean, shaded 95 % confidence interval")
        if drawn:
            n_groups = len(groups)
            title = "other axes" if others else None
            handles, _ = ax.get_legend_handles_labels()
            handles.append(mpatches.Patch(color="0.5", alpha=0.25, label="95 % confidence interval"))
            leg = outside_legend(ax, handles=handles, title=title)
            if n_groups > drawn:
                leg.set_title(f"first {drawn} of {n_groups} combinations of the other axes")
    return to_img(fig, f"{metric} against the axes")


def search_section(search):
    """The search's answers as a table, and one figure of the probes per axes point."""
    spec = search.get("search", {})
    target = spec.get("target", {})
    rows = []
    figures = []
    for res in search.get("results", []):
        labels = ", ".join(f"{k}={v}" for k, v in (res.get("labels") or {}).items()) or "all"
        answer = res.get("answer")
        stopped = res.get("stopped")
        rows.append(f"<tr><td>{html.escape(labels)}</td><td><b>{'none' if answer is None else answer}</b></td>"
                    f"<td>{html.escape(str(stopped or ''))}</td><td>{len(res.get('probes', []))}</td></tr>")
        probes = [p for p in res.get("probes", []) if p.get("mean") is not None]  # a stopped probe may have none
        fig, (ax,) = new_figure(1, 3.0)
        if probes:
            ordered = sorted(probes, key=lambda p: p["value"])
            x = [p["value"] for p in ordered]
            m = [p["mean"] for p in ordered]
            lo = [p["lower_bound"] if p.get("lower_bound") is not None else p["mean"] for p in ordered]
            hi = [p["upper_bound"] if p.get("upper_bound") is not None else p["mean"] for p in ordered]
            colours = {"passes": "tab:green", "fails": "tab:red", "undecided": "tab:orange"}
            for verdict, c in colours.items():
                sel = [i for i, p in enumerate(ordered) if p.get("verdict") == verdict]
                if sel:
                    ax.errorbar([x[i] for i in sel], [m[i] for i in sel],
                                yerr=[[max(0.0, m[i] - lo[i]) for i in sel], [max(0.0, hi[i] - m[i]) for i in sel]],
                                fmt="o", color=c, capsize=3, label=f"{verdict} (mean, one-sided bounds)")
            for p in ordered:
                ax.annotate(f"n={p['n']}", (p["value"], p["mean"]), textcoords="offset points", xytext=(4, 4),
                            fontsize=7)
        else:
            empty_note(ax, "no value judged")
        if target.get("at_most") is not None:
            ax.axhline(target["at_most"], color="0.3", linestyle=":", label=f"target: at most {target['at_most']:g}")
        if answer is not None:
            ax.axvline(answer, color="tab:green", linestyle="--", label=f"answer {answer}")
        ax.set_xlabel(f"{spec.get('name', 'value')} ({spec.get('pointer', '')})")
        ax.set_ylabel(f"{target.get('metric', 'metric')} ({_metric_unit(target.get('metric', ''))})")
        conf = target.get("confidence")
        ax.set_title(f"Search ({labels}): {target.get('metric', '')} by value judged, bounds at confidence "
                     f"{conf if conf is not None else '?'}")
        outside_legend(ax)
        figures.append(to_img(fig, f"search probes for {labels}"))
    table = ("<table><tr><th>axes point</th><th>answer: smallest passing value</th><th>stopped</th>"
             f"<th>values judged</th></tr>{''.join(rows)}</table>")
    question = (f"<p>The smallest <code>{html.escape(str(spec.get('pointer', '')))}</code> in "
                f"[{spec.get('low')}, {spec.get('high')}] whose <code>{html.escape(str(target.get('metric', '')))}"
                f"</code> is at most {target.get('at_most')} with confidence {target.get('confidence')}.</p>")
    return question + table + "".join(figures)
