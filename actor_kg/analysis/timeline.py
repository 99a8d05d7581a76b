"""Timelines: dated facts in date order, one entry per event however many sources state it.

An actor stands for itself and for whatever belongs to it (see actor_kg.derived: Putin
leads Russia, the police are an agency of Russia), unless the caller asks for the actor alone.

A bounded date sorts at its known end: `2024-12-25/..` (not before) at 2024-12-25, `../2025-01-27`
(not after) at 2025-01-27.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from collections.abc import Iterable

from ..model import Dataset, Fact
from ..text.dates import FactDate
from .filters import FactFilter, known_range


@dataclass(frozen=True)
class TimelineEntry:
    """One event: the facts of different sources that state one claim at overlapping dates, the most
    precisely dated first."""

    facts: tuple[Fact, ...]

    @property
    def fact(self) -> Fact:
        return self.facts[0]

    @property
    def date(self) -> FactDate:
        assert self.fact.date is not None
        return self.fact.date

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(f.source for f in self.facts))


def sort_key(when: FactDate) -> tuple[date, date]:
    """Where a date sorts: at its start, or at its end when only the end is known; then by its end (its
    start, when only the start is known).

    >>> from actor_kg.text.dates import parse_date
    >>> sorted(["2025-02", "../2025-01-27", "2024-12-25/..", "2025"], key=lambda d: sort_key(parse_date(d)))
    ['2024-12-25/..', '2025', '../2025-01-27', '2025-02']
    """
    return known_range(when)


def _span(f: Fact) -> int:
    assert f.date is not None
    return (min(f.date.end, date(9999, 1, 1)) - max(f.date.start, date(1, 1, 1))).days


def _events(facts: Iterable[Fact]) -> list[TimelineEntry]:
    """Facts grouped into events: one claim (the same subject, relation, object, negation and qualifiers,
    whatever the source) at overlapping dates."""
    groups: list[list[Fact]] = []
    open_groups: dict[str, list[list[Fact]]] = {}
    for f in sorted(facts, key=lambda f: (sort_key(f.date), f.id) if f.date else ()):
        assert f.date is not None
        key = f.claim or f.id
        home = next(
            (g for g in open_groups.get(key, []) if all(o.date is not None and o.date.overlaps(f.date) for o in g)),
            None,
        )
        if home is None:
            home = []
            groups.append(home)
            open_groups.setdefault(key, []).append(home)
        home.append(f)
    entries = [
        TimelineEntry(tuple(sorted(g, key=lambda f: ((f.date_basis or "stated") != "stated", _span(f), f.id))))
        for g in groups
    ]
    return sorted(entries, key=lambda e: (sort_key(e.date), e.fact.id))


def timeline(
    ds: Dataset,
    actors: set[str] | None = None,
    flt: FactFilter = FactFilter(),
    between: tuple[set[str], set[str]] | None = None,
    directed: bool = False,
) -> list[TimelineEntry]:
    """The dated facts `flt` keeps, as events in date order. `actors` keeps facts one of them is subject,
    object or claimant of; `between` (two sets) those from one set to the other, either way, or only
    from the first to the second when `directed`."""

    def wanted(f: Fact) -> bool:
        if f.date is None or not flt.keeps(f, ds):
            return False
        if actors is not None and not actors & {f.subject, f.object, f.claimed_by}:
            return False
        if between is not None:
            a, b = between
            return (f.subject in a and f.object in b) or (not directed and f.subject in b and f.object in a)
        return True

    return _events(f for f in ds.facts if wanted(f))


def newest_first(facts: Iterable[Fact]) -> list[Fact]:
    """Dated facts latest first (by end, then start), then the undated ones in their order."""
    listed = list(facts)
    dated = sorted((f for f in listed if f.date), key=lambda f: sort_key(f.date) if f.date else (), reverse=True)
    return dated + [f for f in listed if not f.date]
