"""Scale benchmark: kg against the plain rdflib + networkx baseline on synthetic corpora, as markdown.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--output bench/scale-results.md]
                                    [--workdir /tmp/kgbench] [--skip-baseline-above N] [--timeout 3600]

For each size a corpus is generated (bench/synthetic.py, not timed), then, each step in a fresh
process whose wall time and peak RSS are taken from os.wait4 (that child's own rusage):

- kg: `kg import` (validate + build), the three queries through the library API on the opened build
  (median of several runs after a warm-up), `kg path A B` cold, `kg viz --focus F --depth 1`;
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
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
KG = [sys.executable, "-m", "graph"]
QUERIES_DIR = ROOT / "queries"
TARGET_SIZE = 1_000_000
PACKAGES = ("actor-kg", "rdflib", "pyoxigraph", "networkx", "pyvis")


# --- the three queries, run the same way in both engines ---------------------------------------
@dataclass(frozen=True)
class Query:
    key: str                  # point | aggregate | path-shaped
    spec: str                 # a named query of queries/ or inline SPARQL
    params: dict[str, str]    # parameter -> entity id
    title: str


def queries(roles: dict) -> list[Query]:
    """The point, aggregate and path-shaped queries for a corpus (its corpus.json roles)."""
    point, a, b = roles["point"]["id"], roles["path_a"]["id"], roles["path_b"]["id"]
    return [
        Query("point", "actor-facts", {"actor": point}, f"point: `actor-facts` actor={point}"),
        Query("aggregate", "SELECT ?relation (COUNT(?st) AS ?n) WHERE { ?st a kg:Statement ; rdf:predicate ?relation } "
                           "GROUP BY ?relation", {}, "aggregate: statements per relation (GROUP BY)"),
        Query("path-shaped", "actions-between", {"actor": a, "target": b},
              f"path-shaped: `actions-between` {a} → {b} (property paths)"),
    ]


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


# --- workers: each runs in a fresh process started by `measure` and prints one JSON document ------
def worker_kg_queries(args: dict) -> dict:
    """The queries through the library API on the already built store."""
    from graph.project import Project

    started = time.perf_counter()
    p = Project(Path(args["data"]), Path(args["build"]), QUERIES_DIR)
    p.open()
    rebuilt = p.rebuilt
    out = {"open_s": time.perf_counter() - started, "rebuilt": rebuilt, "queries": {}}
    for q in map(lambda d: Query(**d), args["queries"]):
        out["queries"][q.key] = latency(lambda: len(p.query(q.spec, q.params).rows))
    return out


def _rdflib_graph(nq: str) -> tuple[object, dict]:
    """The baseline's in-memory Dataset, and how long parsing took."""
    import rdflib

    started = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    return ds, {"parse_s": time.perf_counter() - started, "quads": len(ds)}


def _networkx(ds) -> tuple[object, float]:
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    started = time.perf_counter()
    g = rdflib_to_networkx_multidigraph(ds)
    return g, time.perf_counter() - started


def worker_baseline_session(args: dict) -> dict:
    """Parse, convert, the three queries on rdflib's SPARQL engine, and a pyvis page of the focus."""
    from rdflib import URIRef

    from graph.namespaces import ENT
    from graph.queries import find_query
    from graph.sparql import PROLOGUE

    ds, out = _rdflib_graph(args["nq"])
    out["parse_peak_mb"] = peak_mb_self()
    g, out["convert_s"] = _networkx(ds)
    out["build_peak_mb"] = peak_mb_self()
    out["queries"] = {}
    for q in map(lambda d: Query(**d), args["queries"]):
        text = PROLOGUE + find_query(q.spec, QUERIES_DIR).text
        bindings = {name: URIRef(ENT[value]) for name, value in q.params.items()}
        out["queries"][q.key] = latency(lambda: len(ds.query(text, initBindings=bindings)))
    out.update(baseline_viz(g, URIRef(ENT[args["focus"]]), args["html"]))
    return out


def baseline_viz(g, focus, html: str) -> dict:
    """What a user draws without kg: the radius-1 ego graph as a pyvis page."""
    import networkx as nx
    from pyvis.network import Network

    started = time.perf_counter()
    ego = nx.ego_graph(g, focus, radius=1, undirected=True)
    net = Network(directed=True)
    for node in ego.nodes:
        net.add_node(str(node), label=str(node).rsplit("/", 1)[-1][:40])
    for u, v, key in ego.edges(keys=True):
        net.add_edge(str(u), str(v), title=str(key))
    net.write_html(html)
    return {"viz_s": time.perf_counter() - started, "viz_nodes": ego.number_of_nodes()}


def worker_baseline_path(args: dict) -> dict:
    """The cold baseline of `kg path`: parse, convert, shortest path on the undirected view."""
    import networkx as nx
    from rdflib import URIRef

    from graph.namespaces import ENT

    ds, _ = _rdflib_graph(args["nq"])
    g, _ = _networkx(ds)
    path = nx.shortest_path(g.to_undirected(as_view=True), URIRef(ENT[args["a"]]), URIRef(ENT[args["b"]]))
    return {"hops": len(path) - 1}


WORKERS: dict[str, Callable[[dict], dict]] = {
    "kg-queries": worker_kg_queries,
    "baseline-session": worker_baseline_session,
    "baseline-path": worker_baseline_path,
}


# --- measuring subprocesses ------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    peak_mb: float
    ok: bool
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""

    @property
    def failure(self) -> str | None:
        """None when the run succeeded, else what to print in the table."""
        if self.timed_out:
            return f"timeout (> {self.seconds:.0f} s)"
        return None if self.ok else "failed: " + (self.stderr.strip().splitlines() or ["?"])[-1][:80]

    def json(self) -> dict:
        return json.loads(self.stdout)


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
        return Run(seconds, usage.ru_maxrss / 1024, proc.returncode == 0, killed.is_set(),
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def median_run(cmd: list[str], timeout: float, repeats: int = 3) -> Run:
    """The run of median wall time out of `repeats` (one when the first takes over a minute)."""
    runs = [measure(cmd, timeout)]
    if runs[0].ok and runs[0].seconds < 60:
        runs += [measure(cmd, timeout) for _ in range(repeats - 1)]
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def worker(name: str, args: dict, timeout: float) -> Run:
    return measure([sys.executable, __file__, "--worker", name, json.dumps(args)], timeout)


def kg(corpus: Path, *args: str) -> list[str]:
    return [*KG, "--data", str(corpus / "data"), "--build", str(corpus / "build"), *args]


# --- one size -----------------------------------------------------------------------------------
@dataclass
class Cell:
    """One measured value (or why there is none)."""

    value: float | None = None
    note: str = ""

    @classmethod
    def of(cls, run: Run | None, value: Callable[[Run], float]) -> "Cell":
        if run is None:
            return cls(note="skipped")
        return cls(note=run.failure) if run.failure else cls(value(run))


@dataclass
class Row:
    metric: str
    unit: str                       # s | ms | MB | count
    kg: Cell
    baseline: Cell
    target: float | None = None     # the upper bound at 1M facts, in `unit`


@dataclass
class SizeResult:
    n_facts: int
    corpus: dict
    rows: list[Row] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def bench_kg(corpus: Path, info: dict, timeout: float) -> tuple[dict[str, Run | None], dict]:
    """The kg pipeline; later steps are skipped when the import fails."""
    roles = info["roles"]
    runs: dict[str, Run | None] = {"import": measure(kg(corpus, "import", str(corpus / "facts.jsonl")), timeout)}
    if not runs["import"].ok:
        return {**runs, "queries": None, "path": None, "viz": None}, {}
    runs["queries"] = worker("kg-queries", {"data": str(corpus / "data"), "build": str(corpus / "build"),
                                            "queries": [q.__dict__ for q in queries(roles)]}, timeout)
    runs["path"] = median_run(kg(corpus, "path", roles["path_a"]["id"], roles["path_b"]["id"], "--format", "json"),
                              timeout)
    runs["viz"] = measure(kg(corpus, "viz", "--focus", roles["viz_focus"]["id"], "--depth", "1",
                             "-o", str(corpus / "kg-viz.html")), timeout)
    results = runs["queries"].json() if runs["queries"].ok else {}
    return runs, results


def bench_baseline(corpus: Path, info: dict, timeout: float) -> tuple[dict[str, Run | None], dict]:
    """The rdflib + networkx baseline on the quads kg exported."""
    roles = info["roles"]
    nq = corpus / "dataset.nq"
    runs: dict[str, Run | None] = {"export": measure(kg(corpus, "export", "--format", "nq", "-o", str(nq)), timeout)}
    if not runs["export"].ok:
        return {**runs, "session": None, "path": None}, {}
    runs["session"] = worker("baseline-session", {"nq": str(nq), "queries": [q.__dict__ for q in queries(roles)],
                                                  "focus": roles["viz_focus"]["id"],
                                                  "html": str(corpus / "baseline-viz.html")}, timeout)
    runs["path"] = median_run([sys.executable, __file__, "--worker", "baseline-path",
                               json.dumps({"nq": str(nq), "a": roles["path_a"]["id"], "b": roles["path_b"]["id"]})],
                              timeout)
    return runs, runs["session"].json() if runs["session"].ok else {}


def _get(results: dict, *keys: str) -> Callable[[Run], float]:
    def value(_: Run) -> float:
        out = results
        for k in keys:
            out = out[k]
        return out
    return value


def _path_hops(run: Run) -> float:
    return json.loads(run.stdout)["paths"][0]["length"]


def bench_size(n_facts: int, workdir: Path, baseline: bool, timeout: float, seed: int) -> SizeResult:
    from synthetic import write_corpus

    corpus = workdir / f"corpus-{n_facts}"
    log(f"{n_facts} facts: generating {corpus}")
    write_corpus(corpus, n_facts, seed)
    info = json.loads((corpus / "corpus.json").read_text())
    log(f"{n_facts} facts: kg")
    kg_runs, kgq = bench_kg(corpus, info, timeout)
    if baseline and kg_runs["import"].ok:
        log(f"{n_facts} facts: baseline")
        base_runs, bq = bench_baseline(corpus, info, timeout)
    else:
        base_runs, bq = {"export": None, "session": None, "path": None}, {}
    session = base_runs["session"]
    imp = kg_runs["import"]
    result = SizeResult(n_facts, info)
    result.rows = [
        Row("import + build (baseline: parse + to networkx)", "s", Cell.of(imp, lambda r: r.seconds),
            Cell.of(session, lambda r: bq["parse_s"] + bq["convert_s"]), 90),
        Row("peak memory, import + build", "MB", Cell.of(imp, lambda r: r.peak_mb),
            Cell.of(session, _get(bq, "build_peak_mb")), 4096),
        Row("… baseline: rdflib parse of the N-Quads", "s", Cell(note="—"), Cell.of(session, _get(bq, "parse_s"))),
        Row("… baseline: rdflib_to_networkx_multidigraph", "s", Cell(note="—"), Cell.of(session, _get(bq, "convert_s"))),
        Row("open the build (kg) / —", "s", Cell.of(kg_runs["queries"], _get(kgq, "open_s")), Cell(note="—")),
    ]
    for q, target in zip(queries(info["roles"]), (10, 1000, None)):
        result.rows += [
            Row(q.title, "ms", Cell.of(kg_runs["queries"], _get(kgq, "queries", q.key, "ms")),
                Cell.of(session, _get(bq, "queries", q.key, "ms")), target),
            Row("… rows", "count", Cell.of(kg_runs["queries"], _get(kgq, "queries", q.key, "rows")),
                Cell.of(session, _get(bq, "queries", q.key, "rows"))),
        ]
    a, b, focus = (info["roles"][k] for k in ("path_a", "path_b", "viz_focus"))
    result.rows += [
        Row(f"`kg path` cold, {a['id']} → {b['id']} (baseline: parse + convert + shortest_path)", "s",
            Cell.of(kg_runs["path"], lambda r: r.seconds), Cell.of(base_runs["path"], lambda r: r.seconds), 5),
        Row("… peak memory", "MB", Cell.of(kg_runs["path"], lambda r: r.peak_mb),
            Cell.of(base_runs["path"], lambda r: r.peak_mb)),
        Row("… hops found", "count", Cell.of(kg_runs["path"], _path_hops),
            Cell.of(base_runs["path"], lambda r: r.json()["hops"])),
        Row(f"`kg viz --focus {focus['id']} --depth 1` (baseline: ego graph + pyvis, after parse)", "s",
            Cell.of(kg_runs["viz"], lambda r: r.seconds), Cell.of(session, _get(bq, "viz_s"))),
        Row("… nodes drawn (baseline counts statement, class and literal nodes too)", "count",
            Cell.of(kg_runs["viz"], lambda r: focus["neighbours"] + 1), Cell.of(session, _get(bq, "viz_nodes"))),
        Row("(not compared) `kg export --format nq` for the baseline", "s",
            Cell.of(base_runs["export"], lambda r: r.seconds), Cell(note="—")),
    ]
    result.warnings = sanity(result, kgq, kg_runs)
    return result


def sanity(result: SizeResult, kgq: dict, kg_runs: dict[str, Run | None]) -> list[str]:
    """Disagreeing row counts, a rebuild where none was expected, and failures with their stderr."""
    out = []
    for row in result.rows:
        if row.metric.startswith("… rows") or row.metric.startswith("… hops"):
            k, b = row.kg.value, row.baseline.value
            if k is not None and b is not None and k != b:
                out.append(f"{row.metric.strip('… ')} differ after the row above: kg {k:g}, baseline {b:g}")
    if kgq.get("rebuilt"):
        out.append("the query worker had to rebuild: the import left a build older than the data")
    for name, run in kg_runs.items():
        if run is not None and not run.ok:
            out.append(f"kg {name} failed (exit or timeout); stderr ends: {run.stderr.strip()[-300:]!r}")
    return out


# --- the report ------------------------------------------------------------------------------
def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or platform.machine())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return (f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024 ** 2:.1f} GiB RAM; {platform.python_implementation()} "
            f"{platform.python_version()} on {platform.system()} {platform.release()}; {', '.join(versions)}")


def fmt(cell: Cell, unit: str) -> str:
    if cell.value is None:
        return cell.note
    v = cell.value
    if unit == "count":
        return f"{v:,.0f}"
    if unit == "MB":
        return f"{v:,.0f} MB"
    if unit == "ms":
        return f"{v:,.1f} ms" if v < 1000 else f"{v / 1000:,.2f} s"
    return f"{v:,.2f} s"


def ratio(row: Row) -> str:
    if row.unit == "count" or row.kg.value is None or row.baseline.value is None or not row.kg.value:
        return ""
    return f"{row.baseline.value / row.kg.value:,.1f}×"


def verdict(row: Row) -> tuple[str, str]:
    if row.target is None:
        return "", ""
    shown = fmt(Cell(row.target), row.unit).replace(".00 s", " s").replace(".0 ms", " ms")
    if row.kg.value is None:
        return f"≤ {shown}", "missed" if "timeout" in row.kg.note or "failed" in row.kg.note else "?"
    return f"≤ {shown}", "met" if row.kg.value <= row.target else "**missed**"


def table(result: SizeResult) -> str:
    c = result.corpus
    targets = result.n_facts == TARGET_SIZE
    head = ["metric", "kg", "baseline", "baseline ÷ kg"] + (["target (1M)", "met?"] if targets else [])
    lines = [f"### {result.n_facts:,} facts",
             "",
             f"{c['entities']:,} entities, {c['sources']:,} sources; hub {c['roles']['hub']['id']} with "
             f"{c['roles']['hub']['facts']:,} facts; point actor {c['roles']['point']['facts']} facts; "
             f"viz focus {c['roles']['viz_focus']['neighbours']} neighbours.",
             "",
             "| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for row in result.rows:
        cells = [row.metric, fmt(row.kg, row.unit), fmt(row.baseline, row.unit), ratio(row)]
        if targets:
            cells += verdict(row)
        lines.append("| " + " | ".join(cells) + " |")
    lines += [f"\n> warning: {w}" for w in result.warnings]
    return "\n".join(lines)


def report(results: list[SizeResult], started: str) -> str:
    return "\n\n".join([
        "## Scale benchmark (bench/scale.py)",
        f"Run {started} on {machine()}.",
        "Each step is a fresh process (wall time and its own peak RSS); query latencies are the median of "
        "up to 5 runs after a warm-up, in-process on the opened build (kg) or the parsed graph (baseline). "
        "The machine is shared: compare the ratios, not the seconds across runs.",
        *(table(r) for r in results),
    ]) + "\n"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        print(json.dumps(WORKERS[sys.argv[2]](json.loads(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Comma-separated numbers of facts.")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "scale-results.md")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/kgbench"))
    parser.add_argument("--skip-baseline-above", type=int, default=None, metavar="N",
                        help="Do not run the baseline for corpora of more than N facts.")
    parser.add_argument("--timeout", type=float, default=3600, help="Seconds any one step may take.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.strftime("%Y-%m-%d %H:%M %Z")
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        with_baseline = args.skip_baseline_above is None or n <= args.skip_baseline_above
        results.append(bench_size(n, args.workdir, with_baseline, args.timeout, args.seed))
        text = report(results, started)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")  # after every size, so a long run leaves partial results
    print(text)


if __name__ == "__main__":
    main()
