"""The sources of the data folder: sources/<id>.yaml (metadata) beside sources/<id>.txt (the text)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Source
from ..errors import Problem
from .file_text import damage
from .records import Checks


def read_sources(checks: Checks, data_dir: Path) -> dict[str, Source]:
    """Each source whose metadata is well-formed and whose text is there, unchanged (its sha256 agrees)."""
    out: dict[str, Source] = {}
    folder = data_dir / "sources"
    texts = {p.stem for p in folder.glob("*.txt")}
    for path in sorted(folder.glob("*.yaml")):
        reported = len(checks.problems)
        source = _source(checks, path, texts)
        if source is None:  # what refers to it follows from the first problem of its files
            checks.lost[("source", path.stem)] = (
                checks.problems[reported].file if len(checks.problems) > reported else path
            )
        else:
            out[source.id] = source
    for stem in sorted(texts - {p.stem for p in folder.glob("*.yaml")}):
        checks.problem(folder / f"{stem}.txt", None, f"no metadata record {stem}.yaml for this source text; add one")
    return out


def _source(checks: Checks, path: Path, texts: set[str]) -> Source | None:
    """The source of one metadata file and the text beside it, or None with its problems reported."""
    doc, readable = checks.yaml(path)
    if not readable or not checks.record(path, "source", doc, line=1) or doc.flawed:
        return None
    if doc["id"] != path.stem:
        checks.problem(path, doc.line_of("id"), f"source id {doc['id']!r} must match its file name {path.stem!r}")
        return None
    text_path = path.with_suffix(".txt")
    if path.stem not in texts:
        checks.problem(path, doc.line, f"the source text {text_path.name} is missing; add it beside this file")
        return None
    try:
        raw = text_path.read_bytes()
    except OSError as exc:
        checks.problem(text_path, None, f"cannot read the source text: {exc.strerror}")
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != doc["sha256"]:
        checks.problem(
            text_path,
            None,
            f"sha256 is {digest} but {path.name} records {doc['sha256']}: the text changed. "
            "Restore the original text, or, if the change is deliberate, update sha256 and re-check every quote",
        )
        return None
    found = damage(raw, "a source text")
    if found is not None:
        line, column, message = found
        checks.problems.append(Problem(text_path, line, f"{message}, and record the new sha256", column))
        return None
    text = raw.decode("utf-8-sig")
    basis = doc.get("date_basis") or ("stated" if doc["date"] is not None else None)
    if basis in ("derived", "bounded") and not doc.get("date_rule"):
        checks.problem(
            path,
            doc.line_of("date_basis"),
            f"a {basis} publication date needs date_rule: how it follows from the text",
        )
        return None
    if basis is not None and doc["date"] is None:
        checks.problem(path, doc.line_of("date_basis"), "date_basis says how the date is known, and needs a date")
        return None
    return Source(
        doc["id"],
        doc["title"],
        doc.get("label"),
        doc["publisher"],
        doc["author"],
        None if doc["date"] is None else str(doc["date"]),
        doc["url"],
        doc["language"],
        digest,
        text,
        basis,
        doc.get("date_rule"),
        tuple(doc.get("boilerplate") or ()),
    )
