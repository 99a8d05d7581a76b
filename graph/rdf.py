"""The RDF form of the dataset, as a stream of pyoxigraph quads that goes straight into the store.

Graphs: the vocabulary and the catalog (entities, sources) each have their own graph; each source's
facts live in the graph named by the source IRI. A fact is its direct triple plus a statement node:

    ent:azerbaijan kg:closes ent:russian-house-baku .
    stmt:daryo-003 a kg:Statement ; rdf:subject ent:azerbaijan ; rdf:predicate kg:closes ;
        rdf:object ent:russian-house-baku ; prov:wasDerivedFrom src:daryo-sudden-rift ;
        kg:modality kg:asserted ; kg:quote "…verbatim…" ; kg:date "2025-02"^^xsd:gYearMonth ;
        kg:dateStart "2025-02-01"^^xsd:date ; kg:dateEnd "2025-02-28"^^xsd:date .

Eight quads for an undated fact, so a million facts load in about a minute. Quote offsets, the
relation's polarity and the date's precision are not repeated on every statement: the offsets are in
the fact exports, the polarity is on the relation, the precision is the date's datatype.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

import pyoxigraph as ox

from .dates import FactDate, parse_date
from .model import Dataset, Fact, LiteralValue
from .namespaces import (CATALOG_GRAPH, DCTERMS, EDTF, ENT, KG, OWL, PROV, RDF, RDFS, SKOS, SRC, STMT,
                         VOCABULARY_GRAPH, WD, XSD)

MODALITY_CONCEPTS = ("asserted", "claimed", "alleged", "denied", "proposed")
POLARITY_CONCEPTS = ("cooperative", "conflictual", "neutral")
_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


@lru_cache(maxsize=None)
def iri(value: str) -> ox.NamedNode:
    """One NamedNode per IRI: vocabulary terms, entities and sources repeat across millions of quads."""
    return ox.NamedNode(value)


def _literal(value: object, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(str(value), language=lang)
    return ox.Literal(str(value), datatype=iri(datatype)) if datatype else ox.Literal(str(value))


def _en(text: str) -> ox.Literal:
    return _literal(text, lang="en")


@lru_cache(maxsize=100_000)
def date_literal(value: str, precision: str) -> ox.Literal:
    """xsd:date / gYearMonth / gYear where one fits; EDTF for seasons and intervals."""
    return _literal(value, _DATE_TYPES.get(precision, EDTF["EDTF"]))


@lru_cache(maxsize=100_000)
def _xsd_date(day) -> ox.Literal:
    return _literal(day.isoformat(), XSD.date)


def literal_term(value: LiteralValue) -> ox.Literal:
    if value.kind == "date":
        return date_literal(value.value, parse_date(value.value).precision)
    if value.kind in ("number", "money"):
        return _literal(value.value, XSD.integer if isinstance(value.value, int) else XSD.decimal)
    return _literal(value.value)


def _vocabulary(ds: Dataset) -> Iterator[tuple]:
    yield KG.Statement, RDFS.subClassOf, iri(RDF.Statement)
    yield KG.Source, RDFS.subClassOf, iri(PROV.Entity)
    for t in ds.entity_types.values():
        cls = KG[t.rdf_class]
        yield cls, RDF.type, iri(OWL.Class)
        yield cls, RDFS.subClassOf, iri(KG.Entity)
        yield cls, RDFS.label, _en(t.label)
        yield cls, RDFS.comment, _en(t.description)
        yield cls, KG.typeId, _literal(t.id)
    for concept in (*MODALITY_CONCEPTS, *POLARITY_CONCEPTS):
        yield KG[concept], RDF.type, iri(SKOS.Concept)
        yield KG[concept], SKOS.prefLabel, _en(concept)
    for r in ds.relations.values():
        prop = KG[r.id]
        yield prop, RDF.type, iri(OWL.ObjectProperty if r.object_kind == "entity" else OWL.DatatypeProperty)
        yield prop, SKOS.prefLabel, _en(r.label)
        yield prop, RDFS.comment, _en(r.description)
        yield prop, KG.polarity, iri(KG[r.polarity])
        yield prop, KG.objectKind, _literal(r.object_kind)
        if r.inverse_label:
            yield prop, KG.inverseLabel, _en(r.inverse_label)
        if r.cameo:
            yield prop, KG.cameoCode, _literal(r.cameo)
        if r.functional:
            yield prop, RDF.type, iri(OWL.FunctionalProperty)
        if r.transitive:
            yield prop, RDF.type, iri(OWL.TransitiveProperty)
        if r.goldstein is not None:
            yield prop, KG.goldstein, _literal(r.goldstein, XSD.decimal)


def _catalog(ds: Dataset) -> Iterator[tuple]:
    for e in ds.entities.values():
        node = ENT[e.id]
        yield node, RDF.type, iri(KG[ds.entity_types[e.type].rdf_class])
        yield node, SKOS.prefLabel, _en(e.label)
        for alias in e.aliases:
            yield node, SKOS.altLabel, _en(alias)
        if e.description:
            yield node, SKOS.definition, _en(e.description)
        if e.wikidata:
            yield node, OWL.sameAs, iri(WD[e.wikidata])
    for s in ds.sources.values():
        node = SRC[s.id]
        yield node, RDF.type, iri(KG.Source)
        yield node, RDFS.label, _en(s.display_title)
        for prop, value in ((DCTERMS.title, s.title), (DCTERMS.publisher, s.publisher),
                            (DCTERMS.creator, s.author), (DCTERMS.language, s.language)):
            if value:
                yield node, prop, _literal(value)
        if s.date:
            yield node, DCTERMS.date, date_literal(s.date, parse_date(s.date).precision)
        if s.url:
            yield node, DCTERMS.source, iri(s.url)
        yield node, KG.sha256, _literal(s.sha256)


def _dated(date: FactDate, qualifier: str | None) -> Iterator[tuple]:
    yield KG.date, date_literal(date.value, date.precision)
    yield KG.dateStart, _xsd_date(date.start)
    yield KG.dateEnd, _xsd_date(date.end)
    if qualifier:
        yield KG.dateQualifier, _literal(qualifier)


def _statement(fact: Fact) -> Iterator[tuple]:
    """(subject, predicate, object) of the direct triple and of the statement node, as terms or IRIs."""
    subject, predicate = iri(ENT[fact.subject]), iri(KG[fact.relation])
    obj = literal_term(fact.object) if isinstance(fact.object, LiteralValue) else iri(ENT[fact.object])
    yield subject, predicate, obj
    st = ox.NamedNode(STMT[fact.id])
    yield st, RDF.type, iri(KG.Statement)
    yield st, RDF.subject, subject
    yield st, RDF.predicate, predicate
    yield st, RDF.object, obj
    yield st, PROV.wasDerivedFrom, iri(SRC[fact.source])
    yield st, KG.modality, iri(KG[fact.modality])
    yield st, KG.quote, ox.Literal(fact.quote)
    if fact.date:
        for p, o in _dated(fact.date, fact.date_qualifier):
            yield st, p, o
    if fact.claimed_by:
        yield st, PROV.wasAttributedTo, iri(ENT[fact.claimed_by])
    if fact.count is not None:
        yield st, KG["count"], _literal(fact.count, XSD.integer)
    if isinstance(fact.object, LiteralValue) and fact.object.unit:
        yield st, KG.unit, _literal(fact.object.unit)
    if fact.note:
        yield st, RDFS.comment, _en(fact.note)


def _term(value: object) -> ox.NamedNode | ox.Literal:
    """Terms pass through; IRIs given as strings (rdflib namespace members) become NamedNodes."""
    return value if isinstance(value, (ox.NamedNode, ox.Literal)) else iri(value)


def _quads(triples: Iterator[tuple], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    for s, p, o in triples:
        yield ox.Quad(_term(s), _term(p), _term(o), graph)


def quads(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad of the dataset, streamed: vocabulary, catalog, then each fact in its source's graph."""
    yield from _quads(_vocabulary(ds), iri(VOCABULARY_GRAPH))
    yield from _quads(_catalog(ds), iri(CATALOG_GRAPH))
    for fact in ds.facts:
        yield from _quads(_statement(fact), iri(SRC[fact.source]))
