"""Corroboration: facts of different sources that state the same claim (same subject, relation, object,
negation and qualifiers) are one claim, and each fact knows how many independent sources state it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict

from ..model import Amount, Dataset, Fact, LiteralValue
from .filters import FactFilter


def claim_id(fact: Fact, symmetric: bool = False) -> str:
    """A short stable id of the claim a fact states, whatever its source; of a `symmetric` relation,
    whichever way round its ends are given (Russia in conflict with Azerbaijan = Azerbaijan with Russia).

    >>> from actor_kg.model import Evidence
    >>> a = Fact("a-1", "a", "baku", "closes", "house", (Evidence("q", 0, 1),))
    >>> b = Fact("b-7", "b", "baku", "closes", "house", (Evidence("r", 0, 1),))
    >>> claim_id(a) == claim_id(b) != claim_id(dataclasses.replace(b, negated=True))
    True
    >>> turned = dataclasses.replace(b, subject="house", object="baku")
    >>> claim_id(turned) == claim_id(b), claim_id(turned, symmetric=True) == claim_id(b, symmetric=True)
    (False, True)
    """
    obj = fact.object.to_json() if isinstance(fact.object, LiteralValue) else fact.object
    subject = fact.subject
    if symmetric and isinstance(obj, str) and obj < subject:
        subject, obj = obj, subject
    key = json.dumps(
        [
            subject,
            fact.relation,
            obj,
            fact.negated,
            sorted((k, v.to_json() if isinstance(v, Amount) else v) for k, v in fact.qualifiers),
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    return "claim-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def corroborate(facts: list[Fact], claims: list[str]) -> None:
    """Give each fact its claim id (`claims`, in the facts' order: claim_id of each) and the number of
    distinct sources stating that claim. The facts were just made by the loader and nothing else holds
    them yet, so the two fields are set in place rather than by copying a million records."""
    sources: dict[str, set[str]] = defaultdict(set)
    for fact, claim in zip(facts, claims):
        sources[claim].add(fact.source)
    for fact, claim in zip(facts, claims):
        object.__setattr__(fact, "claim", claim)
        object.__setattr__(fact, "sources", len(sources[claim]))


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
