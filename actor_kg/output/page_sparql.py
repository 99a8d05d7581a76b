"""The page's SPARQL panel (viz/kg-sparql.js): what the page embeds for it.

Oxigraph compiled to WebAssembly (the npm package, vendored in viz/vendor/oxigraph, see its VENDOR.md)
runs in the page over the build's quads, so the panel answers the named queries as `kg query` does,
with no network. Both the WebAssembly and the quads (N-Quads) are embedded gzip'd and base64'd, in
<script> elements of a type the browser does not run; the page decompresses them with
DecompressionStream when the panel is first used.

A store of more than SPARQL_MAX_QUADS quads is not embedded whole: the page carries the quads about
what it draws (its facts' statements with all their properties, the catalog entries of their entities
and sources, the vocabulary), and the panel says so.
"""

from __future__ import annotations

import base64
import gzip
import importlib.resources
import io
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Iterable

from ..model import Dataset
from .inline import inline_code

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from ..sparql.library import NamedQuery

# The whole store goes into the page up to this many quads: some 6,700 facts of the bundled data's make
# (22 quads a fact with the vocabulary and catalog), 10,000 of the scale benchmark's (13-15). At the limit
# the quads add 2.8 MB to the page (32 MB of N-Quads, gzip'd and base64'd), which headless Chromium on
# two cores decompresses and loads in 1.5-2 s, when the panel is first opened.
SPARQL_MAX_QUADS = 150_000
VENDOR = Path(str(importlib.resources.files("actor_kg.viz_assets"))) / "vendor" / "oxigraph"
# The ids of the data blocks kg-sparql.js reads (meta.sparql.blocks names them).
BLOCKS = {"wasm": "kg-oxigraph-wasm", "quads": "kg-sparql-quads"}
# After Oxigraph's web.js (an ES module), what hands it to the page's classic scripts, which ran first.
EXPOSE = "\nwindow.kgOxigraph = { initSync, Store };\nwindow.dispatchEvent(new Event('kg-oxigraph'));\n"


def sparql_embed(
    ds: Dataset, graph: nx.MultiDiGraph, store: ox.Store | None, queries: dict[str, NamedQuery] | None = None
) -> tuple[dict[str, Any], str]:
    """meta.sparql (what the panel needs: whether the store is whole, counts, the named queries, the
    prefixes, the choices of the relation/source/type fields) and the HTML to insert into the page
    (the data blocks and Oxigraph's module script). `queries` defaults to the bundled named queries.
    Without a store the panel says SPARQL is not available on this page."""
    if store is None:
        return {"available": False, "reason": "the page was written without the build's store"}, ""
    import pyoxigraph as ox

    from ..sparql.engine import PROLOGUE
    from ..sparql.library import library
    from ..store.namespaces import ENT, PREFIXES, STMT

    facts = _page_facts(graph)
    quads = list(itertools.islice(store, SPARQL_MAX_QUADS + 1))  # counts no further than the limit
    whole = len(quads) <= SPARQL_MAX_QUADS
    if not whole:
        quads = _focused(store, graph, facts)
    nquads = io.BytesIO()
    ox.serialize(quads, nquads, format=ox.RdfFormat.N_QUADS)
    # the source field offers what the embedded quads hold: every source, or those of the page's facts
    sources = list(ds.sources) if whole else sorted({d["source"] for d in _page_records(graph)})
    meta = {
        "available": True,
        "whole": whole,
        "quads": len(quads),
        "facts": len(ds.facts) if whole else len(facts),
        "build_facts": len(ds.facts),
        "max_quads": SPARQL_MAX_QUADS,
        "prologue": PROLOGUE,
        "prefixes": {p: str(ns) for p, ns in PREFIXES.items()},
        "entity_ns": str(ENT),
        "statement_ns": str(STMT),
        "queries": [_query_json(q) for q in (library() if queries is None else queries).values()],
        "choices": {
            "relation": [[r.id, r.label] for r in ds.relations.values()],
            "source": [[s, ds.sources[s].display_title] for s in sources],
            "type": [[t.id, t.label] for t in ds.entity_types.values()],
        },
        "blocks": BLOCKS,
    }
    html = "\n".join(
        [
            _data_block(BLOCKS["wasm"], (VENDOR / "web_bg.wasm.gz").read_bytes()),
            _data_block(BLOCKS["quads"], gzip.compress(nquads.getvalue(), 6, mtime=0)),
            f'<script type="module">{inline_code((VENDOR / "web.js").read_text(encoding="utf-8") + EXPOSE, "oxigraph web.js")}</script>',
        ]
    )
    return meta, html


def _page_records(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """The fact records the page draws: its edges' and its nodes' literal facts."""
    return [
        *(d for _, _, d in graph.edges(data=True)),
        *(rec for _, d in graph.nodes(data=True) for rec in d.get("literals") or ()),
    ]


def _page_facts(graph: nx.MultiDiGraph) -> list[str]:
    """The ids of the facts the page draws, each once."""
    return list(dict.fromkeys(d["fact_id"] for d in _page_records(graph)))


def _focused(store: ox.Store, graph: nx.MultiDiGraph, facts: Iterable[str]) -> list[ox.Quad]:
    """The quads about what the page draws, each once: every quad of each fact (its direct triple, its
    statement node, the evidence and link nodes hanging off it, the older ids it replaces), the catalog
    entries of the entities those mention or the page draws and of the sides they are on (kg:sideOf),
    those of the facts' sources, and the vocabulary."""
    import pyoxigraph as ox

    from ..store.namespaces import CATALOG_GRAPH, DCTERMS, ENT, KG, RDF, STMT, VOCABULARY_GRAPH

    out: dict[ox.Quad, None] = {}  # an ordered set

    def add(quads: Iterable[ox.Quad]) -> None:
        out.update(dict.fromkeys(quads))

    link_to, replaced_by, evidence = (
        ox.NamedNode(KG.linkTo),
        ox.NamedNode(DCTERMS.isReplacedBy),
        ox.NamedNode(KG.evidence),
    )
    negated, parts = (
        ox.NamedNode(KG.negated),
        [ox.NamedNode(RDF.subject), ox.NamedNode(RDF.predicate), ox.NamedNode(RDF.object)],
    )
    sources: set[ox.NamedNode] = set()
    for fid in facts:
        st = ox.NamedNode(STMT[fid])
        own = list(store.quads_for_pattern(st, None, None))
        if not own:
            continue
        add(own)
        graph_name = own[0].graph_name  # a fact's graph is its source's IRI
        if isinstance(graph_name, ox.NamedNode):
            sources.add(graph_name)
        terms = {q.predicate: q.object for q in own}
        if negated not in terms and all(p in terms for p in parts):  # the direct triple a stated fact has
            direct = ox.Quad(terms[parts[0]], terms[parts[1]], terms[parts[2]], graph_name)  # type: ignore[arg-type]
            if direct in store:
                add([direct])
        for q in own:
            if not isinstance(q.object, ox.NamedNode):
                continue
            if q.predicate == evidence:
                add(store.quads_for_pattern(q.object, None, None))
            elif q.object.value.startswith(str(STMT)):  # a link to another fact, its quote a node named after this one
                add(
                    lq
                    for node in store.quads_for_pattern(None, link_to, q.object)
                    if isinstance(node.subject, ox.NamedNode) and node.subject.value.startswith(st.value + "/link/")
                    for lq in store.quads_for_pattern(node.subject, None, None)
                )
        add(store.quads_for_pattern(None, replaced_by, st))
    catalog, side_of = ox.NamedNode(CATALOG_GRAPH), ox.NamedNode(KG.sideOf)
    named = {t.value for q in out for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    entities = {v for v in named if v.startswith(str(ENT))} | {str(ENT[n]) for n in graph.nodes}
    entries = [q for e in sorted(entities) for q in store.quads_for_pattern(ox.NamedNode(e), None, None, catalog)]
    sides = {
        q.object.value for q in entries if q.predicate == side_of and isinstance(q.object, ox.NamedNode)
    } - entities
    entries += [q for e in sorted(sides) for q in store.quads_for_pattern(ox.NamedNode(e), None, None, catalog)]
    add(entries)
    add(q for s in sorted(sources, key=lambda n: n.value) for q in store.quads_for_pattern(s, None, None, catalog))
    add(store.quads_for_pattern(None, None, None, ox.NamedNode(VOCABULARY_GRAPH)))
    return list(out)


def _query_json(q: NamedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title or q.name,
        "description": q.description,
        "text": q.text,
        "params": [{"name": p.name, "kind": p.kind, "optional": p.optional, "doc": p.doc} for p in q.params.values()],
    }


def _data_block(block_id: str, data: bytes) -> str:
    """Bytes in a <script> the browser does not run; base64 has no character HTML would read."""
    return f'<script type="application/octet-stream" id="{block_id}">{base64.b64encode(data).decode("ascii")}</script>'
