"""Paths between actors over the build's hop graph, each hop carrying all of its evidence.

Several facts between the same two entities are one hop (the hop graph is simple), so paths do not
multiply combinatorially; every fact of a hop is listed with its source and quote. Unfiltered,
undirected searches walk the cached hop graph as it is; a filter or `directed` derives a graph of the
kept facts first, which reads every fact and so costs time in proportion to the dataset.

Every search is bounded: no path is longer than `max_hops`, and a search that would explore more than
`explore_limit` simple paths stops with SearchLimit. A path through `via` is searched as two searches,
start → via and via → end, joined where they share no other entity, instead of filtering every path.

>>> import networkx as nx
>>> g = nx.path_graph(["a", "b", "c", "d"])
>>> nx.set_edge_attributes(g, (), "facts")
>>> [p.nodes for p in search_paths(g, "a", "d", max_hops=3)]
[['a', 'b', 'c', 'd']]
>>> search_paths(g, "a", "d", max_hops=2)
Traceback (most recent call last):
...
actor_kg.errors.NoPath: no path between a and d of at most 2 hops
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from collections.abc import Iterable, Iterator

from ..errors import InvalidArgument, NoPath, SearchLimit, arg
from ..model import Dataset, Fact
from .filters import FactFilter

if TYPE_CHECKING:
    import networkx as nx

EXPLORE_LIMIT = 100_000


@dataclass
class Hop:
    start: str
    end: str
    facts: list[Fact]  # each in its true direction (subject → object), in id order
    said: list[Fact] = field(default_factory=list)  # facts one end is credited with saying about the other


@dataclass
class GraphPath:
    """A path as entity ids; `hops` carry the facts once the path is read (read_path)."""

    nodes: list[str]
    hops: list[Hop] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.nodes) - 1


def kept_hops(
    ds: Dataset, hops: nx.Graph, flt: FactFilter = FactFilter(), directed: bool = False, attribution: bool = True
) -> nx.Graph:
    """The hop graph to search: the cached one when nothing is filtered, else one of the kept facts only
    (a DiGraph following subject → object, and claimant → what it speaks of, when `directed`). Edges
    hold fact positions in `facts`, and in `said` those of the facts one end says about the other
    (attribution edges; left out unless `attribution`)."""
    import networkx as nx

    if not flt and not directed and attribution:
        return hops
    kept = nx.DiGraph() if directed else nx.Graph()
    kept.add_nodes_from(hops.nodes)

    def keep(a: str, b: str, kind: str, i: int) -> None:
        if not kept.has_edge(a, b):
            kept.add_edge(a, b, facts=[], said=[])
        kept[a][b][kind].append(i)

    for u, v, data in hops.edges(data=True):
        for i in data["facts"]:
            fact = ds.facts[i]
            if fact.subject != fact.object and flt.keeps(fact, ds):
                a, b = (fact.subject, str(fact.object)) if directed else (u, v)
                keep(a, b, "facts", i)
        for i in data["said"] if attribution else ():
            fact = ds.facts[i]
            if flt.keeps(fact, ds) and fact.claimed_by:
                a, b = (fact.claimed_by, v if fact.claimed_by == u else u) if directed else (u, v)
                keep(a, b, "said", i)
    return kept


class _Budget:
    """Counts the simple paths a search has explored, and stops it at the limit."""

    def __init__(self, limit: int):
        self.limit, self.spent = limit, 0

    def spend(self, paths: Iterable[list[str]]) -> Iterator[list[str]]:
        for p in paths:
            self.spent += 1
            if self.spent > self.limit:
                raise SearchLimit(
                    f"the search explored {self.limit:,} paths without finishing; lower {arg('max_hops')}, "
                    f"ask for fewer paths ({arg('k')}, {arg('limit')}) or narrow it with filters"
                )
            yield p


def _within(graph: nx.Graph, start: str, end: str, max_hops: int) -> nx.Graph:
    """The part of `graph` that some walk from start to end of at most max_hops hops passes through:
    the only part a bounded search needs to explore."""
    import networkx as nx

    ahead = nx.single_source_shortest_path_length(graph, start, cutoff=max_hops)
    back_graph = nx.reverse_view(graph) if graph.is_directed() else graph
    behind = nx.single_source_shortest_path_length(back_graph, end, cutoff=max_hops)
    return graph.subgraph(n for n, d in ahead.items() if d + behind.get(n, max_hops + 1) <= max_hops)


def _simple_paths(
    graph: nx.Graph, start: str, end: str, max_hops: int, all_paths: bool, budget: _Budget
) -> Iterator[list[str]]:
    """Simple paths of at most max_hops hops, shortest first (all of them, or in k-shortest order)."""
    import networkx as nx

    if start not in graph or end not in graph:
        return
    if all_paths:  # a depth-first search: explore only what can still reach `end` in time
        near = _within(graph, start, end, max_hops)
        if end in near:
            found = list(budget.spend(nx.all_simple_paths(near, start, end, cutoff=max_hops)))
            yield from sorted(found, key=lambda p: (len(p), p))
        return
    try:
        for p in budget.spend(nx.shortest_simple_paths(graph, start, end)):
            if len(p) - 1 > max_hops:
                return
            yield p
    except nx.NetworkXNoPath:
        return


def _through(
    graph: nx.Graph, start: str, via: str, end: str, max_hops: int, all_paths: bool, wanted: int | None, budget: _Budget
) -> list[list[str]]:
    """Paths start → via → end, joined from the two halves where they share no entity but `via`."""
    import networkx as nx

    per_side = None if all_paths or wanted is None else 4 * wanted
    first = list(
        itertools.islice(
            _simple_paths(nx.restricted_view(graph, [end], []), start, via, max_hops - 1, all_paths, budget), per_side
        )
    )
    second = list(
        itertools.islice(
            _simple_paths(nx.restricted_view(graph, [start], []), via, end, max_hops - 1, all_paths, budget), per_side
        )
    )
    joined = [
        a + b[1:]
        for a, b in itertools.product(first, second)
        if len(a) + len(b) - 2 <= max_hops and not set(a[:-1]) & set(b[1:])
    ]
    return sorted(joined, key=lambda p: (len(p), p))


def search_paths(
    graph: nx.Graph,
    start: str,
    end: str,
    *,
    k: int = 1,
    all_paths: bool = False,
    max_hops: int = 8,
    via: str | None = None,
    limit: int | None = None,
    explore_limit: int = EXPLORE_LIMIT,
) -> list[GraphPath]:
    """Paths between two nodes of a hop graph, shortest first, without their facts: the shortest (k=1),
    the k shortest simple paths, or all simple paths (`all_paths`, at most `limit`), none longer than
    `max_hops`; `via` keeps only paths through that node. Raises NoPath when there is none, SearchLimit
    when finding them would explore more than `explore_limit` paths."""
    if start == end:
        raise InvalidArgument("the two entities are the same; give two different actors", "a b")
    if via is not None and via in (start, end):
        raise InvalidArgument(
            f"{arg('via')}={via} is already an end of the path; give an entity between the two", "via"
        )
    if max_hops < 1:
        raise InvalidArgument(f"{arg('max_hops')} must be at least 1", "max_hops")
    budget = _Budget(explore_limit)
    wanted = limit if all_paths else k
    if via is not None:
        chosen = _through(graph, start, via, end, max_hops, all_paths, wanted, budget)[:wanted]
    else:
        chosen = list(itertools.islice(_simple_paths(graph, start, end, max_hops, all_paths, budget), wanted))
    if not chosen:
        raise NoPath(
            f"no path between {start} and {end}"
            + (f" through {via}" if via else "")
            + (" following edge directions" if graph.is_directed() else "")
            + f" of at most {max_hops} hop{'s' if max_hops != 1 else ''}"
        )
    return [GraphPath(p) for p in chosen]


def read_hop(ds: Dataset, hops: nx.Graph, a: str, b: str) -> Hop:
    """The facts between two entities of a hop graph, and those one of them says about the other, read."""
    edge = hops[a][b]
    return Hop(
        a,
        b,
        sorted((ds.facts[i] for i in edge["facts"]), key=lambda f: f.id),
        sorted((ds.facts[i] for i in edge.get("said", ())), key=lambda f: f.id),
    )


def read_path(ds: Dataset, hops: nx.Graph, path: GraphPath) -> GraphPath:
    """The path with the facts of each hop read, in id order."""
    path.hops = [read_hop(ds, hops, a, b) for a, b in zip(path.nodes, path.nodes[1:])]
    return path


def find_paths(
    ds: Dataset,
    hops: nx.Graph,
    start: str,
    end: str,
    *,
    directed: bool = False,
    flt: FactFilter = FactFilter(),
    k: int = 1,
    all_paths: bool = False,
    max_hops: int = 8,
    via: str | None = None,
    limit: int | None = None,
    attribution: bool = True,
) -> list[GraphPath]:
    """search_paths over the facts `flt` keeps (following subject → object when `directed`), and over
    attribution edges unless `attribution` is False, each path read with its facts."""
    graph = kept_hops(ds, hops, flt, directed, attribution)
    try:
        found = search_paths(graph, start, end, k=k, all_paths=all_paths, max_hops=max_hops, via=via, limit=limit)
    except NoPath as exc:
        if flt:
            raise NoPath(f"{exc} with these filters ({flt.describe()})") from None
        raise
    return [read_path(ds, graph, p) for p in found]
