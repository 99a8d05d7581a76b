"""Exports: the fact table (the JSONL/CSV contract), RDF serialisations, and graph formats."""
from __future__ import annotations

import csv
import io
import json

from typing import TYPE_CHECKING

from .model import Dataset
from .networkgraph import fact_record

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

FACT_FIELDS = ("fact_id", "subject", "subject_label", "relation", "relation_label", "object", "object_label",
               "object_is_literal", "source", "source_title", "quote", "quote_start", "quote_end", "date",
               "claimed_by", "modality", "polarity")
RDF_FORMATS = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}
GRAPH_FORMATS = ("graphml", "gexf")
FORMATS = ("jsonl", "csv", *RDF_FORMATS, *GRAPH_FORMATS)


def fact_records(ds: Dataset) -> list[dict]:
    return [fact_record(ds, f) for f in ds.facts]


def facts_jsonl(ds: Dataset) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in fact_records(ds))


def facts_csv(ds: Dataset) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FACT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for r in fact_records(ds):
        writer.writerow({k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v) for k, v in r.items()})
    return out.getvalue()


def rdf_text(rdf: "rdflib.Dataset", fmt: str) -> str:
    """Quad formats keep the named graphs; Turtle gets the union of all graphs."""
    from .rdf import union_graph
    if fmt == "ttl":
        return union_graph(rdf).serialize(format="turtle")
    return rdf.serialize(format=RDF_FORMATS[fmt])


def _flat(value: object) -> object:
    """GraphML and GEXF take scalars only: lists and mappings become JSON text, None is left out."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def graph_text(graph: "nx.MultiDiGraph", fmt: str) -> str:
    import networkx as nx
    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    lines = nx.generate_graphml(flat) if fmt == "graphml" else nx.generate_gexf(flat)
    return "\n".join(lines) + "\n"
