"""The RDF form of the dataset: direct triples per source graph, plus a statement node per fact."""
from __future__ import annotations

from rdflib import Dataset as RDFDataset
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .dates import FactDate, parse_date
from .model import Dataset, Fact, LiteralValue
from .namespaces import (CATALOG_GRAPH, DCTERMS, EDTF, ENT, KG, OA, OWL, PREFIXES, PROV, RDF, RDFS, SKOS,
                         SRC, STMT, VOCABULARY_GRAPH, WD, XSD)
from .quotes import selectors

_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(value: str, precision: str) -> Literal:
    """xsd:date / gYearMonth / gYear where one fits; EDTF for seasons and intervals."""
    return Literal(value, datatype=_DATE_TYPES.get(precision, EDTF["EDTF"]))


def literal_term(value: LiteralValue) -> Literal:
    if value.kind == "date":
        return date_literal(value.value, parse_date(value.value).precision)
    if value.kind in ("number", "money"):
        return Literal(value.value, datatype=XSD.integer if isinstance(value.value, int) else XSD.decimal)
    return Literal(value.value)


def object_term(fact: Fact) -> Node:
    return literal_term(fact.object) if isinstance(fact.object, LiteralValue) else ENT[fact.object]


def _vocabulary(ds: Dataset, g) -> None:
    g.add((KG.Statement, RDFS.subClassOf, RDF.Statement))
    g.add((KG.Source, RDFS.subClassOf, PROV.Entity))
    for t in ds.entity_types.values():
        cls = KG[t.rdf_class]
        g.add((cls, RDF.type, OWL.Class))
        g.add((cls, RDFS.subClassOf, KG.Entity))
        g.add((cls, RDFS.label, Literal(t.label, lang="en")))
        g.add((cls, RDFS.comment, Literal(t.description, lang="en")))
        g.add((cls, KG.typeId, Literal(t.id)))
    for concept in ("cooperative", "conflictual", "neutral", "asserted", "claimed", "alleged", "denied", "proposed"):
        g.add((KG[concept], RDF.type, SKOS.Concept))
        g.add((KG[concept], SKOS.prefLabel, Literal(concept, lang="en")))
    for r in ds.relations.values():
        prop = KG[r.id]
        g.add((prop, RDF.type, OWL.ObjectProperty if r.object_kind == "entity" else OWL.DatatypeProperty))
        g.add((prop, SKOS.prefLabel, Literal(r.label, lang="en")))
        g.add((prop, RDFS.comment, Literal(r.description, lang="en")))
        g.add((prop, KG.polarity, KG[r.polarity]))
        g.add((prop, KG.objectKind, Literal(r.object_kind)))
        if r.inverse_label:
            g.add((prop, KG.inverseLabel, Literal(r.inverse_label, lang="en")))
        if r.cameo:
            g.add((prop, KG.cameoCode, Literal(r.cameo)))
        if r.functional:
            g.add((prop, RDF.type, OWL.FunctionalProperty))
        if r.transitive:
            g.add((prop, RDF.type, OWL.TransitiveProperty))
        if r.goldstein is not None:
            g.add((prop, KG.goldstein, Literal(r.goldstein, datatype=XSD.decimal)))


def _catalog(ds: Dataset, g) -> None:
    for e in ds.entities.values():
        node = ENT[e.id]
        g.add((node, RDF.type, KG[ds.entity_types[e.type].rdf_class]))
        g.add((node, SKOS.prefLabel, Literal(e.label, lang="en")))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        if e.description:
            g.add((node, SKOS.definition, Literal(e.description, lang="en")))
        if e.wikidata:
            g.add((node, OWL.sameAs, WD[e.wikidata]))
    for s in ds.sources.values():
        node = SRC[s.id]
        g.add((node, RDF.type, KG.Source))
        g.add((node, RDFS.label, Literal(s.display_title, lang="en")))
        for prop, value in ((DCTERMS.title, s.title), (DCTERMS.publisher, s.publisher),
                            (DCTERMS.creator, s.author), (DCTERMS.language, s.language)):
            if value:
                g.add((node, prop, Literal(value)))
        if s.date:
                g.add((node, DCTERMS.date, date_literal(s.date, parse_date(s.date).precision)))
        if s.url:
            g.add((node, DCTERMS.source, URIRef(s.url)))
        g.add((node, KG.sha256, Literal(s.sha256)))


def _add_date(g, node: URIRef, date: FactDate, qualifier: str | None) -> None:
    g.add((node, KG.date, date_literal(date.value, date.precision)))
    g.add((node, KG.datePrecision, Literal(date.precision)))
    g.add((node, KG.dateStart, Literal(date.start.isoformat(), datatype=XSD.date)))
    g.add((node, KG.dateEnd, Literal(date.end.isoformat(), datatype=XSD.date)))
    if qualifier:
        g.add((node, KG.dateQualifier, Literal(qualifier)))


def _statement(ds: Dataset, fact: Fact, g) -> None:
    source = ds.sources[fact.source]
    subject, predicate, obj = ENT[fact.subject], KG[fact.relation], object_term(fact)
    g.add((subject, predicate, obj))  # the direct triple
    st = STMT[fact.id]
    g.add((st, RDF.type, KG.Statement))
    g.add((st, RDF.subject, subject))
    g.add((st, RDF.predicate, predicate))
    g.add((st, RDF.object, obj))
    g.add((st, PROV.wasDerivedFrom, SRC[fact.source]))
    g.add((st, KG.modality, KG[fact.modality]))
    g.add((st, KG.polarity, KG[ds.relations[fact.relation].polarity]))
    if fact.claimed_by:
        g.add((st, PROV.wasAttributedTo, ENT[fact.claimed_by]))
    if fact.date:
        _add_date(g, st, fact.date, fact.date_qualifier)
    if fact.count is not None:
        g.add((st, KG["count"], Literal(fact.count, datatype=XSD.integer)))
    if isinstance(fact.object, LiteralValue) and fact.object.unit:
        g.add((st, KG.unit, Literal(fact.object.unit)))
    if fact.note:
        g.add((st, RDFS.comment, Literal(fact.note, lang="en")))
    evidence, quote_sel, pos_sel = URIRef(f"{st}/evidence"), URIRef(f"{st}/quote"), URIRef(f"{st}/position")
    prefix, exact, suffix = selectors(source.text, fact.start, fact.end)
    g.add((st, KG.evidence, evidence))
    g.add((evidence, RDF.type, OA.SpecificResource))
    g.add((evidence, OA.hasSource, SRC[fact.source]))
    g.add((evidence, OA.hasSelector, quote_sel))
    g.add((evidence, OA.hasSelector, pos_sel))
    g.add((quote_sel, RDF.type, OA.TextQuoteSelector))
    g.add((quote_sel, OA.exact, Literal(exact)))
    g.add((quote_sel, OA.prefix, Literal(prefix)))
    g.add((quote_sel, OA.suffix, Literal(suffix)))
    g.add((pos_sel, RDF.type, OA.TextPositionSelector))
    g.add((pos_sel, OA.start, Literal(fact.start, datatype=XSD.nonNegativeInteger)))
    g.add((pos_sel, OA.end, Literal(fact.end, datatype=XSD.nonNegativeInteger)))


def union_graph(rdf: RDFDataset) -> Graph:
    """All graphs merged into one, for Turtle and for SHACL (pySHACL checks named graphs one by one)."""
    merged = Graph()
    for prefix, ns in PREFIXES.items():
        merged.bind(prefix, ns)
    for s, p, o, _ in rdf.quads((None, None, None, None)):
        merged.add((s, p, o))
    return merged


def to_rdf(ds: Dataset) -> RDFDataset:
    """Vocabulary and catalog in their own graphs; each source's facts in the graph named by the source IRI."""
    rdf = RDFDataset()
    for prefix, ns in PREFIXES.items():
        rdf.bind(prefix, ns)
    _vocabulary(ds, rdf.graph(VOCABULARY_GRAPH))
    _catalog(ds, rdf.graph(CATALOG_GRAPH))
    graphs = {sid: rdf.graph(SRC[sid]) for sid in ds.sources}
    for fact in ds.facts:
        _statement(ds, fact, graphs[fact.source])
    return rdf
