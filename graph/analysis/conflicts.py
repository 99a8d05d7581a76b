"""Where sources disagree: the same subject and relation with different values in different sources."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..text.dates import FactDate, parse_date
from ..model import Dataset, Fact, LiteralValue


@dataclass
class Conflict:
    subject: str
    relation: str
    kind: str  # "object": a functional relation with different values; "date": same fact, other date; "count"
    facts: list[Fact]


def _differs(facts: list[Fact], key, compatible=lambda a, b: a == b) -> bool:
    """True when two sources give known values that are not compatible."""
    values = {(f.source, key(f)) for f in facts if key(f) is not None}
    return any(sa != sb and not compatible(a, b) for sa, a in values for sb, b in values)


def containment(ds: Dataset):
    """compatible(a, b): equal, or one contains the other through transitive relations (Aktau in Kazakhstan)."""
    up: dict[str, set[str]] = defaultdict(set)
    for f in ds.facts:
        if ds.relations[f.relation].transitive and isinstance(f.object, str):
            up[f.subject].add(f.object)

    def ancestors(node: str) -> set[str]:
        seen: set[str] = set()
        todo = [node]
        while todo:
            for parent in up[todo.pop()] - seen:
                seen.add(parent)
                todo.append(parent)
        return seen

    def compatible(a, b) -> bool:
        if isinstance(a, FactDate) and isinstance(b, FactDate):
            return a.start <= b.start <= b.end <= a.end or b.start <= a.start <= a.end <= b.end
        return a == b or a in ancestors(b) or b in ancestors(a)

    return compatible


def _value(fact: Fact):
    """A comparable form of the object: an entity id, a FactDate for date literals, else (value, unit)."""
    if not isinstance(fact.object, LiteralValue):
        return fact.object
    if fact.object.kind == "date":
        return parse_date(fact.object.value)
    return (fact.object.value, fact.object.unit)


def conflicts(ds: Dataset) -> list[Conflict]:
    """Functional relations whose values differ across sources; counts that differ for the same subject and
    relation; dates that differ for the same fact. Values agree when one contains the other (Aktau in
    Kazakhstan, 2024-12-25 in 2024-12). Both sides are kept with their sources; nothing is reconciled."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in ds.facts:
        groups[(f.subject, f.relation)].append(f)
    compatible = containment(ds)
    out = []
    for (subject, relation), facts in groups.items():
        if ds.relations[relation].functional and _differs(facts, _value, compatible):
            out.append(Conflict(subject, relation, "object", facts))
            continue
        if _differs(facts, lambda f: f.count):
            out.append(Conflict(subject, relation, "count", [f for f in facts if f.count is not None]))
        by_object = defaultdict(list)
        for f in facts:
            by_object[str(f.object)].append(f)
        for same in by_object.values():
            if _differs(same, lambda f: f.date, compatible):
                out.append(Conflict(subject, relation, "date", same))
    return sorted(out, key=lambda c: (c.subject, c.relation, c.kind))
