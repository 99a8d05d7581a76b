"""Corroboration: facts of different sources that state the same claim (same subject, relation, object,
negation and qualifiers) are one claim, and each fact knows how many independent sources state it."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict
from typing import Iterable

from ..model import Amount, Fact, LiteralValue


def claim_id(fact: Fact) -> str:
    """A short stable id of the claim a fact states, whatever its source.

    >>> from actor_kg.model import Evidence
    >>> a = Fact("a-1", "a", "baku", "closes", "house", (Evidence("q", 0, 1),))
    >>> b = Fact("b-7", "b", "baku", "closes", "house", (Evidence("r", 0, 1),))
    >>> claim_id(a) == claim_id(b) != claim_id(dataclasses.replace(b, negated=True))
    True
    """
    obj = fact.object.to_json() if isinstance(fact.object, LiteralValue) else fact.object
    key = json.dumps([fact.subject, fact.relation, obj, fact.negated,
                      sorted((k, v.to_json() if isinstance(v, Amount) else v) for k, v in fact.qualifiers)],
                     sort_keys=True, ensure_ascii=False)
    return "claim-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def corroborate(facts: Iterable[Fact]) -> list[Fact]:
    """The facts, each with its claim id and the number of distinct sources stating that claim."""
    facts = list(facts)
    claims = [claim_id(f) for f in facts]
    sources: dict[str, set[str]] = defaultdict(set)
    for fact, claim in zip(facts, claims):
        sources[claim].add(fact.source)
    return [dataclasses.replace(f, claim=c, sources=len(sources[c])) for f, c in zip(facts, claims)]
