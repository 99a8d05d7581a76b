"""Imported fact tables (DATA/imports/*.jsonl|csv, the `kg export` contract), checked like curated facts.

A row names its entities by id; an id not known yet creates the entity from `<side>_label` and
`<side>_type`. The derived columns (labels, polarity, ...) are recomputed from the vocabulary, never read.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from ..errors import shown
from ..model import Entity
from ..schema import SCHEMA
from ..fact_table import read_fact_table
from .facts import FactReader
from .file_text import table_problem
from .records import is_slug, suggest
from .yaml_lines import LineDict

# (fact field, its column) of the fields a row gives as they are; the entities, the object and the
# quotes are read by the code below.
_AS_GIVEN = tuple(
    (c.field, c.name)
    for c in SCHEMA.columns
    if c.field is not None and c.field not in ("id", "subject", "relation", "object", "quote", "evidence")
)


def read_imports(reader: FactReader, files: list[Path], progress: Callable[[Path, int], None] | None = None) -> None:
    """The facts of these tables, appended to the reader's facts; `progress(file, bytes)` hears how far each has come."""
    checks = reader.checks
    for path in files:
        unreadable = table_problem(path)
        if unreadable is not None:
            checks.problems.append(unreadable)
            checks.unreadable.setdefault("fact", path)
            continue
        report = (lambda done, path=path: progress(path, done)) if progress else None
        for line, row in read_fact_table(path, report):
            if isinstance(row, str):
                checks.problem(path, line, row)
                continue
            rec = LineDict.at(line, row)
            if checks.record(path, "imported fact", rec):
                _imported_fact(reader, path, rec)


def _imported_fact(reader: FactReader, path: Path, rec: LineDict) -> bool:
    """Read the fact of one row into the reader's values; False, with its problems reported, when it has any."""
    checks, ds = reader.checks, reader.ds
    fact_id, source = rec["fact_id"], rec["source"]
    if not is_slug(fact_id):
        checks.problem(path, rec.line, f"fact_id {shown(fact_id)} must be a lower-case slug (a-z, 0-9, - _ .)")
        return False
    if not isinstance(source, str) or source not in ds.sources:
        checks.unknown(
            path,
            rec.line,
            f"unknown source {shown(source)}{suggest(source, ds.sources)}; add data/sources/<id>.yaml "
            f"and <id>.txt, the text its quotes come from",
            "source",
            source,
            "fact",
            rec.line,
        )
        return False
    ok = _create_entity(reader, path, rec, "subject")
    relation = ds.relations.get(rec["relation"]) if isinstance(rec["relation"], str) else None
    obj = rec["object"]
    if relation is not None and relation.object_kind != "entity":
        obj = {relation.object_kind: obj}
        if rec.get("object_unit") is not None:
            obj[SCHEMA.literal_units.get(relation.object_kind, "unit")] = rec["object_unit"]
    elif relation is not None:
        ok = _create_entity(reader, path, rec, "object") and ok
    words: dict[str, object]  # a table of version 2 gives every quote as evidence; one of version 1, its one quote
    if rec.get("evidence") is not None:
        words = {"evidence": rec["evidence"]}
    elif rec.get("quote") is not None:
        words = {"quote": rec["quote"]}
    else:
        words = {}
    fact_rec = LineDict.at(
        rec.line,
        dict(
            id=fact_id,
            subject=rec["subject"],
            relation=rec["relation"],
            object=obj,
            **words,
            **{name: rec[column] for name, column in _AS_GIVEN if rec.get(column) is not None},
        ),
    )
    if not (ok and checks.record(path, "fact", fact_rec)):
        return False
    return reader.fact(path, fact_rec, source, (rec.get("quote_start"), rec.get("quote_end")))


def _create_entity(reader: FactReader, path: Path, rec: LineDict, side: str) -> bool:
    """An entity is matched by id; an id not known yet is created from `<side>_label` and `<side>_type`."""
    checks, ds = reader.checks, reader.ds
    eid = rec[side]
    if isinstance(eid, str) and eid in ds.entities:
        return True
    label, etype = rec.get(f"{side}_label"), rec.get(f"{side}_type")
    where = f"{side} {shown(eid)} is not a known entity, so this record creates it"
    if not is_slug(eid):
        checks.problem(path, rec.line, f"{side} {shown(eid)} must be an entity id, a lower-case slug (a-z, 0-9, - _ .)")
    elif not isinstance(label, str) or not label.strip():
        checks.unknown(path, rec.line, f"{where}: give its name in {side}_label", "entity", eid, "fact", rec.line)
    elif etype not in ds.entity_types:
        checks.unknown(
            path,
            rec.line,
            f"{where}: {side}_type {etype!r} must be an entity type id"
            f"{suggest(etype, ds.entity_types)} (types are in entity_types.yaml)",
            "entity type",
            etype,
            "fact",
            rec.line,
        )
    else:
        ds.entities[eid] = Entity(eid, label, etype)
        return True
    return False
