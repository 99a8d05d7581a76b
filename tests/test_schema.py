"""The schema (actor_kg/schema.yaml) is the one place record shapes and value lists live: the SHACL
shapes, the fact table, the loader and the page agree with it."""

from __future__ import annotations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import SH

from actor_kg import SCHEMA, Project
from actor_kg.fact_table import FACT_FIELDS, fact_record
from actor_kg.store.namespaces import KG

from conftest import DATA, MINI_FACTS, write_dataset
from helpers import kg


def _sh_in(shapes: rdflib.Graph, path: rdflib.URIRef) -> list[str]:
    """The values a property shape of data/shapes.ttl allows for `path` (sh:in), as plain names."""
    lists = [values for prop in shapes.subjects(SH.path, path) for values in shapes.objects(prop, SH["in"])]
    longest = max((list(Collection(shapes, values)) for values in lists), key=len)
    return [str(v).removeprefix(str(KG)) for v in longest]


def test_shapes_ttl_allows_exactly_the_schemas_value_lists():
    shapes = rdflib.Graph().parse(DATA / "shapes.ttl")
    assert _sh_in(shapes, KG.modality) == list(SCHEMA.values["modality"])
    assert _sh_in(shapes, KG.polarity) == list(SCHEMA.values["polarity"])
    assert _sh_in(shapes, KG.objectKind) == list(SCHEMA.values["object_kind"])
    assert _sh_in(shapes, KG.dateBasis) == list(SCHEMA.values["date_basis"])
    assert _sh_in(shapes, KG.qualifier_amount_bound) == list(SCHEMA.values["amount_bound"])


def test_the_fact_table_has_the_schemas_columns_in_order(mini):
    record = fact_record(mini.dataset, mini.dataset.facts[0])
    assert tuple(record) == FACT_FIELDS == SCHEMA.fact_table
    assert set(SCHEMA.columns_where(importing="required")) <= set(SCHEMA.fact_table)


def test_the_loader_takes_the_fields_the_schema_declares_and_no_other(tmp_path):
    """A fact field the schema does not declare is reported; one it declares is read."""
    fields = set(SCHEMA.records["fact"])
    assert {"id", "subject", "relation", "object", "quote", "date", "claimed_by", "modality", "count", "note"} <= fields
    data = write_dataset(tmp_path, facts=MINI_FACTS.replace("    count: 2\n", "    count: 2\n    weight: 3\n"))
    out = kg(Project(data, tmp_path / "build"), "validate").output
    assert "unknown field 'weight' in fact" in out and "did you mean" not in out.split("weight")[1].split("\n")[0]


def test_value_lists_reach_the_loader_with_suggestions(tmp_path):
    data = write_dataset(tmp_path, facts=MINI_FACTS.replace("modality: claimed", "modality: claimd"))
    out = kg(Project(data, tmp_path / "build"), "validate").output
    assert f"modality 'claimd' must be one of {', '.join(SCHEMA.values['modality'])} (did you mean 'claimed'?)" in out
