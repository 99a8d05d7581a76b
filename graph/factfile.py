"""Reading fact tables (the `kg export` contract) from JSONL or CSV, a record at a time, with line numbers."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Callable, Iterator, TextIO

# The fact table's columns: what `kg export` writes and `kg import` reads back. On import the labels and
# types create entities not known yet; relation_label, object_label, object_is_literal, source_title and
# polarity are derived from the vocabulary and not read.
FACT_FIELDS = ("fact_id", "subject", "subject_label", "subject_type", "relation", "relation_label", "object",
               "object_label", "object_type", "object_is_literal", "object_unit", "source", "source_title",
               "quote", "quote_start", "quote_end", "date", "date_qualifier", "claimed_by", "modality",
               "polarity", "count", "note")
IMPORT_REQUIRED = ("fact_id", "subject", "relation", "object", "source", "quote")
SUFFIXES = (".jsonl", ".csv")
_CSV_INTS = ("quote_start", "quote_end", "count")


def _csv_value(key: str, text: str) -> object:
    """CSV cells are text: empty is null, and the integer columns become integers when they are ones."""
    if text == "":
        return None
    if key in _CSV_INTS and text.lstrip("-").isdigit():
        return int(text)
    return text


def read_fact_file(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, dict | str]]:
    """(line number, record) for each record of a .jsonl or .csv fact table, streamed; a record that
    cannot be read comes as (line, message) instead, and reading goes on with the next one.
    `progress` is called now and then with the number of bytes read so far."""
    path = Path(path)
    if path.suffix not in SUFFIXES:
        raise ValueError(f"{path}: a fact table must be .jsonl or .csv")
    with open(path, encoding="utf-8", newline="" if path.suffix == ".csv" else None) as f:
        records = _jsonl(f) if path.suffix == ".jsonl" else _csv(f)
        for n, item in enumerate(records):
            if progress and n % 10_000 == 0:
                progress(f.buffer.tell())
            yield item
    if progress:
        progress(path.stat().st_size)


def _jsonl(f: TextIO) -> Iterator[tuple[int, dict | str]]:
    for line_no, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, f"not valid JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object"
            continue
        yield (line_no, record) if isinstance(record, dict) else (line_no, "each line must be one JSON object")


def _csv(f: TextIO) -> Iterator[tuple[int, dict | str]]:
    reader = csv.DictReader(f)
    for row in reader:
        if None in row or None in row.values():
            yield reader.line_num, f"this row has a different number of cells from the header ({len(reader.fieldnames or ())} columns)"
            continue
        yield reader.line_num, {k: _csv_value(k, v) for k, v in row.items()}
