"""The named SPARQL query library: .rq files whose header comments declare a title, a description and
parameters, e.g.

    # title: Facts about an actor
    # description: Every fact with the actor as subject or object, with source and quote.
    # param: actor entity  The actor (id, label or alias)
    # param: since date optional  Only facts from this day on (YYYY-MM-DD)
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import rdflib
from rdflib import Literal

from .model import Dataset
from .namespaces import ENT, KG, SRC, XSD
from .problems import QueryError

PARAM_KINDS = ("entity", "relation", "source", "date", "string", "integer")
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
            raise QueryError(f"{path or name}:{lineno}: a parameter is declared as "
                             f"'# param: NAME KIND [optional] description', KIND one of {', '.join(PARAM_KINDS)}")
        optional = len(parts) > 2 and parts[2].startswith("optional")
        doc = parts[2][len("optional"):].strip() if optional else (parts[2] if len(parts) > 2 else "")
        q.params[parts[0]] = Param(parts[0], parts[1], optional, doc)
    return q


def library(folder: Path) -> dict[str, NamedQuery]:
    return {p.stem: parse_query(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(Path(folder).glob("*.rq"))}


def find_query(spec: str, folder: Path) -> NamedQuery:
    """A name from the library, a path to a .rq file, or the text of a query."""
    known = library(folder)
    if spec in known:
        return known[spec]
    path = Path(spec)
    if spec.endswith(".rq"):
        if not path.is_file():
            raise QueryError(f"no query file {spec}")
        return parse_query(path.read_text(encoding="utf-8"), path.stem, path)
    if re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", spec, re.I):
        return parse_query(spec)
    close = difflib.get_close_matches(spec, list(known), n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"unknown query {spec!r}; {hint}known queries: {', '.join(known)} (kg query --list)")


def bind(query: NamedQuery, values: dict[str, str], ds: Dataset, resolve: Callable[[str], str]
         ) -> dict[str, rdflib.term.Node]:
    """Turn NAME=VALUE strings into RDF terms: an entity name becomes its IRI (through `resolve`, e.g.
    Project.resolve), a date an xsd:date."""
    unknown = set(values) - set(query.params)
    if unknown:
        declared = ", ".join(f"{p.name} ({p.kind})" for p in query.params.values()) or "none"
        raise QueryError(f"unknown parameter {', '.join(sorted(unknown))} for query {query.name}; it takes: {declared}")
    missing = [p.name for p in query.params.values() if not p.optional and p.name not in values]
    if missing:
        raise QueryError(f"query {query.name} needs --param {missing[0]}=VALUE ({query.params[missing[0]].doc})")
    out: dict[str, rdflib.term.Node] = {}
    for name, raw in values.items():
        kind = query.params[name].kind
        if kind == "entity":
            out[name] = ENT[resolve(raw)]
        elif kind in ("relation", "source"):
            known = ds.relations if kind == "relation" else ds.sources
            if raw not in known:
                close = difflib.get_close_matches(raw, list(known), n=3)
                raise QueryError(f"unknown {kind} {raw!r} for --param {name}" + (f"; did you mean {', '.join(close)}?" if close else ""))
            out[name] = (KG if kind == "relation" else SRC)[raw]
        elif kind == "date":
            try:
                out[name] = Literal(date.fromisoformat(raw).isoformat(), datatype=XSD.date)
            except ValueError:
                raise QueryError(f"--param {name}={raw}: a date is YYYY-MM-DD") from None
        elif kind == "integer":
            if not re.fullmatch(r"-?\d+", raw):
                raise QueryError(f"--param {name}={raw}: expected a whole number")
            out[name] = Literal(int(raw))
        else:
            out[name] = Literal(raw)
    return out
