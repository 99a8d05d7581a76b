"""The fact table: the flat record of a fact (what `kg export` writes as JSONL or CSV, and what `kg import`
reads back, a record at a time with its line number). Its columns are declared in schema.yaml."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import IO
from collections.abc import Callable, Iterator

from .errors import InvalidArgument

from .model import Amount, Dataset, Fact, LiteralValue
from .schema import SCHEMA

FACT_FIELDS = SCHEMA.fact_table
SUFFIXES = (".jsonl", ".csv")
_CSV_INTS = SCHEMA.columns_where(integer=True)
_NESTED = SCHEMA.columns_where(nested=True)
_BOOLEANS = ("negated", "object_is_literal")
TABLE_VERSION = SCHEMA.fact_table_version
MAX_CELL = SCHEMA.limits["table_cell_characters"]
MAX_LINE_BYTES = SCHEMA.limits["table_line_bytes"]


def fact_record(ds: Dataset, fact: Fact) -> dict:
    """The flat record of one fact, in the fact table's column order."""
    relation = ds.relations[fact.relation]
    literal = fact.object if isinstance(fact.object, LiteralValue) else None
    record = {
        "fact_id": fact.id,
        "subject": fact.subject,
        "subject_label": ds.label(fact.subject),
        "subject_type": ds.entities[fact.subject].type,
        "relation": fact.relation,
        "relation_label": relation.label,
        "object": literal.value if literal else fact.object,
        "object_label": ds.object_label(fact),
        "object_type": None if literal or not isinstance(fact.object, str) else ds.entities[fact.object].type,
        "object_is_literal": literal is not None,
        "object_unit": literal.unit if literal else None,
        "source": fact.source,
        "source_title": ds.sources[fact.source].display_title,
        "quote": fact.quote,
        "quote_start": fact.start,
        "quote_end": fact.end,
        "evidence": [e.to_json() for e in fact.evidence],
        "negated": fact.negated,
        "qualifiers": {k: v.to_json() if isinstance(v, Amount) else v for k, v in fact.qualifiers} or None,
        "date": fact.date.value if fact.date else None,
        "date_qualifier": fact.date_qualifier,
        "date_basis": fact.date_basis,
        "date_rule": fact.date_rule,
        "date_anchor": fact.date_anchor,
        "claimed_by": fact.claimed_by,
        "modality": fact.modality,
        "polarity": relation.polarity,
        "count": fact.count,
        "note": fact.note,
        "links": [{k: v for k, v in link.to_json().items() if v is not None} for link in fact.links] or None,
        "also": list(fact.also) or None,
        "claim": fact.claim,
        "sources": fact.sources,
        "table_version": TABLE_VERSION,
    }
    return {name: record[name] for name in FACT_FIELDS}


def csv_cell(key: str, value: object) -> object:
    """A value as a CSV cell: booleans as true/false, nested lists and mappings as JSON text, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if key in _NESTED:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _csv_value(key: str, text: str) -> object:
    """CSV cells are text: empty is null, the integer columns become integers when they are ones, the
    boolean ones booleans, the nested ones what their JSON says (or the text, which the checks refuse)."""
    if text == "":
        return None
    if key in _CSV_INTS and text.lstrip("-").isdigit():
        return int(text)
    if key in _BOOLEANS and text in ("true", "false"):
        return text == "true"
    if key in _NESTED:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def read_fact_table(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, dict | str]]:
    """(line number, record) for each record of a .jsonl or .csv fact table, streamed; a record that
    cannot be read comes as (line, message) instead, and reading goes on with the next one (or stops,
    saying so, where the file cannot be read further). UTF-8, with or without a byte-order mark (as
    Excel's "CSV UTF-8" writes it). `progress` is called now and then with the number of bytes read."""
    path = Path(path)
    if path.suffix not in SUFFIXES:
        raise InvalidArgument(f"{path}: a fact table must be .jsonl or .csv (the formats of kg export)", "TABLE")
    with open(path, "rb") as raw:
        records = _jsonl(raw) if path.suffix == ".jsonl" else _csv(raw)
        for n, item in enumerate(records):
            if progress and n % 10_000 == 0:
                progress(raw.tell())
            yield item
    if progress:
        progress(path.stat().st_size)


def _not_utf8(exc: UnicodeDecodeError, offset: int, data: bytes) -> str:
    return (
        f"not UTF-8: byte {offset + exc.start} of the file (0x{data[exc.start]:02x}) cannot be decoded; "
        "save the table as UTF-8"
    )


def _jsonl(raw: IO[bytes]) -> Iterator[tuple[int, dict | str]]:
    offset = 0
    for line_no, data in enumerate(raw, 1):
        start, offset = offset, offset + len(data)
        if len(data) > MAX_LINE_BYTES:
            yield line_no, f"this line is {len(data):,} bytes long; a record is at most {MAX_LINE_BYTES:,}"
            continue
        try:
            line = data.decode("utf-8-sig" if line_no == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield line_no, _not_utf8(exc, start, data)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, f"not valid JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object"
            continue
        yield (line_no, record) if isinstance(record, dict) else (line_no, "each line must be one JSON object")


def _csv(raw: IO[bytes]) -> Iterator[tuple[int, dict | str]]:
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                yield (
                    reader.line_num + 1,
                    f"{_not_utf8(exc, raw.tell() - len(exc.object), exc.object)}; reading stopped here",
                )
                return
            except csv.Error as exc:
                yield (
                    reader.line_num,
                    (f"cannot read this row ({exc}; a cell is at most {MAX_CELL:,} characters); reading stopped here"),
                )
                return
            if None in row or None in row.values():
                yield (
                    reader.line_num,
                    f"this row has a different number of cells from the header ({len(reader.fieldnames or ())} columns)",
                )
                continue
            yield reader.line_num, {k: _csv_value(k, v) for k, v in row.items()}
    finally:
        csv.field_size_limit(limit)
        text.detach()
