"""Drafts: the facts a tool suggested for one source, awaiting a person's review.

A draft is data/drafts/<source>.yaml: the source, a `draft` header (which tool made it, when, what it
is unsure of), `facts` in the shape of a facts file's, each with a `review` block while it is not
reviewed, and `new_entities` the tool proposes for names no entity has. The build never reads
drafts; `accept_draft` checks one like curated data (the real loader, so problems point at the
draft's own lines) and, once nothing awaits review and nothing is wrong, moves its facts into
facts/<source>.yaml (added after the facts already there) and its entities into
entities.d/<source>.yaml, then removes it. Every file is written atomically, and a failure restores
what was there.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import yaml

from ..analysis.coverage import SourceCoverage, coverage
from ..curated.drafts import DRAFTS, check_draft_doc, read_draft_file
from ..curated.load import load_dataset
from ..curated.records import Checks
from ..curated.yaml_lines import LineDict, LineList, dump_yaml, load_yaml
from ..errors import DataError, InvalidArgument, NotFound, OutputError, Problem
from ..model import Dataset
from ..atomic import atomic_write
from ..schema import SCHEMA


def _header_comment(source: str) -> str:
    return f"""\
# A draft: facts a tool suggested for source {source}, awaiting review. The build does not read it.
# Review each fact against the source text: delete a wrong fact, fix its fields, pick its relation from
# review.relations (or another of relations.yaml), then delete the fact's review block. Keep or delete
# each new entity alike, deleting its review block once checked. When no review block is left,
# `kg accept {source}` checks the draft like curated facts and moves it into facts/ and entities.d/.
"""


@dataclass(frozen=True)
class Draft:
    """A draft as written, its records with their lines (LineDict) for messages."""

    path: Path
    source: str
    made_by: str
    made_at: str
    notes: tuple[str, ...]
    facts: tuple[LineDict, ...]
    new_entities: tuple[LineDict, ...]

    @property
    def pending(self) -> tuple[tuple[str, int], ...]:
        """(id, line of its review block) of each fact and new entity not reviewed yet."""
        return _pending(self.facts) + _pending(self.new_entities)


@dataclass(frozen=True)
class DraftProgress:
    """How far the review of one draft has come, for `kg validate` and `kg coverage`."""

    source: str
    path: Path
    facts: int
    reviewed: int  # facts without a review block
    pending: tuple[tuple[str, int], ...]  # (id, line) of facts and new entities still to review
    problems: tuple[Problem, ...]  # what accept would refuse, at the draft's lines
    coverage: SourceCoverage | None  # the source's sentences the draft's valid facts cover (None: source did not load)


@dataclass(frozen=True)
class AcceptReport:
    """What accept_draft wrote."""

    source: str
    facts_path: Path
    facts: tuple[str, ...]  # ids of the facts added
    merged: bool  # added after the facts already in facts_path
    entities_path: Path | None
    entities: tuple[str, ...]  # ids of the entities added
    unused_entities: tuple[str, ...]  # of those, the ones no fact of the data names (kept: say so)


def draft_path(data_dir: Path, source_id: str) -> Path:
    return Path(data_dir) / DRAFTS / f"{source_id}.yaml"


def write_draft(
    data_dir: Path,
    source_id: str,
    header: dict[str, Any],
    facts: list[dict[str, Any]],
    new_entities: list[dict[str, Any]],
    *,
    replace: bool = False,
) -> Path:
    """Write the draft of SOURCE (header: made_by, made_at (default now), notes); refuses to replace an
    existing draft unless `replace`. Facts may be drafted for a source that has a facts file already:
    accept adds them after its facts. Records that do not fit the draft format are refused."""
    data_dir = Path(data_dir)
    if not (data_dir / "sources" / f"{source_id}.yaml").is_file():
        raise InvalidArgument(f"no source {source_id!r} in {data_dir / 'sources'}; add the article first", "SOURCE")
    path = draft_path(data_dir, source_id)
    if path.exists() and not replace:
        raise InvalidArgument(
            f"{path} exists: review it and `kg accept {source_id}`, or delete it, before drafting this source again",
            "SOURCE",
        )
    made_at = datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
    doc: dict[str, Any] = {
        "source": source_id,
        "draft": {"made_at": made_at, **header},
        "facts": [SCHEMA.ordered(f, "draft fact") for f in facts],
    }
    doc["draft"] = SCHEMA.ordered(doc["draft"], "draft header")
    if new_entities:
        doc["new_entities"] = [SCHEMA.ordered(e, "new entity") for e in new_entities]
    checks = Checks()
    record = LineDict.at(0, doc)
    if check_draft_doc(checks, path, record):
        checks.records(path, "draft fact", record["facts"])
        checks.records(path, "new entity", record.get("new_entities"))
    if checks.problems:
        raise InvalidArgument(
            f"the draft of {source_id} does not fit the draft format: " + "; ".join(p.message for p in checks.problems),
            "SOURCE",
        )
    atomic_write(path, _header_comment(source_id) + dump_yaml(doc))
    return path


def read_draft(data_dir: Path, source_id: str) -> Draft:
    """The draft of SOURCE; DataError when it cannot be read as one."""
    path = _existing(data_dir, source_id)
    checks = Checks()
    doc = read_draft_file(checks, path)
    if doc is None:
        raise DataError(checks.problems)
    header = doc["draft"]
    return Draft(
        path,
        doc["source"],
        str(header["made_by"]),
        str(header["made_at"]),
        tuple(header.get("notes") or ()),
        tuple(r for r in doc["facts"] if isinstance(r, LineDict)),
        tuple(r for r in doc.get("new_entities") or () if isinstance(r, LineDict)),
    )


def draft_progress(data_dir: Path) -> list[DraftProgress]:
    """Each draft's review progress and problems, checked against the data as it is (one load per draft)."""
    folder = Path(data_dir) / DRAFTS
    return [_progress(Path(data_dir), path) for path in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []


def accept_draft(data_dir: Path, source_id: str) -> AcceptReport:
    """Move the reviewed draft of SOURCE into the data. Refuses (DataError, at the draft's lines) while a
    fact or new entity has a review block, or while the draft has a problem; then writes
    facts/<source>.yaml (adding to it if it exists) and entities.d/<source>.yaml, and removes the draft."""
    data_dir = Path(data_dir)
    path = _existing(data_dir, source_id)
    draft = read_draft(data_dir, source_id)
    if draft.pending:
        raise DataError(
            [
                Problem(
                    path, line, f"{rid} is not reviewed yet: check it, fix or delete it, then delete its review block"
                )
                for rid, line in draft.pending
            ]
        )
    ds, problems = load_dataset(data_dir, draft=path)
    own = _own(problems, path, data_dir, source_id)
    if own:
        raise DataError(own)
    facts = [SCHEMA.ordered(rec, "fact") for rec in draft.facts]
    entities = [SCHEMA.ordered(rec, "entity") for rec in draft.new_entities]
    facts_path = data_dir / "facts" / f"{source_id}.yaml"
    merged = facts_path.exists()
    outputs = (
        [
            (
                facts_path,
                _added_facts(facts_path, facts)
                if merged
                else f"# Facts stated by source {source_id}{_titled(ds.sources[source_id].title)}, reviewed from a draft "
                f"made by {draft.made_by} at {draft.made_at}.\n" + dump_yaml({"source": source_id, "facts": facts}),
            )
        ]
        if facts
        else []
    )  # every fact deleted in review: nothing to add
    entities_path = data_dir / "entities.d" / f"{source_id}.yaml" if entities else None
    if entities_path is not None:
        outputs.append(
            (
                entities_path,
                _added_entities(entities_path, entities)
                if entities_path.exists()
                else f"# New entities of source {source_id}, reviewed from its draft.\n" + dump_yaml(entities),
            )
        )
    _write_all(outputs, path)
    used = {ref for f in ds.facts for ref in (f.subject, f.object, f.claimed_by, *(v for _, v in f.qualifiers))}
    return AcceptReport(
        source_id,
        facts_path,
        tuple(f["id"] for f in facts),
        merged,
        entities_path,
        tuple(e["id"] for e in entities),
        tuple(e["id"] for e in entities if e["id"] not in used),
    )


def _titled(title: str | None) -> str:
    return f" ({title})" if title else ""


def _existing(data_dir: Path, source_id: str) -> Path:
    path = draft_path(data_dir, source_id)
    if not path.is_file():
        drafts = [p.stem for p in sorted(path.parent.glob("*.yaml"))] if path.parent.is_dir() else []
        raise NotFound(
            source_id,
            difflib.get_close_matches(source_id, drafts, n=3),
            False,
            kind="draft",
            hint=f"drafts are in {path.parent}; `kg suggest SOURCE` makes one",
        )
    return path


def _pending(records: tuple[LineDict, ...]) -> tuple[tuple[str, int], ...]:
    return tuple((str(r.get("id")), r.line_of("review")) for r in records if "review" in r)


def _own(problems: list[Problem], path: Path, data_dir: Path, source_id: str) -> list[Problem]:
    """The problems of the draft: at its lines, or in its source's files (which its facts need)."""
    mine = {path, data_dir / "sources" / f"{source_id}.yaml", data_dir / "sources" / f"{source_id}.txt"}
    return [p for p in problems if p.file in mine]


def _progress(data_dir: Path, path: Path) -> DraftProgress:
    source = path.stem
    ds, problems = load_dataset(data_dir, draft=path)
    doc, _ = load_yaml(path)
    records = (
        tuple(r for r in doc.get("facts") or () if isinstance(r, LineDict))
        if isinstance(doc, LineDict) and isinstance(doc.get("facts"), list)
        else ()
    )
    entities = (
        tuple(r for r in doc.get("new_entities") or () if isinstance(r, LineDict))
        if isinstance(doc, LineDict) and isinstance(doc.get("new_entities"), list)
        else ()
    )
    ids = {r.get("id") for r in records}
    covered = None
    if source in ds.sources:
        drafted: Dataset = replace(ds, facts=[f for f in ds.facts if f.source == source and f.id in ids])
        covered = coverage(drafted, [source])[0]
    pending = _pending(records) + _pending(entities)
    return DraftProgress(
        source,
        path,
        len(records),
        len(records) - len(_pending(records)),
        pending,
        tuple(_own(problems, path, data_dir, source)),
        covered,
    )


def _added_facts(facts_path: Path, facts: list[dict[str, Any]]) -> str:
    """The facts file with `facts` added after its own facts, the rest of it unchanged byte for byte."""
    text = _read(facts_path)
    doc, problems = load_yaml(facts_path)
    if problems or not isinstance(doc, LineDict) or "facts" not in doc:
        raise DataError(problems or [Problem(facts_path, None, "not a facts file; fix it before accepting the draft")])
    lines = text.splitlines(keepends=True)
    key = doc.line_of("facts") - 1
    listed = doc["facts"]
    if isinstance(listed, LineList) and listed and not lines[key].split(":", 1)[1].split("#")[0].strip():
        first = lines[listed.item_lines[0] - 1]
        indent = len(first) - len(first.lstrip(" "))
        end = next(
            (i for i in range(key + 1, len(lines)) if lines[i][:1] not in ("", " ", "\n", "\r", "#", "-")), len(lines)
        )
        while end > key + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1  # blank lines and comments before the next key belong to it
        head, tail = lines[:end], lines[end:]
    elif not listed:  # `facts: []` or `facts:` with nothing: the key line becomes a block list
        indent, head, tail = 0, lines[:key] + ["facts:\n"], lines[key + 1 :]
    else:
        raise DataError(
            [
                Problem(
                    facts_path,
                    key + 1,
                    "facts is written as a flow list [...]; write it as a block list "
                    "(a '- id:' line per fact) so the draft's facts can be added",
                )
            ]
        )
    added = _joined(head, dump_yaml(facts), indent) + "".join(tail)
    old, new = yaml.safe_load(text), yaml.safe_load(added)
    if new.pop("facts") != (old.pop("facts") or []) + yaml.safe_load(dump_yaml(facts)) or new != old:
        raise DataError(
            [
                Problem(
                    facts_path,
                    key + 1,
                    "the draft's facts cannot be added to this file automatically; "
                    "copy them from the draft by hand and delete the draft",
                )
            ]
        )
    return added


def _added_entities(path: Path, entities: list[dict[str, Any]]) -> str:
    """The entity file with `entities` added at its end, the rest of it unchanged byte for byte."""
    text = _read(path)
    doc, problems = load_yaml(path)
    if problems or not (doc is None or isinstance(doc, LineList) and doc):
        raise DataError(
            problems
            or [
                Problem(
                    path,
                    None,
                    "write this file as a block list (a '- id:' line per entity) so the draft's entities can be added",
                )
            ]
        )
    first = text.splitlines()[doc.item_lines[0] - 1] if doc else ""
    added = _joined(text.splitlines(keepends=True), dump_yaml(entities), len(first) - len(first.lstrip(" ")))
    if yaml.safe_load(added) != (yaml.safe_load(text) or []) + yaml.safe_load(dump_yaml(entities)):
        raise DataError(
            [
                Problem(
                    path,
                    None,
                    "the draft's entities cannot be added to this file automatically; "
                    "copy them from the draft by hand and delete the draft",
                )
            ]
        )
    return added


def _joined(head: list[str], items: str, indent: int) -> str:
    """`head` (lines), then the YAML list `items` indented to stand with the list that ends it."""
    before = "".join(head)
    if before and not before.endswith("\n"):
        before += "\n"
    return before + "".join(" " * indent + line if line.strip() else line for line in items.splitlines(keepends=True))


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OutputError(f"cannot read {path} to add the draft to it: {exc}") from None


def _write_all(outputs: list[tuple[Path, str]], draft: Path) -> None:
    """Write each (path, text), then remove the draft; on any failure restore what was there."""
    written: list[tuple[Path, bytes | None]] = []
    try:
        for path, text in outputs:
            previous = path.read_bytes() if path.exists() else None
            atomic_write(path, text)
            written.append((path, previous))
        try:
            draft.unlink()
        except OSError as exc:
            raise OutputError(f"cannot remove the draft {draft}: {exc.strerror}; nothing was changed") from None
    except BaseException:
        for path, previous in reversed(written):
            if previous is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, previous)
        raise
