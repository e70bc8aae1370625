"""The numbers behind a sweep's figures, as tables: each point's mean and 95 % interval per metric (what a
paper's table quotes), and the runs that did not end ok (where to look in logs/)."""
import math

from html_kit import esc, table

MAX_POINT_ROWS = 200  # a table longer than this is read in points.csv, not on a page
MAX_FAILED_ROWS = 30


def _num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _g(x):
    if not _num(x):
        return "–"
    return f"{x:,.0f}" if abs(x) >= 1e4 else f"{x:.4g}"


def points_table(points, axes, metrics):
    names = [a["name"] for a in axes]
    header = ["point"] + names + ["n ok", "n not ok"] + [f"{m['name']} mean [95 % CI]" for m in metrics]
    rows = []
    for r in points.head(MAX_POINT_ROWS).to_dict("records"):
        cells = [esc(r.get("point", ""))] + [esc(r.get(n, "")) for n in names]
        cells += [esc(r.get("n", "")), esc(r.get("n_failed", ""))]
        for m in metrics:
            mean, lo, hi = (r.get(f"{m['name']}_{k}") for k in ("mean", "ci_low", "ci_high"))
            cells.append(_g(mean) + (f" [{_g(lo)}, {_g(hi)}]" if _num(lo) and _num(hi) else ""))
        rows.append(cells)
    note = ""
    if len(points) > MAX_POINT_ROWS:
        note = f'<p class="note">The first {MAX_POINT_ROWS} of {len(points)} points; points.csv has them all.</p>'
    return table(header, rows) + note


def failed_runs_table(runs, axes):
    bad = runs[runs["status"] != "ok"]
    if not len(bad):
        return ""
    rows = [[esc(r.get("point", "")), esc(r.get("replication", "")), f'<span class="bad">{esc(r.get("status"))}</span>',
             esc(r.get("exit_code", "")), esc(f"logs/{r.get('point', '')}/r{r.get('replication', '')}.stderr")]
            for r in bad.head(MAX_FAILED_ROWS).to_dict("records")]
    more = f" (the first {MAX_FAILED_ROWS} of {len(bad)})" if len(bad) > MAX_FAILED_ROWS else ""
    return (f"<h3>Runs not ok{more}</h3>"
            + table(["point", "replication", "status", "exit status", "its standard error"], rows))
