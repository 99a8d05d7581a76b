"""What the brat and Label Studio interchanges share: a fact as a draft record, where its entities are
named near its quote, its other fields as `field: value` lines, and the checks that turn the
annotations of a file into draft records.

A draft record has the fields of a curated fact (data/README.md) in the order of actor_kg/schema.yaml:
`quote` for one passage, `evidence` for several; `modality` always; the other fields only when set. A
draft-only `review: {unsure: [...]}` says what needs a human's eye (an entity found by its name, a
reviewer's free remark). actor_kg/ingest/drafts.py writes such records for review and accepts them.

`field: value` lines carry the fields an annotation tool has no place for (brat `#` notes, Label
Studio region meta): the value is plain text, or JSON when it is a mapping, a list, a number, a flag,
or text that plain form would misread (it starts with `{`, `[` or `"`, spans lines, or has edge spaces).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from ..errors import DataError, InvalidArgument, NotFound, Problem, shown
from ..model import FACT_FIELDS, Dataset, Fact, Source
from ..schema import SCHEMA
from ..text.dates import parse_date
from ..text.names import EntityIndex, close_names, normalize
from ..text.quotes import FoldedText, fold

# The fact fields an annotation links to a mention of their entity; the rest travel as lines.
ROLES = ("subject", "object", "claimed_by")
# How far (in characters) outside its quote a mention of a fact's entity may stand.
NEAR = 250
MAX_QUOTE = SCHEMA.limits["quote_characters"]
_JSON_TYPES = ("bool", "count", "number")


def source_of(ds: Dataset, source_id: str) -> Source:
    """The source of that id, or NotFound naming the sources there are."""
    if source_id not in ds.sources:
        raise NotFound(
            source_id,
            close_names(source_id, list(ds.sources)),
            ambiguous=False,
            kind="source",
            hint=f"the sources are {', '.join(sorted(ds.sources))}",
        )
    return ds.sources[source_id]


def facts_of(ds: Dataset, source_id: str) -> list[Fact]:
    return [f for f in ds.facts if f.source == source_id]


def draft_record(fact: Fact) -> dict[str, Any]:
    """A fact as a draft record: what an export carries and an import gives back."""
    return fact.to_record()


def carried_fields(record: dict[str, Any], structural: Iterable[str]) -> dict[str, Any]:
    """The fields of a draft record that travel as lines: all but the quotes, the entities of its roles
    (linked to mentions, or given as lines by the caller where none is found) and the `structural`
    fields the format encodes itself."""
    skip = {"quote", "evidence", *structural, *(r for r in ROLES if isinstance(record.get(r), str))}
    return {k: v for k, v in record.items() if k not in skip}


def field_line(key: str, value: Any) -> str:
    """One `field: value` line (module docstring)."""
    plain = isinstance(value, str) and value and value == value.strip() and "\n" not in value and value[0] not in '{["'
    return f"{key}: {value if plain else json.dumps(value, ensure_ascii=False)}"


def read_field_line(line: str) -> tuple[str, Any] | None:
    """The (field, value) of a `field: value` line, or None for a line that is not one (a reviewer's
    remark). Raises ValueError with what to write instead when the value is not valid JSON."""
    key, sep, raw = line.partition(":")
    key, raw = key.strip(), raw.strip()
    if not sep or key not in FACT_FIELDS or key in ("quote", "evidence"):
        return None
    if raw[:1] in '{["' or SCHEMA.records["fact"][key].type in _JSON_TYPES:
        try:
            return key, json.loads(raw)
        except ValueError:
            raise ValueError(
                f"the value of {key!r} is not valid JSON: {shown(raw)}; write plain text, or JSON "
                "for a mapping, a list, a number or true/false"
            ) from None
    return key, raw


class Mentions:
    """Where a source's text names an entity (its label or an alias, as whole words, matched as quotes
    are: typographic marks and white space folded; case ignored except in all-capital names)."""

    def __init__(self, ds: Dataset, text: str):
        self.ds, self.folded = ds, FoldedText.of(text)
        self._spans: dict[str, list[tuple[int, int]]] = {}

    def spans(self, entity_id: str) -> list[tuple[int, int]]:
        if entity_id not in self._spans:
            entity = self.ds.entities[entity_id]
            found: set[tuple[int, int]] = set()
            for name in {fold(n) for n in (entity.label, *entity.aliases)} - {""}:
                pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", 0 if name.isupper() else re.IGNORECASE)
                origin = self.folded.origin
                found.update((origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(self.folded.folded))
            self._spans[entity_id] = sorted(found)
        return self._spans[entity_id]

    def near(self, entity_id: str, start: int, end: int) -> tuple[int, int] | None:
        """The mention of the entity nearest the quote at [start, end): inside it if any, else at most
        NEAR characters out in the same paragraph; the longest, then the first, among equals. None when
        there is none."""

        def between(a: int, b: int) -> str:
            return self.folded.original[b:start] if b <= start else self.folded.original[end:a] if a >= end else ""

        close = [
            ((max(start - a, b - end, 0), a - b, a), (a, b))
            for a, b in self.spans(entity_id)
            if max(start - a, b - end, 0) <= NEAR and "\n" not in between(a, b)
        ]
        return min(close)[1] if close else None


@dataclass
class Mention:
    """A span an annotation links a fact's entity to: its entity when the file names it (brat N line,
    Label Studio meta), else looked up by its text."""

    where: str
    line: int | None
    text: str
    entity: str | None = None


@dataclass
class Annotation:
    """One passage stating a fact, as a file annotates it (a brat event or relation, a Label Studio
    quote region or relation): the quotes' spans, the mentions of its roles, the fields its lines give."""

    where: str
    line: int | None
    relation: str
    spans: list[tuple[int, int]]
    mentions: dict[str, Mention] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)


class DraftBuilder:
    """Checks the annotations of one file against the dataset and the source's text and makes them
    draft records; collects every problem and raises them together as a DataError."""

    def __init__(self, ds: Dataset, source_id: str, path: Path, name_fix: str):
        self.ds, self.source_id, self.path = ds, source_id, path
        self.text = source_of(ds, source_id).text
        self.name_fix = name_fix  # how this format names a mention's entity, for messages
        self.problems: list[Problem] = []
        self._names: dict[str, set[str]] | None = None

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def fail_if_problems(self) -> None:
        if self.problems:
            raise DataError(self.problems)

    def span_ok(self, where: str, line: int | None, spans: list[tuple[int, int]], given: str | None) -> bool:
        """Whether the spans lie in the source's text and, when the file gives their text, whether it is
        the text there (compared as the build compares quotes: typographic marks and white space folded)."""
        for start, end in spans:
            if not 0 <= start < end <= len(self.text):
                self.problem(
                    line,
                    f"{where}: offsets {start}-{end} are outside the text of source {self.source_id!r} "
                    f"({len(self.text):,} characters); was the file made for another source's text?",
                )
                return False
        actual = " ".join(self.text[a:b] for a, b in spans)
        if given is not None and fold(given) != fold(actual):
            self.problem(
                line,
                f"{where}: its text {shown(given)} is not the source's text at its offsets "
                f"({shown(actual)}); the file was made for another text (another source, or an edited "
                f"one): export source {self.source_id!r} again and annotate that text",
            )
            return False
        return True

    def entity(self, mention: Mention, role: str, unsure: list[str]) -> str | None:
        """The entity a mention stands for: the one the file names, else the one whose label or alias its
        text is (noted in `unsure`, for a human to confirm)."""
        if mention.entity is not None:
            if mention.entity in self.ds.entities:
                return mention.entity
            self.problem(
                mention.line,
                f"{mention.where}: unknown entity {shown(mention.entity)}"
                f"{_did_you_mean(mention.entity, list(self.ds.entities))}; {self.name_fix}",
            )
            return None
        if self._names is None:
            self._names = EntityIndex.of(self.ds).names
        ids = sorted(self._names.get(normalize(mention.text), ()))
        if len(ids) == 1:
            unsure.append(f"{role} {ids[0]} found by the name {mention.text!r} ({mention.where})")
            return ids[0]
        said = f"{mention.where}: {shown(mention.text)}"
        self.problem(
            mention.line,
            f"{said} names {'several entities: ' + ', '.join(ids) if ids else 'no entity'}"
            f"; {self.name_fix}, or add the name to the entity's aliases",
        )
        return None

    def records(self, annotations: list[Annotation]) -> list[dict[str, Any]]:
        """The draft records of the annotations: those carrying one fact id are one fact (each a passage
        of its evidence); those without an id each get a new one. Raises DataError on any problem."""
        groups: dict[str, list[Annotation]] = {}
        for i, ann in enumerate(annotations):
            fact_id = ann.fields.get("id")
            groups.setdefault(fact_id if isinstance(fact_id, str) and fact_id else f"\0{i}", []).append(ann)
        used = {f.id for f in self.ds.facts} | {a for f in self.ds.facts for a in f.also} | set(groups)
        prefix, number = self.source_id.split("-")[0], 0
        out = []
        for key, group in groups.items():
            record = self._record(group)
            if record is None:
                continue
            if key.startswith("\0"):
                number += 1
                while f"{prefix}-a{number:03d}" in used:
                    number += 1
                record["id"] = f"{prefix}-a{number:03d}"
            out.append(record)
        self.fail_if_problems()
        return [{k: r[k] for k in (*FACT_FIELDS, "review") if k in r} for r in out]

    def _record(self, group: list[Annotation]) -> dict[str, Any] | None:
        """One draft record from the annotations of one fact, or None with its problems reported."""
        first, errors = group[0], len(self.problems)
        record: dict[str, Any] = {}
        unsure: list[str] = []
        spans: list[tuple[int, int]] = []
        for ann in group:
            pairs: list[tuple[str, Any]] = [("relation", ann.relation), *ann.fields.items()]
            for role, mention in ann.mentions.items():
                literal = role == "object" and self._object_kind(ann.relation) == "text"
                pairs.append((role, {"text": mention.text} if literal else self.entity(mention, role, unsure)))
            for key, value in pairs:
                if value is None:
                    continue
                if key in record and record[key] != value:
                    self.problem(
                        ann.line,
                        f"{ann.where}: {key} is {shown(value)} here but {shown(record[key])} before "
                        f"(in {first.where} or this annotation), for one fact "
                        f"{shown(record.get('id', ''))}; make them agree, or give the annotation "
                        "no fact id to make it a fact of its own",
                    )
                else:
                    record[key] = value
            spans += [s for s in ann.spans if s not in spans]
            unsure += [f"remark on {ann.where}: {r}" for r in ann.remarks]
        self._check(first, record, spans)
        if len(self.problems) > errors:
            return None
        quotes = [self.text[a:b] for a, b in spans]
        record.setdefault("modality", "asserted")
        record["quote" if len(quotes) == 1 else "evidence"] = (
            quotes[0] if len(quotes) == 1 else [{"quote": q} for q in quotes]
        )
        if record.get("negated") is False:
            del record["negated"]
        if unsure:
            record["review"] = {"unsure": unsure}
        return record

    def _object_kind(self, relation: str) -> str | None:
        return self.ds.relations[relation].object_kind if relation in self.ds.relations else None

    def _check(self, ann: Annotation, record: dict[str, Any], spans: list[tuple[int, int]]) -> None:
        """Report what the record lacks or holds wrong: relation, entities, object kind, modality, date, quotes."""

        def problem(message: str) -> None:
            self.problem(ann.line, f"{ann.where}: {message}")

        relation = record["relation"]
        kind = self._object_kind(relation)
        if kind is None:
            problem(
                f"unknown relation {shown(relation)}{_did_you_mean(relation, list(self.ds.relations))}; the "
                "type must be a relation id of data/relations.yaml"
            )
        for role in ROLES:
            value = record.get(role)
            if value is None:
                if role != "claimed_by" and not (role == "object" and kind is None):
                    problem(f"no {role}: link a mention of it, or give its entity id in a line '{role}: <entity id>'")
            elif role == "object" and kind not in ("entity", None):
                if not (isinstance(value, dict) and kind in value):
                    problem(
                        f"relation {relation!r} takes a {kind} as object; give it in a line "
                        f"'object: {{\"{kind}\": ...}}'"
                    )
                elif kind == "date":
                    self._date(problem, "object date", value[kind])
            elif not (isinstance(value, str) and value in self.ds.entities):
                problem(f"unknown entity {shown(value)} in {role}{_did_you_mean(str(value), list(self.ds.entities))}")
        if record.get("modality", "asserted") not in SCHEMA.values["modality"]:
            problem(f"modality {shown(record['modality'])} is not one of {', '.join(SCHEMA.values['modality'])}")
        if not isinstance(record.get("negated", False), bool):
            problem("negated must be true or false")
        if "date" in record:
            self._date(problem, "date", record["date"])
        for a, b in spans:
            if b - a > MAX_QUOTE:
                problem(
                    f"the quote is {b - a:,} characters long; a quote is at most {MAX_QUOTE:,}: the words of the "
                    "source that state the fact"
                )

    @staticmethod
    def _date(problem: Callable[[str], None], what: str, value: object) -> None:
        try:
            parse_date(value)
        except InvalidArgument as exc:
            problem(f"bad {what}: {exc}")


def cover(spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The smallest span holding all of them: the quote of a relation between two mentions."""
    return min(a for a, _ in spans), max(b for _, b in spans)


def _did_you_mean(name: str, names: list[str]) -> str:
    close = close_names(name, names, n=3)
    return f" (did you mean {', '.join(close)}?)" if close else ""
