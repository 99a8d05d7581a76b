"""The full NetworkX form of the dataset: a MultiDiGraph with an edge per fact, the fact's record as its
attributes. Built on demand, for a drawn subgraph, the GraphML/GEXF exports and Python users."""

from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Iterable

from ..fact_table import fact_record
from ..model import Dataset, Fact

if TYPE_CHECKING:
    import networkx as nx


def edge_record(ds: Dataset, fact: Fact) -> dict:
    """The fact record plus the date's range, which the view filters on."""
    return {
        **fact_record(ds, fact),
        "date_start": fact.date.start.isoformat() if fact.date else None,
        "date_end": fact.date.end.isoformat() if fact.date else None,
    }


def to_networkx(
    ds: Dataset, facts: Iterable[Fact] | None = None, nodes: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """The MultiDiGraph of `facts` (default: all) over `nodes` (default: every entity). An edge per
    entity-to-entity fact keyed by fact id; literal-valued facts become node attributes (`literals`)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for eid in ds.entities if nodes is None else nodes:
        e = ds.entities[eid]
        g.add_node(
            e.id,
            label=e.label,
            type=e.type,
            aliases=list(e.aliases),
            description=e.description,
            wikidata=e.wikidata,
            literals=[],
        )
    for fact in ds.facts if facts is None else facts:
        record = edge_record(ds, fact)
        if fact.object_is_literal:
            if fact.subject in g:
                g.nodes[fact.subject]["literals"].append(record)
        elif fact.subject in g and fact.object in g:
            g.add_edge(fact.subject, fact.object, key=fact.id, **record)
    return g
