"""Paths between actors over the build's hop graph, each hop carrying all of its evidence.

Several facts between the same two entities are one hop (the hop graph is simple), so paths do not
multiply combinatorially; every fact of a hop is listed with its source and quote. Unfiltered,
undirected searches walk the cached hop graph as it is; a filter or --directed derives a graph of the
kept facts first, which reads every fact and so costs time in proportion to the dataset."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from typing import TYPE_CHECKING

from .model import Dataset, Fact

if TYPE_CHECKING:
    import networkx as nx


@dataclass(frozen=True)
class FactFilter:
    """Which facts may carry a hop. Empty means no restriction."""

    relations: tuple[str, ...] = ()
    exclude_relations: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    polarity: str | None = None
    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return any((self.relations, self.exclude_relations, self.sources, self.polarity, self.since, self.until))

    def keeps(self, fact: Fact, polarity: str) -> bool:
        """Whether the fact may carry a hop; `polarity` is that of the fact's relation."""
        if self.relations and fact.relation not in self.relations:
            return False
        if fact.relation in self.exclude_relations:
            return False
        if self.sources and fact.source not in self.sources:
            return False
        if self.polarity and polarity != self.polarity:
            return False
        if self.since or self.until:
            if not fact.date:
                return False  # an undated fact cannot be shown to fall in the window
            if self.since and fact.date.end < self.since:
                return False
            if self.until and fact.date.start > self.until:
                return False
        return True


@dataclass
class Hop:
    start: str
    end: str
    facts: list[Fact]  # each in its true direction (subject → object), in id order


@dataclass
class Path:
    nodes: list[str]
    hops: list[Hop] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.hops)


class NoPath(LookupError):
    pass


def kept_hops(ds: Dataset, hops: "nx.Graph", flt: FactFilter = FactFilter(), directed: bool = False) -> "nx.Graph":
    """The hop graph to search: the cached one when nothing is filtered, else one of the kept facts only
    (a DiGraph following subject → object when `directed`). Edges hold fact positions in `facts`."""
    import networkx as nx
    if not flt and not directed:
        return hops
    kept = nx.DiGraph() if directed else nx.Graph()
    kept.add_nodes_from(hops.nodes)
    for u, v, data in hops.edges(data=True):
        for i in data["facts"]:
            fact = ds.facts[i]
            if fact.subject == fact.object or not flt.keeps(fact, ds.relations[fact.relation].polarity):
                continue
            a, b = (fact.subject, fact.object) if directed else (u, v)
            if kept.has_edge(a, b):
                kept[a][b]["facts"].append(i)
            else:
                kept.add_edge(a, b, facts=[i])
    return kept


def _hop(ds: Dataset, hops: "nx.Graph", a: str, b: str) -> Hop:
    return Hop(a, b, sorted((ds.facts[i] for i in hops[a][b]["facts"]), key=lambda f: f.id))


def _path(ds: Dataset, hops: "nx.Graph", nodes: list[str]) -> Path:
    return Path(nodes, [_hop(ds, hops, a, b) for a, b in zip(nodes, nodes[1:])])


def find_paths(ds: Dataset, graph: "nx.Graph", start: str, end: str, *, directed: bool = False,
               flt: FactFilter = FactFilter(), k: int = 1, all_paths: bool = False, max_hops: int = 4,
               via: str | None = None, limit: int | None = None) -> list[Path]:
    """The shortest path (k=1), the k shortest simple paths, or all simple paths up to max_hops,
    shortest first; `via` keeps only paths through that entity. Raises NoPath when there is none."""
    import networkx as nx

    if start == end:
        raise ValueError("the two entities are the same; give two different actors")
    hops = kept_hops(ds, graph, flt, directed)
    if all_paths:
        candidates = sorted(nx.all_simple_paths(hops, start, end, cutoff=max_hops), key=lambda p: (len(p), p))
    else:
        try:
            candidates = nx.shortest_simple_paths(hops, start, end)
        except nx.NetworkXNoPath:
            candidates = iter(())
    if via:
        candidates = (p for p in candidates if via in p[1:-1])
    wanted = limit if all_paths else k
    try:
        chosen = list(itertools.islice(candidates, wanted)) if wanted else list(candidates)
    except nx.NetworkXNoPath:
        chosen = []
    if not chosen:
        raise NoPath(f"no path between {start} and {end}" + (f" through {via}" if via else "")
                     + (" following edge directions" if directed else "") + " with these filters")
    return [_path(ds, hops, p) for p in chosen]


def neighbors(ds: Dataset, graph: "nx.Graph", start: str, depth: int = 1,
              flt: FactFilter = FactFilter()) -> list[tuple[int, Hop]]:
    """Entities within `depth` hops (either direction), each with the facts linking it to the ring before."""
    import networkx as nx

    hops = kept_hops(ds, graph, flt)
    distance = nx.single_source_shortest_path_length(hops, start, cutoff=depth)
    out = []
    for node, d in sorted(distance.items(), key=lambda item: (item[1], item[0])):
        if d == 0:
            continue
        facts = [ds.facts[i] for prev in hops[node] if distance.get(prev) == d - 1 for i in hops[node][prev]["facts"]]
        out.append((d, Hop(start, node, sorted(facts, key=lambda f: f.id))))
    return out
