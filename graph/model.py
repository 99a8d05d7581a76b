"""The in-memory model of the curated data: what the loader produces and every output is built from."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from .dates import FactDate

MODALITIES = ("asserted", "claimed", "alleged", "denied", "proposed")
POLARITIES = ("cooperative", "conflictual", "neutral")
OBJECT_KINDS = ("entity", "number", "money", "date", "text")


@dataclass(frozen=True)
class EntityType:
    id: str
    label: str
    rdf_class: str
    description: str
    color: str
    shape: str


@dataclass(frozen=True)
class Relation:
    id: str
    label: str
    inverse_label: str | None
    description: str
    polarity: str
    object_kind: str
    cameo: str | None = None
    goldstein: float | None = None
    functional: bool = False
    transitive: bool = False


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str | None = None


@dataclass(frozen=True)
class Source:
    id: str
    title: str | None
    label: str | None
    publisher: str | None
    author: str | None
    date: str | None
    url: str | None
    language: str | None
    sha256: str
    text: str = field(repr=False, default="")

    @property
    def display_title(self) -> str:
        """The title, or our own description of an untitled source in square brackets."""
        return self.title if self.title else f"[{self.label or self.id}]"


@dataclass(frozen=True)
class LiteralValue:
    """A typed literal object: kind is number, money, date or text."""

    kind: str
    value: Any
    unit: str | None = None  # unit for numbers, currency for money

    def display(self) -> str:
        if self.kind == "money":
            return f"{self.value:,} {self.unit}".strip() if isinstance(self.value, (int, float)) else f"{self.value} {self.unit}"
        if self.kind == "number" and self.unit:
            return f"{self.value:,} {self.unit}" if isinstance(self.value, (int, float)) else f"{self.value} {self.unit}"
        return str(self.value)


@dataclass(frozen=True)
class Fact:
    id: str
    source: str
    subject: str
    relation: str
    object: str | LiteralValue
    quote: str
    start: int
    end: int
    date: FactDate | None = None
    date_qualifier: str | None = None
    claimed_by: str | None = None
    modality: str = "asserted"
    count: int | None = None
    note: str | None = None

    @property
    def object_is_literal(self) -> bool:
        return isinstance(self.object, LiteralValue)


@dataclass(frozen=True)
class Skip:
    """A sentence deliberately left without a fact, and why."""

    source: str
    quote: str
    start: int
    end: int
    reason: str


@dataclass
class Dataset:
    entity_types: dict[str, EntityType]
    relations: dict[str, Relation]
    entities: dict[str, Entity]
    sources: dict[str, Source]
    facts: Sequence[Fact]  # a list when loaded, a FactStore (read on demand) in a build
    skipped: list[Skip]

    def label(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity.label if entity else entity_id

    def object_label(self, fact: Fact) -> str:
        return fact.object.display() if isinstance(fact.object, LiteralValue) else self.label(fact.object)
