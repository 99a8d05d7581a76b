"""The in-memory model of the curated data: what the loader produces and every output is built from.

Each record serialises itself to plain JSON-able data (`to_json`) and back (`from_json`): that is how a
build stores the catalog and the facts (see actor_kg.store)."""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any
from collections.abc import Callable, Sequence

from .schema import SCHEMA
from .text.dates import FactDate, parse_date

MODALITIES = SCHEMA.values["modality"]
POLARITIES = SCHEMA.values["polarity"]
OBJECT_KINDS = SCHEMA.values["object_kind"]


class Record:
    """A frozen dataclass that serialises itself as a JSON object of its fields (tuples as lists)."""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Any:
        return cls(
            **{
                f.name: tuple(doc[f.name]) if isinstance(doc.get(f.name), list) else doc[f.name]
                for f in fields(cls)  # type: ignore[arg-type]
                if f.name in doc
            }
        )


@dataclass(frozen=True)
class EntityType(Record):
    id: str
    label: str
    rdf_class: str
    description: str
    color: str
    shape: str
    groups: tuple[str, ...] = ()
    fold: bool = False  # drawn folded into the actor it hangs on until expanded (the page's first view)


@dataclass(frozen=True)
class Relation(Record):
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
    once: bool = False  # happens once per subject and object (a closure, a downing): differing dates disagree
    symmetric: bool = False  # holds both ways: A in conflict with B is B in conflict with A
    belongs_to: bool = False  # the subject belongs to the object: acts for it, is acted upon as part of it
    subjects: tuple[str, ...] = ()  # entity types it takes as subject (groups expanded); empty: any
    objects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity(Record):
    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    wikidata: str | None = None


@dataclass(frozen=True)
class Source(Record):
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
    date_basis: str | None = None  # stated (the text prints it), derived or bounded (with date_rule)
    date_rule: str | None = None
    boilerplate: tuple[str, ...] = ()  # lines of the text that are headings, captions, publisher boilerplate

    @property
    def display_title(self) -> str:
        """The title, or our own description of an untitled source in square brackets."""
        return self.title if self.title else f"[{self.label or self.id}]"


@dataclass(frozen=True)
class LiteralValue(Record):
    """A typed literal object: kind is number, money, date or text."""

    kind: str
    value: Any
    unit: str | None = None  # unit for numbers, currency for money

    def to_record(self) -> dict[str, Any]:
        """The literal as the facts files write it: {number: 38, unit: person}."""
        unit_key = SCHEMA.literal_units.get(self.kind)
        return {self.kind: self.value, **({unit_key: self.unit} if unit_key and self.unit is not None else {})}

    def display(self) -> str:
        if self.kind == "money":
            return (
                f"{self.value:,} {self.unit}".strip()
                if isinstance(self.value, (int, float))
                else f"{self.value} {self.unit}"
            )
        if self.kind == "number" and self.unit:
            return (
                f"{self.value:,} {self.unit}" if isinstance(self.value, (int, float)) else f"{self.value} {self.unit}"
            )
        return str(self.value)


@dataclass(frozen=True)
class Evidence(Record):
    """A verbatim quote of the fact's source that states it, with its character offsets in the text."""

    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Amount(Record):
    """An amount qualifying a fact: a number with its unit or currency and how the text bounds it."""

    value: int | float
    unit: str | None = None
    bound: str = "exact"  # exact | at_least | at_most | about

    def display(self) -> str:
        words = {"exact": "", "at_least": "at least ", "at_most": "at most ", "about": "about "}[self.bound]
        number = f"{self.value:,}" if isinstance(self.value, (int, float)) else str(self.value)
        return f"{words}{number}{' ' + self.unit if self.unit else ''}"


@dataclass(frozen=True)
class Link(Record):
    """This fact responds to, is caused by, follows or is justified by another, as its quote says."""

    type: str
    fact: str
    quote: str | None = None
    start: int | None = None
    end: int | None = None


# What a qualifier holds: an entity id, a date (its text), a flag, or an Amount.
QualifierValue = str | bool | Amount


@dataclass(frozen=True)
class Fact:
    """One claim by one source: subject, relation, object, with all the source's quotes that state it.

    `negated` says the source states that the relation does not hold. `qualifiers` give the claim's
    context (schema.yaml lists them). `date_basis` says how the date is known, and for a derived or
    bounded date `date_rule` and `date_anchor` say how (the anchor is "publication" or a fact id).
    `extra` holds the values of the fact fields of schema.yaml no code reads by name (CARRIED_FIELDS),
    which every reader and writer carries as the schema says. `claim` and `sources` are derived when
    the dataset is loaded (actor_kg.derived): the claim this fact states, shared by the facts of other
    sources that state the same, and how many sources state it."""

    id: str
    source: str
    subject: str
    relation: str
    object: str | LiteralValue
    evidence: tuple[Evidence, ...]
    date: FactDate | None = None
    date_qualifier: str | None = None
    claimed_by: str | None = None
    modality: str = "asserted"
    count: int | None = None
    note: str | None = None
    negated: bool = False
    qualifiers: tuple[tuple[str, QualifierValue], ...] = ()
    date_basis: str | None = None
    date_rule: str | None = None
    date_anchor: str | None = None
    links: tuple[Link, ...] = ()
    also: tuple[str, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()
    claim: str | None = None
    sources: int = 1

    @property
    def object_is_literal(self) -> bool:
        return isinstance(self.object, LiteralValue)

    @property
    def quote(self) -> str:
        """The first quote of its evidence."""
        return self.evidence[0].quote

    @property
    def start(self) -> int:
        return self.evidence[0].start

    @property
    def end(self) -> int:
        return self.evidence[0].end

    def qualifier(self, name: str) -> QualifierValue | None:
        return dict(self.qualifiers).get(name)

    def get(self, name: str) -> Any:
        """The value of the fact field `name` (schema.yaml, records.fact); None when it has none."""
        if name in _ATTRIBUTES:
            return getattr(self, name)
        return dict(self.extra).get(name)

    @classmethod
    def of(cls, values: dict[str, Any]) -> Fact:
        """The fact of these field values (the loader's, after actor_kg.derived), unset ones at their
        default. Its fields are set as unpickling sets them, without the frozen dataclass's __init__
        (whose guarded assignments took half the time of reading a build's facts)."""
        fact = object.__new__(cls)
        fact.__dict__.update(_DEFAULTS, **values)
        return fact

    def to_json(self) -> dict[str, Any]:
        """The fact as a JSON object (a build's facts.jsonl): fields at their default left out, a date as
        its text, evidence as [quote, start, end] lists, the carried fields beside the others."""
        doc: dict[str, Any] = {}
        for name, default in _JSON_FIELDS:
            value = self.__dict__[name]
            if value != default or name in _REQUIRED:
                doc[name] = _ENCODE[name](value) if name in _ENCODE else value
        doc.update(self.extra)
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Fact:
        """The fact of to_json's object."""
        values: dict[str, Any] = {}
        extra = []
        for name, value in doc.items():
            if name in _DECODE:
                values[name] = _DECODE[name](value)
            elif name in _ATTRIBUTES:
                values[name] = value
            else:
                extra.append((name, value))
        if extra:
            values["extra"] = tuple(extra)
        return cls.of(values)

    def to_record(self) -> dict[str, Any]:
        """The fact as a facts file writes it (data/README.md), its fields in the schema's order, those
        unset left out: `quote` for one passage, `evidence` (quotes without offsets) for several; links
        without offsets. What a draft carries and an annotation import gives back."""
        record = {}
        for name in FACT_FIELDS:
            value = _RECORD[name](self) if name in _RECORD else self.get(name)
            if value is not None:
                record[name] = value
        return record


def _link_record(link: Link) -> dict[str, Any]:
    return {k: v for k, v in link.to_json().items() if v is not None and k not in ("start", "end")}


# The fields of a fact, in schema.yaml's order; those of them the code does not read by name (and so
# Fact holds in `extra`): every one is carried through the loader, the build, the fact table, drafts,
# `kg show` and the page as its type and schema.yaml's attributes say.
FACT_FIELDS = tuple(SCHEMA.records["fact"])
_ATTRIBUTES = frozenset(f.name for f in fields(Fact)) - {"extra"}
CARRIED_FIELDS = tuple(n for n in FACT_FIELDS if n not in _ATTRIBUTES and n != "quote")
_SCALARS = frozenset({"slug", "string", "text", "bool", "number", "count", "qid", "value", "entity", "date"})
_unfit = [
    n for n in CARRIED_FIELDS if SCHEMA.records["fact"][n].type not in _SCALARS or not SCHEMA.records["fact"][n].rdf
]
if _unfit:
    raise ValueError(
        f"schema.yaml: fact fields {', '.join(_unfit)}: a field no code reads by name holds one value "
        f"(a type among {', '.join(sorted(_SCALARS))}) and says its RDF property (rdf)"
    )
_DEFAULTS = {f.name: f.default for f in fields(Fact) if f.default is not MISSING}
_REQUIRED = frozenset(f.name for f in fields(Fact) if f.default is MISSING)
_JSON_FIELDS = tuple((f.name, _DEFAULTS.get(f.name)) for f in fields(Fact) if f.name != "extra")
_ENCODE: dict[str, Callable[[Any], Any]] = {
    "object": lambda o: o.to_json() if isinstance(o, LiteralValue) else o,
    "evidence": lambda ev: [[e.quote, e.start, e.end] for e in ev],
    "date": lambda d: d.value,
    "qualifiers": lambda qs: {k: v.to_json() if isinstance(v, Amount) else v for k, v in qs},
    "links": lambda links: [link.to_json() for link in links],
    "also": list,
}
_DECODE: dict[str, Callable[[Any], Any]] = {
    "object": lambda o: LiteralValue.from_json(o) if isinstance(o, dict) else o,
    "evidence": lambda ev: tuple(Evidence(q, a, b) for q, a, b in ev),
    "date": parse_date,
    "qualifiers": lambda qs: tuple((k, Amount.from_json(v) if isinstance(v, dict) else v) for k, v in qs.items()),
    "links": lambda links: tuple(Link.from_json(link) for link in links),
    "also": tuple,
}
# how to_record writes the fields whose record form is not their value
_RECORD: dict[str, Callable[[Fact], Any]] = {
    "object": lambda f: f.object.to_record() if isinstance(f.object, LiteralValue) else f.object,
    "quote": lambda f: f.quote if len(f.evidence) == 1 else None,
    "evidence": lambda f: [{"quote": e.quote} for e in f.evidence] if len(f.evidence) > 1 else None,
    "negated": lambda f: True if f.negated else None,
    "qualifiers": lambda f: _ENCODE["qualifiers"](f.qualifiers) or None,
    "date": lambda f: f.date.value if f.date else None,
    "links": lambda f: [_link_record(link) for link in f.links] or None,
    "also": lambda f: list(f.also) or None,
}


@dataclass(frozen=True)
class Skip(Record):
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
    facts: Sequence[Fact]  # a list when loaded, a FactsFile (read on demand) in a build
    skipped: list[Skip]

    def catalog_json(self) -> dict[str, Any]:
        """Everything but the facts, as JSON-able data (a build's catalog.json)."""
        return {
            "entity_types": [t.to_json() for t in self.entity_types.values()],
            "relations": [r.to_json() for r in self.relations.values()],
            "entities": [e.to_json() for e in self.entities.values()],
            "sources": [s.to_json() for s in self.sources.values()],
            "skipped": [s.to_json() for s in self.skipped],
        }

    @classmethod
    def from_catalog_json(cls, doc: dict[str, Any], facts: Sequence[Fact]) -> Dataset:
        def by_id(kind: type[Record], key: str) -> dict[str, Any]:
            return {r.id: r for r in map(kind.from_json, doc[key])}

        return cls(
            by_id(EntityType, "entity_types"),
            by_id(Relation, "relations"),
            by_id(Entity, "entities"),
            by_id(Source, "sources"),
            facts,
            [Skip.from_json(s) for s in doc["skipped"]],
        )

    def label(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity.label if entity else entity_id

    def object_label(self, fact: Fact) -> str:
        return fact.object.display() if isinstance(fact.object, LiteralValue) else self.label(fact.object)
