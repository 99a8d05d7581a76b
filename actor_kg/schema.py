"""The schema (schema.yaml beside this file) read once: value lists, record shapes, fact table columns.

Everything that lists a record's fields or a value list reads it from here. A fact's fields are
defined here once: a new one added to schema.yaml (with data/shapes.ttl's shape of it and
data/README.md's word on it) is carried through the loader, the build, the fact table, drafts,
`kg show` and the page with no code changed (see actor_kg.model.CARRIED_FIELDS).

KG_SCHEMA names another schema file to load in place of the bundled one: a copy of it with a field
added, say, to see what the field does before changing the bundled schema.

>>> SCHEMA.values["modality"]
('asserted', 'claimed', 'alleged', 'denied', 'proposed')
>>> SCHEMA.records["fact"]["count"].type
'count'
>>> SCHEMA.fact_table[:3]
('fact_id', 'subject', 'subject_label')
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


# The field types the readers check (curated/records.py) or give meaning to (amounts, objects): a type
# not among them is a mistake in schema.yaml, refused when it loads rather than passed unchecked.
FIELD_TYPES = frozenset(
    {
        "amount",
        "any",
        "bool",
        "count",
        "date",
        "entity",
        "entity_type",
        "number",
        "object",
        "qid",
        "qualifiers",
        "record",
        "records",
        "relation",
        "slug",
        "source",
        "string",
        "strings",
        "text",
        "value",
    }
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    values: str | None = None  # the value list of a `value` field
    of: str | None = None  # the record kind of a `records` field
    min: float | None = None
    max: float | None = None
    label: str | None = None  # how a qualifier reads after its fact
    # a fact's field (schema.yaml explains each): its RDF property and term, its fact table column,
    # whether the page shows it, how `kg show` reads it
    rdf: str | None = None
    rdf_term: str | None = None
    rdf_unless: str | None = None
    column: str | None = None
    page: bool = False
    show: str | None = None


@dataclass(frozen=True)
class Column:
    """A column of the fact table: the fact field it holds (None for the table's own columns), how
    `kg import` treats it, its type, and whether the page shows it."""

    name: str
    importing: str  # required | read | derived
    type: str = "string"
    page: bool = False
    field: str | None = None

    @property
    def integer(self) -> bool:
        return self.type in ("count", "number")

    @property
    def boolean(self) -> bool:
        return self.type == "bool"

    @property
    def nested(self) -> bool:
        return self.type in NESTED_TYPES


# The field types whose values are lists or mappings: nested in a JSONL record, JSON text in a CSV cell.
NESTED_TYPES = frozenset({"records", "record", "strings", "qualifiers"})


@dataclass(frozen=True)
class Schema:
    version: int
    values: dict[str, tuple[str, ...]]
    literal_units: dict[str, str]
    limits: dict[str, int]
    audit: dict[str, float]
    qualifiers: dict[str, FieldSpec]
    records: dict[str, dict[str, FieldSpec]]
    columns: tuple[Column, ...]
    fact_table_version: int
    digest: str  # of schema.yaml's text: what a build is made with
    _required: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def fact_table(self) -> tuple[str, ...]:
        """The fact table's column names, in order."""
        return tuple(c.name for c in self.columns)

    def columns_where(self, **wanted: Any) -> tuple[str, ...]:
        """Names of the columns whose attributes have the given values, e.g. columns_where(importing="required")."""
        return tuple(c.name for c in self.columns if all(getattr(c, k) == v for k, v in wanted.items()))

    def ordered(self, record: dict[str, Any], kind: str) -> dict[str, Any]:
        """The record's fields in the order of `kind`, then any it does not declare (which its check reports)."""
        fields = self.records[kind]
        return {k: record[k] for k in fields if k in record} | {k: v for k, v in record.items() if k not in fields}

    def required(self, kind: str) -> frozenset[str]:
        """The required fields of a kind of record (asked once per record read: kept once computed)."""
        if kind not in self._required:
            self._required[kind] = frozenset(name for name, spec in self.records[kind].items() if spec.required)
        return self._required[kind]


def _load() -> Schema:
    other = os.environ.get("KG_SCHEMA")
    text = (
        Path(other).read_text(encoding="utf-8")
        if other
        else importlib.resources.files(__package__).joinpath("schema.yaml").read_text(encoding="utf-8")
    )
    doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when there
    records = {
        kind: {name: FieldSpec(name, **spec) for name, spec in fields.items()}
        for kind, fields in doc["records"].items()
    }
    columns = _columns(records["fact"], doc["fact_table"])
    # an imported fact table record is checked like a record kind of its own: its columns are its fields
    records["imported fact"] = {c.name: FieldSpec(c.name, "any", c.importing == "required") for c in columns}
    qualifiers = {name: FieldSpec(name, **spec) for name, spec in doc["qualifiers"].items()}
    unknown = [
        f"{kind}.{f.name}: {f.type}"
        for kind, fields in [*records.items(), ("qualifier", qualifiers)]
        for f in fields.values()
        if f.type not in FIELD_TYPES
    ]
    if unknown:
        raise ValueError(
            f"schema.yaml: unknown field types ({', '.join(unknown)}); known: {', '.join(sorted(FIELD_TYPES))}"
        )
    return Schema(
        doc["version"],
        {k: tuple(v) for k, v in doc["values"].items()},
        dict(doc["literal_units"]),
        dict(doc["limits"]),
        dict(doc["audit"]),
        qualifiers,
        records,
        columns,
        doc["fact_table_version"],
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _columns(fields: dict[str, FieldSpec], own: dict[str, dict[str, dict[str, Any]]]) -> tuple[Column, ...]:
    """The fact table's columns: each field of a fact in its column, followed by the table's own
    columns schema.yaml names under it."""
    unknown = sorted(set(own) - set(fields))
    if unknown:
        raise ValueError(f"schema.yaml: fact_table names {', '.join(unknown)}, which are not fields of a fact")
    out = []
    for name, spec in fields.items():
        out.append(Column(spec.column or name, "required" if spec.required else "read", spec.type, spec.page, name))
        out += [
            Column(column, c["import"], c.get("type", "string"), c.get("page", False))
            for column, c in (own.get(name) or {}).items()
        ]
    return tuple(out)


SCHEMA = _load()
