"""The NetworkX form: a MultiDiGraph with a node per entity and an edge per entity-to-entity fact."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Dataset, Fact, LiteralValue

if TYPE_CHECKING:
    import networkx as nx


def fact_record(ds: Dataset, fact: Fact) -> dict:
    """The flat record of one fact: the export contract's fields, also used for edge attributes."""
    relation = ds.relations[fact.relation]
    return {
        "fact_id": fact.id,
        "subject": fact.subject,
        "subject_label": ds.label(fact.subject),
        "relation": fact.relation,
        "relation_label": relation.label,
        "object": fact.object.value if isinstance(fact.object, LiteralValue) else fact.object,
        "object_label": ds.object_label(fact),
        "object_is_literal": fact.object_is_literal,
        "source": fact.source,
        "source_title": ds.sources[fact.source].display_title,
        "quote": fact.quote,
        "quote_start": fact.start,
        "quote_end": fact.end,
        "date": fact.date.value if fact.date else None,
        "claimed_by": fact.claimed_by,
        "modality": fact.modality,
        "polarity": relation.polarity,
    }


def to_networkx(ds: Dataset) -> "nx.MultiDiGraph":
    """Literal-valued facts become node attributes (`literals`), not nodes."""
    import networkx as nx
    g = nx.MultiDiGraph()
    for e in ds.entities.values():
        g.add_node(e.id, label=e.label, type=e.type, aliases=list(e.aliases), description=e.description,
                   wikidata=e.wikidata, literals=[])
    for fact in ds.facts:
        record = fact_record(ds, fact)
        record.update(date_start=fact.date.start.isoformat() if fact.date else None,
                      date_end=fact.date.end.isoformat() if fact.date else None,
                      date_qualifier=fact.date_qualifier, count=fact.count, note=fact.note)
        if fact.object_is_literal:
            record["unit"] = fact.object.unit
            g.nodes[fact.subject]["literals"].append(record)
        else:
            g.add_edge(fact.subject, fact.object, key=fact.id, **record)
    return g
