"""Building the graph into a build folder atomically, and opening the current build.

Layout: BUILD/current is a symlink to BUILD/<stamp>/, which holds store/ (a persistent Oxigraph store:
SPARQL, exports), catalog.json (the validated model without its facts: vocabulary, entities, sources
with their texts, skipped sentences), facts.jsonl/facts.idx (the facts, readable by position), hops.json
(the compact hop graph) and manifest.json (format version, fingerprint of the data, counts, timings).
Every part is plain data: opening a build, even one from elsewhere, runs no code from it. Nothing is
re-parsed when a build is opened; each part loads on first use.
A new build is written beside the old one and the symlink is swapped in one rename, so a failed or
interrupted build leaves the previous build intact and readers never see a half-written one.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from .. import __version__
from ..curated.load import load_valid
from ..model import Dataset
from ..text.names import EntityIndex
from .facts_file import FactsFile, write_facts
from .hop_graph import hop_graph, read_hops, write_hops

if TYPE_CHECKING:  # the heavy libraries load only when a command needs them
    import networkx as nx
    import pyoxigraph as ox
    import rdflib

CURRENT = "current"
# The version of what a build holds and how (the files above, the RDF model in the store). Raise it
# whenever a change to the code changes what a build contains: builds of another format are rebuilt.
FORMAT = 2
CATALOG = "catalog.json"


def fingerprint(data_dir: Path) -> list[list]:
    """What a build depends on: every data file (path, size, mtime) and the build format.

    Sizes and mtimes, not hashes, so checking staleness stays cheap however large the data grows."""
    files = [p for p in sorted(Path(data_dir).rglob("*")) if p.is_file()]
    marks = [[str(p.relative_to(data_dir)), p.stat().st_size, p.stat().st_mtime_ns] for p in files]
    return [["format", FORMAT, 0], *marks]


@contextmanager
def _locked(build_dir: Path) -> Iterator[None]:
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@dataclass
class Build:
    """An opened build; the heavy parts load on first use."""

    path: Path
    manifest: dict = field(default_factory=dict)

    @cached_property
    def dataset(self) -> Dataset:
        """The model; its facts are read from disk as they are used (see actor_kg.store.facts_file)."""
        with open(self.path / CATALOG, encoding="utf-8") as f:
            return Dataset.from_catalog_json(json.load(f), FactsFile(self.path))

    @cached_property
    def hops(self) -> "nx.Graph":
        """The compact hop graph (actor_kg.store.hop_graph)."""
        return read_hops(self.path)

    @cached_property
    def graph(self) -> "nx.MultiDiGraph":
        """The full MultiDiGraph, an edge per fact with its record; built on first use."""
        from ..output.multigraph import to_networkx
        return to_networkx(self.dataset)

    @cached_property
    def index(self) -> EntityIndex:
        """Names (ids, labels, aliases) to entities, built once per opened build."""
        return EntityIndex.of(self.dataset)

    @cached_property
    def store(self) -> "ox.Store":
        """The persistent Oxigraph store of this build, opened read-only: no re-parsing."""
        import pyoxigraph as ox
        return ox.Store.read_only(str(self.path / "store"))

    @cached_property
    def rdf(self) -> "rdflib.Dataset":
        """The store's quads as an rdflib Dataset (graphs kept, default graph the union), for rdflib users."""
        import pyoxigraph as ox
        import rdflib

        from ..store.namespaces import PREFIXES
        rdf = rdflib.Dataset(default_union=True)
        rdf.parse(data=self.store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        for prefix, ns in PREFIXES.items():
            rdf.bind(prefix, ns)
        return rdf


def _write(folder: Path, ds: Dataset, seconds: dict[str, float]) -> int:
    """Write every part of a build into `folder`, timing each in `seconds`; returns the store's quad count."""
    import pyoxigraph as ox

    from .rdf import quads

    started = time.perf_counter()

    def lap(part: str) -> None:
        nonlocal started
        seconds[part] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()

    store = ox.Store(str(folder / "store"))
    store.bulk_extend(quads(ds))
    store.flush()
    count = len(store)  # distinct quads: a triple two facts of one source state is stored once
    del store
    lap("store")
    write_facts(folder, ds.facts)
    with open(folder / CATALOG, "w", encoding="utf-8") as out:
        json.dump(ds.catalog_json(), out, ensure_ascii=False, separators=(",", ":"))
    lap("facts")
    write_hops(folder, hop_graph(ds))
    lap("hops")
    return count


def build(data_dir: Path, build_dir: Path, dataset: Dataset | None = None) -> Build:
    """Validate the data and write a new build; raises DataError (and keeps the old build) on any problem.

    `dataset` is the data folder already loaded and validated (as `kg import` has it), not loaded again."""
    data_dir, build_dir = Path(data_dir), Path(build_dir)
    with _locked(build_dir):
        marks = fingerprint(data_dir)
        started = time.perf_counter()
        ds = dataset if dataset is not None else load_valid(data_dir)
        phases = {"load": round(time.perf_counter() - started, 3)}
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=build_dir))
        try:
            triples = _write(tmp, ds, phases)
            manifest = {
                "format": FORMAT,
                "version": __version__,
                "fingerprint": marks,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "seconds": round(time.perf_counter() - started, 3),
                "phase_seconds": phases,
                "counts": {"entities": len(ds.entities), "facts": len(ds.facts), "sources": len(ds.sources),
                           "triples": triples},
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
            final = build_dir / f"build-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{tmp.name[-6:]}"
            tmp.rename(final)
            link = build_dir / f".{CURRENT}-{os.getpid()}"
            link.unlink(missing_ok=True)
            link.symlink_to(final.name)
            previous = (build_dir / CURRENT).resolve() if (build_dir / CURRENT).is_symlink() else None
            os.replace(link, build_dir / CURRENT)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if previous and previous != final.resolve():
            shutil.rmtree(previous, ignore_errors=True)
        return Build(final, manifest)


def open_build(build_dir: Path) -> Build | None:
    """The current build, or None if there is none."""
    current = Path(build_dir) / CURRENT
    try:
        manifest = json.loads((current / "manifest.json").read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None  # a build of another format (or none): its files may not be what this code reads
    return Build(current.resolve(), manifest)


def ensure_build(data_dir: Path, build_dir: Path, dataset: Dataset | None = None) -> tuple[Build, bool]:
    """The current build, rebuilt first when missing or older than the data. Returns (build, rebuilt).
    `dataset`, when given, is the data folder already loaded and validated: a rebuild uses it."""
    current = open_build(build_dir)
    if current is not None and current.manifest.get("fingerprint") == fingerprint(Path(data_dir)):
        return current, False
    return build(data_dir, build_dir, dataset), True
