"""The page around the figures: escaping, number formats, tables, and the style sheet (screen and print)."""
import html


def esc(x):
    return html.escape(str(x))


def fmt_num(x, digits=3):
    if x is None:
        return "–"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        if x != x:
            return "–"
        if x == int(x) and abs(x) < 1e15:
            return f"{int(x):,}"
        return f"{x:,.{digits}g}" if abs(x) < 1e4 else f"{x:,.0f}"
    return esc(x)


def fmt_duration(s):
    s = float(s)
    if s >= 3600:
        return f"{s / 3600:g} h ({s:,.0f} s)"
    if s >= 60:
        return f"{s / 60:g} min ({s:,.0f} s)"
    return f"{s:g} s"


CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1180px;
       padding: 0 1.2em 2em; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.1em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.15em; margin-top: 1.6em; }
.sub { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.55em; text-align: right; white-space: nowrap; }
th { background: #f2f2f2; white-space: normal; } td:first-child, th:first-child { text-align: left; }
img.fig { width: 100%; height: auto; display: block; margin: 0.5em 0 1.2em; }
nav { background: #f7f7f7; padding: 0.4em 0.8em; border-radius: 4px; font-size: 0.9em; }
nav a { margin-right: 1em; }
.note { color: #555; font-size: 0.9em; }
.bad { color: #b00; font-weight: bold; }
code { background: #f2f2f2; padding: 0 0.2em; }
@media print {
  nav { display: none; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-before: page; } h2.first { break-before: avoid; }
  img.fig, table { break-inside: avoid; }
}
"""


def page(title, body):
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{CSS}</style></head><body>\n{body}\n</body></html>\n")


def table(header, rows):
    """Cells are HTML already (escaped by the caller); a header of empty names is left out."""
    head = "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr>" if any(header) else ""
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table>{head}{body}</table>"
