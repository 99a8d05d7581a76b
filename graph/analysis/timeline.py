"""Dated facts in date order, for drawing a timeline."""
from __future__ import annotations

from ..model import Dataset, Fact
from .filters import FactFilter


def timeline(ds: Dataset, actor: str | None = None, flt: FactFilter = FactFilter()) -> list[Fact]:
    """Facts with a date that `flt` keeps, by start date. `actor` keeps facts it is subject, object or
    claimant of; the filter's since/until keep facts whose date range overlaps the window."""
    out = [f for f in ds.facts
           if f.date is not None and (not actor or actor in (f.subject, f.object, f.claimed_by)) and flt.keeps(f, ds)]
    return sorted(out, key=lambda f: (f.date.start, f.date.end, f.id) if f.date else ())
