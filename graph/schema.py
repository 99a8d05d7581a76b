"""The schema (schema.yaml beside this file) read once: value lists, record shapes, fact table columns.

Everything that lists a record's fields or a value list reads it from here, so a new field is added
in schema.yaml and in the code that gives it meaning, nowhere else.

>>> SCHEMA.values["modality"]
('asserted', 'claimed', 'alleged', 'denied', 'proposed')
>>> SCHEMA.records["fact"]["count"].type
'count'
>>> SCHEMA.fact_table[:3]
('fact_id', 'subject', 'subject_label')
"""
from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    values: str | None = None  # the value list of a `value` field
    of: str | None = None      # the record kind of a `records` field
    min: float | None = None
    max: float | None = None
    label: str | None = None  # how a qualifier reads after its fact


@dataclass(frozen=True)
class Column:
    """A column of the fact table: how `kg import` treats it, and whether the page shows it."""

    name: str
    importing: str  # required | read | derived
    integer: bool = False
    nested: bool = False
    page: bool = False


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
    _required: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def fact_table(self) -> tuple[str, ...]:
        """The fact table's column names, in order."""
        return tuple(c.name for c in self.columns)

    def columns_where(self, **wanted: Any) -> tuple[str, ...]:
        """Names of the columns whose attributes have the given values, e.g. columns_where(importing="required")."""
        return tuple(c.name for c in self.columns if all(getattr(c, k) == v for k, v in wanted.items()))

    def required(self, kind: str) -> frozenset[str]:
        """The required fields of a kind of record (asked once per record read: kept once computed)."""
        if kind not in self._required:
            self._required[kind] = frozenset(name for name, spec in self.records[kind].items() if spec.required)
        return self._required[kind]


def _load() -> Schema:
    text = importlib.resources.files(__package__).joinpath("schema.yaml").read_text(encoding="utf-8")
    doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when there
    records = {kind: {name: FieldSpec(name, **spec) for name, spec in fields.items()}
               for kind, fields in doc["records"].items()}
    columns = tuple(Column(name, spec["import"], spec.get("integer", False), spec.get("nested", False),
                           spec.get("page", False)) for name, spec in doc["fact_table"].items())
    # an imported fact table record is checked like a record kind of its own: its columns are its fields
    records["imported fact"] = {c.name: FieldSpec(c.name, "any", c.importing == "required") for c in columns}
    qualifiers = {name: FieldSpec(name, **spec) for name, spec in doc["qualifiers"].items()}
    return Schema(doc["version"], {k: tuple(v) for k, v in doc["values"].items()}, dict(doc["literal_units"]),
                  dict(doc["limits"]), dict(doc["audit"]), qualifiers, records, columns, doc["fact_table_version"])


SCHEMA = _load()
