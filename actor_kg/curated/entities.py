"""The entities of the data folder (entities.yaml and entities.d/*.yaml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Entity, EntityType
from .records import Checks, suggest
from .vocabulary import yaml_files


def read_entities(
    checks: Checks, data_dir: Path, types: dict[str, EntityType], draft: tuple[Path, Any] | None = None
) -> dict[str, Entity]:
    """The entities of the entity files, then those a draft proposes (`draft`: its file and its
    new_entities list), checked alike."""
    out: dict[str, Entity] = {}
    extra = (draft[0], "new entity", draft[1]) if draft else None
    for path, rec in checks.unique_records(yaml_files(data_dir, "entities"), "entity", extra):
        if rec["type"] not in types:
            cause = checks.unknown(
                path,
                rec.line_of("type"),
                f"unknown entity type {rec['type']!r}{suggest(rec['type'], types)}; types are in entity_types.yaml",
                "entity type",
                rec["type"],
                "entity",
                rec.line,
            )
            if cause is not None:
                checks.lost[("entity", rec["id"])] = cause
            continue
        out[rec["id"]] = Entity(
            rec["id"],
            str(rec["label"]),
            rec["type"],
            tuple(rec.get("aliases") or ()),
            rec.get("description") or "",
            rec.get("wikidata"),
        )
    return out
