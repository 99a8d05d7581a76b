"""Dated facts in date order, for drawing a timeline."""
from __future__ import annotations

from typing import Iterable

from ..model import Dataset, Fact
from .filters import FactFilter


def timeline(ds: Dataset, actor: str | None = None, flt: FactFilter = FactFilter()) -> list[Fact]:
    """Facts with a date that `flt` keeps, by start date. `actor` keeps facts it is subject, object or
    claimant of; the filter's since/until keep facts whose date range overlaps the window."""
    out = [f for f in ds.facts
           if f.date is not None and (not actor or actor in (f.subject, f.object, f.claimed_by)) and flt.keeps(f, ds)]
    return sorted(out, key=lambda f: (f.date.start, f.date.end, f.id) if f.date else ())


def newest_first(facts: Iterable[Fact]) -> list[Fact]:
    """Dated facts latest first (by end, then start), then the undated ones in their order."""
    listed = list(facts)
    dated = sorted((f for f in listed if f.date), key=lambda f: (f.date.end, f.date.start) if f.date else (), reverse=True)
    return dated + [f for f in listed if not f.date]
