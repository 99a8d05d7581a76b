"""The page's SPARQL panel (viz/kg-sparql.js, Oxigraph compiled to WebAssembly over the embedded quads),
checked in Debian's chromium, driven headless by Playwright, against `kg query` (Project.query) on the
same build. Page sizes, load and query times are printed (pytest -s shows them)."""

from __future__ import annotations

import base64
import gzip
import re
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from actor_kg.output import page_sparql
from actor_kg.output.viz import render_html
from actor_kg.project import Project
from actor_kg.sparql.engine import to_oxigraph
from actor_kg.store.namespaces import ENT

from test_viz import READY, Page, browser, check_clean, needs_chromium, page_json  # noqa: F401  (browser: a fixture)

CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:"
)


def nt(term) -> str | None:
    """An rdflib term in N-Triples form, as the page gives terms (both written by Oxigraph's Rust code)."""
    return None if term is None else str(to_oxigraph(term))


def cli(project: Project, name: str, params: dict[str, str]) -> dict:
    """`kg query NAME --param …` in the page's shape: {form, vars, rows, boolean}."""
    r = project.query(name, params)
    if r.form == "graph":
        assert r.graph is not None
        return {
            "form": "graph",
            "vars": ["subject", "predicate", "object"],
            "rows": [[nt(t) for t in triple] for triple in r.graph],
            "boolean": None,
        }
    return {"form": r.form, "vars": r.variables, "rows": [[nt(t) for t in row] for row in r.rows], "boolean": r.boolean}


def concat_sorted(text: str, answer: dict) -> dict:
    """The answer with each GROUP_CONCAT's parts in order: SPARQL leaves their order to the engine, and
    the page's in-memory store walks its data in another order than the build's on disk."""
    cols = {
        answer["vars"].index(var): sep
        for sep, var in re.findall(r'GROUP_CONCAT\([^;]*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)', text, re.I)
        if var in answer["vars"]
    }

    def joined(term: str | None, sep: str) -> str | None:
        if term is None:
            return None
        lexical, rest = term[1:].rsplit('"', 1)
        return '"' + sep.join(sorted(lexical.split(sep))) + '"' + rest

    rows = [[joined(t, cols[c]) if c in cols else t for c, t in enumerate(row)] for row in answer["rows"]]
    return {**answer, "rows": rows}


def total_order(text: str, answer: dict) -> bool:
    """Whether the query's ORDER BY fixes the order of these rows: the plain variables it sorts by (an
    expression key only refines) are projected and tell every row apart."""
    m = re.search(r"\bORDER\s+BY\b(.*)", text, re.S | re.I)
    if not m:
        return False
    keys = re.sub(r"(?<!ASC)(?<!DESC)\((?:[^()]|\([^()]*\))*\)", "", m.group(1))  # drop expression keys
    cols = [answer["vars"].index(v) for v in re.findall(r"\?(\w+)", keys) if v in answer["vars"]]
    seen = [tuple(row[c] for c in cols) for row in answer["rows"]]
    return bool(cols) and len(set(seen)) == len(seen)


def example_params(project: Project, params: list) -> list[dict[str, str]]:
    """Sensible values for a query's parameters: the required ones, then all of them when some are
    optional. A subject/relation/object triple is one the data states (Azerbaijan closes the Russian House)."""
    ds = project.dataset
    fact = next(f for f in ds.facts if f.subject == "azerbaijan" and f.relation == "closes")
    actors = iter(["Azerbaijan", "Russia"])
    by_kind = {
        "relation": fact.relation,
        "type": "country",
        "date": "2025",
        "end-date": "2025-02",
        "source": max(ds.sources, key=lambda s: sum(1 for f in ds.facts if f.source == s and not f.date)),
    }
    values = {}
    for p in params:
        if p.kind == "entity":
            values[p.name] = {"subject": "Azerbaijan", "object": ds.label(str(fact.object))}.get(p.name) or next(actors)
        else:
            assert p.kind in by_kind, f"no example value for a {p.kind} parameter"
            values[p.name] = by_kind[p.kind]
    required = {k: v for k, v in values.items() if not next(p for p in params if p.name == k).optional}
    return [required, values] if required != values else [values]


@pytest.fixture(scope="module")
def real_file(real: Project, tmp_path_factory) -> Path:
    path = real.viz(tmp_path_factory.mktemp("sparql") / "real.html")
    without = render_html(real.dataset, real.open().graph, store=None)
    print(
        f"\nreal page: {len(without.encode()) / 1e6:.2f} MB without SPARQL, {path.stat().st_size / 1e6:.2f} MB with "
        f"({len(real.open().store):,} quads embedded)"
    )
    return path


@pytest.fixture
def real_page(browser, real_file):
    page = Page(browser, real_file)
    yield page
    page.close()


def loaded(page: Page) -> dict:
    """Wait for the engine and the store; the page's timings."""
    started = time.perf_counter()
    page.js("kg.sparql.ready")
    timing = page.js("kg.sparql.timing")
    print(
        f"\nSPARQL loaded in {timing['total']:.0f} ms (engine {timing['engine']:.0f} ms, store {timing['store']:.0f} ms; "
        f"{time.perf_counter() - started:.2f} s by the test's clock)"
    )
    return timing


def fill_form(page, name: str, values: dict[str, str]) -> None:
    """Open the panel, choose a named query, fill its fields and run it, as a reader does."""
    page.click("#sparql-toggle")
    page.select_option("#query-panel .qp-query", name)
    for param, value in values.items():
        page.fill(f"#qp-param-{param}", value)
    page.click("#query-panel .qp-run")


def check_csp(page: Page) -> None:
    assert page.js("document.querySelector('meta[http-equiv=Content-Security-Policy]').content") == CSP


@needs_chromium
def test_every_named_query_answers_in_the_page_as_kg_query_does(real: Project, real_page: Page):
    loaded(real_page)
    answered, ordered, times = 0, [], []
    for name, q in real.queries().items():
        for params in example_params(real, list(q.params.values())):
            want = cli(real, name, params)
            want = concat_sorted(q.text, want)
            got = concat_sorted(q.text, real_page.js("([n, p]) => kg.sparql.run(n, p)", [name, params]))
            times.append((got.pop("ms"), name))
            assert (got["form"], got["vars"], got.get("boolean")) == (want["form"], want["vars"], want["boolean"]), (
                name,
                params,
            )
            if want["form"] == "select" and total_order(q.text, want):
                assert got["rows"] == want["rows"], (name, params)
                ordered.append(name)
            else:
                assert sorted(got["rows"], key=repr) == sorted(want["rows"], key=repr), (name, params)
            answered += bool(want["rows"] or want["boolean"])
    assert answered >= len(real.queries())  # most answer something: the equalities are not of empty answers
    print(
        f"{len(times)} runs of {len(real.queries())} named queries agree with kg query ({answered} with answers, "
        f"{len(set(ordered))} queries in order); "
        "slowest: " + ", ".join(f"{name} {t:.0f} ms" for t, name in sorted(times, reverse=True)[:4])
    )
    check_clean(real_page)
    check_csp(real_page)


@needs_chromium
def test_a_named_query_runs_from_its_form_and_a_row_finds_its_entities(real: Project, real_page: Page):
    page = real_page.page
    fill_form(page, "actor-facts", {"actor": "Baku"})  # an alias
    assert "Every fact with the actor" in page.inner_text("#query-panel .qp-desc")
    real_page.wait_for("document.querySelectorAll('#query-panel tbody tr').length")
    want = cli(real, "actor-facts", {"actor": "Azerbaijan"})
    assert real_page.js("document.querySelectorAll('#query-panel tbody tr').length") == len(want["rows"])
    assert page.inner_text("#query-panel .qp-summary").startswith(f"{len(want['rows'])} rows in ")
    first_column = real_page.js(
        "[...document.querySelectorAll('#query-panel tbody tr td:first-child')].map(td => td.textContent)"
    )
    assert set(first_column) == {"Azerbaijan"}  # entity IRIs shown as their labels
    real_page.screenshot("sparql-table.png")
    # a row's click marks every entity of the row in the graph
    entities = [
        list(dict.fromkeys(t[len(str(ENT)) + 1 : -1] for t in r if t and t.startswith(f"<{ENT}"))) for r in want["rows"]
    ]
    row, ids = next(
        (n, ids) for n, ids in enumerate(entities) if len(ids) > 1
    )  # Azerbaijan and the other side at least
    page.click(f"#query-panel tbody tr:nth-child({row + 1}) td.literal >> nth=0")
    assert real_page.js("kg.highlighted()") == ids
    # a label is a link to the entity, a statement to its fact
    page.click(f"#query-panel tbody tr:nth-child({row + 1}) td:first-child button")
    assert real_page.js("kg.network.getSelectedNodes()") == ["azerbaijan"]
    fact = want["rows"][row][-1][len("<https://w3id.org/actor-kg/statement/") : -1]
    page.click(f"#query-panel tbody tr:nth-child({row + 1}) td:last-child button")
    assert fact in real_page.details()
    # a name the page does not know, or none: the message names the field
    page.fill("#qp-param-actor", "Nobody at all")
    page.click("#query-panel .qp-run")
    assert "\u201cactor\u201d: no entity on this page is named \u201cNobody at all\u201d" in page.inner_text(
        "#query-panel .qp-message"
    )
    page.fill("#qp-param-actor", "")
    page.click("#query-panel .qp-run")
    assert "\u201cactor\u201d needs a value" in page.inner_text("#query-panel .qp-message")
    real_page.screenshot("sparql-form.png")
    check_clean(real_page)


@needs_chromium
def test_an_ambiguous_name_is_refused_with_its_candidates(browser, mini: Project, tmp_path: Path):
    page = Page(browser, mini.viz(tmp_path / "mini.html"))
    fill_form(page.page, "actor-facts", {"actor": "Baku"})  # Azerbaijan's alias, and Baku city's
    message = page.page.inner_text("#query-panel .qp-message")
    assert (
        "\u201cactor\u201d: \u201cBaku\u201d may be" in message and "Azerbaijan" in message and "Baku city" in message
    )
    check_clean(page)
    page.close()


@needs_chromium
def test_free_sparql_takes_the_project_prefixes_and_explains_a_syntax_error(real: Project, real_page: Page):
    page = real_page.page
    page.click("#sparql-toggle")
    page.select_option("#query-panel .qp-query", "")  # free SPARQL, prefilled with the query chosen before
    assert "SELECT" in page.input_value("#query-panel .qp-text")
    page.fill("#query-panel .qp-text", "SELECT ?label WHERE { ent:azerbaijan skos:prefLabel ?label }")
    page.click("#query-panel .qp-run")
    real_page.wait_for("document.querySelector('#query-panel tbody td')")
    assert page.inner_text("#query-panel tbody") == "Azerbaijan"
    page.fill("#query-panel .qp-text", "SELECT ?s WHERE {\n  ?s ?p\n}")
    page.click("#query-panel .qp-run")
    message = page.inner_text("#query-panel .qp-message")
    assert (
        message.startswith("syntax error at line ") and len(message.splitlines()) == 3
    )  # the place, the line, a caret
    assert page.query_selector("#query-panel tbody") is None  # the last answer is gone
    page.fill("#query-panel .qp-text", "ASK { ?s rdf:subject ent:azerbaijan }")
    page.click("#query-panel .qp-run")
    real_page.wait_for("document.querySelector('#query-panel .qp-ask')")
    assert page.inner_text("#query-panel .qp-ask") == "yes"
    describe = "DESCRIBE ent:azerbaijan"  # a graph answer, as kg query gives it
    got = real_page.js("t => kg.sparql.runText(t)", describe)
    want = real.query(describe)
    assert got["form"] == "graph" and sorted(got["rows"]) == sorted([nt(t) for t in triple] for triple in want.graph)
    assert real_page.js("kg.sparql.runText('SELEC ?x WHERE {}').catch(e => e.message)").startswith(
        "syntax error: \u201cSELEC\u201d is not a SPARQL keyword"
    )
    assert "SPARQL update" in real_page.js(
        "kg.sparql.runText('INSERT DATA { ent:a ent:b ent:c }').catch(e => e.message)"
    )
    check_clean(real_page)
    check_csp(real_page)


@needs_chromium
def test_past_the_limit_the_page_carries_what_it_draws_and_says_so(real: Project, browser, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(page_sparql, "SPARQL_MAX_QUADS", 2000)
    path = real.viz(tmp_path / "focused.html", focus="Azerbaijan", depth=1)
    html = path.read_text(encoding="utf-8")
    data = page_json(html)
    meta = data["meta"]["sparql"]
    drawn = [e["id"] for e in data["edges"]] + [lit["id"] for n in data["nodes"] for lit in n.get("literals", ())]
    assert meta["whole"] is False and meta["facts"] == len(drawn) < meta["build_facts"] == len(real.dataset.facts)
    # the embedded quads are the store's, and every quad of the facts drawn is there
    block = re.search(r'<script type="application/octet-stream" id="kg-sparql-quads">([^<]*)</script>', html)
    embedded = set(ox.parse(gzip.decompress(base64.b64decode(block.group(1))), format=ox.RdfFormat.N_QUADS))
    store = real.open().store
    assert len(embedded) == meta["quads"] and embedded <= set(store)
    for fid in drawn:
        assert (
            set(store.quads_for_pattern(ox.NamedNode(f"https://w3id.org/actor-kg/statement/{fid}"), None, None))
            <= embedded
        )
    print(
        f"\nfocused page: {meta['quads']:,} of {len(store):,} quads for {meta['facts']} of {meta['build_facts']} facts; "
        f"page {path.stat().st_size / 1e6:.2f} MB"
    )
    page = Page(browser, path)
    page.page.click("#sparql-toggle")
    assert (
        f"covers the {len(drawn)} facts drawn here, not the whole build of {len(real.dataset.facts)}"
        in page.page.inner_text("#query-panel .qp-scope")
    )
    loaded(page)
    # the facts about Azerbaijan are all drawn around it: the same answer as kg query
    got = page.js("kg.sparql.run('actor-facts', {actor: 'Azerbaijan'})")
    assert got["rows"] == cli(real, "actor-facts", {"actor": "Azerbaijan"})["rows"]
    # counts over the whole build are not: fewer here
    here = page.js("kg.sparql.run('facts-per-relation', {})")["rows"]
    assert 0 < len(here) and sum(int(r[-1].split('"')[1]) for r in here if r[-1]) < len(real.dataset.facts)
    check_clean(page)
    page.close()


@needs_chromium
def test_the_panel_and_its_answer_come_back_from_the_url_fragment(real: Project, real_page: Page):
    page = real_page.page
    fill_form(page, "relations-balance", {"a": "Baku", "b": "Russia"})
    real_page.wait_for("document.querySelectorAll('#query-panel tbody tr').length")
    table = page.inner_text("#query-panel table")
    fragment = real_page.js("location.hash")
    assert "q=" in fragment
    page.reload()  # the file again, with its fragment: a fresh page
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    real_page.wait_for("document.querySelectorAll('#query-panel tbody tr').length", timeout=60)
    assert real_page.js("document.getElementById('query-panel').hidden") is False
    assert page.input_value("#qp-param-a") == "Baku" and page.input_value("#qp-param-b") == "Russia"
    assert page.inner_text("#query-panel table") == table
    assert real_page.js("location.hash") == fragment
    # closing the panel takes it out of the fragment
    page.click("#query-panel .qp-close")
    assert "q=" not in real_page.js("location.hash")
    assert real_page.errors == [] and set(real_page.requests) == {real_page.url}


@needs_chromium
def test_without_the_store_the_panel_says_sparql_is_not_available(browser, mini: Project, tmp_path: Path):
    path = tmp_path / "no-store.html"
    path.write_text(render_html(mini.dataset, mini.open().graph, title="no store"), encoding="utf-8")
    assert 'id="kg-oxigraph-wasm"' not in path.read_text(encoding="utf-8")
    page = Page(browser, path)
    page.page.click("#sparql-toggle")
    assert "SPARQL is not available on this page" in page.page.inner_text("#query-panel .qp-status")
    assert "not available" in page.js("kg.sparql.run('actor-facts', {actor: 'Azerbaijan'}).catch(e => e.message)")
    check_clean(page)
    page.close()
