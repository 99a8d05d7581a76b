"""Scale benchmark: kg against the plain rdflib + networkx baseline on synthetic corpora, as markdown.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--output bench/scale-results.md]
                                    [--workdir /tmp/kgbench] [--skip-baseline-above N]
                                    [--timeout 3600] [--query-timeout 300]

For each size a corpus is generated (bench/synthetic.py, not timed), then, each step in a fresh
process whose wall time and peak RSS are taken from os.wait4 (that child's own rusage):

- kg: `kg import` (validate + build), the queries (point, aggregate, two path-shaped, then every
  other bundled named query) through the library API on the opened build (median of several runs
  after a warm-up), `kg path A B` cold, `kg viz --focus F --depth 1`, `kg export --format nq`;
- the store's own limit on the same quads: a raw pyoxigraph `bulk_load` of that export into a fresh
  store and a raw `dump` of it, with the build's quads and N-Quads bytes per fact, so what a build
  could gain by writing less is visible;
- baseline, what a user would write without kg: the same quads (`kg export --format nq`, not timed)
  parsed into an in-memory `rdflib.Dataset(default_union=True)`, converted with
  `rdflib_to_networkx_multidigraph`, the same SPARQL queries on rdflib's engine, a cold script
  parse + convert + `nx.shortest_path`, and a pyvis page of the focus's ego graph.

The machine is shared and noisy, so compare the "baseline ÷ kg" ratios of one run rather than
seconds across runs. The targets apply at 1M facts and are marked met or missed there.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
KG = [sys.executable, "-m", "actor_kg"]
TARGET_SIZE = 1_000_000
PACKAGES = ("actor-kg", "rdflib", "pyoxigraph", "networkx", "pyvis")


# --- the queries, run the same way in both engines -------------------------------------------------
@dataclass(frozen=True)
class Query:
    key: str
    spec: str  # a named query of queries/ or inline SPARQL
    params: dict[str, str]  # parameter -> entity id
    title: str
    target_ms: float | None = None  # the target at 1M facts


# The entities two hops from both ends, in either direction, over entity-valued relations. The header
# declares the parameters, as kg requires of a query it binds parameters in.
TWO_HOPS = """# param: a entity  One end
# param: b entity  The other end
SELECT DISTINCT ?a ?mid ?b WHERE {
  { ?a ?p1 ?mid } UNION { ?mid ?p1 ?a }
  { ?mid ?p2 ?b } UNION { ?b ?p2 ?mid }
  ?p1 kg:objectKind "entity" . ?p2 kg:objectKind "entity" .
}"""


def queries(roles: dict) -> list[Query]:
    """The point, aggregate and path-shaped queries for a corpus (its corpus.json roles); the slowest last,
    since a query timeout ends the worker."""
    point, a, b = roles["point"]["id"], roles["path_a"]["id"], roles["path_b"]["id"]
    return [
        Query("point", "actor-facts", {"actor": point}, f"point: `actor-facts` actor={point}", 10),
        Query("aggregate", "facts-per-relation", {}, "aggregate: `facts-per-relation` (GROUP BY)", 1000),
        Query("two-hops", TWO_HOPS, {"a": a, "b": b}, f"path-shaped: entities two hops between {a} and {b}"),
        Query(
            "actions-between",
            "actions-between",
            {"actor": a, "target": b},
            f"path-shaped: `actions-between` {a} → {b} (property paths `*`)",
        ),
    ]


def named_queries(roles: dict, data: Path) -> list[Query]:
    """Every bundled named query (not in `queries`), its parameters bound from the corpus: entities to the
    path ends (a first entity parameter the first end, the next the other), a relation, a type, a date."""
    from actor_kg.sparql.library import library

    done = {q.spec for q in queries(roles)}
    ends = [roles["path_a"]["id"], roles["path_b"]["id"]]
    values = {
        "relation": "criticizes",
        "type": "person",
        "date": "2020",
        "end-date": "2025",
        "integer": "10",
        "string": "x",
    }
    out = []
    for name, q in library(None).items():
        if name in done:
            continue
        params: dict[str, str] = {}
        entities = iter(ends * 3)
        for p in q.params.values():
            if p.optional:
                continue
            params[p.name] = next(entities) if p.kind == "entity" else values.get(p.kind, "")
        if "source" in (p.kind for p in q.params.values() if not p.optional):
            params.update({p.name: "syn-00001" for p in q.params.values() if p.kind == "source" and not p.optional})
        out.append(
            Query(
                name,
                name,
                params,
                f"named query `{name}`" + (f" ({', '.join(f'{k}={v}' for k, v in params.items())})" if params else ""),
                1000,
            )
        )
    return out


def emit(**values: object) -> None:
    """A worker's results go out as they come, one JSON line each, so a killed worker leaves the earlier ones."""
    print(json.dumps(values), flush=True)


def timed_queries(run: Callable[[Query], int], specs: list[dict], budget: float) -> None:
    """Emit the latency of each query; SIGALRM (default action: terminate, even inside native code) ends
    the worker when one query takes longer than `budget` seconds, and the parent reports a timeout."""
    emit(budget=budget)
    for q in (Query(**d) for d in specs):
        emit(running=q.key)
        signal.alarm(max(1, round(budget)))
        emit(**{q.key: latency(lambda q=q: run(q))})
        signal.alarm(0)


def latency(run: Callable[[], int], repeats: int = 5) -> dict:
    """Median milliseconds of `run` (which returns a row count) after one warm-up; fewer runs when slow."""
    started = time.perf_counter()
    rows = run()
    warm = time.perf_counter() - started
    n = repeats if warm < 2 else 1 if warm < 30 else 0
    times = []
    for _ in range(n):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"ms": 1000 * statistics.median(times or [warm]), "rows": rows, "runs": len(times) or 1}


def peak_mb_self() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- workers: each runs in a fresh process started by `measure` and emits JSON lines -----------
def worker_kg_queries(args: dict) -> None:
    """The queries through the library API (Project.query) on the build the import wrote."""
    from actor_kg.project import Project

    p = Project(Path(args["data"]), Path(args["build"]))
    p.open()
    emit(rebuilt=p.rebuilt)
    timed_queries(lambda q: len(p.query(q.spec, q.params).rows), args["queries"], args["budget"])


def rdflib_dataset(nq: str):
    """The baseline's store: the N-Quads parsed into an in-memory Dataset whose default graph is the union."""
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    return ds


def to_networkx(ds):
    """The union graph as a networkx MultiDiGraph. The converter iterates its argument for (s, p, o);
    a Dataset iterates quads, so it gets the union's triples."""
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    return rdflib_to_networkx_multidigraph(ds.triples((None, None, None)))


def stopwatch(fn: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def worker_baseline_session(args: dict) -> None:
    """Parse, convert, a pyvis page of the focus, then the queries on rdflib's SPARQL engine
    (parameters given as initBindings, the project's prefixes declared as kg does)."""
    from rdflib import URIRef

    from actor_kg.store.namespaces import ENT
    from actor_kg.sparql.engine import PROLOGUE
    from actor_kg.sparql.library import find_query, library

    ds, parse_s = stopwatch(lambda: rdflib_dataset(args["nq"]))
    emit(parse_s=parse_s, parse_peak_mb=peak_mb_self())
    g, convert_s = stopwatch(lambda: to_networkx(ds))
    emit(convert_s=convert_s, build_peak_mb=peak_mb_self())
    emit(**baseline_viz(g, URIRef(ENT[args["focus"]]), args["html"]))

    def run(q: Query) -> int:
        text = PROLOGUE + find_query(q.spec, library()).text
        return len(ds.query(text, initBindings={k: URIRef(ENT[v]) for k, v in q.params.items()}))

    timed_queries(run, args["queries"], args["budget"])


def baseline_viz(g, focus, html: str) -> dict:
    """What a user draws without kg: the radius-1 ego graph as a pyvis page."""
    import networkx as nx
    from pyvis.network import Network

    started = time.perf_counter()
    ego = nx.ego_graph(g, focus, radius=1, undirected=True)
    net = Network(directed=True, cdn_resources="remote")  # "local" would write a lib/ folder into the working directory
    for node in ego.nodes:
        net.add_node(str(node), label=str(node).rsplit("/", 1)[-1][:40])
    for u, v, key in ego.edges(keys=True):
        net.add_edge(str(u), str(v), title=str(key))
    net.write_html(html)
    return {"viz_s": time.perf_counter() - started, "viz_nodes": ego.number_of_nodes()}


def worker_baseline_path(args: dict) -> None:
    """The cold baseline of `kg path`: parse, convert, shortest path on the undirected view."""
    import networkx as nx
    from rdflib import URIRef

    from actor_kg.store.namespaces import ENT

    g = to_networkx(rdflib_dataset(args["nq"]))
    path = nx.shortest_path(g.to_undirected(as_view=True), URIRef(ENT[args["a"]]), URIRef(ENT[args["b"]]))
    emit(hops=len(path) - 1)


def worker_store_limit(args: dict) -> None:
    """What the store itself takes for the build's quads: a raw bulk_load of the N-Quads kg exports into a
    fresh store, then a raw dump of it (no kg code)."""
    import pyoxigraph as ox

    data = Path(args["nq"]).read_bytes()
    store = ox.Store(args["store"])
    _, load_s = stopwatch(lambda: (store.bulk_load(data, format=ox.RdfFormat.N_QUADS), store.flush()))
    emit(load_s=load_s, quads=len(store))
    with open(os.devnull, "wb") as sink:
        _, dump_s = stopwatch(lambda: store.dump(sink, format=ox.RdfFormat.N_QUADS))
    emit(dump_s=dump_s)


WORKERS: dict[str, Callable[[dict], None]] = {
    "kg-queries": worker_kg_queries,
    "store-limit": worker_store_limit,
    "baseline-session": worker_baseline_session,
    "baseline-path": worker_baseline_path,
}


# --- measuring subprocesses ------------------------------------------------------------------
@dataclass
class Run:
    """One finished process: wall time, its own peak RSS, how it ended and what it printed."""

    seconds: float
    peak_mb: float
    returncode: int
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    @property
    def failure(self) -> str:
        """What to print in the table instead of a value."""
        if self.timed_out:
            return f"timeout (> {self.seconds:.0f} s)"
        if self.returncode == -signal.SIGALRM:
            return "query timeout"
        last = (self.stderr.strip().splitlines() or [f"exit status {self.returncode}"])[-1]
        return "failed: " + last[:80]

    @cached_property
    def results(self) -> dict:
        """The JSON lines a worker emitted, merged."""
        out: dict = {}
        for line in self.stdout.splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                out.update(value)
        return out


def measure(cmd: list[str], timeout: float) -> Run:
    """Wall time and peak RSS of one fresh process; os.wait4 gives that child's own rusage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss / 1024,
            proc.returncode,
            killed.is_set(),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def median_run(cmd: list[str], timeout: float, repeats: int = 3) -> Run:
    """The run of median wall time out of `repeats` (just one when the first fails or takes over a minute)."""
    runs = [measure(cmd, timeout)]
    if runs[0].ok and runs[0].seconds < 60:
        runs += [measure(cmd, timeout) for _ in range(repeats - 1)]
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def worker_cmd(name: str, args: dict) -> list[str]:
    return [sys.executable, __file__, "--worker", name, json.dumps(args)]


def kg(corpus: Path, *args: str) -> list[str]:
    return [*KG, "--data", str(corpus / "data"), "--build", str(corpus / "build"), *args]


# --- one size -----------------------------------------------------------------------------------
@dataclass
class Settings:
    timeout: float  # seconds any one process may take
    query_timeout: float  # seconds any one query (warm-up and repeats) may take
    seed: int = 1


@dataclass
class Cell:
    """One measured value, or why there is none."""

    value: float | None = None
    note: str = ""

    def __add__(self, other: Cell) -> Cell:
        if self.value is None or other.value is None:
            return self if self.value is None else other
        return Cell(self.value + other.value)


def of_run(run: Run | None, attr: str) -> Cell:
    """`seconds` or `peak_mb` of a process that must have succeeded."""
    if run is None:
        return Cell(note="skipped")
    return Cell(getattr(run, attr)) if run.ok else Cell(note=run.failure)


def of_result(run: Run | None, *keys: str) -> Cell:
    """A value a worker emitted, e.g. ("point", "ms"); a query that was running when the worker was
    stopped is a timeout, one after it was not run."""
    if run is None:
        return Cell(note="skipped")
    value = run.results
    if run.results.get(keys[0]) == "timeout":
        return Cell(note=f"timeout (> {run.results.get('budget', 0):g} s)")
    try:
        for key in keys:
            value = value[key]
    except (KeyError, TypeError):
        if run.results.get("running") == keys[0]:
            return Cell(note=f"timeout (> {run.results.get('budget', 0):g} s)")
        if "running" in run.results and run.returncode == -signal.SIGALRM:
            return Cell(note="not run (a query before timed out)")
        return Cell(note=run.failure if not run.ok else "no result")
    return Cell(float(value))


def path_hops(run: Run | None) -> Cell:
    """The length of the path `kg path --format json` printed."""
    if run is None or not run.ok:
        return of_run(run, "seconds")
    return Cell(json.loads(run.stdout)["paths"][0]["length"])


@dataclass
class Row:
    metric: str
    unit: str  # s | ms | MB | count | per fact
    kg: Cell
    baseline: Cell
    target: float | None = None  # the upper bound at 1M facts, in `unit`


@dataclass
class SizeResult:
    n_facts: int
    corpus: dict
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _merged(a: Run, b: Run) -> Run:
    """Two query workers' runs as one: their outputs together, the worst exit status (0 when both ran)."""
    return Run(
        a.seconds + b.seconds,
        max(a.peak_mb, b.peak_mb),
        a.returncode if a.returncode else 0,
        False,
        a.stdout + "\n" + b.stdout,
        a.stderr + b.stderr,
    )


def bench_kg(corpus: Path, info: dict, settings: Settings) -> dict[str, Run | None]:
    """The kg pipeline, each step a fresh process; the later steps are skipped when the import fails."""
    roles = info["roles"]
    runs: dict[str, Run | None] = {
        "import": measure(kg(corpus, "import", str(corpus / "facts.jsonl")), settings.timeout)
    }
    if not runs["import"].ok:
        return {**runs, "queries": None, "path": None, "viz": None, "export": None, "limit": None}
    log("kg: queries")
    # each query in a fresh worker, so one that times out leaves the others measured
    runs["queries"] = None
    for q in queries(roles) + named_queries(roles, corpus / "data"):
        run = measure(
            worker_cmd(
                "kg-queries",
                {
                    "data": str(corpus / "data"),
                    "build": str(corpus / "build"),
                    "queries": [q.__dict__],
                    "budget": settings.query_timeout,
                },
            ),
            settings.timeout,
        )
        if run.returncode == -signal.SIGALRM:  # the table says so for this query alone
            run.stdout += "\n" + json.dumps({q.key: "timeout"})
        runs["queries"] = run if runs["queries"] is None else _merged(runs["queries"], run)
    log("kg: path")
    runs["path"] = median_run(
        kg(corpus, "path", roles["path_a"]["id"], roles["path_b"]["id"], "--format", "json"), settings.timeout
    )
    log("kg: viz")
    runs["viz"] = measure(
        kg(corpus, "viz", "--focus", roles["viz_focus"]["id"], "--depth", "1", "-o", str(corpus / "kg-viz.html")),
        settings.timeout,
    )
    log("kg: export nq, and the store's own limit on the same quads")
    nq = corpus / "dataset.nq"
    runs["export"] = measure(kg(corpus, "export", "--format", "nq", "-o", str(nq)), settings.timeout)
    runs["limit"] = (
        measure(worker_cmd("store-limit", {"nq": str(nq), "store": str(corpus / "limit-store")}), settings.timeout)
        if runs["export"].ok
        else None
    )
    return runs


def bench_baseline(corpus: Path, info: dict, settings: Settings) -> dict[str, Run | None]:
    """The rdflib + networkx baseline on the quads kg exported (the export is not part of the comparison)."""
    roles = info["roles"]
    nq = corpus / "dataset.nq"  # kg's export, written by bench_kg
    runs: dict[str, Run | None] = {}
    if not nq.exists():
        return {"session": None, "path": None}
    log("baseline: parse, convert, viz, queries")
    runs["session"] = measure(
        worker_cmd(
            "baseline-session",
            {
                "nq": str(nq),
                "queries": [q.__dict__ for q in queries(roles)],
                "budget": settings.query_timeout,
                "focus": roles["viz_focus"]["id"],
                "html": str(corpus / "baseline-viz.html"),
            },
        ),
        settings.timeout,
    )
    log("baseline: path")
    runs["path"] = median_run(
        worker_cmd("baseline-path", {"nq": str(nq), "a": roles["path_a"]["id"], "b": roles["path_b"]["id"]}),
        settings.timeout,
    )
    return runs


def manifest(corpus: Path) -> dict:
    try:
        return json.loads((corpus / "build" / "current" / "manifest.json").read_text())
    except (OSError, ValueError):
        return {}


def phases(built: dict) -> Cell:
    """The build's phases and their seconds, as its manifest records them, in one cell."""
    parts = [f"{name} {seconds:.1f} s" for name, seconds in (built.get("phase_seconds") or {}).items()]
    return Cell(note=", ".join(parts) or "—")


def rows(info: dict, k: dict[str, Run | None], b: dict[str, Run | None], built: dict) -> list[Row]:
    """The table of one size: kg's runs `k`, the baseline's runs `b`, the manifest of kg's build."""
    kq, session = k["queries"], b["session"]
    written = Cell(built["seconds"]) if "seconds" in built else Cell(note="—")
    facts = info["facts"]
    quads = built.get("counts", {}).get("triples")
    nq_bytes = info.get("nq_bytes")
    limit = k.get("limit")
    out = [
        Row(
            "import + build (baseline: parse + to networkx)",
            "s",
            of_run(k["import"], "seconds"),
            of_result(session, "parse_s") + of_result(session, "convert_s"),
            60,
        ),
        Row(
            "… limit: a raw `bulk_load` of the build's own N-Quads into a fresh store",
            "s",
            of_result(limit, "load_s"),
            Cell(note="—"),
        ),
        Row(
            "… quads per fact in the store",
            "per fact",
            Cell(quads / facts) if quads else Cell(note="—"),
            Cell(note="—"),
        ),
        Row(
            "… bytes of N-Quads per fact",
            "count",
            Cell(nq_bytes / facts) if nq_bytes else Cell(note="—"),
            Cell(note="—"),
        ),
        Row(
            "peak memory, import + build",
            "MB",
            of_run(k["import"], "peak_mb"),
            of_result(session, "build_peak_mb"),
            3072,
        ),
        Row(
            "… kg: writing the build (manifest seconds); baseline: rdflib parse",
            "s",
            written,
            of_result(session, "parse_s"),
        ),
        Row("… kg: phases of the build (manifest)", "s", phases(built), Cell(note="—")),
    ]
    for q in queries(info["roles"]):
        out += [
            Row(q.title, "ms", of_result(kq, q.key, "ms"), of_result(session, q.key, "ms"), q.target_ms),
            Row("… rows", "count", of_result(kq, q.key, "rows"), of_result(session, q.key, "rows")),
        ]
    for q in named_queries(info["roles"], Path()):
        out.append(Row(q.title, "ms", of_result(kq, q.key, "ms"), Cell(note="—"), q.target_ms))
    a, z, focus = (info["roles"][r] for r in ("path_a", "path_b", "viz_focus"))
    out += [
        Row(
            f"`kg path` cold, {a['id']} → {z['id']} (baseline: parse + convert + shortest_path)",
            "s",
            of_run(k["path"], "seconds"),
            of_run(b["path"], "seconds"),
            2,
        ),
        Row("… peak memory", "MB", of_run(k["path"], "peak_mb"), of_run(b["path"], "peak_mb")),
        Row(
            "… hops (baseline: any triple, statement and class nodes too)",
            "count",
            path_hops(k["path"]),
            of_result(b["path"], "hops"),
        ),
        Row(
            f"`kg viz --focus {focus['id']} --depth 1` (baseline: ego graph + pyvis, after parse)",
            "s",
            of_run(k["viz"], "seconds"),
            of_result(session, "viz_s"),
            5,
        ),
        Row(
            "… nodes drawn (baseline: statement, class and literal nodes too)",
            "count",
            Cell(focus["neighbours"] + 1) if k["viz"] is not None and k["viz"].ok else of_run(k["viz"], "seconds"),
            of_result(session, "viz_nodes"),
        ),
        Row(
            "`kg export --format nq` (the baseline's input); limit: the store's own dump",
            "s",
            of_run(k.get("export"), "seconds"),
            of_result(limit, "dump_s"),
        ),
    ]
    return out


def sanity(result: SizeResult, k: dict[str, Run | None]) -> list[str]:
    """Row counts on which the engines disagree, a rebuild where none was expected, kg failures."""
    out = []
    for query_row, count_row in zip(result.rows, result.rows[1:]):
        kv, bv = count_row.kg.value, count_row.baseline.value
        if count_row.metric == "… rows" and kv is not None and bv is not None and kv != bv:
            out.append(f"{query_row.metric}: kg returns {kv:g} rows, the baseline {bv:g}")
    if k["queries"] is not None and k["queries"].results.get("rebuilt"):
        out.append("opening the build for the queries rebuilt it: the import left a build older than the data")
    for name, run in k.items():
        if run is not None and not run.ok and run.returncode != -signal.SIGALRM:  # query timeouts are in the table
            out.append(f"kg {name}: {run.failure}; stderr ends {run.stderr.strip()[-300:]!r}")
    return out


def bench_size(n_facts: int, workdir: Path, baseline: bool, settings: Settings) -> SizeResult:
    from synthetic import write_corpus

    corpus = workdir / f"corpus-{n_facts}"
    log(f"{n_facts} facts: generating {corpus}")
    write_corpus(corpus, n_facts, settings.seed)
    info = json.loads((corpus / "corpus.json").read_text())
    log(f"{n_facts} facts: kg import")
    k = bench_kg(corpus, info, settings)
    if baseline and k["import"].ok:
        b = bench_baseline(corpus, info, settings)
    else:
        b = {"session": None, "path": None}
    nq = corpus / "dataset.nq"
    info["facts"] = manifest(corpus).get("counts", {}).get("facts") or n_facts
    info["nq_bytes"] = nq.stat().st_size if nq.exists() else None
    result = SizeResult(n_facts, info, rows(info, k, b, manifest(corpus)))
    result.warnings = sanity(result, k)
    return result


# --- the report ------------------------------------------------------------------------------
def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024**2:.1f} GiB RAM; {platform.python_implementation()} "
        f"{platform.python_version()} on {platform.system()} {platform.release()}; {', '.join(versions)}"
    )


def fmt(cell: Cell, unit: str) -> str:
    if cell.value is None:
        return cell.note.replace("|", "\\|")
    v = cell.value
    if unit == "count":
        return f"{v:,.0f}"
    if unit == "per fact":
        return f"{v:,.1f}"
    if unit == "MB":
        return f"{v:,.0f} MB"
    if unit == "ms":
        return f"{v:,.1f} ms" if v < 1000 else f"{v / 1000:,.2f} s"
    return f"{v:,.2f} s"


def ratio(row: Row) -> str:
    if row.unit in ("count", "per fact") or row.kg.value is None or row.baseline.value is None or not row.kg.value:
        return ""
    return f"{row.baseline.value / row.kg.value:,.1f}×"


def verdict(row: Row) -> tuple[str, str]:
    if row.target is None:
        return "", ""
    shown = fmt(Cell(row.target), row.unit).replace(".00 s", " s").replace(".0 ms", " ms")
    if row.kg.value is None:
        return f"≤ {shown}", "**missed**" if "timeout" in row.kg.note or "failed" in row.kg.note else "—"
    return f"≤ {shown}", "met" if row.kg.value <= row.target else "**missed**"


def table(result: SizeResult) -> str:
    c = result.corpus
    targets = result.n_facts == TARGET_SIZE
    head = ["metric", "kg", "baseline", "baseline ÷ kg"] + (["target (1M)", "met?"] if targets else [])
    lines = [
        f"### {result.n_facts:,} facts",
        "",
        (
            f"{c['entities']:,} entities, {c['sources']:,} sources; hub {c['roles']['hub']['id']} with "
            f"{c['roles']['hub']['facts']:,} facts; point actor {c['roles']['point']['facts']} facts; "
            f"viz focus {c['roles']['viz_focus']['neighbours']} neighbours."
        ),
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|",
    ]
    for row in result.rows:
        cells = [row.metric, fmt(row.kg, row.unit), fmt(row.baseline, row.unit), ratio(row)]
        if targets:
            cells += verdict(row)
        lines.append("| " + " | ".join(cells) + " |")
    lines += [f"\n> warning: {w}" for w in result.warnings]
    return "\n".join(lines)


def report(results: list[SizeResult], started: str, settings: Settings) -> str:
    return (
        "\n\n".join(
            [
                "## Scale benchmark (bench/scale.py)",
                f"Run {started} on {machine()}.",
                (
                    "Each step is a fresh process (wall time and its own peak RSS). Query latencies are the median of "
                    "up to 5 runs after a warm-up, in-process on the opened build (kg: `Project.query`) or the parsed "
                    f"graph (baseline: rdflib's SPARQL engine, `initBindings`); a query may take {settings.query_timeout:g} s, "
                    f"a step {settings.timeout:g} s. The machine is shared: compare the ratios, not seconds across runs."
                ),
                *(table(r) for r in results),
            ]
        )
        + "\n"
    )


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        WORKERS[sys.argv[2]](json.loads(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Comma-separated numbers of facts.")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "scale-results.md")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kgbench"))
    parser.add_argument(
        "--skip-baseline-above",
        type=int,
        default=None,
        metavar="N",
        help="Do not run the baseline for corpora of more than N facts.",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="Seconds any one process may take.")
    parser.add_argument(
        "--query-timeout", type=float, default=300, help="Seconds any one query (warm-up and repeats) may take."
    )
    parser.add_argument("--seed", type=int, default=1, help="Seed of the corpus generator.")
    args = parser.parse_args()
    settings = Settings(args.timeout, args.query_timeout, args.seed)
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        with_baseline = args.skip_baseline_above is None or n <= args.skip_baseline_above
        results.append(bench_size(n, args.workdir, with_baseline, settings))
        text = report(results, started, settings)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")  # after every size, so a long run leaves partial results
    print(text)


if __name__ == "__main__":
    main()
