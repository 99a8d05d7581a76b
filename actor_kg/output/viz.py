"""The HTML view: one self-contained page drawing the graph with vis-network, working with no network at all.

pyvis is the vis-network packaging: its vendored vis-network JS and CSS (pyvis/lib/vis-*) are inlined into
our own template (viz/template.html), because pyvis's templates load Bootstrap from a CDN in every mode.
Node and edge data are built here directly (pyvis's add_node/add_edge scan lists and are quadratic) and
embedded as one JSON document, with each entity's community (Louvain), each fact's date and qualifiers
in words (output.render) and the dyad chart's series (page_dyad): what the rules of the library
compute reaches the page computed. The page's own scripts (APP_SCRIPTS, each a module owning its state,
see viz/kg-core.js) fold, lay out, filter and explain it, and page_sparql adds what the SPARQL panel
runs on.

Data never reaches the page as HTML: the JSON is escaped for a <script> element (`<`, `>`, `&`,
U+2028/9) and the script builds every element with textContent.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import networkx as nx

from ..analysis.filters import FactFilter
from ..analysis.paths import GraphPath
from ..errors import GraphTooLarge, InvalidArgument, arg
from ..model import POLARITIES, Amount, Dataset, Fact
from ..schema import SCHEMA
from ..text.names import FOLD_TABLE
from .inline import inline_code, script_json
from ..store.multigraph import to_networkx
from .page_dyad import dyad_embed
from .page_sparql import sparql_embed
from .render import date_text, qualifier_text

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..sparql.library import NamedQuery

VIZ_DIR = Path(
    str(importlib.resources.files("actor_kg.viz_assets"))
)  # the top-level viz/ folder, installed as package data
# The page's own scripts and styles. The scripts are modules, in load order: the core (window.kg, the
# data, kg.provide), what the data fixes (folds, communities), the URL fragment, the filters, the
# labels, the search, the selection and details panel, the graph view (which starts drawing), then
# the time bar, the dyad chart, the SPARQL panel and the picture export.
APP_SCRIPTS = (
    "kg-core.js",
    "kg-structure.js",
    "kg-state.js",
    "kg-filters.js",
    "kg-labels.js",
    "kg-search.js",
    "kg-details.js",
    "kg-view.js",
    "kg-time.js",
    "kg-dyad.js",
    "kg-sparql.js",
    "kg-export.js",
)
APP_STYLES = ("kg-viz.css", "kg-time.css", "kg-dyad.css", "kg-sparql.css")
MAX_NODES = 3000
# Facts one page carries: a hub's focused page at a million facts held 207 MB of them. Past the cap the
# focus's own facts come first and the page says how many it leaves out.
MAX_FACTS = 5000
POLARITY_COLORS = {"conflictual": "#d7301f", "cooperative": "#1a9850", "neutral": "#8c8c8c"}
DEFAULT_TITLE = "actor-kg"

# The fields of a fact record (actor_kg.fact_table) the page shows or filters on: those the schema marks
# for the page, plus the date's range, which the date filter uses.
_FACT_FIELDS = (*SCHEMA.columns_where(page=True), "date_start", "date_end")


def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and its CSS, from the newest copy pyvis ships (pyvis/lib/vis-<version>)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib"
    versions = sorted(
        lib.glob("vis-*/vis-network.min.js"),
        key=lambda p: tuple(int(x) for x in p.parent.name[4:].split(".") if x.isdigit()),
    )
    if not versions:
        raise RuntimeError(f"pyvis ships no vis-network under {lib}")
    folder = versions[-1].parent
    return (folder / "vis-network.min.js").read_text(encoding="utf-8"), (folder / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _fact(record: dict, ds: Dataset) -> dict:
    out = {k: record.get(k) for k in _FACT_FIELDS}
    out["id"] = record.get("fact_id")
    out["claimed_by_label"] = ds.label(out["claimed_by"]) if out["claimed_by"] else None
    out.update(_words(record, ds))
    return {k: v for k, v in out.items() if v is not None and v != ""}


def _words(record: dict, ds: Dataset) -> dict:
    """A fact's date and qualifiers as they read (output.render), with the rule of a derived date."""
    qualifiers = record.get("qualifiers") or {}
    return {
        "date_text": date_text(
            record.get("date"), record.get("date_qualifier"), record.get("date_basis"), record.get("date_rule")
        ),
        "qualifier_text": qualifier_text(
            ds, [(k, Amount.from_json(v) if isinstance(v, dict) else v) for k, v in qualifiers.items()]
        ),
    }


def _page_facts(ds: Dataset, graph: nx.MultiDiGraph) -> list[Fact]:
    """The facts a graph draws: those select_subgraph read (the graph's `facts`), else those of `ds` with
    the graph's fact ids."""
    if "facts" in graph.graph:
        return list(graph.graph["facts"])
    ids = {k for _, _, k in graph.edges(keys=True)}
    ids.update(rec.get("fact_id") for _, d in graph.nodes(data=True) for rec in d.get("literals") or ())
    return [f for f in ds.facts if f.id in ids]


def _edge_key(edge: Any) -> Any:
    """highlight_edges takes fact ids (the MultiDiGraph's edge keys) or (u, v, key) tuples."""
    return edge[2] if isinstance(edge, tuple) and len(edge) == 3 else edge


def page_data(
    ds: Dataset,
    graph: nx.MultiDiGraph,
    highlight_nodes: Iterable[str] = (),
    highlight_edges: Iterable[Any] = (),
    title: str = DEFAULT_TITLE,
    subtitle: str = "",
    select: str | None = None,
) -> dict:
    """Everything the page shows, as plain JSON-able data (no styling: the page's script does that)."""
    degree = dict(graph.degree())
    nodes, types_used = [], set()
    for nid, d in graph.nodes(data=True):
        etype = d.get("type") or ""
        types_used.add(etype)
        node = {"id": nid, "label": d.get("label") or str(nid), "type": etype, "degree": degree.get(nid, 0)}
        if d.get("aliases"):
            node["aliases"] = list(d["aliases"])
        if d.get("description"):
            node["description"] = d["description"]
        if d.get("wikidata"):
            node["wikidata"] = d["wikidata"]
        literals = []
        for rec in d.get("literals") or ():
            lit = _fact(rec, ds)
            lit["object_label"] = rec.get("object_label")
            literals.append(lit)
        if literals:
            node["literals"] = literals
        nodes.append(node)

    edges = []
    for u, v, key, d in graph.edges(keys=True, data=True):
        edge = _fact(d, ds)
        edge.update({"id": str(key), "from": u, "to": v})
        edges.append(edge)

    facts = [*edges, *(lit for n in nodes for lit in n.get("literals", ()))]
    sources_used = {f["source"] for f in facts if "source" in f}
    relations_used = {f["relation"] for f in facts if "relation" in f}
    types = {
        t.id: {"label": t.label, "color": t.color, "shape": t.shape, "fold": t.fold}
        for t in ds.entity_types.values()
        if t.id in types_used
    }
    for t in sorted(types_used - set(types)):
        types[t] = {"label": t or "(no type)", "color": "#b0b0b0", "shape": "dot"}
    sources = {}
    for sid in sorted(sources_used):
        s = ds.sources.get(sid)
        sources[sid] = (
            {"title": s.display_title, "publisher": s.publisher, "date": s.date, "url": s.url} if s else {"title": sid}
        )
    relations = {}
    for rid in sorted(relations_used):
        r = ds.relations.get(rid)
        relations[rid] = (
            {
                "label": r.label,
                "polarity": r.polarity,
                "goldstein": r.goldstein,
                "cameo": r.cameo,
                "belongs_to": r.belongs_to,
            }
            if r
            else {"label": rid, "polarity": "neutral"}
        )

    communities = _communities(graph)
    for node in nodes:
        node["community"] = communities.get(node["id"], -1)
    edge_ids = {e["id"] for e in edges}
    node_ids = set(graph.nodes)
    return {
        "meta": {
            "title": title,
            "subtitle": subtitle,
            "types": types,
            "polarities": {p: POLARITY_COLORS[p] for p in POLARITIES},
            "sources": sources,
            "relations": relations,
            "highlight": {
                "nodes": [n for n in highlight_nodes if n in node_ids],
                "edges": [k for k in map(str, map(_edge_key, highlight_edges)) if k in edge_ids],
            },
            "select": select if select in node_ids else None,
            "fold": FOLD_TABLE,  # the name-folding table of actor_kg.text.names, for the page's search
            "qualifiers": {
                name: {"label": spec.label or name, "type": spec.type} for name, spec in SCHEMA.qualifiers.items()
            },
        },
        "nodes": nodes,
        "edges": edges,
        "dyad": dyad_embed(ds, _page_facts(ds, graph)),
    }


def _communities(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Each entity's community (Louvain on the facts between entities, each pair weighted by how many;
    seeded, so a page is drawn the same each time), numbered by size, largest first. The page groups
    its layout by them and lets the reader collapse one into a single node.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")])
    >>> _communities(g) == {"a": 0, "b": 0, "c": 0, "x": 1, "y": 1}
    True
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    for u, v in graph.edges():
        if u != v:
            w = simple.get_edge_data(u, v, {"weight": 0})["weight"]
            simple.add_edge(u, v, weight=w + 1)
    found = nx.community.louvain_communities(simple, weight="weight", seed=7)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {n: k for k, members in enumerate(ordered) for n in members}


def check_size(n: int, max_nodes: int | None = None) -> None:
    """Raise GraphTooLarge when `n` entities are more than a page can draw usefully (default MAX_NODES)."""
    max_nodes = MAX_NODES if max_nodes is None else max_nodes
    if n > max_nodes:
        raise GraphTooLarge(
            f"the graph has {n} entities to draw, more than {max_nodes} can be shown usefully; narrow it with "
            f"{arg('focus')}=ENTITY {arg('depth')}=1, {arg('sources')}=SOURCE or {arg('relations')}=RELATION"
        )


def render_html(
    ds: Dataset,
    graph: nx.MultiDiGraph,
    highlight_nodes: Iterable[str] = (),
    highlight_edges: Iterable[Any] = (),
    title: str = DEFAULT_TITLE,
    *,
    subtitle: str = "",
    select: str | None = None,
    max_nodes: int | None = None,
    store: ox.Store | None = None,
    queries: dict[str, NamedQuery] | None = None,
) -> str:
    """One self-contained HTML page drawing `graph` (a MultiDiGraph as built by store.multigraph.to_networkx, or any
    subgraph of it). `highlight_nodes` (entity ids) are ringed; `highlight_edges` (edge keys, i.e. fact ids,
    or (u, v, key) tuples) are drawn thick and everything else faded, e.g. a path within its surroundings.
    `select` names a node whose details the page opens with. Raises GraphTooLarge over `max_nodes` nodes
    (default MAX_NODES). With the build's `store`, the page's SPARQL panel answers `queries` (default: the
    bundled named queries) on it (see page_sparql)."""
    check_size(graph.number_of_nodes(), max_nodes)
    data = page_data(ds, graph, highlight_nodes, highlight_edges, title, subtitle, select)
    data["meta"]["sparql"], sparql_html = sparql_embed(ds, graph, store, queries)
    vis_js, vis_css = vis_assets()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(VIZ_DIR), autoescape=True, undefined=jinja2.StrictUndefined)
    return env.get_template("template.html").render(
        title=title,
        vis_js=inline_code(vis_js, "vis-network.min.js"),
        vis_css=inline_code(vis_css, "vis-network.css"),
        app_js=[inline_code((VIZ_DIR / name).read_text(encoding="utf-8"), name) for name in APP_SCRIPTS],
        app_css=[inline_code((VIZ_DIR / name).read_text(encoding="utf-8"), name) for name in APP_STYLES],
        sparql_html=sparql_html,
        data_json=script_json(data),
    )


def _subgraph(
    ds: Dataset, hops: nx.Graph, nodes: set[str], flt: FactFilter = FactFilter(), first: Iterable[str] = ()
) -> nx.MultiDiGraph:
    """The MultiDiGraph of `nodes` and the facts among them that `flt` keeps, each read by position: at
    most MAX_FACTS, those of the `first` entities (a focus, a path's) before the others. The facts read
    are the graph attribute `facts`; how many were left out is `facts_left_out`, for the page to say."""
    first = set(first) & nodes
    sub = hops.subgraph(nodes)
    ranked: dict[int, None] = {}  # positions, most wanted first, each once; sorted, so the cut is the same each time
    for u, v, d in sorted(sub.edges(data=True)):  # between two first entities (a path's hops)
        if u in first and v in first:
            ranked.update(dict.fromkeys(d["facts"]))
    for n in sorted(first):  # the rest of theirs
        ranked.update(dict.fromkeys(hops.nodes[n]["literals"]))
        for other in sorted(sub[n]):
            ranked.update(dict.fromkeys(sub[n][other]["facts"]))
    for _, _, d in sorted(sub.edges(data=True)):
        ranked.update(dict.fromkeys(d["facts"]))
    for n in sorted(nodes - first):
        ranked.update(dict.fromkeys(hops.nodes[n]["literals"]))
    kept = [i for i in ranked if flt.keeps(ds.facts[i], ds)]
    facts = [ds.facts[i] for i in sorted(kept[:MAX_FACTS])]
    g = to_networkx(ds, facts, [e for e in ds.entities if e in nodes])
    g.graph["facts"] = facts
    g.graph["facts_left_out"] = max(0, len(kept) - MAX_FACTS)
    return g


def _left_out(g: nx.MultiDiGraph) -> str:
    n = g.graph.get("facts_left_out", 0)
    return (
        (
            f"{n:,} facts left out (a page carries at most {MAX_FACTS:,}: narrow it with --relation, --source, "
            "--since, or focus on one of these entities)"
        )
        if n
        else ""
    )


def select_subgraph(
    ds: Dataset, hops: nx.Graph, focus: str | None = None, depth: int = 1, flt: FactFilter = FactFilter()
) -> nx.MultiDiGraph:
    """The part of the graph to draw, as a MultiDiGraph: only facts `flt` keeps, then, with `focus` (an
    entity id), only what lies within `depth` facts of it in either direction. `hops` is the build's hop
    graph; only the facts drawn are read. A filter drops the entities it leaves without any fact; the
    literal facts kept on each node are filtered the same way. Raises GraphTooLarge before reading any
    fact when an unfiltered selection is too large to draw."""
    if focus is not None and focus not in hops:
        raise InvalidArgument(f"{focus!r} is not in the graph", "focus")
    if depth < 0:
        raise InvalidArgument(f"{arg('depth')} must be 0 or more", "depth")
    # what is drawn is connected by facts; an attribution edge (one end says something of the other) is not drawn
    view = nx.subgraph_view(hops, filter_edge=lambda u, v: any(flt.keeps(ds.facts[i], ds) for i in hops[u][v]["facts"]))
    nodes = set(nx.single_source_shortest_path_length(view, focus, cutoff=depth)) if focus is not None else set(hops)
    if not flt:
        check_size(len(nodes))
    g = _subgraph(ds, hops, nodes, flt, first=[focus] if focus is not None else ())
    if flt:
        g.remove_nodes_from(
            [nid for nid, d in list(g.nodes(data=True)) if nid != focus and g.degree(nid) == 0 and not d["literals"]]
        )
    return g


def graph_page(
    ds: Dataset,
    hops: nx.Graph,
    focus: str | None = None,
    depth: int = 1,
    flt: FactFilter = FactFilter(),
    title: str | None = None,
    store: ox.Store | None = None,
    queries: dict[str, NamedQuery] | None = None,
) -> str:
    """The page of a build's graph, optionally narrowed (see select_subgraph); the focused entity (an id)
    is ringed and opened. `store` and `queries` go to the SPARQL panel (see render_html)."""
    g = select_subgraph(ds, hops, focus, depth, flt)
    parts = [f"around {ds.label(focus)} (depth {depth})"] if focus else []
    if flt.sources:
        parts.append("source " + ", ".join(ds.sources[s].display_title for s in flt.sources))
    if flt.relations:
        parts.append("relation " + ", ".join(ds.relations[r].label for r in flt.relations))
    rest = FactFilter(exclude_relations=flt.exclude_relations, polarity=flt.polarity, since=flt.since, until=flt.until)
    if rest:
        parts.append(rest.describe())
    if _left_out(g):
        parts.append(_left_out(g))
    return render_html(
        ds,
        g,
        highlight_nodes=[focus] if focus else (),
        title=title or DEFAULT_TITLE,
        subtitle="; ".join(parts),
        select=focus,
        store=store,
        queries=queries,
    )


def path_page(
    ds: Dataset,
    hops: nx.Graph,
    paths: Iterable[GraphPath],
    context: int = 1,
    title: str | None = None,
    store: ox.Store | None = None,
    queries: dict[str, NamedQuery] | None = None,
) -> str:
    """The page for `kg path --html`: the paths (with their facts read) drawn within `context` hops of
    their entities, every fact of every hop highlighted, the rest faded."""
    paths = list(paths)
    on_path = list(dict.fromkeys(n for p in paths for n in p.nodes))
    facts = list(dict.fromkeys(f.id for p in paths for hop in p.hops for f in hop.facts))
    near = set(on_path)
    drawn = nx.subgraph_view(hops, filter_edge=lambda u, v: bool(hops[u][v]["facts"]))
    for n in on_path:
        near.update(nx.single_source_shortest_path_length(drawn, n, cutoff=context))
    ends = " \u2192 ".join(dict.fromkeys(ds.label(n) for p in paths for n in (p.nodes[0], p.nodes[-1])))
    subtitle = f"{len(paths)} path(s), {len(facts)} fact(s) highlighted, with what lies within {context} hop(s)"
    check_size(len(near))
    g = _subgraph(ds, hops, near, first=on_path)
    return render_html(
        ds,
        g,
        highlight_nodes=on_path,
        highlight_edges=facts,
        title=title or f"{DEFAULT_TITLE}: {ends}",
        subtitle="; ".join(filter(None, (subtitle, _left_out(g)))),
        store=store,
        queries=queries,
    )
