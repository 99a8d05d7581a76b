"""kg push's library: the real build pushed into empty SPARQL servers (Oxigraph, and Virtuoso as CI installs it),
then every named query asked of the server and of the build, with the same answers; a second push replaces and
never duplicates; small batches, SPARQL Update, auth and errors.

The Virtuoso variants fail, not skip, when virtuoso-t is missing: CI installs it (apt-get install -y
virtuoso-opensource)."""

from __future__ import annotations

import math
from decimal import Decimal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
import pytest
from test_queries import CASES, key  # tests/ is on sys.path, as for conftest.py
from virtuoso import SparqlServer, VirtuosoError, virtuoso_server

from actor_kg.sparql.push import PushError, Target, count_triples, push

SERVERS = ["oxigraph", "virtuoso"]
TOTAL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
KG_GRAPH = "https://w3id.org/actor-kg/graph/catalog"


# ---------------------------------------------------------------------------------------------------
# Servers


def _cell(term) -> str:
    """A comparable form of a term. A GROUP_CONCAT of aliases is compared as a set (its order is not
    defined). Numbers and booleans are compared by value: Virtuoso stores literals by value (an integer
    over 32 bits comes back as xsd:decimal) and returns booleans as 1 and 0."""
    if term is None:
        return ""
    if isinstance(term, Literal) and isinstance(term.toPython(), (bool, int, float, Decimal)):
        return f"number {Decimal(int(term.toPython()) if isinstance(term.toPython(), bool) else str(term.toPython())).normalize()}"
    text = term.n3()
    if isinstance(term, Literal) and " | " in str(term):
        return "|".join(sorted(str(term).split(" | ")))
    return text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK { }"})
    try:
        with urllib.request.urlopen(probe, timeout=1) as answer:
            return answer.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def oxigraph_server(workdir: Path) -> Iterator[SparqlServer]:
    """An empty `oxigraph serve` on a free loopback port; its default graph is the union of the named graphs,
    as the named queries expect. No auth."""
    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.exists():
        pytest.fail(f"the oxigraph server binary is missing next to {sys.executable} (pip install oxigraph)")
    workdir.mkdir(parents=True, exist_ok=True)
    for attempt in range(3):  # another process may take the port between choosing and binding it
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = SparqlServer(f"{base}/query", f"{base}/store", f"{base}/update", None, None, "none")
        log_path = workdir / f"oxigraph-{port}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [
                    str(binary),
                    "serve",
                    "--location",
                    str(workdir / f"store-{port}"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--union-default-graph",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            deadline = time.monotonic() + 15
            while process.poll() is None and not _answers(server.query_url) and time.monotonic() < deadline:
                time.sleep(0.05)
            if process.poll() is not None:
                if attempt < 2:
                    continue
                pytest.fail(f"oxigraph serve exited with {process.returncode}: {log_path.read_text()}")
            if not _answers(server.query_url):
                pytest.fail(f"oxigraph serve did not answer on {server.query_url}: {log_path.read_text()}")
            yield server
            return
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def sparql_server(kind: str, workdir: Path) -> Iterator[SparqlServer]:
    """A fresh, empty server of that kind; a Virtuoso that is missing or does not start fails the test."""
    with ExitStack() as stack:
        if kind == "oxigraph":
            yield stack.enter_context(oxigraph_server(workdir))
            return
        try:
            server = stack.enter_context(virtuoso_server(workdir))
        except VirtuosoError as exc:
            problem = str(exc)
        else:
            yield server
            return
    pytest.fail(f"Virtuoso is needed for this test and CI installs it: {problem}", pytrace=False)


def gsp(server: SparqlServer, **kw) -> Target:
    """Where to push on that server through the Graph Store Protocol."""
    return Target(graph_store=server.gsp_url, update=None, user=server.user, password=server.password, **kw)


def sparql_update(server: SparqlServer, **kw) -> Target:
    return Target(graph_store=None, update=server.update_url, user=server.user, password=server.password, **kw)


# ---------------------------------------------------------------------------------------------------
# Counting


def total(server: SparqlServer) -> int:
    """Triples in every named graph of the server (Virtuoso's own system graphs included)."""
    return int(server.select(TOTAL)["results"]["bindings"][0]["n"]["value"])


def server_counts(server: SparqlServer, graphs) -> dict[str, int]:
    """Triples per graph on the server, for the given graphs (0 for a graph it lacks)."""
    values = " ".join(f"<{g}>" for g in graphs)
    answer = server.select(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    )
    counts = {b["g"]["value"]: int(b["n"]["value"]) for b in answer["results"]["bindings"]}
    return {g: counts.get(g, 0) for g in graphs}


def local_counts(store: ox.Store) -> dict[str, int]:
    return {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}


def ask(server: SparqlServer, text: str) -> bool:
    return server.select(text)["boolean"]


@pytest.fixture(scope="module")
def store(real) -> ox.Store:
    return real.open().store


@pytest.fixture(scope="module")
def expected(store) -> dict[str, int]:
    """The build's triples per named graph: what every server must hold after a push."""
    counts = local_counts(store)
    assert len(counts) >= 3 and KG_GRAPH in counts and all(counts.values())
    assert sum(counts.values()) == count_triples(store) == len(store)  # the default graph is empty
    return counts


# ---------------------------------------------------------------------------------------------------
# The real build, pushed once per server kind, asked every named query


@pytest.fixture(scope="module", params=SERVERS)
def pushed(request, store, tmp_path_factory):
    """(server, report, triples the server held before): the build pushed into a fresh server of each kind."""
    with sparql_server(request.param, tmp_path_factory.mktemp(request.param)) as server:
        before = total(server)
        yield server, push(store, gsp(server)), before


@pytest.fixture(scope="module")
def local(real) -> dict:
    """Every case answered by the build itself."""
    return {key(name, params): real.query(name, params) for name, params in CASES}


def test_push_writes_every_graph_of_the_build(pushed, store, expected):
    server, report, before = pushed
    assert report.method == "graph store"
    assert report.graphs == len(expected)
    assert report.triples == sum(expected.values()) == count_triples(store)
    assert report.batches == len(expected)  # every graph fits one batch of 50,000
    assert report.seconds > 0
    assert server_counts(server, expected) == expected
    assert total(server) == before + report.triples  # nothing else was written


@pytest.mark.parametrize("name,params", CASES, ids=[key(n, p) for n, p in CASES])
def test_pushed_server_answers_every_query_as_the_build(real, local, pushed, name, params):
    server = pushed[0]
    here = local[key(name, params)]
    there = real.query(name, params, endpoint=server.query_url)
    assert there.form == here.form
    if here.form == "ask":
        assert there.boolean == here.boolean
    elif here.form == "graph":
        assert len(here.graph) > 0 and set(there.graph) == set(here.graph)
    else:
        assert there.variables == here.variables
        assert len(here.rows) > 0
        assert sorted(tuple(map(_cell, r)) for r in there.rows) == sorted(tuple(map(_cell, r)) for r in here.rows)


# ---------------------------------------------------------------------------------------------------
# Idempotence, batches, SPARQL Update: a fresh server per test


@pytest.fixture(params=SERVERS)
def server(request, tmp_path) -> Iterator[SparqlServer]:
    with sparql_server(request.param, tmp_path / request.param) as server:
        yield server


def test_a_second_push_replaces_and_never_duplicates(server, store, expected):
    stale = '<https://example.org/stale> <https://example.org/p> "from an older push" .\n'
    theirs = '<https://example.org/theirs> <https://example.org/p> "not ours" .\n'
    server.put_graph(KG_GRAPH, stale.encode())  # an older push's leftover
    server.put_graph("https://example.org/someone-else", theirs.encode())  # another user's graph
    server.put_graph("https://w3id.org/actor-kg/source/retired", theirs.encode())  # ours once, not in the build
    before = total(server)
    n = count_triples(store)
    for _ in range(2):
        report = push(store, gsp(server))
        assert (report.graphs, report.triples) == (len(expected), n)
        assert server_counts(server, expected) == expected
        assert total(server) == before - 1 + n  # the stale triple replaced, the rest untouched
    assert not ask(server, "ASK { GRAPH ?g { <https://example.org/stale> ?p ?o } }")
    assert ask(server, "ASK { GRAPH <https://example.org/someone-else> { <https://example.org/theirs> ?p ?o } }")
    assert ask(server, "ASK { GRAPH <https://w3id.org/actor-kg/source/retired> { ?s ?p ?o } }")


def test_small_batches_give_the_same_graphs(server, store, expected):
    sent: list[int] = []
    report = push(store, gsp(server), batch_size=100, progress=sent.append)
    assert report.batches == sum(math.ceil(n / 100) for n in expected.values()) > report.graphs
    assert len(sent) == report.batches and max(sent) == 100 and sum(sent) == report.triples == count_triples(store)
    assert server_counts(server, expected) == expected
    push(store, gsp(server), batch_size=100)
    assert server_counts(server, expected) == expected


def test_sparql_update_gives_the_same_graphs(server, store, expected):
    before = total(server)
    report = push(store, sparql_update(server))
    assert report.method == "update" and report.triples == count_triples(store)
    assert report.batches == sum(math.ceil(n / 2_000) for n in expected.values())  # UPDATE_BATCH
    assert server_counts(server, expected) == expected
    report = push(store, sparql_update(server), batch_size=700)  # again, in smaller requests: replaced
    assert report.batches == sum(math.ceil(n / 700) for n in expected.values())
    assert server_counts(server, expected) == expected
    assert total(server) == before + report.triples


# ---------------------------------------------------------------------------------------------------
# Empty graphs, blank nodes


@pytest.fixture
def oxigraph(tmp_path) -> Iterator[SparqlServer]:
    with oxigraph_server(tmp_path / "oxigraph") as server:
        yield server


def _literal_store(graph: str, n: int) -> ox.Store:
    st = ox.Store()
    st.bulk_extend(
        [
            ox.Quad(
                ox.NamedNode(f"https://example.org/s/{i}"),
                ox.NamedNode("https://example.org/p"),
                ox.Literal(f"\u201cquoted\u201d \u2014 {i}", language="en"),
                ox.NamedNode(graph),
            )
            for i in range(n)
        ]
    )
    return st


@pytest.mark.parametrize("how", [gsp, sparql_update])
def test_an_empty_graph_empties_the_servers_copy(oxigraph, how):
    g = "https://example.org/g"
    push(_literal_store(g, 30), how(oxigraph), batch_size=7)
    assert server_counts(oxigraph, [g]) == {g: 30}
    empty = ox.Store()
    empty.add_graph(ox.NamedNode(g))
    report = push(empty, how(oxigraph))
    assert (report.graphs, report.triples, report.batches) == (1, 0, 1)
    assert server_counts(oxigraph, [g]) == {g: 0}


@pytest.mark.parametrize("how", [gsp, sparql_update])
def test_a_blank_node_stays_one_node_across_batches(oxigraph, how):
    g = ox.NamedNode("https://example.org/g")
    st = _literal_store(g.value, 10)
    p = ox.NamedNode("https://example.org/p")
    for b in range(3):
        node = ox.BlankNode()
        st.add(ox.Quad(ox.NamedNode(f"https://example.org/s/{b}"), p, node, g))
        for i in range(5):
            st.add(ox.Quad(node, p, ox.Literal(str(i)), g))
    push(st, how(oxigraph), batch_size=2)
    assert server_counts(oxigraph, [g.value]) == {g.value: 28}
    nodes = oxigraph.select("SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH ?g { ?b ?p ?o FILTER(isBlank(?b)) } }")
    assert nodes["results"]["bindings"][0]["n"]["value"] == "3"
    linked = oxigraph.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?b . ?b ?q ?o FILTER(isBlank(?b)) } }")
    assert linked["results"]["bindings"][0]["n"]["value"] == "15"


# ---------------------------------------------------------------------------------------------------
# Auth and errors


def test_credentials_are_sent_only_when_asked(oxigraph):
    report = push(_literal_store("https://example.org/g", 5), Target(oxigraph.gsp_url, None, "someone", "s3cret"))
    assert report.triples == 5 and server_counts(oxigraph, ["https://example.org/g"]) == {"https://example.org/g": 5}


def test_nothing_listening_names_the_url(store):
    url = f"http://127.0.0.1:{_free_port()}/store"
    with pytest.raises(PushError) as error:
        push(store, Target(url, None))
    assert url in str(error.value) and "is the server running" in str(error.value)


def test_no_graph_store_there_suggests_sparql_update(store, oxigraph):
    url = oxigraph.query_url.replace("/query", "/no-such-path")
    with pytest.raises(PushError) as error:
        push(store, Target(url, None))
    message = str(error.value)
    assert url in message and "HTTP 404" in message and "update=URL" in message


def test_virtuoso_wrong_or_missing_password_is_a_clear_error_that_never_shows_it(store, tmp_path):
    with sparql_server("virtuoso", tmp_path) as server:
        for target in (
            Target(server.gsp_url, None, server.user, "not-the-password"),
            Target(None, server.update_url, server.user, "not-the-password"),
        ):
            with pytest.raises(PushError) as error:
                push(store, target)
            message = str(error.value)
            assert "HTTP 401" in message and "check user and the password" in message
            assert "not-the-password" not in message and "not-the-password" not in repr(target)
        with pytest.raises(PushError) as error:
            push(store, Target(server.gsp_url, None))
        assert "HTTP 401" in str(error.value) and "pass user and" in str(error.value)
        with pytest.raises(PushError) as error:  # the anonymous endpoint takes queries only
            push(store, Target(None, server.query_url))
        assert "SR186" in str(error.value) and "/sparql-auth" in str(error.value)


# ---------------------------------------------------------------------------------------------------
# The auth handshake, against a small strict server: nonces that expire, and a record of every request


class _StrictAuth:
    """A loopback Graph Store that wants Digest (MD5, qop auth) or Basic auth, and lets a nonce answer only
    `uses` requests before calling it stale: what servers with short-lived nonces do mid-push."""

    def __init__(self, scheme: str, uses: int = 2):
        import hashlib
        import http.server
        import threading

        self.scheme, self.uses, self.log, self.graphs = scheme, uses, [], {}
        self.nonces: dict[str, int] = {}
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _challenge(self, stale=False):
                if fake.scheme == "basic":
                    return 'Basic realm="test"'
                nonce = f"{len(fake.nonces):032x}"
                fake.nonces[nonce] = 0
                return f'Digest realm="test", nonce="{nonce}", qop="auth", algorithm=MD5, stale={str(stale).lower()}'

            def _authorized(self) -> tuple[bool, bool]:
                """(authorized, stale)"""
                header = self.headers.get("Authorization", "")
                if fake.scheme == "basic":
                    import base64

                    return header == "Basic " + base64.b64encode(b"pusher:pa55").decode(), False
                if not header.startswith("Digest "):
                    return False, False
                f = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[7:]))

                def md5(t: str) -> str:
                    return hashlib.md5(t.encode()).hexdigest()

                ha1, ha2 = md5("pusher:test:pa55"), md5(f"{self.command}:{self.path}")
                good = f.get("uri") == self.path and f.get("response") == md5(
                    f"{ha1}:{f.get('nonce')}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}"
                )
                if f.get("nonce") not in fake.nonces:
                    return False, False
                fake.nonces[f["nonce"]] += 1
                return good and fake.nonces[f["nonce"]] <= fake.uses, good

            def _handle(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ok, stale = self._authorized()
                fake.log.append((self.command, ok, len(body)))
                if not ok:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", self._challenge(stale))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
                if self.command == "PUT":
                    fake.graphs[graph] = b""
                if self.command in ("PUT", "POST"):
                    fake.graphs[graph] = fake.graphs.get(graph, b"") + body
                self.send_response(204)
                self.end_headers()

            do_HEAD = do_PUT = do_POST = _handle

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/gsp"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("scheme", ["digest", "basic"])
def test_auth_is_answered_before_any_body_is_sent_and_renewed_when_stale(scheme):
    g = "https://example.org/g"
    local = _literal_store(g, 25)
    with _StrictAuth(scheme, uses=2) as server:
        report = push(local, Target(server.url, None, "pusher", "pa55"), batch_size=5)
        assert report.batches == 5
        sent = b"".join(ox.serialize([q.triple], format=ox.RdfFormat.N_TRIPLES) for q in local)
        assert sorted(server.graphs[g].splitlines()) == sorted(sent.splitlines())
        refused = [(method, size) for method, ok, size in server.log if not ok]
        assert refused[0] == ("HEAD", 0)  # the probe: no body goes out before the challenge is known
        if scheme == "digest":  # a nonce answers two requests here: every third request is refused and retried
            assert [m for m, _ in refused] == ["HEAD", "POST", "POST"]
        else:
            assert refused == [("HEAD", 0)]
        with pytest.raises(PushError) as error:
            push(local, Target(server.url, None, "pusher", "wrong-pa55"))
        assert "HTTP 401" in str(error.value) and "wrong-pa55" not in str(error.value)


def test_cli_push_then_query_the_server(real, oxigraph, monkeypatch):
    """The commands a user types: `kg push --endpoint`, then `kg query --endpoint` answers as the build does."""
    from click.testing import CliRunner

    from actor_kg.cli import main

    def kg(*args: str):
        return CliRunner().invoke(main, ["--data", str(real.data_dir), "--build", str(real.build_dir), *args])

    pushed = kg("push", "--endpoint", oxigraph.gsp_url)
    assert pushed.exit_code == 0, pushed.output
    assert "graphs (7 requests, graph store)" in pushed.output and "pushed " in pushed.output
    here = kg("query", "actor-facts", "-p", "actor=Baku", "--format", "csv")
    there = kg("query", "actor-facts", "-p", "actor=Baku", "--format", "csv", "--endpoint", oxigraph.query_url)
    assert there.exit_code == 0 and there.output == here.output and len(here.output.splitlines()) > 150
    monkeypatch.delenv("KG_PASSWORD", raising=False)
    no_password = kg("push", "--endpoint", oxigraph.gsp_url, "--user", "dba")
    assert no_password.exit_code == 2 and "set KG_PASSWORD" in no_password.output
    refused = kg("push", "--endpoint", oxigraph.gsp_url.replace("/store", "/nowhere"))
    assert refused.exit_code == 1 and "--update" in refused.output
