"""Dated facts in date order, for drawing a timeline."""
from __future__ import annotations

from datetime import date

from .model import Dataset, Fact


def timeline(ds: Dataset, actor: str | None = None, since: date | None = None,
             until: date | None = None) -> list[Fact]:
    """Facts with a date, by start date. `actor` keeps facts it is subject, object or claimant of;
    since/until keep facts whose date range overlaps the window."""
    out = []
    for f in ds.facts:
        if f.date is None:
            continue
        if actor and actor not in (f.subject, f.object, f.claimed_by):
            continue
        if since and f.date.end < since or until and f.date.start > until:
            continue
        out.append(f)
    return sorted(out, key=lambda f: (f.date.start, f.date.end, f.id))
