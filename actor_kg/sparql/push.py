"""Pushing a build into a SPARQL 1.1 server: one named graph per source (plus the vocabulary and the catalog),
written through the Graph Store HTTP Protocol, or through SPARQL Update where that is all the server offers.

A push is idempotent: the first request for a graph replaces the server's copy (PUT, or DROP then INSERT),
later batches of the same graph append to it, so pushing twice leaves the server as pushing once did.
Graphs the build does not hold are never touched, even under the project's base IRI: the server may be shared,
and what else lives on it is not ours to delete.

Triples are streamed from the store one batch at a time and serialized as N-Triples, so a graph of millions of
triples never becomes one string in memory.

    from actor_kg.store.build import open_build
    report = push(open_build(Path("build")).store, Target(graph_store="http://127.0.0.1:7878/store", update=None))
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from typing import TYPE_CHECKING

from ..version import __version__
from ..errors import InvalidArgument, PushError, arg, safe_url

if TYPE_CHECKING:  # pyoxigraph loads when a push runs
    import pyoxigraph as ox

GRAPH_STORE_BATCH = 50_000  # triples per PUT/POST: a few MB of N-Triples
UPDATE_BATCH = 2_000  # triples per INSERT DATA: servers parse an update whole (Virtuoso 7.2's parser
# runs out of stack near 5,000 triples: "SP030 ... memory exhausted")
USER_AGENT = f"actor-kg/{__version__}"
_ANSWER_CHARS = 300  # how much of a server's error answer a PushError quotes


@dataclass(frozen=True)
class Target:
    """Where and how to write: a Graph Store Protocol URL, or a SPARQL Update URL.

    graph_store is the URL that takes PUT/POST ?graph=IRI (Oxigraph http://host:7878/store, Virtuoso
    http://host:8890/sparql-graph-crud-auth, Fuseki http://host:3030/ds/data, GraphDB
    http://host:7200/repositories/r/rdf-graphs/service); when it is None, update (Oxigraph /update, Virtuoso
    /sparql-auth, Fuseki /ds/update) takes SPARQL Update instead. user and password are answered to the
    server's challenge (HTTP Digest or Basic), and sent only when the server asks for them.
    content_type labels the N-Triples sent to the graph store: N-Triples is also valid Turtle, so
    "text/turtle" suits a server that does not know application/n-triples."""

    graph_store: str | None
    update: str | None
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # a Target in a log or traceback hides it
    content_type: str = "application/n-triples"
    timeout: float = 300.0  # seconds per HTTP request

    def __post_init__(self) -> None:
        if not self.graph_store and not self.update:
            raise InvalidArgument(
                f"give {arg('graph_store')}=URL (Graph Store Protocol) or {arg('update')}=URL (SPARQL Update)",
                "graph_store",
            )


@dataclass
class PushReport:
    """What a push did: graphs written, triples sent, HTTP requests made for data, and how it wrote."""

    graphs: int
    triples: int
    batches: int
    seconds: float
    method: str  # "graph store" or "update"


def count_triples(store: ox.Store) -> int:
    """The triples in the store's named graphs (what a push sends), in one query: sizes a progress bar."""
    import pyoxigraph as ox

    solutions = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))["n"].value)


def push(
    store: ox.Store, target: Target, *, batch_size: int | None = None, progress: Callable[[int], None] | None = None
) -> PushReport:
    """Write every named graph of the store to the target, replacing the server's copy of each.

    batch_size is the number of triples per request (default GRAPH_STORE_BATCH through the Graph Store
    Protocol, UPDATE_BATCH through SPARQL Update). progress(n) is called after each request with the number
    of triples it sent. The store's default graph, empty in a build, is not pushed; graphs on the server that
    the store lacks are left alone. Raises PushError at the first request that fails: the graphs written until
    then are complete, the one being written may be partial, and pushing again repairs both."""
    import pyoxigraph as ox

    by_update = not target.graph_store
    size = batch_size or (UPDATE_BATCH if by_update else GRAPH_STORE_BATCH)
    if size < 1:
        raise InvalidArgument(f"{arg('batch_size')} must be at least 1, not {size}", "batch_size")
    client = _Client(target)
    started = time.perf_counter()
    graphs = triples = batches = 0
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):  # a stable order, for logs and retries
        if not isinstance(graph, ox.NamedNode):
            continue  # a build names every graph; a blank-node graph name cannot be addressed on a server
        for first, batch in _batches(store, graph, size):
            body = ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b""
            if by_update:  # Target checked that the URL in use is given
                client.send(
                    "POST",
                    target.update or "",
                    _update(graph.value, body, replace=first),
                    "application/sparql-update",
                    graph_store=False,
                )
            else:
                client.send(
                    "PUT" if first else "POST",
                    _graph_url(target.graph_store or "", graph.value),
                    body,
                    target.content_type,
                    graph_store=True,
                )
            batches += 1
            triples += len(batch)
            if progress:
                progress(len(batch))
        graphs += 1
    return PushReport(
        graphs, triples, batches, round(time.perf_counter() - started, 3), "update" if by_update else "graph store"
    )


# ---------------------------------------------------------------------------------------------------
# Batches


def _batches(store: ox.Store, graph: ox.NamedNode, size: int) -> Iterator[tuple[bool, list[ox.Triple]]]:
    """The graph's triples in lists of at most size, flagged True for the first; an empty graph gives one
    empty list, so the server's copy is emptied too.

    Each request is a document of its own, and a blank node label means one node only within a document:
    triples that hold blank nodes are kept back and sent together in the last batch, so a blank node never
    splits in two. (A build mints no blank nodes; that last batch may exceed size if a graph is full of them.)"""
    batch: list = []
    held: list = []
    first = True
    for quad in store.quads_for_pattern(None, None, None, graph):
        triple = quad.triple
        if _has_blank(triple):
            held.append(triple)
            continue
        batch.append(triple)
        if len(batch) >= size:
            yield first, batch
            first, batch = False, []
    if batch or held or first:
        yield first, batch + held


def _has_blank(triple: ox.Triple) -> bool:
    import pyoxigraph as ox

    for term in (triple.subject, triple.object):
        if isinstance(term, ox.BlankNode) or (isinstance(term, ox.Triple) and _has_blank(term)):
            return True
    return False


def _graph_url(graph_store: str, graph: str) -> str:
    """The Graph Store Protocol URL of one graph: ?graph=IRI, percent-encoded, after any query the URL has."""
    return graph_store + ("&" if "?" in graph_store else "?") + urllib.parse.urlencode({"graph": graph})


def _update(graph: str, ntriples: bytes, replace: bool) -> bytes:
    """A SPARQL Update inserting N-Triples (valid inside INSERT DATA as they are) into the graph; the first
    batch of a graph drops it in the same request, so servers that run a request as one transaction never
    show it half-written."""
    iri = f"<{graph}>".encode()
    parts = [b"DROP SILENT GRAPH " + iri + b" ;\n"] if replace else []
    if ntriples:
        parts.append(b"INSERT DATA { GRAPH " + iri + b" {\n" + ntriples + b"} }\n")
    return b"".join(parts)


# ---------------------------------------------------------------------------------------------------
# HTTP


class _Client:
    """Sends the push's requests with urllib, answering HTTP Digest or Basic auth without sending each body twice.

    urllib's HTTPDigestAuthHandler sends every request unauthenticated first and repeats it, body and all,
    after the 401; with batches of megabytes that doubles the upload, and Virtuoso resets the connection when a
    large body comes unauthenticated. So, when there are credentials, a bodiless HEAD of the URL fetches the
    challenge once; every request then carries its answer (a Digest nonce is reused with a counting nc, as
    RFC 7616 allows), and a 401 (an expired nonce) or a dropped connection renews it and retries once."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.credentials = target.user is not None and target.password is not None
        self.challenge: dict[str, str] | None = None  # the scheme (key "scheme") and parameters last offered
        self.probed = False
        self.count = 0  # Digest nc: requests answered with the current nonce

    def send(self, method: str, url: str, body: bytes, content_type: str, *, graph_store: bool) -> None:
        """One request; raises PushError unless the server answers 2xx."""
        if self.credentials and not self.probed:
            self._probe(url)
        try:
            status, answer, headers = self._once(method, url, body, content_type)
        except OSError as exc:
            if not (self.credentials and self.challenge and _dropped(exc)):
                raise self._unreachable(method, url, exc) from None
            self._probe(url)  # the server may have cut a body sent with a stale nonce: renew and retry once
            status, answer, headers = self._retry(method, url, body, content_type)
        if status == 401 and self.credentials:
            offered = _challenge(headers)
            if offered and (offered.get("stale", "").lower() == "true" or offered != self.challenge):
                self._adopt(offered)
                status, answer, headers = self._retry(method, url, body, content_type)
        if not 200 <= status < 300:
            location = headers.get("Location") if headers is not None else None
            raise PushError(self._failure(method, url, status, answer, graph_store, location))

    def _retry(self, method: str, url: str, body: bytes, content_type: str) -> tuple[int, bytes, Message]:
        try:
            return self._once(method, url, body, content_type)
        except OSError as exc:
            raise self._unreachable(method, url, exc) from None

    def _once(self, method: str, url: str, body: bytes, content_type: str) -> tuple[int, bytes, Message]:
        headers = {"User-Agent": USER_AGENT, "Content-Type": content_type}
        authorization = self._authorization(method, url)
        if authorization:
            headers["Authorization"] = authorization
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with _OPENER.open(request, timeout=self.target.timeout) as answer:
                return answer.status, answer.read(), answer.headers
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read(), exc.headers

    def _probe(self, url: str) -> None:
        """Learn the server's auth challenge from a bodiless HEAD; none offered means none needed (yet)."""
        self.probed = True
        request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT})
        try:
            _OPENER.open(request, timeout=self.target.timeout).close()
        except urllib.error.HTTPError as exc:
            with exc:
                offered = _challenge(exc.headers) if exc.code == 401 else None
            if offered:
                self._adopt(offered)
        except OSError as exc:
            raise self._unreachable("HEAD", url, exc) from None

    def _adopt(self, challenge: dict[str, str]) -> None:
        self.challenge, self.count = challenge, 0

    def _authorization(self, method: str, url: str) -> str | None:
        if not (self.credentials and self.challenge):
            return None
        user, password = self.target.user or "", self.target.password or ""
        if self.challenge["scheme"] == "basic":
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.count += 1
        return digest_authorization(self.challenge, user, password, method, url, self.count)

    # -- what went wrong, and what to try -------------------------------------------------------------

    def _unreachable(self, method: str, url: str, exc: OSError) -> PushError:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        shown = safe_url(url)
        if isinstance(reason, ConnectionRefusedError):
            hint = f"is the server running at {_origin(url)}?"
        elif isinstance(reason, (TimeoutError, socket.timeout)):
            hint = (
                f"no answer within {self.target.timeout:g} s: the server may be busy or the batch too "
                f"large; try a smaller batch size"
            )
        elif isinstance(reason, socket.gaierror):
            hint = "check the host name in the URL"
        else:
            hint = "check the URL and that the server is running"
        return PushError(f"{method} {shown} failed: {reason or type(reason).__name__}; {hint}")

    def _failure(
        self, method: str, url: str, status: int, answer: bytes, graph_store: bool, location: str | None = None
    ) -> str:
        text = " ".join(answer.decode("utf-8", "replace").split())
        if self.target.password:
            text = text.replace(self.target.password, "***")
        quoted = text[:_ANSWER_CHARS] + ("..." if len(text) > _ANSWER_CHARS else "")
        message = f"{method} {safe_url(url)} failed: HTTP {status}" + (f": {quoted}" if quoted else "")
        hint = self._hint(status, graph_store, text)
        if 300 <= status < 400 and location:
            hint = f"the server redirects to {safe_url(location)}: push to that URL instead"
        return f"{message}\n{hint}" if hint else message

    def _hint(self, status: int, graph_store: bool, answer: str) -> str:
        if status in (401, 403):
            if not self.credentials:
                return f"the server asks for credentials: pass {arg('user')} and give the password (variable or prompt)"
            return (
                f"the server refused user {self.target.user!r}: check {arg('user')} and the password variable, "
                f"and that this user may write there"
            )
        if status in (404, 405, 501) and graph_store:
            return f"this server may not offer the Graph Store Protocol at that URL; pass {arg('update')}=URL to use SPARQL Update"
        if status in (404, 405, 415, 501) and not graph_store:
            return "this URL may not be the server's SPARQL Update endpoint; check it"
        if status >= 500 and not graph_store and "permission" in answer.lower():
            return (
                "this endpoint does not take updates from this user: use one that asks for credentials "
                f"(Virtuoso: /sparql-auth) with {arg('user')}"
            )
        if status == 413 or (not graph_store and "memory exhausted" in answer.lower()):
            return "the request is too large for the server: try a smaller batch size"
        if status in (400, 415) and graph_store:
            return "the server rejected the data; if it does not read application/n-triples, send it as text/turtle"
        return ""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: urllib would turn a redirected POST into a bodiless GET that 'succeeds'."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _challenge(headers) -> dict[str, str] | None:
    """The Digest challenge of a 401's WWW-Authenticate headers (preferred), else a Basic one, else None."""
    offers = (headers.get_all("WWW-Authenticate") or []) if headers is not None else []
    found: dict[str, str] | None = None
    for offer in offers:
        scheme, _, rest = offer.strip().partition(" ")
        if scheme.lower() == "digest":
            params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
            if params.get("algorithm", "MD5").upper() in _DIGESTS and "nonce" in params:
                return {"scheme": "digest", **params}
        elif scheme.lower() == "basic" and found is None:
            found = {"scheme": "basic"}
    return found


_DIGESTS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


def digest_authorization(c: dict[str, str], user: str, password: str, method: str, url: str, nc: int) -> str:
    """The Authorization header answering a Digest challenge (RFC 7616, qop auth or none)."""
    algorithm = c.get("algorithm", "MD5").upper()

    def h(text: str) -> str:
        return _DIGESTS[algorithm](text.encode()).hexdigest()

    parts = urllib.parse.urlsplit(url)
    uri = parts.path + (f"?{parts.query}" if parts.query else "")
    ha1, ha2 = h(f"{user}:{c.get('realm', '')}:{password}"), h(f"{method}:{uri}")
    fields = {"username": user, "realm": c.get("realm", ""), "nonce": c["nonce"], "uri": uri, "algorithm": algorithm}
    if "auth" in [q.strip() for q in c.get("qop", "").split(",")]:
        count, cnonce = f"{nc:08x}", os.urandom(8).hex()
        fields.update(
            response=h(f"{ha1}:{c['nonce']}:{count}:{cnonce}:auth:{ha2}"), qop="auth", nc=count, cnonce=cnonce
        )
    else:
        fields["response"] = h(f"{ha1}:{c['nonce']}:{ha2}")
    if "opaque" in c:
        fields["opaque"] = c["opaque"]
    bare = {"algorithm", "qop", "nc"}
    return "Digest " + ", ".join(f"{k}={v}" if k in bare else f'{k}="{v}"' for k, v in fields.items())


def _dropped(exc: OSError) -> bool:
    """Whether the server closed the connection mid-request (as Virtuoso does on a body it will not take)."""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    return isinstance(reason, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected))


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(safe_url(url))
    return f"{parts.scheme}://{parts.netloc}"
