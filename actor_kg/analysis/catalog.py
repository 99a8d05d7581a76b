"""Finding things by name: the entities matching what a user types, and the relation vocabulary in use.

A search matches the normalized text (any case, no diacritics) as a substring of an entity's id, label or
alias first, then by similarity (difflib) for misspellings, best first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING
from collections.abc import Mapping

from ..model import Dataset, Entity, Relation
from ..text.names import close_names, normalize

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class EntityRow:
    entity: Entity
    facts: int  # facts it is subject or object of
    matched: str = ""  # the name the search matched, when not the label


@dataclass(frozen=True)
class RelationRow:
    relation: Relation
    facts: int


def fact_counts(hops: nx.Graph) -> dict[str, int]:
    """How many facts each entity is subject or object of, from the hop graph (no fact is read)."""
    return {n: len(d["literals"]) + sum(len(e["facts"]) for e in hops[n].values()) for n, d in hops.nodes(data=True)}


def find_entities(
    ds: Dataset,
    counts: Mapping[str, int],
    text: str | None = None,
    entity_type: str | None = None,
    limit: int | None = None,
) -> list[EntityRow]:
    """Entities whose names contain `text` (all when None), then those with a similar name, of `entity_type`
    (an id) when given; `counts` gives each entity's fact count. Substring matches come first, most
    connected first; then similar names, most similar first.

    >>> from actor_kg.model import Dataset, Entity
    >>> ds = Dataset({}, {}, {"baku": Entity("baku", "Baku", "city", ("Baki",))}, {}, [], [])
    >>> [(r.entity.id, r.matched) for r in find_entities(ds, {}, "BAKI")]
    [('baku', 'Baki')]
    >>> [r.entity.id for r in find_entities(ds, {}, "Bakku")]
    ['baku']
    """
    pool = [e for e in ds.entities.values() if entity_type is None or e.type == entity_type]
    counts = Counter(counts)
    if not text:
        rows = [EntityRow(e, counts[e.id]) for e in pool]
        return sorted(rows, key=lambda r: (-r.facts, r.entity.label))[:limit]
    key = normalize(text)
    names = {e.id: [(n, normalize(n)) for n in (e.label, *e.aliases, e.id)] for e in pool}
    hits = []
    for e in pool:
        matched = next((name for name, folded in names[e.id] if key in folded), None)
        if matched is not None:
            hits.append(EntityRow(e, counts[e.id], "" if matched == e.label else matched))
    hits.sort(key=lambda r: (-r.facts, r.entity.label))
    found = {r.entity.id for r in hits}
    owners: dict[str, list[tuple[str, str]]] = {}
    for eid, pairs in names.items():
        if eid not in found:
            for name, folded in pairs:
                owners.setdefault(folded, []).append((eid, name))
    for folded in close_names(key, list(owners), n=10):
        for eid, name in owners[folded]:
            if eid not in found:
                found.add(eid)
                e = ds.entities[eid]
                hits.append(EntityRow(e, counts[eid], "" if name == e.label else name))
    return hits[:limit]


def relation_rows(ds: Dataset) -> list[RelationRow]:
    """The whole relation vocabulary in its file's order, each with how many facts use it."""
    counts = Counter(f.relation for f in ds.facts)
    return [RelationRow(r, counts[r.id]) for r in ds.relations.values()]
