"""Paths between actors over the cached NetworkX graph, each hop carrying all of its evidence.

Several facts between the same two entities are one hop (the hop graph is simple), so paths do not
multiply combinatorially; every fact of a hop is listed with its source and quote."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from typing import TYPE_CHECKING

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

    def keeps(self, fact: dict) -> bool:
        if self.relations and fact["relation"] not in self.relations:
            return False
        if fact["relation"] in self.exclude_relations:
            return False
        if self.sources and fact["source"] not in self.sources:
            return False
        if self.polarity and fact["polarity"] != self.polarity:
            return False
        if self.since or self.until:
            if not fact["date_start"]:
                return False  # an undated fact cannot be shown to fall in the window
            if self.since and date.fromisoformat(fact["date_end"]) < self.since:
                return False
            if self.until and date.fromisoformat(fact["date_start"]) > self.until:
                return False
        return True


@dataclass
class Hop:
    start: str
    end: str
    facts: list[dict]  # edge records, each in its true direction (subject → object)


@dataclass
class Path:
    nodes: list[str]
    hops: list[Hop] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.hops)


class NoPath(LookupError):
    pass


def hop_graph(graph: "nx.MultiDiGraph", flt: FactFilter = FactFilter(), directed: bool = False) -> "nx.Graph":
    """A simple graph with one edge per connected pair, holding every kept fact in `facts`."""
    import networkx as nx
    hops = nx.DiGraph() if directed else nx.Graph()
    hops.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        if u == v or not flt.keeps(data):
            continue
        if hops.has_edge(u, v):
            hops[u][v]["facts"].append(data)
        else:
            hops.add_edge(u, v, facts=[data])
    return hops


def _path(hops: "nx.Graph", nodes: list[str]) -> Path:
    return Path(nodes, [Hop(a, b, sorted(hops[a][b]["facts"], key=lambda f: f["fact_id"]))
                        for a, b in zip(nodes, nodes[1:])])


def find_paths(graph: "nx.MultiDiGraph", start: str, end: str, *, directed: bool = False,
               flt: FactFilter = FactFilter(), k: int = 1, all_paths: bool = False, max_hops: int = 4,
               via: str | None = None, limit: int | None = None) -> list[Path]:
    """The shortest path (k=1), the k shortest simple paths, or all simple paths up to max_hops,
    shortest first; `via` keeps only paths through that entity. Raises NoPath when there is none."""
    import networkx as nx

    if start == end:
        raise ValueError("the two entities are the same; give two different actors")
    hops = hop_graph(graph, flt, directed)
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
    return [_path(hops, p) for p in chosen]


def neighbors(graph: "nx.MultiDiGraph", start: str, depth: int = 1,
              flt: FactFilter = FactFilter()) -> list[tuple[int, Hop]]:
    """Entities within `depth` hops (either direction), each with the facts linking it to the ring before."""
    import networkx as nx

    hops = hop_graph(graph, flt)
    distance = nx.single_source_shortest_path_length(hops, start, cutoff=depth)
    out = []
    for node, d in sorted(distance.items(), key=lambda item: (item[1], item[0])):
        if d == 0:
            continue
        facts = [f for prev in hops[node] if distance.get(prev) == d - 1 for f in hops[node][prev]["facts"]]
        out.append((d, Hop(start, node, sorted(facts, key=lambda f: f["fact_id"]))))
    return out
