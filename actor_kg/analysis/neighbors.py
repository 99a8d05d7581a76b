"""Neighbours of an entity over the hop graph, ring by ring, each with the facts that link it inward."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Dataset
from .filters import FactFilter
from .paths import Hop, kept_hops, read_hop

if TYPE_CHECKING:
    import networkx as nx


def neighbors(
    ds: Dataset, graph: nx.Graph, start: str, depth: int = 1, flt: FactFilter = FactFilter(), attribution: bool = True
) -> list[tuple[int, Hop]]:
    """Entities within `depth` hops (either direction), each with the facts linking it to the ring before
    (and what one of the two says about the other, unless `attribution` is False)."""
    import networkx as nx

    hops = kept_hops(ds, graph, flt, attribution=attribution)
    distance = nx.single_source_shortest_path_length(hops, start, cutoff=depth)
    out = []
    for node, d in sorted(distance.items(), key=lambda item: (item[1], item[0])):
        if d == 0:
            continue
        inward = [read_hop(ds, hops, prev, node) for prev in hops[node] if distance.get(prev) == d - 1]
        out.append(
            (
                d,
                Hop(
                    start,
                    node,
                    sorted((f for h in inward for f in h.facts), key=lambda f: f.id),
                    sorted((f for h in inward for f in h.said), key=lambda f: f.id),
                ),
            )
        )
    return out
