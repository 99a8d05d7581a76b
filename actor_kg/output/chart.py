"""The dyad chart (`kg dyad --chart FILE`): Goldstein sum per period as bars, events each way as lines,
each period's events named under its bar. Drawn with matplotlib and written as SVG (self-contained,
its text kept as text, the same bytes for the same data), HTML (the SVG inside a page) or PNG,
atomically."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import InvalidArgument
from ..model import Dataset
from ..analysis.dyad import Dyad
from ..atomic import atomic_write

CHART_SUFFIXES = (".svg", ".html", ".png")


def _figure(ds: Dataset, d: Dyad):  # -> matplotlib Figure
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    names = [p.period for p in d.periods]
    x = list(range(len(names)))
    fig = Figure(figsize=(max(7.0, 1.25 * len(names) + 2), 6.4), layout="constrained")
    ax, under = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    sums = [p.goldstein_sum for p in d.periods]
    ax.bar(x, sums, color=["#2e7d32" if v >= 0 else "#c62828" for v in sums], alpha=0.75, label="Goldstein sum")
    ax.axhline(0, color="#555", linewidth=0.8)
    ax.set_ylabel("Goldstein sum\n(−10 conflict … +10 cooperation per event)", fontsize=8)
    counts = ax.twinx()
    counts.plot(
        x, [len(p.a_to_b) for p in d.periods], "o-", color="#1565c0", label=f"{ds.label(d.a)} → {ds.label(d.b)}"
    )
    counts.plot(
        x, [len(p.b_to_a) for p in d.periods], "s--", color="#ef6c00", label=f"{ds.label(d.b)} → {ds.label(d.a)}"
    )
    counts.set_ylabel("events", fontsize=8)
    counts.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0] + counts.get_legend_handles_labels()[0]
    ax.legend(handles, [str(h.get_label()) for h in handles], loc="lower left", fontsize=8)
    unit = "per claim" if d.per_claim else "per statement"
    ax.set_title(
        f"{ds.label(d.a)} ↔ {ds.label(d.b)} by {d.by} ({unit}; not shown: {len(d.undated)} undated, "
        f"{len(d.unplaced)} bounded only by publication)",
        fontsize=10,
    )
    under.set_axis_off()  # the events of each period, named under its bar
    under.set_ylim(0, 1)
    for i, p in enumerate(d.periods):
        words = sorted({ds.relations[f.relation].label for f in p.facts})
        text = "\n".join(words[:5]) + (f"\n+{len(words) - 5} more" if len(words) > 5 else "")
        under.text(i, 1, text, ha="center", va="top", fontsize=7, color="#333", wrap=True)
    ax.set_xticks(x, names)
    ax.tick_params(axis="x", labelbottom=True)
    return fig


def write_chart(ds: Dataset, d: Dyad, path: Path) -> Path:
    """Write the chart to `path` in the format its suffix names (.svg, .html, .png)."""
    if path.suffix not in CHART_SUFFIXES:
        raise InvalidArgument(f"{path}: a chart is written as {', '.join(CHART_SUFFIXES)}", "output")
    if not d.periods:
        raise InvalidArgument("no dated events between these actors to draw", "output")
    import matplotlib

    fig = _figure(ds, d)
    out = io.BytesIO()
    # text stays text (searchable, small) and ids are stable: the same data draws the same file
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "actor-kg"}):
        fig.savefig(
            out,
            format="png" if path.suffix == ".png" else "svg",
            metadata={"Date": None} if path.suffix != ".png" else None,
        )
    data = out.getvalue()
    if path.suffix == ".html":
        svg = data.decode("utf-8")
        title = f"{ds.label(d.a)} ↔ {ds.label(d.b)}"
        data = (
            f"<!doctype html><meta charset=utf-8><title>{title}</title>"
            f"<body style='font-family:sans-serif;margin:1em'>{svg[svg.index('<svg') :]}</body>"
        ).encode()
    atomic_write(path, data)
    return path
