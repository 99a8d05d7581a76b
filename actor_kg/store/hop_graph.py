"""The hop graph: the compact NetworkX graph that paths, neighbours, `kg show` and focused views walk.

A simple undirected graph over entity ids: one edge per connected pair holding the positions (in
Dataset.facts) of all facts between the two (`facts`), and of the facts one of the two is credited with
saying about the other (`said`: an attribution edge, so "Petriashvili says: Putin admitted …" joins
Petriashvili to Putin); on each node the positions of its literal-valued facts (`literals`) and of the
facts it is credited with saying (`claims`). Integers instead of records keep a million facts loadable
in seconds; the facts themselves are read on demand.

In a build it is `hops.json`: {"nodes": {id: [literals, claims]}, "edges": [[u, v, [facts], [said]], ...]}.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Dataset, LiteralValue

if TYPE_CHECKING:
    import networkx as nx

FILE = "hops.json"


def hop_graph(ds: Dataset) -> nx.Graph:
    """The compact hop graph of the whole dataset (see the module docstring)."""
    import networkx as nx

    edges: dict[tuple[str, str], list[int]] = {}
    said: dict[tuple[str, str], list[int]] = {}
    literals: dict[str, list[int]] = {}
    claims: dict[str, list[int]] = {}
    for i, fact in enumerate(ds.facts):
        if isinstance(fact.object, LiteralValue):
            literals.setdefault(fact.subject, []).append(i)
        else:
            edges.setdefault(_pair(fact.subject, fact.object), []).append(i)
        if fact.claimed_by:
            claims.setdefault(fact.claimed_by, []).append(i)
            for end in {fact.subject, fact.object} - {fact.claimed_by}:
                if isinstance(end, str):
                    said.setdefault(_pair(fact.claimed_by, end), []).append(i)
    g = nx.Graph()
    g.add_nodes_from(
        (eid, {"literals": tuple(literals.get(eid, ())), "claims": tuple(claims.get(eid, ()))}) for eid in ds.entities
    )
    g.add_edges_from(
        (u, v, {"facts": tuple(edges.get((u, v), ())), "said": tuple(said.get((u, v), ()))})
        for u, v in edges.keys() | said.keys()
    )
    return g


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def write_hops(folder: Path, g: nx.Graph) -> None:
    doc = {
        "nodes": {n: [d["literals"], d["claims"]] for n, d in g.nodes(data=True)},
        "edges": [[u, v, d["facts"], d["said"]] for u, v, d in g.edges(data=True)],
    }
    with open(folder / FILE, "w", encoding="utf-8") as out:
        json.dump(doc, out, separators=(",", ":"))


def read_hops(folder: Path) -> nx.Graph:
    import networkx as nx

    with open(folder / FILE, encoding="utf-8") as f:
        doc = json.load(f)
    g = nx.Graph()
    g.add_nodes_from((n, {"literals": tuple(lit), "claims": tuple(cl)}) for n, (lit, cl) in doc["nodes"].items())
    g.add_edges_from((u, v, {"facts": tuple(facts), "said": tuple(said)}) for u, v, facts, said in doc["edges"])
    return g
