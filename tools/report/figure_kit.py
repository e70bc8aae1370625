"""What every figure of the report shares: the Agg backend, colours, and turning a figure into an <img>.

PNG rather than SVG: a browser can tell whether a PNG decoded (the e2e test checks naturalWidth), the file
stays small for Gantt charts of many bars, and it prints well at 110 dpi. Metadata is dropped so the same
results give the same bytes.
"""
import base64
import html
import io

import matplotlib

matplotlib.use("Agg")  # no display: the report is made in batch, on servers and in CI
import matplotlib.pyplot as plt  # noqa: E402

DPI = 110
WIDTH_IN = 10.5

# Lifecycle states as the Gantt shades them: the owner's colour, stronger as the CPU gets closer to serving.
# "allocated" (granted, join not begun) lasts a fraction of a millisecond; "off" is a crashed CPU still in its
# VSF, until its eviction.
STATE_ALPHA = {"allocated": 0.30, "configuring": 0.30, "booting": 0.55, "serving": 1.0, "draining": 0.55,
               "stopping": 0.30, "off": 0.25}
STATE_HATCH = {"draining": "///", "stopping": "...", "off": "xxx"}

plt.rcParams.update({
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 8,
    "figure.constrained_layout.use": True,
})


def vsf_colours(names):
    """A colour per VSF name, stable for a given list (the scenario order)."""
    cmap = plt.get_cmap("tab10" if len(names) <= 10 else "tab20")
    n = cmap.N
    return {name: cmap(i % n) for i, name in enumerate(names)}


def new_figure(rows=1, height_per_row=2.6, sharex=True):
    fig, axes = plt.subplots(rows, 1, figsize=(WIDTH_IN, max(2.4, height_per_row * rows)), sharex=sharex,
                             squeeze=False)
    return fig, [a[0] for a in axes]


def to_img(fig, alt):
    """The figure as an inline <img> (base64 PNG); closes the figure."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img class="fig" alt="{html.escape(alt)}" src="data:image/png;base64,{data}">'


def time_axis(ax, duration_s):
    """Minutes or hours on the x axis, whichever reads better for the run's length; returns the divisor."""
    if duration_s > 3 * 3600:
        scale, unit = 3600.0, "h"
    elif duration_s > 120:
        scale, unit = 60.0, "min"
    else:
        scale, unit = 1.0, "s"
    ax.set_xlabel(f"simulated time ({unit})")
    return scale


def outside_legend(ax, **kw):
    """A legend right of the plot: inside it, it would hide the curves and the scaling marks at the top."""
    return ax.legend(loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=7, borderaxespad=0, **kw)


def empty_note(ax, text):
    """Says on the plot why there is nothing to see, rather than leave an empty frame."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", color="0.4")
