"""The RDF form of the dataset, as a stream of pyoxigraph quads that goes straight into the store.

Graphs: the vocabulary and the catalog (entities, sources) each have their own graph; each source's
facts live in the graph named by the source IRI. A fact is its direct triple (none when it is negated)
plus a statement node with its quote, qualifiers, date basis, links and claim:

    ent:azerbaijan kg:closes ent:russian-house-baku .
    stmt:daryo-003 a kg:Statement ; rdf:subject ent:azerbaijan ; rdf:predicate kg:closes ;
        rdf:object ent:russian-house-baku ; prov:wasDerivedFrom src:daryo-sudden-rift ;
        kg:modality kg:asserted ; kg:quote "…verbatim…" ; kg:quoteStart 120 ; kg:quoteEnd 181 ;
        kg:date "2025-02"^^xsd:gYearMonth ;
        kg:dateStart "2025-02-01"^^xsd:date ; kg:dateEnd "2025-02-28"^^xsd:date ;
        kg:evidence <…/statement/daryo-003/evidence/2> ; kg:claim <…/claim/…> ; kg:sourceCount 3 .

Only what is not a default is written, since loading the store is most of a build's time: a further
quote is an evidence node, a claim node and count only where several sources state the claim, a date
basis only when the date is derived or bounded.

docs/data-model.md (The RDF model) lists every property. The polarity and the date's precision are not
repeated on every statement: the polarity is on the relation, the precision is the date's datatype.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache, cache
from collections.abc import Iterator

import pyoxigraph as ox

from ..analysis.belonging import lineages
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
        return _literal(value.value, XSD.integer if isinstance(value.value, int) else XSD.decimal)
    return _literal(value.value)


def _vocabulary(ds: Dataset) -> Iterator[tuple]:
    yield KG.Statement, RDFS.subClassOf, iri(RDF.Statement)
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
        self.modality = _Cache(lambda m: ox.NamedNode(KG[m]))
        self.type, self.statement = iri(RDF.type), iri(KG.Statement)
        self.subject, self.predicate, self.object = iri(RDF.subject), iri(RDF.predicate), iri(RDF.object)
        self.derived, self.attributed = iri(PROV.wasDerivedFrom), iri(PROV.wasAttributedTo)
        self.has_modality, self.quote = iri(KG.modality), iri(KG.quote)
        self.date, self.start, self.end, self.qualifier = (
            iri(KG.date),
            iri(KG.dateStart),
            iri(KG.dateEnd),
            iri(KG.dateQualifier),
        )
        self.count, self.unit, self.comment = iri(KG["count"]), iri(KG.unit), iri(RDFS.comment)
        self.negated, self.true = iri(KG.negated), ox.Literal("true", datatype=iri(XSD.boolean))
        self.evidence, self.evidence_class = iri(KG.evidence), iri(KG.Evidence)
        self.quote_start, self.quote_end = iri(KG.quoteStart), iri(KG.quoteEnd)
        self.basis, self.rule, self.anchor = iri(KG.dateBasis), iri(KG.dateRule), iri(KG.dateAnchor)
        self.claim, self.source_count, self.replaced_by = iri(KG.claim), iri(KG.sourceCount), iri(DCTERMS.isReplacedBy)
        self.link_class, self.link_type, self.link_to = iri(KG.Link), iri(KG.linkType), iri(KG.linkTo)
        self.link = _Cache(lambda name: ox.NamedNode(KG[name]))
        self.concept = _Cache(lambda name: ox.NamedNode(KG[name]))
        self.qualifier_property = _Cache(lambda name: ox.NamedNode(KG[f"qualifier_{name}"]))
        self.claim_node = _Cache(lambda claim: ox.NamedNode(CLAIM[claim]))


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
    yield Q(st, t.type, t.statement, g)
    yield Q(st, t.subject, subject, g)
    yield Q(st, t.predicate, predicate, g)
    yield Q(st, t.object, obj, g)
    yield Q(st, t.derived, t.source[fact.source], g)
    yield Q(st, t.has_modality, t.modality[fact.modality], g)
    yield Q(st, t.quote, ox.Literal(fact.quote), g)  # the first quote, located; the others as evidence nodes
    yield Q(st, t.quote_start, _integer(fact.evidence[0].start), g)
    yield Q(st, t.quote_end, _integer(fact.evidence[0].end), g)
    if fact.date:
        yield Q(st, t.date, date_literal(fact.date.value, fact.date.precision), g)
        if fact.date.start != date.min:  # a bound only (../B, A/..) has no start, or no end: unknown stays unknown
            yield Q(st, t.start, _xsd_date(fact.date.start), g)
        if fact.date.end != date.max:
            yield Q(st, t.end, _xsd_date(fact.date.end), g)
        if fact.date_qualifier:
            yield Q(st, t.qualifier, _literal(fact.date_qualifier), g)
    if fact.claimed_by:
        yield Q(st, t.attributed, t.entity[fact.claimed_by], g)
    if fact.count is not None:
        yield Q(st, t.count, _literal(fact.count, XSD.integer), g)
    if literal and literal.unit:
        yield Q(st, t.unit, _literal(literal.unit), g)
    if fact.note:
        yield Q(st, t.comment, _en(fact.note), g)
    for n, evidence in enumerate(fact.evidence[1:], 2):
        node = ox.NamedNode(f"{STMT[fact.id]}/evidence/{n}")
        yield Q(st, t.evidence, node, g)
        yield Q(node, t.type, t.evidence_class, g)
        yield Q(node, t.quote, ox.Literal(evidence.quote), g)
        yield Q(node, t.quote_start, _integer(evidence.start), g)
        yield Q(node, t.quote_end, _integer(evidence.end), g)
    for name, value in fact.qualifiers:
        prop = t.qualifier_property[name]
        if isinstance(value, Amount):
            yield Q(st, prop, _literal(value.value, XSD.integer if isinstance(value.value, int) else XSD.decimal), g)
            yield Q(st, t.qualifier_property[f"{name}_bound"], t.concept[value.bound], g)
            if value.unit:
                yield Q(st, t.qualifier_property[f"{name}_unit"], _literal(value.unit), g)
        elif isinstance(value, bool):
            yield Q(st, prop, ox.Literal(str(value).lower(), datatype=iri(XSD.boolean)), g)
        elif SCHEMA.qualifiers[name].type == "date":
            yield Q(st, prop, date_literal(value, parse_date(value).precision), g)
        elif SCHEMA.qualifiers[name].type == "text":
            yield Q(st, prop, _en(value), g)
        else:
            yield Q(st, prop, t.entity[value], g)
    if fact.date_basis not in (None, "stated"):  # stated is the default: the text prints the date
        yield Q(st, t.basis, t.concept[fact.date_basis], g)
    if fact.date_rule:
        yield Q(st, t.rule, _en(fact.date_rule), g)
    if fact.date_anchor:
        yield Q(
            st,
            t.anchor,
            t.source[fact.source] if fact.date_anchor == "publication" else ox.NamedNode(STMT[fact.date_anchor]),
            g,
        )
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
