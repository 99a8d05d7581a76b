"""Reading a draft (data/drafts/<source>.yaml) so it can be checked like a facts file.

A draft is never part of the build: only load_dataset(draft=...) reads one, to report its problems
at its own lines before `kg accept` moves it into facts/ and entities.d/.
"""

from __future__ import annotations

from pathlib import Path

from .records import Checks
from .yaml_lines import LineDict

DRAFTS = "drafts"  # the data folder's folder of drafts, one per source


def read_draft_file(checks: Checks, path: Path) -> LineDict | None:
    """The draft's content when it can be read as a draft, else None with its problems reported."""
    doc, readable = checks.yaml(path)
    return doc if readable and check_draft_doc(checks, path, doc) else None


def check_draft_doc(checks: Checks, path: Path, doc: object) -> bool:
    """Whether `doc` has the shape of a draft file (its header and review blocks checked too, their
    problems reported); the facts and entities themselves are checked by the loader."""
    if not checks.record(path, "draft file", doc, line=1) or not isinstance(doc, LineDict) or doc.flawed:
        return False
    checks.record(path, "draft header", doc["draft"])
    for kind, items in (("review", doc["facts"]), ("entity review", doc.get("new_entities") or [])):
        for rec in items:
            review = rec.get("review") if isinstance(rec, LineDict) else None
            if isinstance(review, LineDict) and checks.record(path, kind, review) and kind == "review":
                checks.records(path, "relation choice", review.get("relations"))
    return True
