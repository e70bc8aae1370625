#!/usr/bin/python3
"""vsfsim_report.py DIR -o FILE.html: one self-contained HTML report of a run's results directory, or of a
sweep's directory (recognised by its sweep.json). `vsfsim report` runs this script.

Images are inline PNGs and the style sheet is in the page: no network, no script, so the file can be mailed,
archived beside a paper's data, opened offline and printed. Exit status 0, 2 for a DIR that is neither (or
whose files do not load), 1 for a bug. The output file is written atomically: all of it or nothing.
"""
import argparse
import importlib.util
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# The loader is tools/python in the source tree and PREFIX/share/vsfsim/python when installed: beside us.
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))
sys.path.insert(0, HERE)

from html_kit import esc, fmt_duration, fmt_num, page, table  # noqa: E402  (after the sys.path lines)

BAD_INPUT = 2


class BadInput(Exception):
    """Bad input: one message, or several (every problem at once)."""

    def __init__(self, *messages):
        super().__init__(messages[0])
        self.messages = list(messages)


# --- a run ------------------------------------------------------------------------------------------------


def run_header(view, directory):
    s = view.summary
    prov = view.provenance
    desc = view.scenario.get("description", "")
    grid, cp = s["grid"], s["control_plane"]
    facts = [
        ("scenario", esc(s["scenario"])),
        ("seed", esc(s["seed"])),
        ("simulated duration", fmt_duration(s["duration_s"])),
        ("vsfsim", esc(f"{prov.get('version', '?')} (commit {prov.get('commit', '?')})")),
        ("results", esc(os.path.abspath(directory))),
    ]
    out = [f"<h1>vsfsim report: {esc(s['scenario'])}</h1>"]
    if desc:
        out.append(f'<p class="sub">{esc(desc)}</p>')
    out.append(table(["", ""], facts))
    out.append("<h3>Key figures</h3>")
    rows = []
    for v in s["vsfs"]:
        req, rt = v["requests"], v["response_ms"]
        served = req["served"] / req["offered"] if req["offered"] else None
        rows.append([esc(v["name"]), fmt_num(req["offered"]),
                     "–" if served is None else f"{100 * served:.2f} %", fmt_num(req["dropped"]),
                     fmt_num(req["timed_out"]), fmt_num(rt["p95"]), fmt_num(v["sla_violation_s"]),
                     fmt_num(v["scale_outs"]), fmt_num(v["scale_ins"]),
                     f"{fmt_num(v['denials']['needs'])} ({fmt_num(v['denials']['attempts'])})",
                     "–" if v["availability"] is None else f"{100 * v['availability']:.3f} %"])
    out.append(table(["VSF", "offered requests", "served", "dropped", "timed out", "p95 (ms)", "SLA violated (s)",
                      "scale-outs", "scale-ins", "denied needs (attempts)", "availability"], rows))
    rc = grid["reconfigurations"]
    iso = grid["isolation_violations"]
    grid_rows = [
        ["CPUs", fmt_num(grid["cpus"])],
        ["idle pool min / mean", f"{fmt_num(grid['idle_pool']['min'])} / {fmt_num(grid['idle_pool']['mean'])}"],
        ["idle pool empty", f"{fmt_num(grid['idle_pool']['seconds_at_zero'])} s "
                            f"({100 * grid['idle_pool']['fraction_at_zero']:.2f} % of the run)"],
        ["denied needs / scale-out needs", f"{fmt_num(grid['denials']['needs'])} / {fmt_num(grid['scale_out_needs'])}"],
        ["energy", f"{grid['energy_j'] / 3.6e6:,.3f} kWh (control plane {cp['energy_j'] / 3.6e6:,.3f} kWh)"],
        ["reconfigurations (VLAN / SAN)", f"{fmt_num(rc['vlan'])} / {fmt_num(rc['san'])} "
                                          f"({fmt_num(rc['vlan_ports'])} / {fmt_num(rc['san_ports'])} ports)"],
        ["isolation violations", f'<span class="bad">{iso}</span>' if iso else "0"],
    ]
    faults = {k: n for k, n in s.get("faults", {}).items() if n}
    cp_rows = [
        ["elections", fmt_num(cp["elections"])],
        ["most masters at once", f'<span class="bad">{cp["max_simultaneous_masters"]} (split brain)</span>'
         if cp["max_simultaneous_masters"] > 1 else fmt_num(cp["max_simultaneous_masters"])],
        ["detection latency mean / max (s)",
         f"{fmt_num(cp['detection_latency_s']['mean'])} / {fmt_num(cp['detection_latency_s']['max'])}"],
        ["recovery mean / max (s)", f"{fmt_num(cp['recovery_s']['mean'])} / {fmt_num(cp['recovery_s']['max'])}"],
        ["restarts / reassignments / new slaves",
         f"{cp['restarts']} / {cp['reassignments']} / {cp['new_slaves']}"],
        ["unmanaged VSF-seconds", fmt_num(cp["unmanaged_vsf_seconds"])],
        ["faults", esc(", ".join(f"{k} {n}" for k, n in faults.items()) or "none")],
    ]
    out.append('<div style="display:flex; gap:2em; flex-wrap:wrap">'
               f'<div><b>Grid</b>{table(["", ""], grid_rows)}</div>'
               f'<div><b>Control plane</b>{table(["", ""], cp_rows)}</div></div>')
    return "\n".join(out)


MAX_VSF_FIGURES = 12  # a figure per VSF of a 500-VSF data centre is a book nobody reads, and minutes to draw


def figured_vsfs(vsfs):
    """The VSFs that get their own figure: all of them, or the MAX_VSF_FIGURES that fared worst."""
    if len(vsfs) <= MAX_VSF_FIGURES:
        return vsfs

    def trouble(v):
        r = v["requests"]
        return (v["sla_violation_s"] or 0, v["denials"]["needs"], r["dropped"] + r["timed_out"])

    worst = sorted(range(len(vsfs)), key=lambda i: tuple(-x for x in trouble(vsfs[i])) + (i,))[:MAX_VSF_FIGURES]
    return [vsfs[i] for i in sorted(worst)]


def run_report(directory):
    import vsfsim_results
    from input_shape import summary_problems, timeseries_problems
    from report_data import RunView
    from run_figures import vsf_figure, grid_figure
    from gantt import gantt_figure
    from control_plane_figure import control_plane_figure

    try:
        run = vsfsim_results.load_run(directory)
        shape = [f"{os.path.join(directory, 'summary.json')}: {p}: {what}" for p, what in summary_problems(run.summary)]
        shape += [f"{os.path.join(directory, 'timeseries.csv')}: {c}: {what}"
                  for c, what in timeseries_problems(run.timeseries)]
    except (vsfsim_results.ResultsError, OSError, ValueError, KeyError, AttributeError, TypeError) as e:
        # AttributeError, TypeError: the loader meeting JSON of another shape (an array for an object)
        raise BadInput(f"{directory}: its results do not load ({e}): not the files vsfsim writes?") from e
    if shape:
        raise BadInput(*shape, f"{directory}: not results this vsfsim writes (README.md, \"Outputs\")")
    try:
        view = RunView(run)
    except vsfsim_results.ResultsError as e:  # events.jsonl is read here, on first use
        raise BadInput(f"{directory}: its results do not load ({e}): not the files vsfsim writes?") from e
    nav = ['<a href="#vsfs">VSFs</a>', '<a href="#grid">grid</a>', '<a href="#gantt">CPU → VSF</a>',
           '<a href="#control">control plane</a>']
    body = [run_header(view, directory), f"<nav>{' '.join(nav)}</nav>"]
    body.append('<h2 id="vsfs" class="first">VSFs</h2>')
    if view.ts is None or not len(view.ts):
        body.append('<p class="note">No timeseries.csv (outputs.timeseries is off): no curves over time.</p>')
    else:
        shown = figured_vsfs(view.summary["vsfs"])
        if len(shown) < len(view.summary["vsfs"]):
            body.append(f'<p class="note">Figures for the {len(shown)} of {len(view.summary["vsfs"])} VSFs that '
                        "fared worst (most SLA violation, then denied needs, then requests lost), in scenario "
                        "order; the key figures above list every VSF and the grid figures count them all.</p>")
        for v in shown:
            body.append(f'<h3 id="vsf-{esc(v["name"])}">{esc(v["name"])}</h3>')
            body.append(vsf_figure(view, v))
        body.append('<h2 id="grid">Grid</h2>')
        body.append(grid_figure(view))
    body.append('<h2 id="gantt">Which CPU served which VSF</h2>')
    img, note = gantt_figure(view)
    body.append(img)
    if note:
        body.append(f'<p class="note">Chart capped: {esc(note)}.</p>')
    body.append('<h2 id="control">Control plane</h2>')
    body.append(control_plane_figure(view))
    title = f"vsfsim report: {view.summary['scenario']}"
    return page(title, "\n".join(body))


# --- a sweep ----------------------------------------------------------------------------------------------


def sweep_report(directory):
    import vsfsim_results
    from input_shape import sweep_problems
    from sweep_figures import metric_axis_figure, search_section
    from sweep_tables import failed_runs_table, points_table

    try:
        sweep = vsfsim_results.load_sweep(directory)
        runs, points = sweep.runs, sweep.points
    except (vsfsim_results.ResultsError, OSError, ValueError, KeyError, AttributeError, TypeError) as e:
        raise BadInput(f"{directory}: the sweep does not load ({e})") from e
    shape = [f"{os.path.join(directory, where.split(' ')[0])}{where[len(where.split(' ')[0]):]}: {what}"
             for where, what in sweep_problems(sweep.doc, points, runs)]
    if shape:
        raise BadInput(*shape, f"{directory}: not a sweep this vsfsim writes (scenarios/SWEEPS.md)")
    doc = sweep.doc
    spec = doc.get("sweep", {})
    axes, metrics = doc.get("axes", []), doc.get("metrics", [])
    ok = int((runs["status"] == "ok").sum()) if runs is not None and len(runs) else 0
    failed = (len(runs) if runs is not None else 0) - ok
    prov = doc.get("vsfsim", {})
    name = spec.get("name", os.path.basename(os.path.abspath(directory)))
    facts = [
        ("sweep", esc(name)),
        ("base scenario", esc(doc.get("scenario", {}).get("path", "?"))),
        ("axes", esc("; ".join(f"{a['name']}: {', '.join(map(str, a['labels']))}" for a in axes) or "none")),
        ("points", fmt_num(len(doc.get("points", [])))),
        ("runs finished", f"{ok} ok" + (f', <span class="bad">{failed} not ok</span>' if failed else "")
         + f" of {len(doc.get('runs', []))}"),
        ("vsfsim", esc(f"{prov.get('version', '?')} (commit {prov.get('commit', '?')})")),
        ("sweep directory", esc(os.path.abspath(directory))),
    ]
    body = [f"<h1>vsfsim sweep report: {esc(name)}</h1>"]
    if spec.get("description"):
        body.append(f'<p class="sub">{esc(spec["description"])}</p>')
    body.append(table(["", ""], facts))
    nav = ['<a href="#points">points</a>'] + [f'<a href="#m-{esc(m["name"])}">{esc(m["name"])}</a>' for m in metrics]
    if sweep.search:
        nav.append('<a href="#search">search</a>')
    body.append(f"<nav>{' '.join(nav)}</nav>")
    if sweep.search:
        body.append('<h2 id="search" class="first">Search</h2>')
        body.append(search_section(sweep.search))
    first = not sweep.search
    if points is None or not len(points) or not axes:
        body.append('<p class="note">No points.csv rows yet (no run finished): nothing to plot.</p>')
    else:
        cls = ' class="first"' if first else ""
        body.append(f'<h2 id="points"{cls}>Points</h2>')
        first = False
        body.append(points_table(points, axes, metrics))
        body.append(failed_runs_table(runs, axes))
        for m in metrics:
            cls = ' class="first"' if first else ""
            first = False
            body.append(f'<h2 id="m-{esc(m["name"])}"{cls}>{esc(m["name"])} <small><code>{esc(m["pointer"])}'
                        "</code></small></h2>")
            body.append(metric_axis_figure(points, axes, m["name"], m["pointer"]))
    return page(f"vsfsim sweep report: {name}", "\n".join(body))


# --- main -------------------------------------------------------------------------------------------------


def kind_of(directory):
    if not os.path.isdir(directory):
        raise BadInput(f"{directory}: not a directory (expected a run's results directory or a sweep's directory)")
    if os.path.isfile(os.path.join(directory, "sweep.json")):
        return "sweep"
    if os.path.isfile(os.path.join(directory, "summary.json")):
        return "run"
    raise BadInput(f"{directory}: neither a run's results directory (no summary.json) nor a sweep's directory "
                   "(no sweep.json)")


def write_atomically(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def main(argv):
    ap = argparse.ArgumentParser(prog="vsfsim report", description=__doc__.split("\n")[0])
    ap.add_argument("dir", metavar="DIR")
    ap.add_argument("-o", "--output", metavar="FILE.html", help="default DIR/report.html")
    args = ap.parse_args(argv)
    out = args.output if args.output is not None else os.path.join(args.dir, "report.html")
    missing = [m for m in ("matplotlib", "pandas") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"error: vsfsim report needs python3-matplotlib and python3-pandas (tools/install-deps); "
              f"{' and '.join(missing)} not found by {sys.executable}", file=sys.stderr)
        return 1
    try:
        if out == "":
            raise BadInput("-o: expected a file name, found \"\"")
        if os.path.isdir(out):
            raise BadInput(f"-o {out}: a directory; expected an HTML file to write")
        if not os.path.isdir(os.path.dirname(os.path.abspath(out))):
            raise BadInput(f"-o {out}: its folder does not exist")
        text = sweep_report(args.dir) if kind_of(args.dir) == "sweep" else run_report(args.dir)
        write_atomically(out, text)
    except BadInput as e:
        for message in e.messages:
            print(f"error: {message}", file=sys.stderr)
        return BAD_INPUT
    except OSError as e:
        print(f"error: {out}: cannot write: {e.strerror}", file=sys.stderr)
        return BAD_INPUT
    except Exception:  # a bug of the report, not of DIR: say so, with what a bug report needs
        import traceback
        traceback.print_exc()
        print(f"internal error: vsfsim report failed on {args.dir} (a bug; nothing was written)", file=sys.stderr)
        return 1
    print(f"report: {out}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:  # ^C: nothing was written (the temporary file is removed on the way out)
        print("interrupted; no report written", file=sys.stderr)
        sys.exit(130)
