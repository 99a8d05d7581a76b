"""The NetworkX forms of the dataset.

Two graphs: the hop graph, compact and cached in every build, which paths, neighbours, `kg show` and
focused views walk; and the full MultiDiGraph (an edge per fact, the fact's record as attributes),
built on demand for a drawn subgraph, the GraphML/GEXF exports and Python users.

The hop graph is a simple undirected graph over entity ids: one edge per connected pair holding the
positions (in Dataset.facts) of all facts between the two, and on each node the positions of its
literal-valued facts (`literals`) and of the facts it is credited with saying (`claims`). Integers
instead of records keep a million facts loadable in seconds; the facts themselves are read on demand.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from .model import Dataset, Fact, LiteralValue

if TYPE_CHECKING:
    import networkx as nx


def fact_record(ds: Dataset, fact: Fact) -> dict:
    """The flat record of one fact: the export contract's fields, also used for edge attributes."""
    relation = ds.relations[fact.relation]
    literal = fact.object if isinstance(fact.object, LiteralValue) else None
    return {
        "fact_id": fact.id,
        "subject": fact.subject,
        "subject_label": ds.label(fact.subject),
        "subject_type": ds.entities[fact.subject].type,
        "relation": fact.relation,
        "relation_label": relation.label,
        "object": literal.value if literal else fact.object,
        "object_label": ds.object_label(fact),
        "object_type": None if literal else ds.entities[fact.object].type,
        "object_is_literal": literal is not None,
        "object_unit": literal.unit if literal else None,
        "source": fact.source,
        "source_title": ds.sources[fact.source].display_title,
        "quote": fact.quote,
        "quote_start": fact.start,
        "quote_end": fact.end,
        "date": fact.date.value if fact.date else None,
        "date_qualifier": fact.date_qualifier,
        "claimed_by": fact.claimed_by,
        "modality": fact.modality,
        "polarity": relation.polarity,
        "count": fact.count,
        "note": fact.note,
    }


def edge_record(ds: Dataset, fact: Fact) -> dict:
    """The fact record plus the date's range, which the view filters on."""
    return {**fact_record(ds, fact), "date_start": fact.date.start.isoformat() if fact.date else None,
            "date_end": fact.date.end.isoformat() if fact.date else None}


def hop_graph(ds: Dataset) -> "nx.Graph":
    """The compact hop graph of the whole dataset (see the module docstring)."""
    import networkx as nx
    edges: dict[tuple[str, str], list[int]] = {}
    literals: dict[str, list[int]] = {}
    claims: dict[str, list[int]] = {}
    for i, fact in enumerate(ds.facts):
        if isinstance(fact.object, LiteralValue):
            literals.setdefault(fact.subject, []).append(i)
        else:
            pair = (fact.subject, fact.object) if fact.subject <= fact.object else (fact.object, fact.subject)
            edges.setdefault(pair, []).append(i)
        if fact.claimed_by:
            claims.setdefault(fact.claimed_by, []).append(i)
    g = nx.Graph()
    g.add_nodes_from((eid, {"literals": tuple(literals.get(eid, ())), "claims": tuple(claims.get(eid, ()))})
                     for eid in ds.entities)
    g.add_edges_from((u, v, {"facts": tuple(positions)}) for (u, v), positions in edges.items())
    return g


def to_networkx(ds: Dataset, facts: Iterable[Fact] | None = None,
                nodes: Iterable[str] | None = None) -> "nx.MultiDiGraph":
    """The MultiDiGraph of `facts` (default: all) over `nodes` (default: every entity). An edge per
    entity-to-entity fact keyed by fact id; literal-valued facts become node attributes (`literals`)."""
    import networkx as nx
    g = nx.MultiDiGraph()
    for eid in (ds.entities if nodes is None else nodes):
        e = ds.entities[eid]
        g.add_node(e.id, label=e.label, type=e.type, aliases=list(e.aliases), description=e.description,
                   wikidata=e.wikidata, literals=[])
    for fact in (ds.facts if facts is None else facts):
        record = edge_record(ds, fact)
        if fact.object_is_literal:
            if fact.subject in g:
                g.nodes[fact.subject]["literals"].append(record)
        elif fact.subject in g and fact.object in g:
            g.add_edge(fact.subject, fact.object, key=fact.id, **record)
    return g
