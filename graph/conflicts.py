"""Where sources disagree: the same subject and relation with different values in different sources."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .model import Dataset, Fact


@dataclass
class Conflict:
    subject: str
    relation: str
    kind: str  # "object" (a functional relation with different values) or "detail" (same object, other date/count)
    facts: list[Fact]


def _detail(fact: Fact) -> tuple:
    return (fact.date.value if fact.date else None, fact.count)


def _differs(facts: list[Fact], key, compatible=lambda a, b: a == b) -> bool:
    """True when two sources give known values that are not compatible."""
    values = {(f.source, key(f)) for f in facts if key(f) not in (None, (None, None))}
    return any(sa != sb and not compatible(a, b) for sa, a in values for sb, b in values)


def containment(ds: Dataset):
    """compatible(a, b): equal, or one contains the other through transitive relations (Aktau in Kazakhstan)."""
    up: dict[str, set[str]] = defaultdict(set)
    for f in ds.facts:
        if ds.relations[f.relation].transitive and not f.object_is_literal:
            up[f.subject].add(f.object)

    def ancestors(node: str) -> set[str]:
        seen, todo = set(), [node]
        while todo:
            for parent in up[todo.pop()] - seen:
                seen.add(parent)
                todo.append(parent)
        return seen

    return lambda a, b: a == b or a in ancestors(b) or b in ancestors(a)


def conflicts(ds: Dataset) -> list[Conflict]:
    """Functional relations whose objects differ across sources, and any relation whose date or count differs
    across sources for the same object. Both sides are kept with their sources; nothing is reconciled."""
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in ds.facts:
        groups[(f.subject, f.relation)].append(f)
    compatible = containment(ds)
    out = []
    for (subject, relation), facts in groups.items():
        if ds.relations[relation].functional and _differs(facts, lambda f: str(f.object), compatible):
            out.append(Conflict(subject, relation, "object", facts))
            continue
        by_object = defaultdict(list)
        for f in facts:
            by_object[str(f.object)].append(f)
        for same in by_object.values():
            if _differs(same, _detail):
                out.append(Conflict(subject, relation, "detail", same))
    return sorted(out, key=lambda c: (c.subject, c.relation))
