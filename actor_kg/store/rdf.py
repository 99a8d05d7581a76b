"""The RDF form of the dataset, as a stream of pyoxigraph quads that goes straight into the store.

Graphs: the vocabulary and the catalog (entities, sources) each have their own graph; each source's
facts live in the graph named by the source IRI. A fact is its direct triple (none when it is negated)
plus a statement node with its quote, qualifiers, date basis, links and claim:

    ent:azerbaijan kg:closes ent:russian-house-baku .
    stmt:daryo-003 rdf:subject ent:azerbaijan ; rdf:predicate kg:closes ;
        rdf:object ent:russian-house-baku ; prov:wasDerivedFrom src:daryo-sudden-rift ;
        kg:modality kg:asserted ; kg:quote "…verbatim…" ;
        kg:date "2025-02"^^xsd:gYearMonth ;
        kg:dateStart "2025-02-01"^^xsd:date ; kg:dateEnd "2025-02-28"^^xsd:date ;
        kg:evidence <…/statement/daryo-003/evidence/2> ; kg:claim <…/claim/…> ; kg:sourceCount 3 .

Only what a query needs and is not a default is written, since loading the store is most of a
build's time: a further quote is an evidence node, a claim node and count only where several sources
state the claim, a date basis only when the date is derived or bounded, a date's bounds only when it
is not a day (a day is its own start and end; the queries read it so). What the facts file serves and
no query joins on stays out: the quotes' character offsets. A statement node is known by its
rdf:subject (whose RDFS domain is rdf:Statement), not by a type quad of its own.

The statement's properties of the plain fields of a fact (modality, attribution, count, note, the
date's qualifier, basis, rule and anchor, and any field added to schema.yaml) are those schema.yaml
gives them (`rdf`, `rdf_term`, `rdf_unless` in records.fact); the triple, the quotes, the date, the
qualifiers, the links, the claim and the ids a statement replaces are written by the code here.

docs/data-model.md (The RDF model) lists every property. The polarity and the date's precision are not
repeated on every statement: the polarity is on the relation, the precision is the date's datatype.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache, cache
from collections.abc import Callable, Iterator
from typing import Any

import pyoxigraph as ox

from ..derived import lineages
from ..text.dates import parse_date
from ..model import Amount, Dataset, Fact, LiteralValue
from ..schema import SCHEMA
from ..store.namespaces import (
    CATALOG_GRAPH,
    CLAIM,
    DCTERMS,
    EDTF,
    ENT,
    KG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SKOS,
    SRC,
    STMT,
    VOCABULARY_GRAPH,
    WD,
    XSD,
)

MODALITY_CONCEPTS = SCHEMA.values["modality"]
POLARITY_CONCEPTS = SCHEMA.values["polarity"]
_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}
# The RDF term a fact field's value becomes, by the field's type, unless schema.yaml says (rdf_term).
_TERM_OF_TYPE = {
    "entity": "entity",
    "value": "concept",
    "count": "integer",
    "number": "number",
    "bool": "boolean",
    "date": "date",
    "string": "text",
    "text": "text",
    "slug": "literal",
    "qid": "literal",
}
_TERMS = frozenset({*_TERM_OF_TYPE.values(), "anchor"})


@dataclass(frozen=True)
class MappedField:
    """A fact field written as a property of its statement node, as schema.yaml maps it."""

    name: str
    property: str  # the property's IRI
    term: str  # what its value becomes: one of _TERMS
    unless: str | None  # a value left unsaid


def mapped_fields() -> tuple[MappedField, ...]:
    """The fact fields schema.yaml gives a property (`rdf`), in its order; ValueError for a mapping
    that cannot be written (an unknown prefix or term)."""
    out = []
    for spec in SCHEMA.records["fact"].values():
        if spec.rdf is None:
            continue
        prefix, _, local = spec.rdf.partition(":")
        term = spec.rdf_term or _TERM_OF_TYPE.get(spec.type)
        if prefix not in PREFIXES or not local or term not in _TERMS:
            raise ValueError(
                f"schema.yaml: fact field {spec.name}: rdf {spec.rdf!r} must be prefix:name with a prefix of "
                f"{', '.join(PREFIXES)}, and its term ({term}) one of {', '.join(sorted(_TERMS))}"
            )
        out.append(MappedField(spec.name, f"{PREFIXES[prefix]}{local}", term, spec.rdf_unless))
    return tuple(out)


MAPPED_FIELDS = mapped_fields()


@cache
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
        return _number(value.value)
    return _literal(value.value)


def _vocabulary(ds: Dataset) -> Iterator[tuple]:
    yield KG.Source, RDFS.subClassOf, iri(PROV.Entity)
    yield KG.sideOf, RDF.type, iri(OWL.TransitiveProperty)
    yield KG.sideOf, SKOS.prefLabel, _en("is on the side of")
    yield (
        KG.sideOf,
        RDFS.comment,
        _en(
            "X is on Y's side when X is Y, or belongs to Y through relations marked belongs_to "
            "(leads, speaks for, agency of, part of, works for, member of, citizen of), "
            "followed transitively, former and negated roles left out. Precomputed by the build."
        ),
    )
    for t in ds.entity_types.values():
        cls = KG[t.rdf_class]
        yield cls, RDF.type, iri(OWL.Class)
        yield cls, RDFS.subClassOf, iri(KG.Entity)
        yield cls, RDFS.label, _en(t.label)
        yield cls, RDFS.comment, _en(t.description)
        yield cls, KG.typeId, _literal(t.id)
    for concept in (
        *MODALITY_CONCEPTS,
        *POLARITY_CONCEPTS,
        *SCHEMA.values["date_basis"],
        *SCHEMA.values["amount_bound"],
    ):
        yield KG[concept], RDF.type, iri(SKOS.Concept)
        yield KG[concept], SKOS.prefLabel, _en(concept.replace("_", " "))
    for link in SCHEMA.values["link"]:
        yield KG[link], RDF.type, iri(OWL.ObjectProperty)
        yield KG[link], SKOS.prefLabel, _en(link.replace("_", " "))
    for name, spec in SCHEMA.qualifiers.items():
        yield (
            KG[f"qualifier_{name}"],
            RDF.type,
            iri(OWL.ObjectProperty if spec.type == "entity" else OWL.DatatypeProperty),
        )
        yield KG[f"qualifier_{name}"], SKOS.prefLabel, _en(spec.label or name)
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
        for type_id in r.subjects:
            yield prop, KG.subjectType, KG[ds.entity_types[type_id].rdf_class]
        for type_id in r.objects:
            yield prop, KG.objectType, KG[ds.entity_types[type_id].rdf_class]


def _catalog(ds: Dataset) -> Iterator[tuple]:
    lineage = lineages(ds)
    for e in ds.entities.values():
        node = ENT[e.id]
        yield node, RDF.type, iri(KG[ds.entity_types[e.type].rdf_class])
        for side in lineage.get(e.id, (e.id,)):  # precomputed, so a query joins on it instead of walking a path
            yield node, KG.sideOf, ENT[side]
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
        for prop, value in (
            (DCTERMS.title, s.title),
            (DCTERMS.publisher, s.publisher),
            (DCTERMS.creator, s.author),
            (DCTERMS.language, s.language),
        ):
            if value:
                yield node, prop, _literal(value)
        if s.date:
            yield node, DCTERMS.date, date_literal(s.date, parse_date(s.date).precision)
            yield node, KG.dateBasis, KG[s.date_basis or "stated"]
        if s.date_rule:
            yield node, KG.dateRule, _en(s.date_rule)
        if s.url:
            yield node, DCTERMS.source, iri(s.url)
        yield node, KG.sha256, _literal(s.sha256)


class _FactTerms:
    """The terms facts are made of, each created once: a million facts repeat a few thousand IRIs."""

    def __init__(self) -> None:
        self.entity = _Cache(lambda eid: ox.NamedNode(ENT[eid]))
        self.relation = _Cache(lambda rid: ox.NamedNode(KG[rid]))
        self.source = _Cache(lambda sid: ox.NamedNode(SRC[sid]))
        self.type = iri(RDF.type)
        self.subject, self.predicate, self.object = iri(RDF.subject), iri(RDF.predicate), iri(RDF.object)
        self.derived, self.quote = iri(PROV.wasDerivedFrom), iri(KG.quote)
        self.date, self.start, self.end = iri(KG.date), iri(KG.dateStart), iri(KG.dateEnd)
        self.unit = iri(KG.unit)
        self.true, self.false = (ox.Literal(b, datatype=iri(XSD.boolean)) for b in ("true", "false"))
        self.negated = iri(KG.negated)
        self.evidence, self.evidence_class = iri(KG.evidence), iri(KG.Evidence)
        self.claim, self.source_count, self.replaced_by = iri(KG.claim), iri(KG.sourceCount), iri(DCTERMS.isReplacedBy)
        self.link_class, self.link_type, self.link_to = iri(KG.Link), iri(KG.linkType), iri(KG.linkTo)
        self.link = _Cache(lambda name: ox.NamedNode(KG[name]))
        self.concept = _Cache(lambda name: ox.NamedNode(KG[name]))
        self.qualifier_property = _Cache(lambda name: ox.NamedNode(KG[f"qualifier_{name}"]))
        self.claim_node = _Cache(lambda claim: ox.NamedNode(CLAIM[claim]))
        makers: dict[str, Callable[[Any, Fact], ox.NamedNode | ox.Literal]] = {
            "entity": lambda v, f: self.entity[v],
            "concept": lambda v, f: self.concept[v],
            "integer": lambda v, f: _integer(v),
            "number": lambda v, f: _number(v),
            "boolean": lambda v, f: self.true if v else self.false,
            "date": lambda v, f: date_literal(v, parse_date(v).precision),
            "text": lambda v, f: _en(str(v)),
            "literal": lambda v, f: _literal(v),
            "anchor": lambda v, f: self.source[f.source] if v == "publication" else ox.NamedNode(STMT[v]),
        }
        # (field, property, term maker, value left unsaid) of each field schema.yaml maps
        self.fields = tuple((m.name, iri(m.property), makers[m.term], m.unless) for m in MAPPED_FIELDS)


class _Cache(dict):
    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        self[key] = value = self.make(key)
        return value


def _statement(fact: Fact, t: _FactTerms) -> Iterator[ox.Quad]:
    """The direct triple (unless the fact is negated) and the statement node of one fact, in its source's graph."""
    Q, g = ox.Quad, t.source[fact.source]
    subject, predicate = t.entity[fact.subject], t.relation[fact.relation]
    literal = fact.object if isinstance(fact.object, LiteralValue) else None
    obj = literal_term(literal) if literal else t.entity[fact.object]
    st = ox.NamedNode(STMT[fact.id])
    if fact.negated:
        yield Q(st, t.negated, t.true, g)
    else:
        yield Q(subject, predicate, obj, g)
    yield Q(st, t.subject, subject, g)
    yield Q(st, t.predicate, predicate, g)
    yield Q(st, t.object, obj, g)
    yield Q(st, t.derived, t.source[fact.source], g)
    yield Q(st, t.quote, ox.Literal(fact.quote), g)  # the first quote; the others as evidence nodes
    if fact.date:
        yield Q(st, t.date, date_literal(fact.date.value, fact.date.precision), g)
        if fact.date.precision != "day":  # a day (xsd:date) is its own start and end
            if fact.date.start != date.min:  # a bound only (../B, A/..) has no start, or no end: unknown stays unknown
                yield Q(st, t.start, _xsd_date(fact.date.start), g)
            if fact.date.end != date.max:
                yield Q(st, t.end, _xsd_date(fact.date.end), g)
    for name, prop, make, unless in t.fields:
        value = fact.get(name)
        if value is not None and value != "" and value != unless:
            yield Q(st, prop, make(value, fact), g)
    if literal and literal.unit:
        yield Q(st, t.unit, _literal(literal.unit), g)
    for n, evidence in enumerate(fact.evidence[1:], 2):
        node = ox.NamedNode(f"{STMT[fact.id]}/evidence/{n}")
        yield Q(st, t.evidence, node, g)
        yield Q(node, t.type, t.evidence_class, g)
        yield Q(node, t.quote, ox.Literal(evidence.quote), g)
    for name, value in fact.qualifiers:
        prop = t.qualifier_property[name]
        if isinstance(value, Amount):
            yield Q(st, prop, _number(value.value), g)
            yield Q(st, t.qualifier_property[f"{name}_bound"], t.concept[value.bound], g)
            if value.unit:
                yield Q(st, t.qualifier_property[f"{name}_unit"], _literal(value.unit), g)
        elif isinstance(value, bool):
            yield Q(st, prop, t.true if value else t.false, g)
        elif SCHEMA.qualifiers[name].type == "date":
            yield Q(st, prop, date_literal(value, parse_date(value).precision), g)
        elif SCHEMA.qualifiers[name].type == "text":
            yield Q(st, prop, _en(value), g)
        else:
            yield Q(st, prop, t.entity[value], g)
    for n, link in enumerate(fact.links, 1):
        yield Q(st, t.link[link.type], ox.NamedNode(STMT[link.fact]), g)
        if link.quote:
            node = ox.NamedNode(f"{STMT[fact.id]}/link/{n}")
            yield Q(node, t.type, t.link_class, g)
            yield Q(node, t.link_type, t.link[link.type], g)
            yield Q(node, t.link_to, ox.NamedNode(STMT[link.fact]), g)
            yield Q(node, t.quote, ox.Literal(link.quote), g)
    if fact.claim and fact.sources > 1:  # a claim one source states is the statement itself
        yield Q(st, t.claim, t.claim_node[fact.claim], g)
        yield Q(st, t.source_count, _integer(fact.sources), g)
    for alias in fact.also:
        yield Q(ox.NamedNode(STMT[alias]), t.replaced_by, st, g)


@lru_cache(maxsize=100_000)
def _integer(n: int) -> ox.Literal:
    return _literal(n, XSD.integer)


def _number(n: object) -> ox.Literal:
    return _integer(n) if isinstance(n, int) else _literal(n, XSD.decimal)


def _quads(triples: Iterator[tuple], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """Quads of the vocabulary and catalog triples, given with rdflib IRIs (strings) or pyoxigraph terms."""

    def term(x: object) -> ox.NamedNode | ox.Literal:
        return x if isinstance(x, (ox.NamedNode, ox.Literal)) else iri(str(x))

    for s, p, o in triples:
        yield ox.Quad(term(s), term(p), term(o), graph)  # type: ignore[arg-type]


def quads(ds: Dataset) -> Iterator[ox.Quad]:
    """Every quad of the dataset, streamed: vocabulary, catalog, then each fact in its source's graph."""
    yield from _quads(_vocabulary(ds), iri(VOCABULARY_GRAPH))
    yield from _quads(_catalog(ds), iri(CATALOG_GRAPH))
    terms = _FactTerms()
    for fact in ds.facts:
        yield from _statement(fact, terms)
