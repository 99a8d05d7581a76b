"""Exports, streamed to a binary file: the fact table (the JSONL/CSV contract), RDF serialisations
straight from the build's Oxigraph store, and graph formats."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, BinaryIO
from collections.abc import Iterator

from ..errors import InvalidArgument

from ..fact_table import FACT_FIELDS, csv_cell, fact_record
from ..model import Dataset

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

RDF_FORMATS = ("ttl", "trig", "nq", "jsonld")
GRAPH_FORMATS = ("graphml", "gexf")
FORMATS = ("jsonl", "csv", *RDF_FORMATS, *GRAPH_FORMATS)


def write_facts_jsonl(ds: Dataset, out: BinaryIO) -> None:
    for fact in ds.facts:
        out.write((json.dumps(fact_record(ds, fact), ensure_ascii=False) + "\n").encode("utf-8"))


def write_facts_csv(ds: Dataset, out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=FACT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for fact in ds.facts:
        writer.writerow({k: csv_cell(k, v) for k, v in fact_record(ds, fact).items()})
    text.detach()


RDF12_FORMATS = ("nq", "trig")


def write_rdf(store: ox.Store, fmt: str, out: BinaryIO, rdf12: bool = False) -> None:
    """Quad formats keep the named graphs; Turtle gets the union of all graphs (each triple once).
    `rdf12` writes each statement node as RDF 1.2 does, `stmt:X rdf:reifies <<( s p o )>>`, instead of
    its rdf:subject, rdf:predicate and rdf:object (N-Quads and TriG)."""
    import pyoxigraph as ox

    from ..store.namespaces import PREFIXES

    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if rdf12:
        if fmt not in RDF12_FORMATS:
            raise InvalidArgument(
                f"RDF 1.2 triple terms are written in {' and '.join(RDF12_FORMATS)}, not {fmt}", "rdf12"
            )
        formats12 = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
        ox.serialize(_reified(store), out, formats12[fmt], prefixes=None if fmt == "nq" else prefixes)
        return
    if fmt == "ttl":
        triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(triples, ox.QueryTriples)
        ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=prefixes)
        return
    formats = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
    store.dump(out, formats[fmt], prefixes=None if fmt == "nq" else prefixes)


def _reified(store: ox.Store) -> Iterator[ox.Quad]:
    """The store's quads with every statement's rdf:subject/predicate/object replaced by rdf:reifies of
    the triple term, streamed; the statement's three terms are looked up as its first of them comes."""
    import pyoxigraph as ox

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    parts = {ox.NamedNode(rdf + name) for name in ("subject", "predicate", "object")}
    subject, predicate, obj, reifies = (ox.NamedNode(rdf + n) for n in ("subject", "predicate", "object", "reifies"))
    done: set[tuple] = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.predicate not in parts:
            yield quad
            continue
        key = (quad.subject, quad.graph_name)
        if key in done:
            continue
        done.add(key)
        terms = [
            next(store.quads_for_pattern(quad.subject, p, None, quad.graph_name)).object
            for p in (subject, predicate, obj)
        ]
        yield ox.Quad(quad.subject, reifies, ox.Triple(*terms), quad.graph_name)  # type: ignore[arg-type]


def _flat(value: object) -> object:
    """GraphML and GEXF take scalars only: lists and mappings become JSON text, None is left out."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_graph(graph: nx.MultiDiGraph, fmt: str, out: BinaryIO) -> None:
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    for u, v, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(v) for k, v in attrs.items() if v is not None})
    lines = nx.generate_graphml(flat) if fmt == "graphml" else nx.generate_gexf(flat)
    for line in lines:
        out.write((line + "\n").encode("utf-8"))
