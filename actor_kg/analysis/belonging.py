"""Who belongs to whom: leaders, agencies, officials, members and citizens of an actor (relations marked
`belongs_to` in relations.yaml), followed transitively. An actor stands for what belongs to it in
timelines and dyads ("what Russia did" takes in Putin and the police), and an allegation about an
agency disagrees with an assertion about its state.

A role the text marks `former`, or negates, does not count.
"""

from __future__ import annotations

from ..model import Dataset


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
