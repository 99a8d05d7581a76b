"""The vocabulary of the data folder: entity types (entity_types.yaml) and relations (relations.yaml)."""

from __future__ import annotations

from pathlib import Path

from ..model import EntityType, Relation
from .records import Checks, suggest


def yaml_files(data_dir: Path, main: str) -> list[Path]:
    """`main.yaml` followed by any `main.d/*.yaml`, in name order."""
    files = [data_dir / f"{main}.yaml"]
    extra = data_dir / f"{main}.d"
    if extra.is_dir():
        files += sorted(extra.glob("*.yaml"))
    return files


def read_entity_types(checks: Checks, data_dir: Path) -> dict[str, EntityType]:
    return {
        rec["id"]: EntityType(
            rec["id"],
            rec["label"],
            rec["class"],
            rec["description"],
            rec["color"],
            rec["shape"],
            tuple(rec.get("groups") or ()),
            bool(rec.get("fold")),
        )
        for _, rec in checks.unique_records([data_dir / "entity_types.yaml"], "entity type")
    }


def read_relations(checks: Checks, data_dir: Path, types: dict[str, EntityType]) -> dict[str, Relation]:
    """The relations, each with its subject and object ranges as entity type ids (groups expanded)."""
    groups: dict[str, set[str]] = {}
    for t in types.values():
        for group in t.groups:
            groups.setdefault(group, set()).add(t.id)
    out: dict[str, Relation] = {}
    for path, rec in checks.unique_records(yaml_files(data_dir, "relations"), "relation"):
        ranges = []
        for side in ("subjects", "objects"):
            names = rec.get(side) or []
            unknown = [n for n in names if n not in types and n not in groups]
            if unknown:
                checks.unknown(
                    path,
                    rec.line_of(side),
                    f"{side}: {', '.join(map(repr, unknown))} is neither an entity type nor "
                    f"a group of types{suggest(unknown[0], [*types, *groups])}",
                    "entity type",
                    unknown[0],
                    "relation",
                    rec.line,
                )
            ranges.append(tuple(sorted({t for n in names for t in groups.get(n, {n})})))
        goldstein = rec.get("goldstein")
        out[rec["id"]] = Relation(
            rec["id"],
            rec["label"],
            rec.get("inverse_label"),
            rec["description"],
            rec["polarity"],
            rec["object"],
            str(rec["cameo"]) if rec.get("cameo") is not None else None,
            float(goldstein) if goldstein is not None else None,
            bool(rec.get("functional", False)),
            bool(rec.get("transitive", False)),
            bool(rec.get("once", False)),
            bool(rec.get("symmetric", False)),
            bool(rec.get("belongs_to", False)),
            *ranges,
        )
    return out
