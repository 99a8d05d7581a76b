"""The dyad chart (`kg dyad --chart FILE`): Goldstein sum per period as bars, events each way as lines,
each period's events named under its bar. Drawn with matplotlib and written as SVG (self-contained),
HTML (the SVG inside a page) or PNG, atomically."""
from __future__ import annotations

import io
from pathlib import Path

from ..errors import InvalidArgument
from ..model import Dataset
from ..analysis.dyad import Dyad
from .atomic import atomic_write

CHART_SUFFIXES = (".svg", ".html", ".png")


def _figure(ds: Dataset, d: Dyad):  # -> matplotlib Figure
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    names = [p.period for p in d.periods]
    x = list(range(len(names)))
    fig = Figure(figsize=(max(6.0, 1.1 * len(names) + 2), 5.2), layout="constrained")
    ax = fig.add_subplot()
    sums = [p.goldstein_sum for p in d.periods]
    ax.bar(x, sums, color=["#2e7d32" if s >= 0 else "#c62828" for s in sums], alpha=0.75, label="Goldstein sum")
    ax.axhline(0, color="#555", linewidth=0.8)
    ax.set_ylabel("Goldstein sum (−10 conflict … +10 cooperation per event)")
    counts = ax.twinx()
    counts.plot(x, [len(p.a_to_b) for p in d.periods], "o-", color="#1565c0", label=f"{ds.label(d.a)} → {ds.label(d.b)}")
    counts.plot(x, [len(p.b_to_a) for p in d.periods], "s--", color="#ef6c00", label=f"{ds.label(d.b)} → {ds.label(d.a)}")
    counts.set_ylabel("events")
    counts.set_ylim(bottom=0)
    for i, p in enumerate(d.periods):  # the events, named under each bar
        words = sorted({ds.relations[f.relation].label for f in p.facts})
        text = "\n".join(words[:4]) + (f"\n+{len(words) - 4} more" if len(words) > 4 else "")
        ax.annotate(text, (i, 0), xytext=(0, -14), textcoords="offset points", ha="center", va="top", fontsize=7,
                    color="#333", annotation_clip=False)
    ax.set_xticks(x, names)
    ax.tick_params(axis="x", pad=2)
    ax.xaxis.set_ticks_position("top")
    handles = ax.get_legend_handles_labels()[0] + counts.get_legend_handles_labels()[0]
    ax.legend(handles, [str(h.get_label()) for h in handles], loc="upper left", fontsize=8)
    unit = "per claim" if d.per_claim else "per statement"
    ax.set_title(f"{ds.label(d.a)} ↔ {ds.label(d.b)} by {d.by} ({unit}; {len(d.undated)} undated not shown)", fontsize=10)
    return fig


def write_chart(ds: Dataset, d: Dyad, path: Path) -> Path:
    """Write the chart to `path` in the format its suffix names (.svg, .html, .png)."""
    if path.suffix not in CHART_SUFFIXES:
        raise InvalidArgument(f"{path}: a chart is written as {', '.join(CHART_SUFFIXES)}", "--chart")
    if not d.periods:
        raise InvalidArgument("no dated events between these actors to draw", "--chart")
    fig = _figure(ds, d)
    out = io.BytesIO()
    fig.savefig(out, format="png" if path.suffix == ".png" else "svg", metadata={"Date": None} if path.suffix == ".svg" else None)
    data = out.getvalue()
    if path.suffix == ".html":
        svg = data.decode("utf-8")
        title = f"{ds.label(d.a)} ↔ {ds.label(d.b)}"
        data = (f"<!doctype html><meta charset=utf-8><title>{title}</title>"
                f"<body style='font-family:sans-serif;margin:1em'>{svg[svg.index('<svg'):]}</body>").encode("utf-8")
    atomic_write(path, data)
    return path
