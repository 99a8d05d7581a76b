"""FactFilter: which facts an analysis may use. One filter serves path, neighbors, timeline, show and viz."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Dataset, Fact
from ..text.dates import FactDate


def known_range(when: FactDate) -> tuple[date, date]:
    """The range a date covers, an open end closed at the other, known end.

    >>> from actor_kg.text.dates import parse_date
    >>> [d.isoformat() for d in known_range(parse_date("2022/.."))]
    ['2022-01-01', '2022-01-01']
    """
    start = when.end if when.start == date.min else when.start
    end = when.start if when.end == date.max else when.end
    return start, end


@dataclass(frozen=True)
class FactFilter:
    """Which facts may be used; empty means no restriction. Relations and sources are ids (Project.fact_filter
    turns labels and titles into ids). A date window keeps the facts whose date range overlaps it, and
    so leaves out undated facts, which cannot be shown to fall in it; a date known only by one bound
    (`2022/..`, not before 2022) counts as that bound, as a timeline places it: "≥ 2022" is not kept
    by a window on 2025."""

    relations: tuple[str, ...] = ()
    exclude_relations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    polarity: str | None = None
    since: date | None = None
    until: date | None = None
    min_sources: int = 1  # only claims at least this many sources state (corroboration)
    claimants: frozenset[str] = frozenset()  # only what these are credited with saying

    def __bool__(self) -> bool:
        return any(
            (
                self.relations,
                self.exclude_relations,
                self.sources,
                self.polarity,
                self.since,
                self.until,
                self.min_sources > 1,
                self.claimants,
            )
        )

    def keeps(self, fact: Fact, ds: Dataset) -> bool:
        """Whether the fact passes the filter."""
        if self.relations and fact.relation not in self.relations:
            return False
        if fact.relation in self.exclude_relations:
            return False
        if self.sources and fact.source not in self.sources:
            return False
        if self.polarity and ds.relations[fact.relation].polarity != self.polarity:
            return False
        if fact.sources < self.min_sources:
            return False
        if self.claimants and fact.claimed_by not in self.claimants:
            return False
        if self.since or self.until:
            if not fact.date:
                return False
            start, end = known_range(fact.date)
            if self.since and end < self.since:
                return False
            if self.until and start > self.until:
                return False
        return True

    def describe(self) -> str:
        """The filter in words, for messages: '' when nothing is filtered."""
        parts = [
            f"{name} {', '.join(values)}"
            for name, values in (
                ("relation", self.relations),
                ("not relation", self.exclude_relations),
                ("source", self.sources),
            )
            if values
        ]
        if self.polarity:
            parts.append(f"polarity {self.polarity}")
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.min_sources > 1:
            parts.append(f"stated by at least {self.min_sources} sources")
        if self.claimants:
            parts.append(f"said by {', '.join(sorted(self.claimants))}")
        return "; ".join(parts)
