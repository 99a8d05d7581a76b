"""What the curated facts imply beyond what each says, derived once and here only: the claim a fact
states whoever states it (its claim id), how many sources state each claim (corroboration), and who
belongs to whom (belonging).

The loader hands `facts` each fact's checked field values; each Fact is made once, its claim and its
number of sources already derived, and never changed after.

Belonging: leaders, agencies, officials, members and citizens of an actor (relations marked
`belongs_to` in relations.yaml), followed transitively. An actor stands for what belongs to it in
timelines and dyads ("what Russia did" takes in Putin and the police), and an allegation about an
agency disagrees with an assertion about its state. A role the text marks `former`, or negates, does
not count.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .model import Amount, Dataset, Fact, LiteralValue, QualifierValue, Relation


def claim_id(
    subject: str,
    relation: str,
    obj: str | LiteralValue,
    negated: bool = False,
    qualifiers: tuple[tuple[str, QualifierValue], ...] = (),
    symmetric: bool = False,
) -> str:
    """A short stable id of the claim a fact states, whatever its source: its subject, relation, object,
    negation and qualifiers; of a `symmetric` relation, whichever way round its ends are given (Russia
    in conflict with Azerbaijan = Azerbaijan with Russia).

    >>> claim_id("baku", "closes", "house") == claim_id("baku", "closes", "house", negated=False)
    True
    >>> claim_id("baku", "closes", "house") == claim_id("baku", "closes", "house", negated=True)
    False
    >>> claim_id("house", "closes", "baku") == claim_id("baku", "closes", "house")
    False
    >>> claim_id("house", "closes", "baku", symmetric=True) == claim_id("baku", "closes", "house", symmetric=True)
    True
    """
    value = obj.to_json() if isinstance(obj, LiteralValue) else obj
    if symmetric and isinstance(value, str) and value < subject:
        subject, value = value, subject
    key = json.dumps(
        [
            subject,
            relation,
            value,
            negated,
            sorted((k, v.to_json() if isinstance(v, Amount) else v) for k, v in qualifiers),
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    return "claim-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def facts(values: list[dict[str, Any]], relations: Mapping[str, Relation]) -> list[Fact]:
    """The Facts of the loader's field values (one mapping per fact, which this completes), each with its
    claim id and the number of distinct sources stating that claim."""
    stating: dict[str, set[str]] = defaultdict(set)
    for v in values:
        v["claim"] = claim = claim_id(
            v["subject"],
            v["relation"],
            v["object"],
            v.get("negated", False),
            v.get("qualifiers", ()),
            relations[v["relation"]].symmetric,
        )
        stating[claim].add(v["source"])
    for v in values:
        v["sources"] = len(stating[v["claim"]])
    return [Fact.of(v) for v in values]


def _edges(ds: Dataset, upwards: bool) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in ds.facts:
        if (
            ds.relations[f.relation].belongs_to
            and not f.negated
            and not f.qualifier("former")
            and isinstance(f.object, str)
        ):
            child, parent = f.subject, f.object
            out.setdefault(child if upwards else parent, set()).add(parent if upwards else child)
    return out


def _closure(start: str, edges: dict[str, set[str]]) -> set[str]:
    found, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), set()) - found:
            found.add(nxt)
            todo.append(nxt)
    return found


def members(ds: Dataset, actor: str) -> set[str]:
    """The actor and everything that belongs to it, transitively."""
    return _closure(actor, _edges(ds, upwards=False))


def lineages(ds: Dataset) -> dict[str, set[str]]:
    """For each entity that belongs to something, itself and everything it belongs to, transitively
    (an entity that belongs to nothing is its own lineage and is left out)."""
    up = _edges(ds, upwards=True)
    return {child: _closure(child, up) for child in up}
