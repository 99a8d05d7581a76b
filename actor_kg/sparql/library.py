"""The named SPARQL query library: .rq files whose header comments declare a title, a description and
parameters, e.g.

    # title: Facts about an actor
    # description: Every fact with the actor as subject or object, with source and quote.
    # param: actor entity  The actor (id, label or alias)
    # param: since date optional  Only facts from this date on
    # param: until end-date optional  Only facts up to this date

The bundled queries are package data (actor_kg.named_queries, the top-level queries/ folder); a user's
own folder (`kg --queries DIR`, $KG_QUERIES) adds to them. A `date` parameter takes any date form of
actor_kg.text.dates and is bound as its first day (2025 → 2025-01-01); an `end-date` as its last day
(2025 → 2025-12-31), so `since`/`until` windows mean what they say for years and months. Relations,
sources and entity types (`type`) are taken by id or label.
"""

from __future__ import annotations

import difflib
import importlib.resources
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import rdflib
from rdflib import Literal

from ..errors import InvalidArgument, QueryError, arg
from ..store.namespaces import ENT, KG, SRC, XSD
from ..text.dates import parse_date

PARAM_KINDS = ("entity", "relation", "source", "type", "date", "end-date", "string", "integer")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    optional: bool
    doc: str


@dataclass
class NamedQuery:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: dict[str, Param] = field(default_factory=dict)
    path: Path | None = None


def parse_query(text: str, name: str = "inline", path: Path | None = None) -> NamedQuery:
    """Read the header comments of a query; a query without a header has no declared parameters."""
    q = NamedQuery(name, text, path=path)
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key != "param":
            setattr(q, key, value.strip())
            continue
        parts = value.split(None, 2)
        if len(parts) < 2 or parts[1] not in PARAM_KINDS:
            raise QueryError(
                f"{path or name}:{lineno}: a parameter is declared as "
                f"'# param: NAME KIND [optional] description', KIND one of {', '.join(PARAM_KINDS)}"
            )
        optional = len(parts) > 2 and parts[2].startswith("optional")
        doc = parts[2][len("optional") :].strip() if optional else (parts[2] if len(parts) > 2 else "")
        q.params[parts[0]] = Param(parts[0], parts[1], optional, doc)
    return q


def _read(folder: Path) -> dict[str, NamedQuery]:
    if not folder.is_dir():
        raise QueryError(
            f"query folder {folder} not found; {arg('queries_dir')} (or KG_QUERIES) names a folder of .rq files"
        )
    return {p.stem: parse_query(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(folder.glob("*.rq"))}


def library(user_folder: Path | None = None) -> dict[str, NamedQuery]:
    """The bundled named queries, plus those of `user_folder` (which win on a name both have), by name."""
    bundled = Path(str(importlib.resources.files("actor_kg.named_queries")))
    queries = _read(bundled)
    if user_folder is not None:
        queries.update(_read(Path(user_folder)))
    return dict(sorted(queries.items()))


def find_query(spec: str, known: dict[str, NamedQuery]) -> NamedQuery:
    """A name from the library `known`, a path to a .rq file, or the text of a query."""
    if spec in known:
        return known[spec]
    path = Path(spec)
    if spec.endswith(".rq"):
        if not path.is_file():
            raise QueryError(f"no query file {spec}")
        return parse_query(path.read_text(encoding="utf-8"), path.stem, path)
    if re.search(r"[\s{}?]", spec):  # a query name has none of these: this is SPARQL text, right or wrong
        return parse_query(spec)
    close = difflib.get_close_matches(spec, list(known), n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"unknown query {spec!r}; {hint}known queries: {', '.join(known)} (kg query --list)")


class Names(Protocol):
    """What turns a name a user typed into an id (Project implements it)."""

    def resolve(self, name: str) -> str: ...
    def relation_id(self, name: str, param: str = ...) -> str: ...
    def source_id(self, name: str, param: str = ...) -> str: ...
    def type_id(self, name: str, param: str = ...) -> str: ...


def bind(query: NamedQuery, values: dict[str, str], names: Names) -> dict[str, rdflib.term.Node]:
    """Turn NAME=VALUE strings into RDF terms: an entity name becomes its IRI, a relation or source (id
    or label) its IRI, an entity type (id or label) its id, a date an xsd:date."""
    unknown = set(values) - set(query.params)
    if unknown:
        declared = ", ".join(f"{p.name} ({p.kind})" for p in query.params.values()) or "none"
        raise QueryError(f"unknown parameter {', '.join(sorted(unknown))} for query {query.name}; it takes: {declared}")
    missing = [p.name for p in query.params.values() if not p.optional and p.name not in values]
    if missing:
        raise QueryError(f"query {query.name} needs {arg('params', missing[0])}=VALUE ({query.params[missing[0]].doc})")
    out: dict[str, rdflib.term.Node] = {}
    for name, raw in values.items():
        kind = query.params[name].kind
        try:
            if kind == "entity":
                out[name] = ENT[names.resolve(raw)]
            elif kind == "relation":
                out[name] = KG[names.relation_id(raw, f"params:{name}")]
            elif kind == "source":
                out[name] = SRC[names.source_id(raw, f"params:{name}")]
            elif kind == "type":
                out[name] = Literal(names.type_id(raw, f"params:{name}"))
            elif kind in ("date", "end-date"):
                when = parse_date(raw)
                out[name] = Literal((when.start if kind == "date" else when.end).isoformat(), datatype=XSD.date)
            elif kind == "integer":
                if not re.fullmatch(r"-?\d+", raw):
                    raise QueryError(f"{arg('params', name)}={raw}: expected a whole number")
                out[name] = Literal(int(raw))
            else:
                out[name] = Literal(raw)
        except InvalidArgument as exc:
            raise QueryError(f"{arg('params', name)}={raw}: {exc}") from None
    return out
