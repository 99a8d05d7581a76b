"""FactFilter: which facts an analysis may use. One filter serves path, neighbors, timeline, show and viz."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Dataset, Fact


@dataclass(frozen=True)
class FactFilter:
    """Which facts may be used; empty means no restriction. Relations and sources are ids (Project.fact_filter
    turns labels and titles into ids). A date window keeps the facts whose date range overlaps it, and
    so leaves out undated facts, which cannot be shown to fall in it."""

    relations: tuple[str, ...] = ()
    exclude_relations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    polarity: str | None = None
    since: date | None = None
    until: date | None = None
    min_sources: int = 1  # only claims at least this many sources state (corroboration)

    def __bool__(self) -> bool:
        return any((self.relations, self.exclude_relations, self.sources, self.polarity, self.since, self.until,
                    self.min_sources > 1))

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
        if self.since or self.until:
            if not fact.date:
                return False
            if self.since and fact.date.end < self.since:
                return False
            if self.until and fact.date.start > self.until:
                return False
        return True

    def describe(self) -> str:
        """The filter in words, for messages: '' when nothing is filtered."""
        parts = [f"{name} {', '.join(values)}" for name, values in
                 (("relation", self.relations), ("not relation", self.exclude_relations), ("source", self.sources)) if values]
        if self.polarity:
            parts.append(f"polarity {self.polarity}")
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        if self.min_sources > 1:
            parts.append(f"stated by at least {self.min_sources} sources")
        return "; ".join(parts)
