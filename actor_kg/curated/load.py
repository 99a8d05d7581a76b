"""Loading the curated data folder into a Dataset, collecting every problem on the way.

The parts, in the order they are read: vocabulary (entity types, relations), entities, sources, facts
files, imported fact tables. Each part reports its problems with file and line to a shared Checks, so
one run reports everything that is wrong.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from ..errors import DataError, Problem, arg
from ..fact_table import SUFFIXES
from ..model import Dataset, Fact
from .entities import read_entities
from .drafts import read_draft_file
from .facts import FactReader, read_facts_doc, read_facts_files
from .imports import read_imports
from .records import Checks
from .sources import read_sources
from .vocabulary import read_entity_types, read_relations


def import_files(data_dir: Path) -> list[Path]:
    """The fact tables in DATA/imports, in name order."""
    folder = Path(data_dir) / "imports"
    return sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []


def load_dataset(
    data_dir: Path,
    replace_import: Path | None = None,
    progress: Callable[[Path, int], None] | None = None,
    draft: Path | None = None,
) -> tuple[Dataset, list[Problem]]:
    """Load everything that is well-formed, and every problem found on the way (see load_valid).
    `draft` is a draft file read as if it were accepted: its new entities after the entity files, its
    facts after every other fact, so its problems are reported at its own lines."""
    data_dir = Path(data_dir)
    facts: list[Fact] = []
    if not data_dir.is_dir():
        return Dataset({}, {}, {}, {}, facts, []), [
            Problem(data_dir, None, f"data folder not found; pass {arg('data_dir')}=DIR or run from the project folder")
        ]
    checks = Checks()
    types = read_entity_types(checks, data_dir)
    draft_doc = read_draft_file(checks, draft) if draft is not None else None
    proposed = (draft, draft_doc.get("new_entities")) if draft is not None and draft_doc is not None else None
    ds = Dataset(
        types,
        read_relations(checks, data_dir, types),
        read_entities(checks, data_dir, types, proposed),
        read_sources(checks, data_dir),
        facts,
        [],
    )
    reader = FactReader(checks, ds)
    read_facts_files(checks, reader, data_dir)
    tables = import_files(data_dir)
    if replace_import is not None:
        tables = [p for p in tables if p.name != replace_import.name] + [replace_import]
    read_imports(reader, tables, progress)
    if draft is not None and draft_doc is not None:
        read_facts_doc(checks, reader, data_dir, draft, draft_doc, "draft fact")
    facts.extend(reader.finish())
    return ds, checks.problems


def load_valid(
    data_dir: Path, replace_import: Path | None = None, progress: Callable[[Path, int], None] | None = None
) -> Dataset:
    """Load the data, raising DataError with all problems if there is any. `replace_import` is a fact
    table loaded as if it were in DATA/imports, in place of any of the same name there; `progress(file,
    bytes)` hears how far the reading of each fact table has come."""
    ds, problems = load_dataset(data_dir, replace_import, progress)
    if problems:
        raise DataError(problems)
    return ds
