"""Claims: the facts of different sources that state the same claim (same subject, relation, object,
negation and qualifiers: the claim id actor_kg.derived gives each fact) grouped, most corroborated first."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from ..model import Dataset, Fact
from .filters import FactFilter


@dataclasses.dataclass(frozen=True)
class Claim:
    """A claim and the facts (one or more per source) that state it."""

    facts: tuple[Fact, ...]

    @property
    def sources(self) -> list[str]:
        return sorted({f.source for f in self.facts})


def claims(
    ds: Dataset, flt: FactFilter = FactFilter(), single_source: bool = False, key_only: bool = True
) -> list[Claim]:
    """The claims `flt` keeps, most corroborated first; `single_source` keeps those only one source
    states; `key_only` those of conflictual or cooperative relations or with a CAMEO code (the events
    and stances an analysis rests on, not positions and descriptions)."""
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for f in ds.facts:
        rel = ds.relations[f.relation]
        if key_only and rel.polarity == "neutral" and not rel.cameo:
            continue
        if flt.keeps(f, ds):
            grouped[f.claim or f.id].append(f)
    out = [Claim(tuple(fs)) for fs in grouped.values() if not single_source or len({f.source for f in fs}) == 1]
    return sorted(out, key=lambda c: (-len(c.sources), c.facts[0].subject, c.facts[0].relation, c.facts[0].id))
