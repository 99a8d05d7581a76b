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
_CSV_INTS = frozenset(c.name for c in SCHEMA.columns if c.integer)
_NESTED = frozenset(c.name for c in SCHEMA.columns if c.nested)
_BOOLEANS = frozenset(c.name for c in SCHEMA.columns if c.boolean)
TABLE_VERSION = SCHEMA.fact_table_version
MAX_CELL = SCHEMA.limits["table_cell_characters"]
MAX_LINE_BYTES = SCHEMA.limits["table_line_bytes"]


def _literal(fact: Fact) -> LiteralValue | None:
    return fact.object if isinstance(fact.object, LiteralValue) else None


# The cells of the fact fields whose cell is not the field's value, and of the table's own columns
# (schema.yaml, fact_table), from the dataset and the fact.
_CELLS: dict[str, Callable[[Dataset, Fact], object]] = {
    "subject_label": lambda ds, f: ds.label(f.subject),
    "subject_type": lambda ds, f: ds.entities[f.subject].type,
    "relation_label": lambda ds, f: ds.relations[f.relation].label,
    "object": lambda ds, f: f.object.value if isinstance(f.object, LiteralValue) else f.object,
    "object_label": lambda ds, f: ds.object_label(f),
    "object_type": lambda ds, f: None if isinstance(f.object, LiteralValue) else ds.entities[f.object].type,
    "object_is_literal": lambda ds, f: f.object_is_literal,
    "object_unit": lambda ds, f: f.object.unit if isinstance(f.object, LiteralValue) else None,
    "source": lambda ds, f: f.source,
    "source_title": lambda ds, f: ds.sources[f.source].display_title,
    "quote": lambda ds, f: f.quote,
    "quote_start": lambda ds, f: f.start,
    "quote_end": lambda ds, f: f.end,
    "evidence": lambda ds, f: [e.to_json() for e in f.evidence],
    "qualifiers": lambda ds, f: {k: v.to_json() if isinstance(v, Amount) else v for k, v in f.qualifiers} or None,
    "date": lambda ds, f: f.date.value if f.date else None,
    "polarity": lambda ds, f: ds.relations[f.relation].polarity,
    "links": lambda ds, f: [{k: v for k, v in link.to_json().items() if v is not None} for link in f.links] or None,
    "also": lambda ds, f: list(f.also) or None,
    "claim": lambda ds, f: f.claim,
    "sources": lambda ds, f: f.sources,
    "table_version": lambda ds, f: TABLE_VERSION,
}
_unmade = [c.name for c in SCHEMA.columns if c.field is None and c.name not in _CELLS]
if _unmade:
    raise ValueError(
        f"schema.yaml: fact_table columns {', '.join(_unmade)} have no code that fills them (fact_table.py)"
    )
# (column, how its cell is made, or the fact field whose value it is)
_MAKERS = tuple((c.name, _CELLS.get(c.name), c.field or c.name) for c in SCHEMA.columns)


def fact_record(ds: Dataset, fact: Fact) -> dict:
    """The flat record of one fact, in the fact table's column order."""
    return {name: make(ds, fact) if make else fact.get(field) for name, make, field in _MAKERS}


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
