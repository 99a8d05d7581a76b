"""A source's facts as brat standoff annotations, and brat annotations back as draft facts, so a team can
review a source in brat (https://brat.nlplab.org/standoff.html) and bring its work back.

The .txt is the source's text unchanged; offsets are characters of it. A fact is one **event** per quote
of its evidence:

    T1  shoots_down 6 117  an Azerbaijani Embraer E190 aircraft was allegedly shot down by ...  (trigger: the quote)
    T2  government_body 70 96  Russian air defense forces                                  (a mention)
    N1  Reference T2 kg:russian-air-defence  Russian air defence forces                    (its entity)
    E1  shoots_down:T1 Subject:T2            (and Object:T<n>, Claimant:T<n> where they are named)
    A1  Modality E1 alleged                  (only when not asserted)
    A2  Negated E1                           (only when negated)
    #1  AnnotatorNotes E1  id: daryo-001     (one `field: value` line per note: see common.py)
    #2  AnnotatorNotes E1  date: 2024-12-25

The trigger's type and the event's type are the relation id. `Subject`, `Object` and `Claimant`
(claimed_by) point at mentions: spans of the entity's label or one of its aliases, inside the quote or
within 250 characters of it in the same paragraph (the nearest; common.Mentions), typed by the entity type and normalised
to `kg:<entity id>`. Each mention is written once and shared. An entity the text does not name there
travels as a note instead (`subject: crash-of-flight-j2-8243`), as does a literal object
(`object: {"text": "President"}`). A fact with several quotes is several events with the same `id`
note; its other notes are on the first. A span that crosses a line break is written as fragments
(`0 10;11 20`), as brat does; fragments with only white space between are one quote again on import.

Import also reads the simple encoding, a relation between two mentions: `R1  closes Arg1:T1 Arg2:T2`
(the subject first): its quote is the text from the first mention's start to the last one's end. A
mention's entity is its N line (`kg:<id>`, or `Wikidata:<QID>` of an entity that has it), else the
entity whose label or alias its text is (flagged for review). Notes on events and relations that are
not `field: value` lines go to the review block as remarks. `annotation.conf` declares the entity
types, each relation id as an event type (with its roles) and a relation type, and the attributes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..model import Dataset
from ..atomic import write_folder
from ..schema import SCHEMA
from .common import (
    Annotation,
    DraftBuilder,
    Mention,
    Mentions,
    carried_fields,
    cover,
    draft_record,
    facts_of,
    field_line,
    read_field_line,
    source_of,
)

ROLE_ARGS = {"subject": "Subject", "object": "Object", "claimed_by": "Claimant"}
_ARG_ROLES = {arg: role for role, arg in ROLE_ARGS.items()}
_STRUCTURAL = ("relation", "modality", "negated")
_BREAK = re.compile(r"\s*[\r\n]\s*")
_NAME_FIX = "normalise the mention to its entity with a line 'N<n><TAB>Reference T<n> kg:<entity id>'"
LITERAL_TYPE = "literal"  # the mention type of a text literal's span (an Object of a relation taking text)


def export_brat(ds: Dataset, source_id: str) -> tuple[str, str]:
    """The .txt and the .ann of one source's facts (module docstring)."""
    text = source_of(ds, source_id).text
    ann = _AnnWriter(ds, text)
    for fact in facts_of(ds, source_id):
        record = draft_record(fact)
        for i, evidence in enumerate(fact.evidence):
            trigger = ann.text_bound(fact.relation, evidence.start, evidence.end)
            args, unmentioned = [], {}
            for role, arg in ROLE_ARGS.items():
                entity = record.get(role)
                if not isinstance(entity, str):
                    continue
                span = ann.mentions.near(entity, evidence.start, evidence.end)
                if span is None:
                    unmentioned[role] = entity
                else:
                    args.append(f" {arg}:{ann.mention(entity, span)}")
            event = ann.add("E", f"{fact.relation}:{trigger}{''.join(args)}")
            if fact.modality != "asserted":
                ann.add("A", f"Modality {event} {fact.modality}")
            if fact.negated:
                ann.add("A", f"Negated {event}")
            lines = {"id": fact.id, **unmentioned, **(carried_fields(record, _STRUCTURAL) if i == 0 else {})}
            for key, value in lines.items():
                ann.add("#", f"AnnotatorNotes {event}", field_line(key, value))
    return text, "".join(line + "\n" for line in ann.lines)


def brat_config(ds: Dataset) -> str:
    """annotation.conf for the vocabulary: entity types, relations as events and as relations, attributes."""

    def types(ids: tuple[str, ...]) -> str:
        return "|".join(ids) or "<ENTITY>"

    relations, events = [], []
    for r in ds.relations.values():
        obj = {"entity": types(r.objects), "text": LITERAL_TYPE}.get(r.object_kind)
        events.append(
            f"{r.id}\tSubject?:{types(r.subjects)}" + (f", Object?:{obj}" if obj else "") + ", Claimant?:<ENTITY>"
        )
        if obj:
            relations.append(f"{r.id}\tArg1:{types(r.subjects)}, Arg2:{obj}")
    return "\n".join(
        [
            "# The actor-kg vocabulary for brat: a fact is an event typed by its relation id (see actor_kg.interchange.brat).",
            "[entities]",
            *ds.entity_types,
            LITERAL_TYPE,
            "",
            "[relations]",
            "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
            *relations,
            "",
            "[events]",
            *events,
            "",
            "[attributes]",
            f"Modality\tArg:<EVENT>, Value:{'|'.join(SCHEMA.values['modality'])}",
            "Negated\tArg:<EVENT>",
            "",
        ]
    )


def brat_visual_config(ds: Dataset) -> str:
    """visual.conf: the relations' labels, and the entity types in the colours of the HTML view."""
    return "\n".join(
        [
            "[labels]",
            *(f"{r.id} | {r.label}" for r in ds.relations.values()),
            "",
            "[drawing]",
            *(f"{t.id}\tbgColor:{t.color}" for t in ds.entity_types.values()),
            "",
        ]
    )


def write_brat(ds: Dataset, source_ids: list[str], folder: Path, replace: bool = False) -> list[Path]:
    """Write a brat collection: <source>.txt and <source>.ann for each source, annotation.conf and
    visual.conf, as one folder (actor_kg.atomic.write_folder: whole or not at all; a non-empty folder is
    replaced only with `replace`). Returns the files written."""
    files = {"annotation.conf": brat_config(ds), "visual.conf": brat_visual_config(ds)}
    for source_id in source_ids:
        files[f"{source_id}.txt"], files[f"{source_id}.ann"] = export_brat(ds, source_id)
    return write_folder(Path(folder), files, replace)


def import_brat(ds: Dataset, source_id: str, ann_text: str, path: Path | str | None = None) -> list[dict[str, Any]]:
    """The draft records of a brat .ann file made on the source's text (module docstring). `path` names
    the file in messages. Raises DataError listing every problem, each with the file and line."""
    builder = DraftBuilder(ds, source_id, Path(path or f"{source_id}.ann"), _NAME_FIX)
    parsed = _parse(builder, ann_text)
    builder.fail_if_problems()
    return builder.records(_annotations(builder, parsed))


class _AnnWriter:
    """The lines of one .ann, numbering each kind of annotation and writing each mention once."""

    def __init__(self, ds: Dataset, text: str):
        self.ds, self.text, self.mentions = ds, text, Mentions(ds, text)
        self.lines: list[str] = []
        self._numbers: Counter[str] = Counter()
        self._mention_ids: dict[tuple[str, int, int], str] = {}

    def add(self, kind: str, body: str, text: str | None = None) -> str:
        self._numbers[kind] += 1
        ident = f"{kind}{self._numbers[kind]}"
        self.lines.append(f"{ident}\t{body}" + (f"\t{text}" if text is not None else ""))
        return ident

    def text_bound(self, type_: str, start: int, end: int) -> str:
        fragments = _fragments(self.text, start, end)
        return self.add(
            "T", f"{type_} {';'.join(f'{a} {b}' for a, b in fragments)}", " ".join(self.text[a:b] for a, b in fragments)
        )

    def mention(self, entity_id: str, span: tuple[int, int]) -> str:
        key = (entity_id, *span)
        if key not in self._mention_ids:
            entity = self.ds.entities[entity_id]
            self._mention_ids[key] = ident = self.text_bound(entity.type, *span)
            self.add("N", f"Reference {ident} kg:{entity_id}", entity.label)
        return self._mention_ids[key]


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at its line breaks, as brat writes a span that crosses lines."""
    out, at = [], start
    for m in _BREAK.finditer(text, start, end):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    return out + [(at, end)] if end > at else out


class _Parsed:
    """The lines of a .ann by kind, each with its line number."""

    def __init__(self) -> None:
        self.spans: dict[str, tuple[int, str, list[tuple[int, int]], str]] = {}  # T: line, type, fragments, text
        self.links: dict[str, tuple[int, str, list[tuple[str, str]]]] = {}  # E and R: line, type, (role, id)...
        self.triggers: dict[str, str] = {}  # E -> its trigger T
        self.entities: dict[str, tuple[int, str]] = {}  # T -> (line of its N, entity id)
        self.attributes: list[tuple[int, str, str, str | None]] = []  # line, name, target, value
        self.notes: list[tuple[int, str, str]] = []  # line, target, text
        self.seen: set[str] = set()


def _parse(builder: DraftBuilder, ann_text: str) -> _Parsed:
    """Read each line of the .ann, reporting each that is not brat standoff."""
    parsed = _Parsed()
    for number, line in enumerate(ann_text.splitlines(), 1):
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        try:
            if ident in parsed.seen:
                raise ValueError(f"{ident} is defined twice; give each annotation its own id")
            parsed.seen.add(ident)
            _parse_line(builder, parsed, number, ident, rest)
        except ValueError as exc:
            builder.problem(number, f"{ident or 'line'}: {exc}")
    return parsed


_FORMS = {
    "T": "T1<TAB>Type START END<TAB>text",
    "E": "E1<TAB>Type:T1 Subject:T2 Object:T3",
    "R": "R1<TAB>Type Arg1:T1 Arg2:T2",
    "A": "A1<TAB>Modality E1 alleged",
    "N": "N1<TAB>Reference T1 kg:<entity id><TAB>text",
    "#": "#1<TAB>AnnotatorNotes E1<TAB>field: value",
}


def _parse_line(builder: DraftBuilder, parsed: _Parsed, number: int, ident: str, rest: str) -> None:
    """Read one line into `parsed`; ValueError says what the line should look like."""
    kind = "A" if ident[:1] == "M" else ident[:1]  # M: the older name of an attribute
    if kind == "*":  # an equivalence between mentions: nothing a fact needs
        return
    if kind not in _FORMS or not rest:
        raise ValueError(
            "not a brat standoff line: each line is an id (T1, E1, R1, A1, N1, #1), a TAB and the annotation"
        )
    body, _, text = rest.partition("\t")
    words = body.split()
    try:
        if kind == "T":
            type_, offsets = body.split(" ", 1)
            fragments = [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]
            parsed.spans[ident] = (number, type_, fragments, text)
        elif kind == "E":
            type_, trigger = words[0].split(":")
            parsed.triggers[ident] = trigger
            parsed.links[ident] = (number, type_, [_arg(w) for w in words[1:]])
        elif kind == "R":
            if len(words) != 3:
                raise ValueError
            parsed.links[ident] = (number, words[0], [_arg(w) for w in words[1:]])
        elif kind == "A":
            if len(words) not in (2, 3):
                raise ValueError
            parsed.attributes.append((number, words[0], words[1], words[2] if len(words) == 3 else None))
        elif kind == "N":
            db, _, entry = words[2].partition(":")
            if len(words) != 3 or not entry:
                raise ValueError
            entity = (
                entry
                if db == "kg"
                else next(
                    (e.id for e in builder.ds.entities.values() if db.lower() == "wikidata" and e.wikidata == entry),
                    None,
                )
            )
            if entity is not None:  # another database's entry that no entity has: nothing to use
                parsed.entities[words[1]] = (number, entity)
        else:
            parsed.notes.append((number, words[1], text))
    except (ValueError, IndexError):
        raise ValueError(f"malformed {kind} line; expected {_FORMS[kind]!r}") from None


def _arg(word: str) -> tuple[str, str]:
    role, sep, target = word.partition(":")
    if not sep or not target:
        raise ValueError
    return role, target


def _annotations(builder: DraftBuilder, parsed: _Parsed) -> list[Annotation]:
    """The events and relations of a parsed .ann as Annotations, their spans checked against the text."""
    good = {t for t, (line, _, fragments, text) in parsed.spans.items() if builder.span_ok(t, line, fragments, text)}
    out: dict[str, Annotation] = {}
    for ident, (line, type_, args) in parsed.links.items():

        def bad(message: str, line: int = line, ident: str = ident) -> None:
            builder.problem(line, f"{ident}: {message}")

        targets = [t for _, t in args] + ([parsed.triggers[ident]] if ident in parsed.triggers else [])
        missing = [t for t in targets if t not in parsed.spans]
        if missing:
            bad(f"it points at {', '.join(missing)}, which no T line defines; each argument is a text span (T)")
            continue
        if any(t not in good for t in targets):
            continue  # the span's problem is reported
        mentions: dict[str, Mention]
        if ident[0] == "E":
            roles = [(_ARG_ROLES.get(role), role, t) for role, t in args]
            unknown = [role for known, role, _ in roles if known is None]
            if unknown:
                bad(f"unknown role {', '.join(unknown)}; a fact's event has the roles {', '.join(ROLE_ARGS.values())}")
                continue
            mentions = {str(known): _mention(parsed, t) for known, _, t in roles}
            fragments = parsed.spans[parsed.triggers[ident]][2]
            spans = _joined(builder.text, fragments)
        else:
            mentions = {"subject": _mention(parsed, args[0][1]), "object": _mention(parsed, args[1][1])}
            spans = [cover([f for _, t in args for f in parsed.spans[t][2]])]
        out[ident] = Annotation(ident, line, type_, spans, mentions)
    for line, name, target, value in parsed.attributes:
        pair = _attribute(builder, line, name, value)
        if pair is not None:
            _set(builder, parsed, out, line, target, *pair)
    for line, target, text in parsed.notes:
        if target in parsed.spans:
            continue  # a remark on a mention: nothing a fact keeps
        if target not in out:
            _set(builder, parsed, out, line, target, "note", text)  # reports a target that does not exist
            continue
        try:
            pair = read_field_line(text)
        except ValueError as exc:
            builder.problem(line, f"note on {target}: {exc}")
            continue
        if pair is None:
            out[target].remarks.append(text)
        else:
            _set(builder, parsed, out, line, target, *pair)
    return [out[i] for i in sorted(out, key=lambda i: out[i].line or 0)]


def _mention(parsed: _Parsed, ident: str) -> Mention:
    line, _, fragments, text = parsed.spans[ident]
    return Mention(ident, line, text, parsed.entities.get(ident, (0, None))[1])


def _joined(text: str, fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A trigger's fragments as quotes: fragments with only white space between are one quote."""
    out = [sorted(fragments)[0]]
    for a, b in sorted(fragments)[1:]:
        if not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _attribute(builder: DraftBuilder, line: int, name: str, value: str | None) -> tuple[str, Any] | None:
    """The fact field an attribute sets: Modality <value>, or Negated."""
    if name == "Modality" and value is not None:
        return "modality", value
    if name == "Negated" and value in (None, "true", "True"):
        return "negated", True
    builder.problem(
        line,
        f"attribute {name} {value or ''}: the attributes are 'Modality <one of "
        f"{'|'.join(SCHEMA.values['modality'])}>' and 'Negated'",
    )
    return None


def _set(
    builder: DraftBuilder, parsed: _Parsed, out: dict[str, Annotation], line: int, target: str, key: str, value: Any
) -> None:
    """Give an annotation's field the value an attribute or note line gives it, once."""
    if target not in out:
        if target not in parsed.links:
            builder.problem(
                line,
                f"{key} is given to {target}, which is no event (E) or relation (R) of this file; "
                "give it to the fact's event or relation",
            )
        return  # else the annotation's own problem is reported
    fields = out[target].fields
    if key in fields and fields[key] != value:
        builder.problem(line, f"{target}: {key} is given twice ({fields[key]!r} and {value!r}); keep one")
    fields[key] = value
