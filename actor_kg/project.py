"""The library API: one object per data folder, one method per thing a user asks. The CLI is a thin layer over it.

Names the user types (entities, relations, sources, dates) are resolved here, so every method takes
ids or labels alike, and errors name what was wrong (see actor_kg.errors).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, overload
from collections.abc import Callable, Iterable

from .analysis.audit import Audit, audit
from .analysis.catalog import EntityRow, RelationRow, fact_counts, find_entities, relation_rows
from .analysis.conflicts import Conflict, conflicts
from .analysis.corroboration import Claim, claims
from .analysis.coverage import SourceCoverage, coverage
from .analysis.dyad import PERIODS, Dyad, dyad
from .analysis.filters import FactFilter
from .analysis.neighbors import neighbors
from .analysis.paths import GraphPath, Hop, find_paths
from .derived import members
from .analysis.timeline import TimelineEntry, newest_first, timeline
from .curated.load import load_dataset
from .curated.records import suggest
from .errors import DataError, InvalidArgument, Problem, arg, shown
from .fact_table import SUFFIXES
from .model import POLARITIES, Dataset
from .atomic import atomic_output, atomic_write
from .output.export import (
    FORMATS,
    RDF12_FORMATS,
    RDF_FORMATS,
    write_facts_csv,
    write_facts_jsonl,
    write_graph,
    write_rdf,
)
from .store.build import Build, build, ensure_build, fingerprint, open_build
from .results import EntityView, ValidationReport
from .store.shacl import check_shapes
from .text.dates import FactDate, parse_date

if TYPE_CHECKING:  # rdflib, pyoxigraph, trafilatura, spaCy… load only in the commands that use them
    from .ingest.article import AddedSource
    from .ingest.drafts import AcceptReport, DraftProgress
    from .suggest import SuggestedDraft
    from .sparql.engine import QueryResult
    from .sparql.library import NamedQuery
    from .sparql.push import PushReport

VIZ_FILE = "kg-graph.html"
ANNOTATION_FORMATS = ("brat", "label-studio")


class Project:
    """A data folder and its builds. `queries_dir` adds a folder of the user's own named queries to the
    bundled ones (default: $KG_QUERIES, if set).

    >>> Project("data", "build").data_dir
    PosixPath('data')
    """

    def __init__(
        self, data_dir: str | Path = "data", build_dir: str | Path = "build", queries_dir: str | Path | None = None
    ):
        self.data_dir, self.build_dir = Path(data_dir), Path(build_dir)
        queries_dir = queries_dir if queries_dir is not None else os.environ.get("KG_QUERIES") or None
        self.queries_dir = Path(queries_dir) if queries_dir else None
        self.rebuilt = False  # set when the last open() had to rebuild
        self.unbuilt_problems: list[Problem] = []  # set when open() serves the previous build: why it could not rebuild
        self._current: Build | None = None

    def __repr__(self) -> str:
        return f"Project({str(self.data_dir)!r}, {str(self.build_dir)!r})"

    # --- builds ---------------------------------------------------------------------------
    def build(self) -> Build:
        """Validate the data and write a new build (raises DataError, keeping the old build, on any problem)."""
        self._current = build(self.data_dir, self.build_dir)
        return self._current

    def open(self) -> Build:
        """The current build, rebuilt first if it is missing or older than the data.

        When the data has problems and an earlier build is there, that build is served (it is intact, and
        answers as it did): `unbuilt_problems` then lists why it could not be rebuilt. Without an earlier
        build, DataError. The other methods open the build once and then reuse it; call open() again to
        pick up data changed since."""
        self.unbuilt_problems = []
        try:
            self._current, self.rebuilt = ensure_build(self.data_dir, self.build_dir)
        except DataError as exc:
            previous = open_build(self.build_dir)
            if previous is None:
                raise
            self._current, self.rebuilt, self.unbuilt_problems = previous, False, exc.problems
        return self._current

    def _opened(self) -> Build:
        return self._current or self.open()

    @property
    def dataset(self) -> Dataset:
        return self._opened().dataset

    def validate(self) -> ValidationReport:
        """Every data problem at once; when the data loads cleanly, also the SHACL check of the built graph
        (rebuilt from what was just loaded when the build is stale: the data is read once)."""
        marks = fingerprint(self.data_dir)
        ds, problems = load_dataset(self.data_dir)
        if problems:
            return ValidationReport(problems)
        current, _ = ensure_build(self.data_dir, self.build_dir, dataset=ds, marks=marks)
        self._current = current
        try:
            return ValidationReport([], check_shapes(current.rdf, self.data_dir / "shapes.ttl"))
        except DataError as exc:
            return ValidationReport(exc.problems)

    # --- names the user types ------------------------------------------------------------
    def resolve(self, name: str) -> str:
        """The entity id a name stands for; an exact id needs no name index (100,000 entities take seconds to index)."""
        return name if name in self.dataset.entities else self._opened().index.resolve(name)

    def relation_id(self, name: str, param: str = "relations") -> str:
        """A relation's id from its id or label ('closes', 'is described as')."""
        relations = self.dataset.relations
        return _id_of("relation", name, {r.id: r.label for r in relations.values()}, param, "`kg relations` lists them")

    def type_id(self, name: str, param: str = "entity_type") -> str:
        """An entity type's id from its id or label ('person', 'Person')."""
        types = self.dataset.entity_types
        return _id_of(
            "entity type",
            name,
            {t.id: t.label for t in types.values()},
            param,
            "`kg stats` lists the types in use, data/entity_types.yaml all of them",
        )

    def source_id(self, name: str, param: str = "sources") -> str:
        """A source's id from its id or title."""
        sources = self.dataset.sources
        return _id_of(
            "source", name, {s.id: s.display_title for s in sources.values()}, param, f"sources: {', '.join(sources)}"
        )

    def fact_filter(
        self,
        relations: Iterable[str] = (),
        exclude_relations: Iterable[str] = (),
        sources: Iterable[str] = (),
        polarity: str | None = None,
        since: str | None = None,
        until: str | None = None,
        min_sources: int = 1,
        said_by: str | None = None,
    ) -> FactFilter:
        """A FactFilter from what a user typed: relations and sources by id or label, dates in any form
        of actor_kg.text.dates (since takes a date's first day, until its last), `said_by` an actor (any
        name) whose statements, or those of whoever belongs to it, are kept."""
        if polarity is not None and polarity not in POLARITIES:
            raise InvalidArgument(f"polarity {polarity!r} must be one of {', '.join(POLARITIES)}", "polarity")
        return FactFilter(
            tuple(self.relation_id(r) for r in relations),
            tuple(self.relation_id(r, "exclude_relations") for r in exclude_relations),
            tuple(self.source_id(s) for s in sources),
            polarity,
            _date(since, "since").start if since else None,
            _date(until, "until").end if until else None,
            min_sources,
            frozenset(members(self.dataset, self.resolve(said_by))) if said_by else frozenset(),
        )

    # --- reading ---------------------------------------------------------------------------
    def stats(self) -> dict[str, Counter]:
        ds = self.dataset
        return {
            "entities by type": Counter(ds.entity_types[e.type].label for e in ds.entities.values()),
            "facts by relation": Counter(ds.relations[f.relation].label for f in ds.facts),
            "facts by source": Counter(f.source for f in ds.facts),
            "facts by modality": Counter(f.modality for f in ds.facts),
            "facts by polarity": Counter(ds.relations[f.relation].polarity for f in ds.facts),
        }

    def entities(
        self, text: str | None = None, entity_type: str | None = None, limit: int | None = None
    ) -> list[EntityRow]:
        """Entities whose id, label or alias contains `text` (any case, no diacritics), then similar names;
        all when `text` is None; only of `entity_type` (id or label) when given."""
        current = self._opened()
        type_id = self.type_id(entity_type) if entity_type else None
        return find_entities(current.dataset, fact_counts(current.hops), text, type_id, limit)

    def relations(self) -> list[RelationRow]:
        """The relation vocabulary, each with how many facts use it."""
        return relation_rows(self.dataset)

    def show(self, name: str, flt: FactFilter = FactFilter(), limit: int | None = None) -> EntityView:
        """An entity and the facts `flt` keeps, newest first (undated ones after the dated), at most `limit`
        of each kind; found through the hop graph: only this entity's facts are read."""
        current = self._opened()
        ds, hops = current.dataset, current.hops
        eid = self.resolve(name)
        node = hops.nodes[eid]
        positions = sorted({i for other in hops[eid] for i in hops[eid][other]["facts"]} | set(node["literals"]))
        facts = newest_first(f for f in (ds.facts[i] for i in positions) if flt.keeps(f, ds))
        claims = newest_first(f for f in (ds.facts[i] for i in node["claims"]) if flt.keeps(f, ds))
        outgoing, incoming = [f for f in facts if f.subject == eid], [f for f in facts if f.object == eid]
        return EntityView(
            ds.entities[eid],
            outgoing[:limit],
            incoming[:limit],
            claims[:limit],
            (len(outgoing), len(incoming), len(claims)),
        )

    def claims(self, flt: FactFilter = FactFilter(), single_source: bool = False, key_only: bool = True) -> list[Claim]:
        """The claims, each with the facts of every source that states it (actor_kg.analysis.corroboration)."""
        return claims(self.dataset, flt, single_source, key_only)

    def coverage(self, source: str | None = None) -> list[SourceCoverage]:
        return coverage(self.dataset, [self.source_id(source)] if source else None)

    def conflicts(self) -> list[Conflict]:
        return conflicts(self.dataset)

    def audit(self, source: str | None = None) -> Audit:
        """The annotations' quality report, of one source (id or title) or all, with the thresholds crossed."""
        return audit(self.dataset, [self.source_id(source)] if source else None)

    def timeline(
        self,
        actor: str | None = None,
        flt: FactFilter = FactFilter(),
        *,
        strict: bool = False,
        between: tuple[str, str] | None = None,
        directed: bool = False,
    ) -> list[TimelineEntry]:
        """Dated facts as events in date order (see actor_kg.analysis.timeline): those of `actor` (any
        name) when given, or `between` two actors either way (only from the first to the second when
        `directed`); an actor takes in what belongs to it (its leaders, agencies, officials) unless `strict`."""
        ds = self.dataset

        def side(name: str) -> set[str]:
            eid = self.resolve(name)
            return {eid} if strict else members(ds, eid)

        return timeline(
            ds, side(actor) if actor else None, flt, (side(between[0]), side(between[1])) if between else None, directed
        )

    def dyad(
        self,
        a: str,
        b: str,
        by: str = "quarter",
        *,
        per_claim: bool = False,
        flt: FactFilter = FactFilter(),
        strict: bool = False,
    ) -> Dyad:
        """How relations between two actors (any names) moved, per month, quarter or year (see
        actor_kg.analysis.dyad)."""
        if by not in PERIODS:
            raise InvalidArgument(f"period {by!r} must be one of {', '.join(PERIODS)}", "by")
        return dyad(self.dataset, self.resolve(a), self.resolve(b), by, per_claim, flt, strict)

    def dyad_chart(self, d: Dyad, output: str | Path) -> Path:
        """Draw a dyad (from dyad()) as SVG, HTML or PNG, by the file's suffix, atomically."""
        from .output.chart import write_chart

        return write_chart(self.dataset, d, Path(output))

    def path(
        self,
        a: str,
        b: str,
        *,
        directed: bool = False,
        flt: FactFilter = FactFilter(),
        k: int = 1,
        all_paths: bool = False,
        max_hops: int | None = None,
        via: str | None = None,
        limit: int | None = None,
        attribution: bool = True,
    ) -> list[GraphPath]:
        """Paths between two actors (names resolved), shortest first, each hop with its facts. `max_hops`
        bounds every search (default 4 with all_paths, else 8). Attribution edges (one end says something
        of the other) are followed unless `attribution` is False."""
        return find_paths(
            self.dataset,
            self._opened().hops,
            self.resolve(a),
            self.resolve(b),
            directed=directed,
            flt=flt,
            k=k,
            all_paths=all_paths,
            max_hops=max_hops or (4 if all_paths else 8),
            via=self.resolve(via) if via else None,
            limit=limit,
            attribution=attribution,
        )

    def neighbors(
        self, name: str, depth: int = 1, flt: FactFilter = FactFilter(), attribution: bool = True
    ) -> list[tuple[int, Hop]]:
        return neighbors(self.dataset, self._opened().hops, self.resolve(name), depth, flt, attribution)

    # --- SPARQL ----------------------------------------------------------------------------
    def queries(self) -> dict[str, NamedQuery]:
        """The named queries: the bundled ones, and the user's folder's (which win on a name both have)."""
        from .sparql.library import library

        return library(self.queries_dir)

    def query(
        self, spec: str, params: dict[str, str] | None = None, endpoint: str | None = None, timeout: float | None = None
    ) -> QueryResult:
        """Run a named query, a .rq file or inline SPARQL on the build (or on an endpoint), parameters bound.
        `timeout` (seconds) stops it with QueryTimeout (default: none locally, 60 s on an endpoint)."""
        from .sparql.engine import run_endpoint, run_local
        from .sparql.library import bind, find_query

        named = find_query(spec, self.queries())
        current = self._opened()
        bindings = bind(named, params or {}, self)
        if endpoint:
            return run_endpoint(endpoint, named.text, bindings, timeout or 60)
        return run_local(current.store, named.text, bindings, timeout)

    def push(
        self,
        graph_store: str | None = None,
        update: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        content_type: str = "application/n-triples",
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> PushReport:
        """Load the build into a SPARQL server through its Graph Store Protocol URL, or else its SPARQL
        Update URL, replacing each graph the build holds (see actor_kg.sparql.push)."""
        from .sparql.push import Target, push

        target = Target(graph_store, update, user, password, content_type)
        return push(self._opened().store, target, batch_size=batch_size, progress=progress)

    def triples_to_push(self) -> int:
        """How many triples push() sends: sizes a progress bar."""
        from .sparql.push import count_triples

        return count_triples(self._opened().store)

    # --- writing ---------------------------------------------------------------------------
    @overload
    def export(self, fmt: str, out: BinaryIO, rdf12: bool = False) -> None: ...
    @overload
    def export(self, fmt: str, out: str | Path, rdf12: bool = False) -> Path: ...

    def export(self, fmt: str, out: BinaryIO | str | Path, rdf12: bool = False) -> Path | None:
        """Write the export in `fmt` (one of FORMATS), streamed from the build, to a binary stream or to a
        file (written atomically: readers see the old file or the new one; returns its path). `rdf12`
        writes statement nodes with RDF 1.2 triple terms (rdf:reifies), in nq or trig."""
        if fmt not in FORMATS:
            raise InvalidArgument(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}", "fmt")
        if rdf12 and fmt not in RDF12_FORMATS:
            raise InvalidArgument(
                f"RDF 1.2 triple terms are written in {' and '.join(RDF12_FORMATS)}, not {fmt}", "rdf12"
            )
        if isinstance(out, (str, Path)):
            with atomic_output(Path(out)) as stream:
                self.export(fmt, stream, rdf12)
            return Path(out)
        current = self._opened()
        if fmt == "jsonl":
            write_facts_jsonl(current.dataset, out)
        elif fmt == "csv":
            write_facts_csv(current.dataset, out)
        elif fmt in RDF_FORMATS:
            write_rdf(current.store, fmt, out, rdf12)
        else:
            write_graph(current.graph, fmt, out)
        return None

    def import_facts(self, table: str | Path, progress: Callable[[Path, int], None] | None = None) -> Build:
        """Check a fact table (JSONL or CSV in the export contract) against the data, copy it into
        DATA/imports (replacing one of the same name, so importing again never duplicates) and build.
        Nothing is copied when any record has a problem (DataError lists them all with their lines), nor
        when the build fails: reading, checking, building and copying are one step under the build lock."""
        table = Path(table)
        if table.suffix not in SUFFIXES:
            raise InvalidArgument(f"{table}: a fact table must be .jsonl or .csv (the formats of kg export)", "TABLE")
        if not table.is_file():
            raise InvalidArgument(f"{table}: no such file", "TABLE")
        self._current = build(self.data_dir, self.build_dir, table=table, progress=progress)
        return self._current

    def viz(
        self,
        output: str | Path | None = None,
        *,
        focus: str | None = None,
        depth: int = 1,
        flt: FactFilter = FactFilter(),
        title: str | None = None,
    ) -> Path:
        """Write the HTML page of the graph (optionally around `focus`, any name, within `depth` facts,
        of the facts `flt` keeps) atomically to `output` (default: BUILD/kg-graph.html). Returns its path."""
        from .output.viz import graph_page

        current = self._opened()
        html = graph_page(
            current.dataset,
            current.hops,
            self.resolve(focus) if focus is not None else None,
            depth,
            flt,
            title,
            store=current.store,
            queries=self.queries(),
        )
        return _write_page(Path(output) if output is not None else self.build_dir / VIZ_FILE, html)

    def path_viz(self, paths: list[GraphPath], output: str | Path, title: str | None = None) -> Path:
        """Write the page of `paths` (from path()), highlighted within their surroundings."""
        from .output.viz import path_page

        current = self._opened()
        return _write_page(
            Path(output),
            path_page(current.dataset, current.hops, paths, title=title, store=current.store, queries=self.queries()),
        )

    # --- adding articles -------------------------------------------------------------------
    def add_source(
        self,
        file: str | Path,
        *,
        source_id: str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        author: str | None = None,
        date: str | None = None,
        url: str | None = None,
        language: str | None = None,
    ) -> AddedSource:
        """Add a text or saved HTML page as a new source (see actor_kg.ingest.article): its text and
        metadata, null where the page and the options say nothing."""
        from .ingest.article import add_source

        added = add_source(
            self.data_dir,
            Path(file),
            source_id=source_id,
            title=title,
            publisher=publisher,
            author=author,
            date=date,
            url=url,
            language=language,
        )
        self._current = None  # the data changed: the next read rebuilds
        return added

    def suggest(
        self, source: str, *, replace: bool = False, use_extra: bool | None = None
    ) -> tuple[Path, SuggestedDraft]:
        """Draft the facts of a source for review (actor_kg.suggest): written to data/drafts/<source>.yaml,
        which the build does not read until `accept`. `replace` overwrites an earlier draft."""
        from .ingest.drafts import write_draft
        from .suggest import suggest_facts

        source_id = self.source_id(source, "source")
        draft = suggest_facts(self.dataset, source_id, use_extra=use_extra)
        return write_draft(
            self.data_dir, source_id, draft.header, draft.facts, draft.new_entities, replace=replace
        ), draft

    def import_annotations(
        self, file: str | Path, source: str, fmt: str | None = None, *, replace: bool = False
    ) -> tuple[Path, int]:
        """Annotations made in brat (a standoff .ann file) or Label Studio (its JSON export) on a source's
        text, as a draft of facts for review; every span checked verbatim. Returns the draft and its facts."""
        from .ingest.drafts import write_draft
        from .interchange import import_brat, import_labelstudio

        file = Path(file)
        fmt = fmt or {".ann": "brat", ".json": "label-studio"}.get(file.suffix.lower())
        if fmt not in ANNOTATION_FORMATS:
            raise InvalidArgument(
                f"cannot tell the format of {file.name}; give {arg('fmt')} ({' or '.join(ANNOTATION_FORMATS)})", "fmt"
            )
        source_id = self.source_id(source)
        try:
            content = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
            raise InvalidArgument(f"cannot read {file}: {reason}", "file") from None
        ds = self.dataset
        records = (
            import_brat(ds, source_id, content, file)
            if fmt == "brat"
            else import_labelstudio(ds, source_id, content, file)
        )
        header = {
            "made_by": f"kg import-annotations: {fmt} annotations in {file.name}",
            "notes": [
                "spans checked verbatim against the source text; entities named by a mention's text "
                "alone are marked for review"
            ],
        }
        return write_draft(self.data_dir, source_id, header, records, [], replace=replace), len(records)

    def export_annotations(
        self, source: str | None, fmt: str, folder: str | Path, *, replace: bool = False
    ) -> list[Path]:
        """One source's facts (or every source's) for review in brat or Label Studio, written as a folder."""
        from .interchange import write_brat, write_labelstudio

        if fmt not in ANNOTATION_FORMATS:
            raise InvalidArgument(f"unknown format {fmt!r}; choose from {', '.join(ANNOTATION_FORMATS)}", "fmt")
        ds = self.dataset
        sources = [self.source_id(source)] if source else sorted(ds.sources)
        write = write_brat if fmt == "brat" else write_labelstudio
        return write(ds, sources, Path(folder), replace)

    def drafts(self) -> list[DraftProgress]:
        """How far the review of each draft has come (work in progress: `validate` and `coverage` show it)."""
        from .ingest.drafts import draft_progress

        return draft_progress(self.data_dir)

    def accept(self, source: str) -> AcceptReport:
        """Move a reviewed draft into the data (facts/ and entities.d/), once nothing awaits review and it
        checks like curated data; the next read rebuilds."""
        from .ingest.drafts import accept_draft

        report = accept_draft(self.data_dir, source)
        self._current = None
        return report


def _id_of(kind: str, name: str, labels: dict[str, str], param: str, hint: str) -> str:
    """The id `name` stands for, given as an id or (in any case) as a label of `labels` (id → label)."""
    if name in labels:
        return name
    by_label = {label.casefold(): rid for rid, label in labels.items()}
    if name.casefold() in by_label:
        return by_label[name.casefold()]
    raise InvalidArgument(f"unknown {kind} {shown(name)}{suggest(name, [*labels, *labels.values()])}; {hint}", param)


def _date(text: str, param: str) -> FactDate:
    try:
        return parse_date(text)
    except InvalidArgument as exc:
        raise InvalidArgument(str(exc), param) from None


def _write_page(path: Path, html: str) -> Path:
    atomic_write(path, html)
    return path
