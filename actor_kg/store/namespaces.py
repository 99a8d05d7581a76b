"""The project's RDF namespaces. Terms live under https://w3id.org/actor-kg/ (see docs/data-model.md, The RDF model)."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/actor-kg/"
KG = Namespace(BASE + "ns#")  # classes and properties
ENT = Namespace(BASE + "entity/")  # entities
STMT = Namespace(BASE + "statement/")  # statement nodes, one per fact
SRC = Namespace(BASE + "source/")  # sources; each is also the name of the graph of its facts
GRAPH = Namespace(BASE + "graph/")  # the vocabulary and catalog graphs
CLAIM = Namespace(BASE + "claim/")  # claims: what facts of several sources state alike
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
EDTF = Namespace("http://id.loc.gov/datatypes/edtf/")

VOCABULARY_GRAPH = GRAPH["vocabulary"]
CATALOG_GRAPH = GRAPH["catalog"]

PREFIXES = {
    "kg": KG,
    "ent": ENT,
    "stmt": STMT,
    "src": SRC,
    "oa": OA,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "wd": WD,
}

__all__ = [
    "BASE",
    "KG",
    "ENT",
    "STMT",
    "SRC",
    "GRAPH",
    "CLAIM",
    "OA",
    "WD",
    "EDTF",
    "VOCABULARY_GRAPH",
    "CATALOG_GRAPH",
    "PREFIXES",
    "DCTERMS",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
]
