"""The library API: one object per data folder, one method per thing a user asks. The CLI is a thin layer over it."""
from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING, BinaryIO, Callable

from .build import Build, build, ensure_build
from .conflicts import Conflict, conflicts
from .coverage import SourceCoverage, coverage
from .dates import parse_date
from .export import FORMATS, RDF_FORMATS, write_facts_csv, write_facts_jsonl, write_graph, write_rdf
from .factfile import SUFFIXES
from .files import atomic_output
from .load import load_dataset, load_valid, suggest
from .model import Dataset, Entity, Fact
from .paths import FactFilter, Hop, Path as GraphPath, find_paths, neighbors
from .problems import Problem
from .shacl import Violation, check_shapes
from .timeline import timeline

if TYPE_CHECKING:  # rdflib and pyoxigraph load only for the commands that run SPARQL
    from .queries import NamedQuery
    from .sparql import QueryResult


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.violations


@dataclass
class EntityView:
    entity: Entity
    outgoing: list[Fact]
    incoming: list[Fact]
    claims: list[Fact]  # facts this entity is credited with saying


@dataclass
class Project:
    data_dir: Path = Path("data")
    build_dir: Path = Path("build")
    queries_dir: Path = Path("queries")
    rebuilt: bool = False  # set when the last open() had to rebuild
    _current: Build | None = field(default=None, repr=False)

    def build(self) -> Build:
        self._current = build(self.data_dir, self.build_dir)
        return self._current

    def open(self) -> Build:
        """The current build, rebuilt first if it is missing or older than the data.

        The other methods open the build once and then reuse it; call open() again to pick up data
        changed since."""
        current, self.rebuilt = ensure_build(self.data_dir, self.build_dir)
        self._current = current
        return current

    def _opened(self) -> Build:
        return self._current or self.open()

    @property
    def dataset(self) -> Dataset:
        return self._opened().dataset

    def validate(self) -> ValidationReport:
        """Every data problem at once; when the data loads cleanly, also the SHACL check of the built graph."""
        _, problems = load_dataset(self.data_dir)
        if problems:
            return ValidationReport(problems)
        return ValidationReport([], check_shapes(self._opened().rdf, self.data_dir / "shapes.ttl"))

    def resolve(self, name: str) -> str:
        """The entity id a name stands for; an exact id needs no name index (100,000 entities take seconds to index)."""
        return name if name in self.dataset.entities else self._opened().index.resolve(name)

    def stats(self) -> dict[str, Counter]:
        ds = self.dataset
        return {
            "entities by type": Counter(ds.entity_types[e.type].label for e in ds.entities.values()),
            "facts by relation": Counter(ds.relations[f.relation].label for f in ds.facts),
            "facts by source": Counter(f.source for f in ds.facts),
            "facts by modality": Counter(f.modality for f in ds.facts),
            "facts by polarity": Counter(ds.relations[f.relation].polarity for f in ds.facts),
        }

    def show(self, name: str) -> EntityView:
        """An entity and its facts, found through the hop graph: only this entity's facts are read."""
        current = self._opened()
        ds, hops = current.dataset, current.hops
        eid = self.resolve(name)
        node = hops.nodes[eid]
        positions = sorted({i for other in hops[eid] for i in hops[eid][other]["facts"]} | set(node["literals"]))
        facts = [ds.facts[i] for i in positions]
        return EntityView(ds.entities[eid], [f for f in facts if f.subject == eid],
                          [f for f in facts if f.object == eid], [ds.facts[i] for i in node["claims"]])

    def export(self, fmt: str, out: BinaryIO) -> None:
        """Write the export in `fmt` (one of FORMATS) to a binary stream, streamed from the build."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        current = self._opened()
        if fmt == "jsonl":
            write_facts_jsonl(current.dataset, out)
        elif fmt == "csv":
            write_facts_csv(current.dataset, out)
        elif fmt in RDF_FORMATS:
            write_rdf(current.store, fmt, out)
        else:
            write_graph(current.graph, fmt, out)

    def import_facts(self, table: Path, progress: Callable[[Path, int], None] | None = None) -> Build:
        """Check a fact table (JSONL or CSV in the export contract) against the data, copy it into
        DATA/imports (replacing one of the same name, so importing again never duplicates) and build.
        Nothing is copied when any record has a problem: DataError lists them all with their lines."""
        table = Path(table)
        if table.suffix not in SUFFIXES:
            raise ValueError(f"{table}: a fact table must be .jsonl or .csv (the formats of kg export)")
        if not table.is_file():
            raise ValueError(f"{table}: no such file")
        ds = load_valid(self.data_dir, replace_import=table, progress=progress)
        folder = Path(self.data_dir) / "imports"
        folder.mkdir(exist_ok=True)
        target = folder / table.name
        if table.resolve() != target.resolve():
            with open(table, "rb") as src, atomic_output(target) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        self._current = build(self.data_dir, self.build_dir, dataset=ds)
        return self._current

    def coverage(self, source: str | None = None) -> list[SourceCoverage]:
        ds = self.dataset
        if source is not None and source not in ds.sources:
            raise ValueError(f"unknown source {source!r}; sources: {', '.join(ds.sources)}")
        return coverage(ds, [source] if source else None)

    def conflicts(self) -> list[Conflict]:
        return conflicts(self.dataset)

    def timeline(self, actor: str | None = None, since: str | None = None, until: str | None = None) -> list[Fact]:
        """Dated facts in order; since/until take any date form of the data (2025, 2025-02, 2025-02-07)."""
        ds = self.dataset
        return timeline(ds, self.resolve(actor) if actor else None,
                        parse_date(since).start if since else None, parse_date(until).end if until else None)

    def queries(self) -> dict[str, "NamedQuery"]:
        from .queries import library
        return library(self.queries_dir)

    def query(self, spec: str, params: dict[str, str] | None = None, endpoint: str | None = None) -> "QueryResult":
        """Run a named query, a .rq file or inline SPARQL on the build (or on an endpoint), parameters bound."""
        from .queries import bind, find_query
        from .sparql import run_endpoint, run_local

        named = find_query(spec, self.queries_dir)
        current = self._opened()
        bindings = bind(named, params or {}, current.dataset, self.resolve)
        if endpoint:
            return run_endpoint(endpoint, named.text, bindings)
        return run_local(current.store, named.text, bindings)

    def fact_filter(self, relations=(), exclude_relations=(), sources=(), polarity=None, since=None,
                    until=None) -> FactFilter:
        """A FactFilter from user input, every name checked against the vocabulary and the sources."""
        ds = self.dataset
        for kind, names, known in (("relation", (*relations, *exclude_relations), ds.relations),
                                   ("source", sources, ds.sources)):
            for name in names:
                if name not in known:
                    raise ValueError(f"unknown {kind} {name!r}{suggest(name, known)}")
        return FactFilter(tuple(relations), tuple(exclude_relations), tuple(sources), polarity,
                          parse_date(since).start if since else None, parse_date(until).end if until else None)

    def path(self, a: str, b: str, *, directed: bool = False, flt: FactFilter = FactFilter(), k: int = 1,
             all_paths: bool = False, max_hops: int = 4, via: str | None = None,
             limit: int | None = None) -> list[GraphPath]:
        """Paths between two actors (names resolved), shortest first."""
        return find_paths(self.dataset, self._opened().hops, self.resolve(a), self.resolve(b), directed=directed,
                          flt=flt, k=k, all_paths=all_paths, max_hops=max_hops,
                          via=self.resolve(via) if via else None, limit=limit)

    def neighbors(self, name: str, depth: int = 1, flt: FactFilter = FactFilter()) -> list[tuple[int, Hop]]:
        return neighbors(self.dataset, self._opened().hops, self.resolve(name), depth, flt)
