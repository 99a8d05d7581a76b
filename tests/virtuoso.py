"""A throw-away OpenLink Virtuoso server for tests: started on loopback in a fresh database folder, stopped after.

    with virtuoso_server(tmp_path) as server:
        server.put_graph("https://example.org/g", ntriples_bytes)   # Graph Store Protocol, digest auth as dba
        server.select("SELECT * { ?s ?p ?o }")                      # SPARQL JSON results, from server.query_url

Debian's package (apt-get install -y virtuoso-opensource) gives /usr/bin/virtuoso-t. Nothing of the package's own
instance is used: each server gets its own virtuoso.ini, database and free ports, all bound to 127.0.0.1 only.
A fresh database has the built-in accounts dba/dba and dav/dav, which is fine for a loopback-only server that
lives as long as a test.

What Virtuoso 7.2.5 (Debian 12) does, found by experiment:
- /sparql-graph-crud-auth is the Graph Store Protocol endpoint that writes; it takes HTTP digest auth only (realm
  SPARQL; basic auth gets 401, plain /sparql-graph-crud gets 403). PUT ?graph= replaces the graph (201 when new,
  200 when replaced, 204 for an empty body), POST appends (201 new / 200), DELETE drops (200, 404 when missing).
  It sniffs the body rather than trusting Content-Type: N-Triples as application/n-triples or text/turtle both
  load. A 26 MB N-Triples PUT (200,000 triples) loads in ~15 s.
- /sparql-auth runs SPARQL Update with digest auth; the anonymous /sparql refuses updates (HTTP 500, SR186).
- A query without GRAPH or FROM sees the union of all graphs, Virtuoso's own included
  (http://www.openlinksw.com/schemas/virtrdf#, ~2,500 triples); a triple in two graphs is matched twice,
  as with oxigraph's union default graph.
- Literals come back as sent (Unicode, long strings, language tags lower-cased, xsd:date/gYear/gYearMonth,
  custom datatypes) except numbers and booleans, stored by value: "1.50"^^xsd:decimal -> 1.5, "038"^^xsd:integer
  -> 38, "true"^^xsd:boolean -> 1, and, through this loader, an xsd:integer outside 32 bits becomes xsd:decimal.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from actor_kg.sparql.push import digest_authorization

INSTALL_HINT = "apt-get install -y virtuoso-opensource"
# Where Debian (and builds from source) put the server binary, after $PATH
_BINARY_CANDIDATES = (
    "/usr/bin/virtuoso-t",
    "/usr/lib/virtuoso-opensource-7/bin/virtuoso-t",
    "/usr/local/virtuoso-opensource/bin/virtuoso-t",
    "/opt/virtuoso-opensource/bin/virtuoso-t",
)
USER = PASSWORD = "dba"  # the built-in administrator of a fresh database


class VirtuosoError(RuntimeError):
    """The server could not be found, started or used; the message says why (with its log when it ran)."""


@dataclass
class SparqlServer:
    """Where a SPARQL server answers, and how to write to it. Works for any server: auth 'none' sends no
    credentials, 'basic' sends them at once, 'digest' answers the server's challenge."""

    query_url: str  # SPARQL 1.1 Query endpoint (anonymous)
    gsp_url: str | None  # Graph Store HTTP Protocol endpoint: PUT/POST/DELETE ?graph=IRI
    update_url: str | None  # SPARQL 1.1 Update endpoint
    user: str | None
    password: str | None
    auth: str  # "digest", "basic" or "none": what gsp_url and update_url need

    # -- HTTP -------------------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        data: bytes | None = None,
        headers: dict | None = None,
        timeout: float = 300,
        authenticate: bool = True,
    ) -> tuple[int, bytes]:
        """(status, body) of one request; an HTTP error status is returned, not raised.

        Digest auth is answered before the body is sent: the challenge comes from a bodiless GET of the same
        URL (rejected with 401 before anything runs). urllib's own digest handler sends the body first, and
        Virtuoso resets the connection when a large body (tens of MB) is sent unauthenticated."""
        headers = dict(headers or {})
        if authenticate and self.auth != "none":
            headers["Authorization"] = self._authorization(method, url, timeout)
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def _authorization(self, method: str, url: str, timeout: float) -> str:
        if self.user is None or self.password is None:
            raise VirtuosoError(f"{url} needs {self.auth} auth but the server has no user and password")
        if self.auth == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if self.auth != "digest":
            raise VirtuosoError(f"unknown auth scheme {self.auth!r}")
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=timeout).close()
        except urllib.error.HTTPError as exc:
            exc.read()
            challenge = exc.headers.get("WWW-Authenticate", "")
            if exc.code != 401 or not challenge.lower().startswith("digest "):
                raise VirtuosoError(f"{url} gave no digest challenge (HTTP {exc.code}, {challenge!r})") from None
        else:
            raise VirtuosoError(f"{url} answered an anonymous GET: it does not take digest auth")
        c = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[len("digest ") :]))
        return digest_authorization(c, self.user, self.password, method, url, 1)

    def _graph_url(self, graph: str) -> str:
        if not self.gsp_url:
            raise VirtuosoError("this server has no Graph Store Protocol endpoint")
        return self.gsp_url + ("&" if "?" in self.gsp_url else "?") + urllib.parse.urlencode({"graph": graph})

    @staticmethod
    def _check(status: int, body: bytes, what: str, ok: tuple[int, ...]) -> int:
        if status not in ok:
            raise VirtuosoError(f"{what}: HTTP {status}: {body.decode('utf-8', 'replace')[:2000]}")
        return status

    # -- Graph Store Protocol ---------------------------------------------------------------------------

    def put_graph(self, graph: str, data: bytes, content_type: str = "application/n-triples") -> int:
        """Replace the named graph with data; the status (201 created, 200/204 replaced)."""
        status, body = self.request("PUT", self._graph_url(graph), data, {"Content-Type": content_type})
        return self._check(status, body, f"PUT graph <{graph}>", (200, 201, 204))

    def post_graph(self, graph: str, data: bytes, content_type: str = "application/n-triples") -> int:
        """Add data to the named graph; the status (201 created, 200/204 added)."""
        status, body = self.request("POST", self._graph_url(graph), data, {"Content-Type": content_type})
        return self._check(status, body, f"POST graph <{graph}>", (200, 201, 204))

    def delete_graph(self, graph: str, missing_ok: bool = True) -> int:
        """Drop the named graph; the status (200/204, or 404 when it did not exist and missing_ok)."""
        status, body = self.request("DELETE", self._graph_url(graph))
        return self._check(status, body, f"DELETE graph <{graph}>", (200, 204, 404) if missing_ok else (200, 204))

    # -- SPARQL -----------------------------------------------------------------------------------------

    def update(self, text: str) -> int:
        """Run SPARQL Update on update_url (form-encoded POST); the status."""
        if not self.update_url:
            raise VirtuosoError("this server has no SPARQL Update endpoint")
        status, body = self.request(
            "POST",
            self.update_url,
            urllib.parse.urlencode({"update": text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        return self._check(status, body, "SPARQL update", (200, 204))

    def select(self, text: str) -> dict:
        """A SELECT or ASK query on query_url (anonymous, form-encoded POST): the SPARQL JSON results."""
        status, body = self.request(
            "POST",
            self.query_url,
            urllib.parse.urlencode({"query": text}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
            authenticate=False,
        )
        self._check(status, body, "SPARQL query", (200,))
        return json.loads(body)

    def count(self, graph: str | None = None) -> int:
        """How many triples the graph holds (every graph, system graphs included, when None)."""
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) {{ {pattern} }}")["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------------------------------------------
# The server


def find_virtuoso() -> str:
    """The path of virtuoso-t, or a VirtuosoError saying how to install it."""
    found = shutil.which("virtuoso-t") or next((p for p in _BINARY_CANDIDATES if os.access(p, os.X_OK)), None)
    if not found:
        raise VirtuosoError(
            f"the Virtuoso server binary virtuoso-t is not installed (not on $PATH nor in "
            f"{', '.join(_BINARY_CANDIDATES)}); on Debian/Ubuntu: {INSTALL_HINT}"
        )
    return found


def _free_ports(n: int) -> list[int]:
    """n distinct ports free on 127.0.0.1 (held open together, so they differ)."""
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _ini(db: Path, sql_port: int, http_port: int) -> str:
    """A complete virtuoso.ini for a small throw-away database in db. Adapted from Debian's
    /etc/virtuoso-opensource-7/virtuoso.ini: absolute paths into db, both ports on 127.0.0.1 only, ~100 MB of
    buffers, no VAD packages (the Conductor web UI would take seconds to install), no result-row cap and no
    query time limit (a capped result is cut short silently, which would make a comparison wrong)."""
    return f"""\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
CheckpointAuditTrail     = 0
AllowOSCalls             = 0
SchedulerInterval        = 10
DirsAllowed              = {db}
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
PrefixResultNames        = 0
RdfFreeTextRulesSize     = 100
IndexTreeMaps            = 64
MaxMemPoolSize           = 40000000
MaxQueryMem              = 200M
VectorSize               = 1000
MaxVectorSize            = 1000000
AdjustVectorSize         = 0
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 4
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000
MaxSortedTopRows         = 10000000

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {db}/vsp
MaxClientConnections        = 10
DavRoot                     = DAV
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
TempASPXDir                 = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
MaxCachedProxyConnections   = 10
ProxyConnectionCacheTimeout = 15
HTTPThreadSize              = 280000
HttpPrintWarningsInOutput   = 0
Charset                     = UTF-8
EnabledGzipContent          = 0

[AutoRepair]
BadParentLinks = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:{http_port}

[SPARQL]
ResultSetMaxRows           = 100000000
MaxQueryExecutionTime      = 0
MaxQueryCostEstimationTime = 0
DeferInferenceRulesInit    = 0
"""


def _log_tail(path: Path, limit: int = 6000) -> str:
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    return text if len(text) <= limit else "...\n" + text[-limit:]


def _load_prctl():
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return None


_PRCTL = _load_prctl()  # looked up here, not in the forked child


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the process that started the server dies, so a pytest run killed
    outright (CI timeout, SIGKILL) leaves no server behind. The parent here is the thread that started it."""
    _PRCTL(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _stop(process: subprocess.Popen, grace: float = 30) -> None:
    """SIGTERM to the server's process group (Virtuoso does a quick shutdown), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)  # the server leads its own session and process group
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_until_ready(process: subprocess.Popen, server: SparqlServer, log: Path, timeout: float) -> None:
    probe = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK { }"})
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while True:
        if process.poll() is not None:
            raise VirtuosoError(
                f"virtuoso-t exited with status {process.returncode} while starting; its log ({log}):\n{_log_tail(log)}"
            )
        try:
            req = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=2) as answer:
                if answer.status == 200 and json.loads(answer.read()).get("boolean") is True:
                    return
                last = f"HTTP {answer.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            last = str(exc)
        if time.monotonic() > deadline:
            raise VirtuosoError(
                f"virtuoso-t did not answer on {server.query_url} within {timeout:g} s "
                f"(last: {last}); its log ({log}):\n{_log_tail(log)}"
            )
        time.sleep(0.2)


def _check_credentials(server: SparqlServer, log: Path) -> None:
    """An authenticated Graph Store request for a graph that does not exist: 404 means dba/dba works."""
    status, body = server.request("GET", server._graph_url("urn:x-test:virtuoso:no-such-graph"), timeout=30)
    if status != 404:
        raise VirtuosoError(
            f"the credentials {server.user}/{server.password} do not work on {server.gsp_url} "
            f"(HTTP {status}: {body[:500]!r}); log ({log}):\n{_log_tail(log)}"
        )


@contextmanager
def virtuoso_server(workdir: Path, startup_timeout: float = 60, attempts: int = 3) -> Iterator[SparqlServer]:
    """A fresh Virtuoso in a new folder under workdir, on free loopback ports, stopped (with its process
    group) on exit. Yields its endpoints: query_url /sparql (anonymous), gsp_url /sparql-graph-crud-auth and
    update_url /sparql-auth (digest auth as dba/dba). Raises VirtuosoError, with the server's log, when the
    binary is missing or the server does not come up; the folder stays for a look at the log."""
    binary = find_virtuoso()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, attempts + 1):
        db = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=workdir)).resolve()
        (db / "vsp").mkdir()
        sql_port, http_port = _free_ports(2)
        ini = db / "virtuoso.ini"
        ini.write_text(_ini(db, sql_port, http_port))
        base = f"http://127.0.0.1:{http_port}"
        server = SparqlServer(
            query_url=f"{base}/sparql",
            gsp_url=f"{base}/sparql-graph-crud-auth",
            update_url=f"{base}/sparql-auth",
            user=USER,
            password=PASSWORD,
            auth="digest",
        )
        log_path = db / "console.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(ini)],
                cwd=db,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                # only a prctl call runs in the child, nothing that takes locks
                preexec_fn=_die_with_parent if _PRCTL else None,
            )
        try:
            try:
                _wait_until_ready(process, server, log_path, startup_timeout)
            except VirtuosoError:
                # another process may have taken a port between choosing it and the server binding it
                if attempt < attempts and process.poll() is not None and "listen" in _log_tail(log_path).lower():
                    continue
                raise
            _check_credentials(server, log_path)
            yield server
            return
        finally:
            _stop(process)
