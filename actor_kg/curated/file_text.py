"""A data file's bytes read as UTF-8 text, or one message saying where and why they cannot be.

Every data file is UTF-8 text (a UTF-8 byte-order mark is allowed, as Excel writes one). A file saved
as UTF-16, one with a NUL byte (a damaged file, or not text at all) and one in another 8-bit encoding
(Latin-1, Windows-1252) each get one message: the line and column of the first byte that cannot be
read and what to do, instead of one problem per record the file would hold.
"""

from __future__ import annotations

import codecs
import csv
import json
from pathlib import Path

from ..errors import Problem
from ..schema import SCHEMA

_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_SAVE = "save it as UTF-8"
_CHUNK = 1 << 20


def damage(raw: bytes, what: str, first_line: int = 1) -> tuple[int, int | None, str] | None:
    """(line, column, message) of the first reason `raw` is not UTF-8 text, or None when it is.
    `what` says what the file must be ("a YAML file"); `first_line` is the line `raw` starts on
    (a part of a larger file)."""
    if first_line == 1:
        for bom, name in _WIDE_BOMS:
            if raw.startswith(bom):
                return (
                    1,
                    None,
                    f"the file is saved as {name} (it starts with a {name} byte-order mark); {what} must be UTF-8: {_SAVE}",
                )
        head = raw[:2000]
        if len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4:
            return (
                1,
                None,
                f"the file looks like UTF-16 without a byte-order mark (every other byte is NUL); {what} must be UTF-8: {_SAVE}",
            )
    nul = raw.find(b"\x00")
    try:
        raw.decode("utf-8")
        bad = -1
    except UnicodeDecodeError as exc:
        bad = exc.start
    found = [at for at in (nul, bad) if at >= 0]
    if not found:
        return None
    at = min(found)
    start = raw.rfind(b"\n", 0, at) + 1
    line = first_line + raw.count(b"\n", 0, at)
    column = len(raw[start:at].decode("utf-8", errors="replace")) + 1
    if at == nul:
        return (
            line,
            column,
            f"a NUL byte (0x00) at line {line}, column {column}: {what} is text, and NUL is not text "
            "(the file is damaged, or not what it should be); remove it, or restore the file from its last good copy",
        )
    return (
        line,
        column,
        f"byte 0x{raw[at]:02x} at line {line}, column {column} is not UTF-8: the file is saved in another "
        f"encoding (Latin-1 or Windows-1252, say); {what} must be UTF-8: {_SAVE}",
    )


def read_text(path: Path, what: str) -> tuple[str | None, Problem | None]:
    """(the file's text, None), or (None, the one problem that keeps it from being read as UTF-8 text)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, Problem(path, None, f"cannot read the file: {exc.strerror}")
    found = damage(raw, what)
    if found is not None:
        line, column, message = found
        return None, Problem(path, line, message, column)
    return raw.decode("utf-8-sig"), None


def table_problem(path: Path) -> Problem | None:
    """The one problem that keeps a fact table from being read at all (not UTF-8 text, not JSON
    lines, a CSV without the required columns in its header), or None. Streams the file: a table
    may be larger than memory."""
    line, rest, first = 1, b"", None
    try:
        with open(path, "rb") as raw:
            while True:
                chunk = raw.read(_CHUNK)
                data = rest + chunk
                cut = data.rfind(b"\n") + 1 if chunk else len(data)  # whole lines: none split between chunks
                whole, rest = data[:cut], data[cut:]
                found = damage(whole, "a fact table", line) if whole else None
                if found is not None:
                    return Problem(path, found[0], found[2], found[1])
                if first is None:
                    lines = enumerate(whole.decode("utf-8-sig").splitlines(), line)
                    first = next(((n, text) for n, text in lines if text.strip()), None)
                line += whole.count(b"\n")
                if not chunk:
                    break
    except OSError as exc:
        return Problem(path, None, f"cannot read the table: {exc.strerror}")
    return _not_a_table(path, *first) if first is not None else None


def _not_a_table(path: Path, line: int, first: str) -> Problem | None:
    """The problem of a table whose first record (at `line`) shows it is not one: JSONL whose first
    record is not a JSON object, CSV whose header lacks a required column."""
    if path.suffix == ".jsonl":
        try:
            record = json.loads(first)
        except json.JSONDecodeError:
            record = None
        if isinstance(record, dict):
            return None
        return Problem(
            path,
            line,
            "not JSON lines: the first record is not a JSON object; a .jsonl fact table holds one JSON "
            "object per line, as `kg export --format jsonl` writes it",
        )
    header = next(csv.reader([first]), [])
    missing = sorted(SCHEMA.required("imported fact") - set(header))
    if not missing:
        return None
    return Problem(
        path,
        line,
        f"not a CSV fact table: its first line, the header, lacks the column(s) {', '.join(missing)}; "
        "the header names the columns of `kg export --format csv` (comma-separated)",
    )
