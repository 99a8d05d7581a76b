"""Checking one record against its shape in the schema, collecting problems with their file and line.

The checks every record gets: required fields present, no unknown field (with a did-you-mean), ids
that are slugs, and the field types the schema can check without the rest of the data (see
schema.yaml). Reports go to a shared list, so one run reports every problem in the data.
"""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Iterator

from ..errors import Follows, InvalidArgument, Problem, shown
from ..schema import SCHEMA, FieldSpec
from ..text.dates import parse_date
from .yaml_lines import LineDict, LineList, load_yaml

ID = re.compile(r"[a-z0-9][a-z0-9_.-]*")  # matched whole (fullmatch): no trailing newline slips through
_QID = re.compile(r"Q[1-9][0-9]*")
_PLURAL = {"entity": "entities"}


def suggest(name: object, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close candidate exists, else ''.

    >>> suggest("closez", ["closes", "opens"])
    " (did you mean 'closes'?)"
    """
    close = difflib.get_close_matches(str(name), list(dict.fromkeys(candidates)), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def _kind_of(value: object) -> str:
    """What a misplaced value is, in a few words: never the value itself, which may be a whole file."""
    if value is None:
        return "nothing (an empty file or entry)"
    if isinstance(value, list):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        keys = ", ".join(shown(key, 30) for key in list(value)[:3])
        return f"a mapping of {len(value)} key(s) ({keys}{', …' if len(value) > 3 else ''})"
    return f"{type(value).__name__} {shown(value, 40)}"


def is_slug(value: object) -> bool:
    return isinstance(value, str) and bool(ID.fullmatch(value))


class Checks:
    """The problems found so far, and the checks that add to them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.unreadable: dict[str, Path] = {}  # kind of record -> the first file of them that could not be read
        self.lost: dict[tuple[str, str], Path] = {}  # (kind, id) of a record left out for another file's problem -> it

    def problem(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def unknown(
        self, path: Path, line: int | None, message: str, kind: str, ref: object, record: str, record_line: int | None
    ) -> Path | None:
        """Report a reference to `ref`, an unknown id of a `kind` record, made by a `record` starting at
        `record_line`. When that id's record was left out for another file's problem, or a file of
        `kind` records could not be read, the problem follows from that file, which is returned."""
        cause = (self.lost.get((kind, ref)) if isinstance(ref, str) else None) or self.unreadable.get(kind)
        plural = _PLURAL.get(kind, f"{kind}s")
        follows = Follows(cause, plural, record, record_line) if cause else None
        self.problems.append(Problem(path, line, message, follows=follows))
        return cause

    def record(self, path: Path, kind: str, rec: Any, line: int | None = None) -> bool:
        """Whether `rec` is a mapping with the required fields of a `kind` record, and so can be read
        further. Every way it departs from its shape is reported; a field of the wrong type marks it
        `flawed` (the caller may go on checking it, to report its other problems too)."""
        if not isinstance(rec, LineDict):
            article = "an" if kind[0] in "aeiou" else "a"
            self.problem(
                path, getattr(rec, "line", line), f"{article} {kind} must be a mapping of fields, not {_kind_of(rec)}"
            )
            return False
        fields = SCHEMA.records[kind]
        required, known = SCHEMA.required(kind), fields.keys()
        ok = True
        for key in sorted(required - rec.keys()):
            self.problem(
                path, rec.line, f"{kind} {rec.get('id', '')!s} is missing the field {key!r}".replace("  ", " ")
            )
            ok = False
        for key in sorted(rec.keys() - known, key=str):
            self.problem(path, rec.line_of(key), f"unknown field {shown(key)} in {kind}{suggest(key, known)}")
        if not ok:
            return False
        checked = sorted(key for key in rec.keys() & known if rec[key] is not None and fields[key].type != "any")
        rec.flawed = not all([self._typed(path, kind, rec, fields[key]) for key in checked])
        return True

    def _typed(self, path: Path, kind: str, rec: LineDict, spec: FieldSpec) -> bool:
        value = rec[spec.name]  # not null (unknown, or left to the code that gives the field its meaning)
        message = None
        if spec.type == "slug" and not is_slug(value):
            message = f"{kind} {spec.name} {shown(value)} must be a lower-case slug (a-z, 0-9, - _ .)"
        elif spec.type == "text" and not (isinstance(value, str) and value.strip()):
            message = f"{spec.name} must be a non-empty string"
        elif spec.type == "bool" and not isinstance(value, bool):
            message = f"{spec.name} must be true or false"
        elif spec.type == "number":
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not ((spec.min is None or value >= spec.min) and (spec.max is None or value <= spec.max))
            ):
                message = f"{spec.name} must be a number from {spec.min:g} to {spec.max:g}"
        elif spec.type == "count" and not (isinstance(value, int) and not isinstance(value, bool) and value > 0):
            message = f"{spec.name} {shown(value)} must be a positive whole number"
        elif spec.type == "strings" and not (isinstance(value, list) and all(isinstance(a, str) for a in value)):
            message = f"{spec.name} must be a list of strings"
        elif spec.type == "qid" and not (isinstance(value, str) and _QID.fullmatch(value)):
            message = f"{spec.name} {shown(value)} is not a QID like 'Q159'; leave it out unless verified"
        elif spec.type == "value" and spec.values and value not in SCHEMA.values[spec.values]:
            allowed = SCHEMA.values[spec.values]
            message = f"{spec.name} {shown(value)} must be one of {', '.join(allowed)}{suggest(value, allowed)}"
        elif spec.type == "records" and not isinstance(value, list):
            message = f"{spec.name} must be a list of {spec.of} records, not {_kind_of(value)}"
        elif spec.type == "record" and not isinstance(value, dict):
            message = f"{spec.name} must be a mapping of fields ({spec.of}), not {_kind_of(value)}"
        elif spec.type == "qualifiers" and not isinstance(value, dict):
            message = f"qualifiers must be a mapping of qualifier: value, not {_kind_of(value)}"
        elif spec.type in ("entity", "entity_type", "relation", "source") and not isinstance(value, str):
            message = f"{spec.name} must be the id of a {spec.type.replace('_', ' ')}, not {_kind_of(value)}"
        elif spec.type == "date":
            try:
                parse_date(value)
            except InvalidArgument as exc:
                message = f"bad date: {exc}"
        if message:
            self.problem(path, rec.line_of(spec.name), message)
        return message is None

    def records(self, path: Path, kind: str, doc: Any, keep_flawed: bool = False) -> list[LineDict]:
        """The well-formed records of a YAML list; malformed ones are reported and dropped (flawed ones
        too, unless `keep_flawed`)."""
        if doc is None:
            return []
        if not isinstance(doc, list):
            self.problem(path, getattr(doc, "line", 1), f"expected a list of {kind} records, not {_kind_of(doc)}")
            return []
        lines = doc.item_lines if isinstance(doc, LineList) else []
        return [
            rec
            for i, rec in enumerate(doc)
            if self.record(path, kind, rec, lines[i] if i < len(lines) else None) and (keep_flawed or not rec.flawed)
        ]

    def unique(self, path: Path, kind: str, rec: LineDict, seen: dict[str, tuple[Path, int]]) -> bool:
        """Whether the record's id is new in `seen` (which then remembers it); an id that is not text never is."""
        if not isinstance(rec["id"], str):
            return False
        if rec["id"] in seen:
            first_path, first_line = seen[rec["id"]]
            self.problem(
                path,
                rec.line_of("id"),
                f"duplicate {kind} id {shown(rec['id'])} (first defined at {first_path}:{first_line})",
            )
            return False
        seen[rec["id"]] = (path, rec.line_of("id"))
        return True

    def yaml(self, path: Path) -> tuple[Any, bool]:
        """(a YAML file's content, whether it could be read); a file that cannot is reported."""
        doc, problems = load_yaml(path)
        self.problems += problems
        return doc, not problems

    def unique_records(
        self, files: list[Path], kind: str, extra: tuple[Path, str, Any] | None = None
    ) -> Iterator[tuple[Path, LineDict]]:
        """(file, record) for each well-formed record of these YAML lists whose id is not taken yet.
        `extra` is (file, kind, list) of records read after them: a draft's new entities. A file that is
        not a list of records is one problem, and references to `kind` ids follow from it."""
        seen: dict[str, tuple[Path, int]] = {}
        for path, of, doc in itertools.chain(
            ((path, kind, self._list(path, kind)) for path in files), [extra] if extra else []
        ):
            good = self.records(path, of, doc)
            for item in self._malformed(doc, good):  # what refers to it follows from its problem
                ref = item.get("id") if isinstance(item, dict) else None
                if isinstance(ref, str):
                    self.lost.setdefault((kind, ref), path)
                else:
                    self.unreadable.setdefault(kind, path)
            for rec in good:
                if self.unique(path, kind, rec, seen):
                    yield path, rec

    @staticmethod
    def _malformed(doc: Any, good: list[LineDict]) -> list[Any]:
        kept = {id(rec) for rec in good}
        return [item for item in doc if id(item) not in kept] if isinstance(doc, list) else []

    def _list(self, path: Path, kind: str) -> Any:
        """The content of a file that must be a YAML list of `kind` records; None when it is not one (reported)."""
        doc, readable = self.yaml(path)
        if readable and (doc is None or isinstance(doc, list)):
            return doc
        if readable:
            self.problem(
                path,
                getattr(doc, "line", 1),
                f"this file must be a list of {kind} records, one '- id: ...' item each with its fields "
                f"indented under it, not {_kind_of(doc)}",
            )
        self.unreadable.setdefault(kind, path)
        return None
