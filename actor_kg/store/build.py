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
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, TYPE_CHECKING
from collections.abc import Callable, Iterator

from ..version import __version__
from ..curated.drafts import DRAFTS
from ..curated.load import load_valid
from ..errors import BuildError, arg
from ..model import Dataset
from ..schema import SCHEMA
from ..text.names import EntityIndex
from .facts_file import FactsFile, write_facts
from .hop_graph import hop_graph, read_hops, write_hops
from .multigraph import to_networkx

if TYPE_CHECKING:  # the heavy libraries load only when a command needs them
    import networkx as nx
    import pyoxigraph as ox
    import rdflib

CURRENT = "current"
READERS = ".readers"  # in each build folder: readers hold it locked shared while they use the folder
# The version of what a build holds and how (the files above, the RDF model in the store): a number,
# raised whenever a change to the code changes what a build contains, and the digest of schema.yaml,
# from whose fact fields every part is made. Builds of another format are rebuilt.
FORMAT = f"10/{SCHEMA.digest[:16]}"
CATALOG = "catalog.json"


def fingerprint(data_dir: Path) -> list[list]:
    """What a build depends on: every data file (path, size, mtime) and the build format; not drafts
    (data/drafts/), which the build never reads, so saving one while reviewing rebuilds nothing.

    Sizes and mtimes, not hashes, so checking staleness stays cheap however large the data grows."""
    drafts = Path(data_dir) / DRAFTS
    files = [p for p in sorted(Path(data_dir).rglob("*")) if p.is_file() and drafts not in p.parents]
    marks = [[str(p.relative_to(data_dir)), p.stat().st_size, p.stat().st_mtime_ns] for p in files]
    return [["format", FORMAT, 0], *marks]


@contextmanager
def _locked(build_dir: Path) -> Iterator[None]:
    """The build folder's writer lock: one build (or import) at a time, from load to switch."""
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
        lock = open(build_dir / ".lock", "a")
    except OSError as exc:
        raise BuildError(
            f"cannot write the build folder {build_dir}: {exc.strerror}; make it writable, "
            f"or pass {arg('build_dir')}=DIR (KG_BUILD) to build elsewhere"
        ) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _readers_lock(folder: Path, exclusive: bool) -> IO[str] | None:
    """The lock file of a build folder, locked shared (a reader: blocks while the folder is being
    removed) or exclusive without waiting (a writer about to remove it: None when a reader holds it)."""
    try:
        handle = open(folder / READERS)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB if exclusive else fcntl.LOCK_SH)
    except OSError:
        handle.close()
        return None
    return handle


def _remove_leftovers(build_dir: Path, keep: Path | None) -> None:
    """Remove what no one can be using any more, under the writer lock: temporary folders and links of
    builds that were killed, and earlier builds that no reader holds open. A build still being read
    stays, and a later build removes it."""
    for path in build_dir.iterdir():
        if path.name.startswith(".tmp-") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{CURRENT}-") and path.is_symlink():
            path.unlink(missing_ok=True)
        elif path.name.startswith("build-") and path.is_dir() and path.resolve() != keep:
            lock = _readers_lock(path, exclusive=True)
            if lock is not None:
                with lock:
                    shutil.rmtree(path, ignore_errors=True)


def _current_target(build_dir: Path) -> Path | None:
    link = build_dir / CURRENT
    return (build_dir / os.readlink(link)).resolve() if link.is_symlink() else None


def _mode(folder: Path) -> None:
    """Build folders readable by others as a plain mkdir would make them (mkdtemp makes them private)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


@dataclass
class Build:
    """An opened build; the heavy parts load on first use."""

    path: Path
    manifest: dict = field(default_factory=dict)
    reading: IO[str] | None = field(default=None, repr=False, compare=False)  # the held readers lock

    @cached_property
    def dataset(self) -> Dataset:
        """The model; its facts are read from disk as they are used (see actor_kg.store.facts_file)."""
        with open(self.path / CATALOG, encoding="utf-8") as f:
            return Dataset.from_catalog_json(json.load(f), FactsFile(self.path))

    @cached_property
    def hops(self) -> nx.Graph:
        """The compact hop graph (actor_kg.store.hop_graph)."""
        return read_hops(self.path)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The full MultiDiGraph, an edge per fact with its record; built on first use."""
        return to_networkx(self.dataset)

    @cached_property
    def index(self) -> EntityIndex:
        """Names (ids, labels, aliases) to entities, built once per opened build."""
        return EntityIndex.of(self.dataset)

    @cached_property
    def store(self) -> ox.Store:
        """The persistent Oxigraph store of this build, opened read-only: no re-parsing."""
        import pyoxigraph as ox

        return ox.Store.read_only(str(self.path / "store"))

    @cached_property
    def rdf(self) -> rdflib.Dataset:
        """The store's quads as an rdflib Dataset (graphs kept, default graph the union), for rdflib users."""
        import pyoxigraph as ox
        import rdflib

        from ..store.namespaces import PREFIXES

        rdf = rdflib.Dataset(default_union=True)
        rdf.parse(data=self.store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        for prefix, ns in PREFIXES.items():
            rdf.bind(prefix, ns)
        return rdf


# The loader process: every term was checked when its quad was made, so lenient skips checking it again.
_LOAD = (
    "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
    "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS, lenient=True); s.flush()"
)


def _write(folder: Path, ds: Dataset, seconds: dict[str, float]) -> int:
    """Write every part of a build into `folder`, timing each in `seconds`; returns the store's quad count.

    The quads are serialized to N-Quads first, then bulk-loaded from that file into the store by a
    process of its own while the facts file, the catalog and the hop graph are written here, so two
    cores share the work (in a thread, the loader held up this one: it takes the GIL). Loading N-Quads
    is the store's fastest path, faster than handing it Python quad objects."""
    import pyoxigraph as ox

    from .rdf import quads

    started = time.perf_counter()
    began = started

    def lap(part: str) -> None:
        nonlocal started
        seconds[part] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()

    nquads = folder / "store.nq"
    with open(nquads, "wb", buffering=1 << 20) as serialized:
        ox.serialize(quads(ds), serialized, format=ox.RdfFormat.N_QUADS)
    lap("quads")
    loader = subprocess.Popen([sys.executable, "-c", _LOAD, str(folder / "store"), str(nquads)], stderr=subprocess.PIPE)
    try:
        write_facts(folder, ds.facts)
        with open(folder / CATALOG, "w", encoding="utf-8") as out:
            json.dump(ds.catalog_json(), out, ensure_ascii=False, separators=(",", ":"))
        lap("facts")
        write_hops(folder, hop_graph(ds))
        lap("hops")
    finally:
        _, problem = loader.communicate()
    if loader.returncode != 0:
        raise BuildError(f"the store could not load the build's quads: {problem.decode(errors='replace').strip()}")
    seconds["store"] = round(time.perf_counter() - began - seconds["quads"], 3)  # beside facts and hops
    nquads.unlink()
    store = ox.Store.read_only(str(folder / "store"))
    count = len(store)  # distinct quads: a triple two facts of one source state is stored once
    del store
    return count


def build(
    data_dir: Path,
    build_dir: Path,
    dataset: Dataset | None = None,
    marks: list[list] | None = None,
    table: Path | None = None,
    progress: Callable[[Path, int], None] | None = None,
) -> Build:
    """Validate the data and write a new build; raises DataError (and keeps the old build) on any problem.

    One build at a time, from reading the data to switching `current`, under the build folder's lock.
    `dataset` is the data folder already loaded and validated, with the `marks` (fingerprint) taken
    before it was read. `table` is a fact table to import: read as if it were in DATA/imports, and
    moved there only once the build that holds its facts is in place, so a failed import changes nothing."""
    data_dir, build_dir = Path(data_dir), Path(build_dir)
    with _locked(build_dir):
        _remove_leftovers(build_dir, _current_target(build_dir))
        started = time.perf_counter()
        if dataset is None or marks is None:
            marks = fingerprint(data_dir)  # before reading: data changed meanwhile makes the build stale, never wrong
            dataset = load_valid(data_dir, replace_import=table, progress=progress)
        phases = {"load": round(time.perf_counter() - started, 3)}
        try:
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=build_dir))
        except OSError as exc:
            raise BuildError(
                f"cannot write the build folder {build_dir}: {exc.strerror}; make it writable, "
                f"or pass {arg('build_dir')}=DIR (KG_BUILD) to build elsewhere"
            ) from None
        staged = None
        try:
            _mode(tmp)
            (tmp / READERS).touch()
            triples = _write(tmp, dataset, phases)
            if table is not None:
                staged, mark = _stage(table, data_dir)
                marks = [marks[0], *sorted([m for m in marks[1:] if m[0] != mark[0]] + [mark])]
            manifest = {
                "format": FORMAT,
                "version": __version__,
                "fingerprint": marks,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "seconds": round(time.perf_counter() - started, 3),
                "phase_seconds": phases,
                "counts": {
                    "entities": len(dataset.entities),
                    "facts": len(dataset.facts),
                    "sources": len(dataset.sources),
                    "triples": triples,
                },
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
            final = build_dir / f"build-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{tmp.name[-6:]}"
            tmp.rename(final)
            link = build_dir / f".{CURRENT}-{os.getpid()}"
            link.unlink(missing_ok=True)
            link.symlink_to(final.name)
            os.replace(link, build_dir / CURRENT)
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if staged is not None:
                staged.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise BuildError(f"cannot write the build in {build_dir}: {exc}") from None
            raise
        if staged is not None and table is not None:
            os.replace(staged, data_dir / "imports" / table.name)  # the build in place, the table joins the data
        _remove_leftovers(build_dir, final.resolve())
        opened = open_build(build_dir)
        return opened if opened is not None and opened.path == final.resolve() else Build(final.resolve(), manifest)


def _stage(table: Path, data_dir: Path) -> tuple[Path, list]:
    """A copy of an imported table beside its place in DATA/imports, and the fingerprint mark it will
    have there (a rename keeps size and mtime)."""
    folder = data_dir / "imports"
    try:
        folder.mkdir(exist_ok=True)
        staged = folder / f".{table.name}.{os.getpid()}.tmp"
        shutil.copyfile(table, staged)
    except OSError as exc:
        raise BuildError(f"cannot copy {table} into {folder}: {exc.strerror}; nothing was imported") from None
    info = staged.stat()
    return staged, [str((folder / table.name).relative_to(data_dir)), info.st_size, info.st_mtime_ns]


def open_build(build_dir: Path) -> Build | None:
    """The current build, held open for reading (a later build leaves it in place while it is read), or
    None if there is none or it is of another format. Raises BuildError when it is there but not readable."""
    build_dir = Path(build_dir)
    for _ in range(10):  # a build switched `current` between our reading the link and locking: read again
        folder = _current_target(build_dir)
        if folder is None:
            return None
        lock = _readers_lock(folder, exclusive=False)
        if lock is None:
            if folder.exists() and not os.access(folder, os.R_OK | os.X_OK):
                raise BuildError(
                    f"the build {folder} is not readable by you; ask its owner to share it, or pass "
                    f"{arg('build_dir')}=DIR (KG_BUILD) to build your own"
                )
            continue
        try:
            manifest = json.loads((folder / "manifest.json").read_text())
        except PermissionError:
            lock.close()
            raise BuildError(
                f"the build {folder} is not readable by you; ask its owner to share it, or pass "
                f"{arg('build_dir')}=DIR (KG_BUILD) to build your own"
            ) from None
        except (OSError, ValueError):
            lock.close()
            continue
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            lock.close()
            return None  # a build of another format: its files may not be what this code reads
        return Build(folder, manifest, lock)
    return None


def ensure_build(
    data_dir: Path, build_dir: Path, dataset: Dataset | None = None, marks: list[list] | None = None
) -> tuple[Build, bool]:
    """The current build, rebuilt first when missing or older than the data. Returns (build, rebuilt).
    `dataset`, when given with the `marks` taken before it was read, is the data folder already loaded
    and validated: a rebuild uses it."""
    current = open_build(build_dir)
    if current is not None and current.manifest.get("fingerprint") == fingerprint(Path(data_dir)):
        return current, False
    return build(data_dir, build_dir, dataset, marks), True
