"""The RDF form: direct triples per source graph, statement nodes, SHACL, and exports other parsers read."""

from __future__ import annotations

import io

import pyoxigraph
import pytest
import rdflib

from actor_kg.store.namespaces import ENT, KG, PROV, RDF, SRC, STMT
from actor_kg.store.shacl import check_shapes


def test_direct_triple_lives_in_its_source_graph(mini):
    rdf = mini.open().rdf
    rows = list(
        rdf.query(
            "SELECT ?g WHERE { GRAPH ?g { ent:azerbaijan kg:closes ent:russian-house } }", initNs={"ent": ENT, "kg": KG}
        )
    )
    assert [str(r.g) for r in rows] == [str(SRC["mini"])]


def test_statement_node_carries_source_evidence_and_qualifiers(mini):
    rdf = mini.open().rdf
    st = STMT["mini-2"]
    assert rdf.value(st, RDF.subject) == ENT["putin"]
    assert rdf.value(st, PROV.wasDerivedFrom) == SRC["mini"]
    assert rdf.value(st, PROV.wasAttributedTo) == ENT["putin"]
    assert rdf.value(st, KG.modality) == KG.claimed
    assert int(rdf.value(st, KG["count"])) == 2
    fact = mini.dataset.facts[1]
    assert str(rdf.value(st, KG.quote)) == fact.quote == mini.dataset.sources["mini"].text[fact.start : fact.end]
    assert rdf.value(st, KG.polarity) is None  # the polarity is the relation's, not repeated per statement


def test_literal_fact_is_a_typed_literal(mini):
    rdf = mini.open().rdf
    value = rdf.value(ENT["crash"], KG.death_toll)
    assert value.datatype == rdflib.XSD.integer and int(value) == 38
    assert str(rdf.value(STMT["mini-3"], KG.unit)) == "person"


def test_real_graph_conforms_to_shapes(real):
    assert check_shapes(real.open().rdf, real.data_dir / "shapes.ttl") == []


def test_broken_graph_does_not_conform(mini):
    rdf = mini.open().rdf
    g = rdf.graph(SRC["mini"])
    g.remove((STMT["mini-1"], PROV.wasDerivedFrom, None))
    g.add((STMT["mini-2"], KG.modality, KG.rumoured))
    g.add((STMT["mini-3"], RDF.subject, ENT["nobody"]))
    violations = check_shapes(rdf, mini.data_dir / "shapes.ttl")
    focus = {(v.focus.rsplit("/", 1)[-1], v.path.rsplit("/", 1)[-1].rsplit("#", 1)[-1]) for v in violations}
    assert ("mini-1", "wasDerivedFrom") in focus
    assert ("mini-2", "modality") in focus
    assert ("mini-3", "subject") in focus


OXI_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "jsonld": None,
}


@pytest.mark.parametrize("fmt", list(OXI_FORMATS))
def test_exports_reparse_to_the_same_count(real, fmt):
    rdf = real.open().rdf
    out = io.BytesIO()
    real.export(fmt, out)
    text = out.getvalue().decode()
    quads = {(s, p, o, g) for s, p, o, g in rdf.quads((None, None, None, None))}
    expected = len({q[:3] for q in quads}) if fmt == "ttl" else len(quads)
    if OXI_FORMATS[fmt] is None:  # pyoxigraph has no JSON-LD parser: read it back with rdflib
        back = rdflib.Dataset()
        back.parse(data=text, format="json-ld")
        assert len(list(back.quads((None, None, None, None)))) == expected
    else:
        parsed = list(pyoxigraph.parse(io.BytesIO(text.encode()), format=OXI_FORMATS[fmt]))
        assert len(set(parsed)) == expected
