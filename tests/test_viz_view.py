"""The page's first view, its time bar, the view in the URL and the picture export, in a real browser
(Debian's chromium, headless, driven by Playwright). Screenshots go to tests/artifacts/."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from actor_kg import FactFilter
from actor_kg.output.render import date_text
from actor_kg.output.viz import select_subgraph
from actor_kg.project import Project

from test_viz import Page, browser, check_clean, needs_chromium, unfold  # noqa: F401 (browser: a fixture)

playwright = pytest.importorskip("playwright.sync_api")
WIDTH, HEIGHT = 1600, 1000  # the size the issue judges the first view at

# The labels drawn on the canvas: a node's scaled font size at the current zoom against the threshold
# (vis-network draws from 1 px under it, fading in), and not made transparent because it would
# overprint a more important one.
LABELS_DRAWN = """() => kg.visible().nodes.filter(id => { const b = kg.network.body.nodes[id];
    return b && b.options.font.size * kg.network.getScale() >= b.options.scaling.label.drawThreshold - 1
        && kg.nodes.get(id).font.color !== 'rgba(0,0,0,0)'; })"""
# The boxes of those labels on screen, in CSS pixels.
LABEL_BOXES = """ids => ids.map(id => { const s = kg.network.body.nodes[id].labelModule.size;
    const a = kg.network.canvasToDOM({x: s.left, y: s.top}), b = kg.network.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    return [a.x, a.y, b.x, b.y]; })"""


def overlapping(boxes: list[list[float]]) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[:i])
        if a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]
    ]


def settled(page: Page) -> None:
    """Wait for the labels to be sorted out after the view changed (the page does it 0.18 s after)."""
    page.page.wait_for_timeout(600)


@pytest.fixture(scope="module")
def real_file(real: Project, tmp_path_factory) -> Path:
    return real.viz(tmp_path_factory.mktemp("view") / "real.html")


@pytest.fixture
def first_view(browser, real_file):
    page = Page(browser, real_file, width=WIDTH, height=HEIGHT)
    yield page
    page.close()


@needs_chromium
def test_the_first_view_names_the_main_actors_and_more_as_one_zooms_in(real: Project, first_view: Page):
    g = real.open().graph
    page = first_view
    settled(page)
    page.screenshot("view-first.png")
    named = page.js(LABELS_DRAWN)
    assert overlapping(page.js(LABEL_BOXES, named)) == []  # no label overprints another
    # the entities with most facts are named at first sight; the others wait for the zoom
    top = sorted(g.nodes, key=lambda n: -g.degree(n))[:6]
    assert set(top) <= set(named), (top, named)
    assert 15 <= len(named) <= 60
    assert {"azerbaijan", "russia", "vladimir-putin", "ilham-aliyev"} <= set(named)
    page.js("kg.network.moveTo({scale: kg.network.getScale() * 2.5})")
    settled(page)
    closer = page.js(LABELS_DRAWN)
    assert len(closer) > len(named) and overlapping(page.js(LABEL_BOXES, closer)) == []
    page.screenshot("view-zoom-2.5.png")
    page.js("kg.network.focus('azerbaijan', {scale: 1.6})")
    settled(page)
    assert overlapping(page.js(LABEL_BOXES, page.js(LABELS_DRAWN))) == []
    page.screenshot("view-core.png")
    check_clean(page)


@needs_chromium
def test_minor_entities_are_folded_into_their_actor_until_expanded(real: Project, first_view: Page):
    page = first_view
    g = real.open().graph
    folded = page.js("kg.data.nodes.map(n => n.id).filter(id => kg.hostOf(id) && !kg.visible().nodes.includes(id))")
    assert len(folded) > 40
    # every entity of a fold type hangs on an actor that is not of one
    fold_types = {t.id for t in real.dataset.entity_types.values() if t.fold}
    assert {g.nodes[n]["type"] for n in folded} & fold_types
    host = max(
        {page.js("id => kg.hostOf(id)", n) for n in folded},
        key=lambda h: sum(page.js("id => kg.hostOf(id)", n) == h for n in folded),
    )
    mine = [n for n in folded if page.js("id => kg.hostOf(id)", n) == host]
    assert page.js("id => kg.nodes.get(id).label", host).endswith(f"+{len(mine)}")
    # double-click the host: its minor entities come out around it; again: they fold back
    page.js("id => kg.network.focus(id, {scale: 1.2})", host)
    x, y = page.screen_xy(host)
    page.page.mouse.dblclick(x, y)
    drawn = set(page.visible()["nodes"])
    assert set(mine) <= drawn
    at = page.js("ids => kg.network.getPositions(ids)", [host, *mine])
    assert all(((at[n]["x"] - at[host]["x"]) ** 2 + (at[n]["y"] - at[host]["y"]) ** 2) ** 0.5 < 300 for n in mine)
    page.screenshot("view-expanded.png")
    page.js("id => kg.toggleFold(id)", host)
    assert not set(mine) & set(page.visible()["nodes"])
    # finding a folded entity brings it out
    assert page.js("s => kg.search(s)", g.nodes[mine[0]]["label"]) == mine[0]
    assert mine[0] in page.visible()["nodes"] and page.js("kg.network.getSelectedNodes()") == [mine[0]]
    check_clean(page)


@needs_chromium
def test_a_community_collapses_into_one_node_and_back(first_view: Page):
    page = first_view
    k = page.js("Number(document.querySelector('#communities input').value)")
    members = page.js("k => kg.data.nodes.filter(n => n.community === k).map(n => n.id)", k)
    before = set(page.visible()["edges"])
    page.page.click("#communities summary")
    page.page.check("#communities input")
    assert page.js("k => !!kg.nodes.get('community:' + k)", k)
    drawn = page.js("kg.visible().links")
    assert not [m for m in members if page.js("id => !!kg.nodes.get(id) && !kg.nodes.get(id).hidden", m)]
    assert any(f"community:{k}" in link for link in drawn)  # its links now end at the community
    page.js(f"kg.selectLink(kg.visible().links.find(l => l.includes('community:{k}')))")
    assert "community" in page.details()
    page.page.uncheck("#communities input")
    assert not page.js("k => !!kg.nodes.get('community:' + k)", k) and set(page.visible()["edges"]) == before
    check_clean(page)


# Points on drawn links where a click is unambiguous (no other link within 3 px, no node's shape within
# 4 px) but the core is dense (another link within 14 px): the nearest such points to Azerbaijan.
DENSE_POINTS = """(n) => {
    const net = kg.network, scale = net.getScale(), ids = kg.visible().nodes;
    const pos = net.getPositions(ids), dom = {};
    for (const id of ids) dom[id] = net.canvasToDOM(pos[id]);
    const box = document.getElementById('network').getBoundingClientRect();
    const links = kg.visible().links.map(id => kg.edges.get(id)).filter(e => e.from !== e.to);
    const dist = (p, a, b) => { const dx = b.x - a.x, dy = b.y - a.y, l = dx * dx + dy * dy;
        const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l));
        return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy); };
    const centre = dom['azerbaijan'], out = [];
    for (const e of links) {
        const a = dom[e.from], b = dom[e.to];
        for (let t = 0.15; t <= 0.85; t += 0.05) {
            const p = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
            if (p.x < 10 || p.y < 50 || p.x > box.width - 10 || p.y > box.height - 10) continue;
            const nodeNear = ids.some(id => { const bd = net.body.nodes[id];
                return Math.hypot(dom[id].x - p.x, dom[id].y - p.y) < ((bd.shape.radius || bd.options.size || 10) * scale) + 4; });
            if (nodeNear) continue;
            const others = links.filter(o => o !== e).map(o => dist(p, dom[o.from], dom[o.to]));
            const nearest = Math.min(...others);
            if (nearest < 3 || nearest > 14) continue;
            out.push({ link: e.id, x: box.left + p.x, y: box.top + p.y, d: Math.hypot(p.x - centre.x, p.y - centre.y),
                       visNode: net.getNodeAt(p) || null, visEdge: net.getEdgeAt(p) || null });
            break;
        }
    }
    return out.sort((x, y) => x.d - y.d).slice(0, n);
}"""


@needs_chromium
def test_a_click_in_the_dense_core_selects_the_link_under_the_pointer(first_view: Page):
    page = first_view
    page.js("kg.network.focus('azerbaijan', {scale: 1.0})")
    points = page.js(DENSE_POINTS, 15)
    assert len(points) >= 10
    for p in points:
        page.js("kg.clearSelection()")
        page.page.mouse.click(p["x"], p["y"])
        assert page.js("kg.network.getSelectedEdges()") == [p["link"]], p
        a, b = p["link"][len("link:") :].split("|")
        assert page.js("ids => ids.map(kg.label)", [a, b]) == [
            x.strip() for x in page.page.inner_text("#details h2").split("\u2194")
        ]
    # where vis-network's own picking would have taken a label or another link for the click
    misses = sum(1 for p in points if p["visNode"] is not None or p["visEdge"] != p["link"])
    print(
        f"\n{len(points)} clicks in the dense core, all on the link under the pointer; "
        f"vis-network's own picking would have missed {misses}"
    )
    check_clean(page)


# ---------- time ----------


def _in_window(d: dict, start: str, end: str) -> bool:
    """A fact's date overlaps [start, end], an open end closed at the known one (filters.known_range)."""
    if not d.get("date_start"):
        return False
    lo = d["date_end"] if d["date_start"] == "0001-01-01" else d["date_start"]
    hi = d["date_start"] if d["date_end"] == "9999-12-31" else d["date_end"]
    return lo <= end and hi >= start


@needs_chromium
def test_the_time_slider_shows_what_overlaps_its_window_as_the_cli_filters(real: Project, first_view: Page):
    page, ds, g, h = first_view, real.dataset, real.open().graph, real.open().hops
    unfold(page)
    slots = page.js("kg.timebar.slots")
    # the slot of February 2025 on both handles: one month
    feb = next(i for i, s in enumerate(slots) if s["a"] == 2025 * 12 + 1)
    page.js(
        """i => { for (const s of document.querySelectorAll('#timebar input[type=range]')) {
        s.value = i; s.dispatchEvent(new Event('input')); } }""",
        feb,
    )
    assert page.js("kg.time()") == {"from": "2025-02-01", "to": "2025-02-28", "undated": False}
    shown = set(page.visible()["edges"])
    expected = select_subgraph(ds, h, flt=FactFilter(since=date(2025, 2, 1), until=date(2025, 2, 28)))
    assert shown == {k for _, _, k in expected.edges(keys=True)}  # what `kg viz --since --until` draws
    assert shown == {k for _, _, k, d in g.edges(keys=True, data=True) if _in_window(d, "2025-02-01", "2025-02-28")}
    assert page.page.input_value("#date-from") == "2025-02-01"
    # a fact dated to a year spans it: in the window of any of its months
    yearly = next(
        (k, d)
        for _, _, k, d in g.edges(keys=True, data=True)
        if d.get("date") and len(d["date"]) == 4 and d["date"] >= "2000"
    )
    page.page.fill("#date-from", yearly[1]["date"] + "-06")
    page.page.fill("#date-to", yearly[1]["date"] + "-06")
    assert yearly[0] in page.visible()["edges"]
    # undated facts: left out while a window is set, unless asked for
    undated = {k for _, _, k, d in g.edges(keys=True, data=True) if not d.get("date_start")}
    assert not undated & set(page.visible()["edges"])
    page.page.check("#undated")
    assert undated <= set(page.visible()["edges"])
    page.page.click("#timebar button:text('all dates')")
    assert len(page.visible()["edges"]) == g.number_of_edges()
    page.screenshot("view-time.png")
    check_clean(page)


@needs_chromium
def test_the_histogram_shows_how_facts_are_dated(real: Project, first_view: Page):
    """Facts dated within one month are counted by basis (stated, derived, bounded); a range open at one
    end at its known bound, as bounded; a wider closed range is drawn as covering its months."""
    page = first_view
    within = page.js("kg.timebar.within")
    totals = {b: sum(w[b] for w in within) for b in ("stated", "derived", "bounded")}
    expected = {"stated": 0, "derived": 0, "bounded": 0}
    for f in page.js("kg.facts.filter(f => f.date_start)"):
        start, end = f["date_start"], f["date_end"]
        if start == "0001-01-01" and end == "9999-12-31":
            continue
        if start == "0001-01-01" or end == "9999-12-31":
            expected["bounded"] += 1
        elif start[:7] == end[:7]:
            expected[f.get("date_basis") if f.get("date_basis") in ("derived", "bounded") else "stated"] += 1
    assert totals == expected and totals["derived"] and totals["bounded"]
    # a bounded fact says so where it is read, in the words of output.render, with the rule that bounds it
    bounded = next(f["id"] for f in page.js("kg.facts") if f.get("date_basis") == "bounded" and "from" in f)
    fact = next(f for f in real.dataset.facts if f.id == bounded)
    page.js("id => kg.selectFact(id)", bounded)
    words = date_text(fact.date.value, fact.date_qualifier, fact.date_basis, fact.date_rule)
    assert f", bounded: {fact.date_rule}" in words and f"date\n{words}" in page.details()
    check_clean(page)


@needs_chromium
def test_play_moves_a_one_month_window_forward(first_view: Page):
    page = first_view
    page.js("kg.playStepMs = 60")
    page.page.click("#timebar .play")
    first = page.js("kg.time()")
    assert first["from"] and first["from"][:7] == first["to"][:7]  # one month
    page.wait_for("start => kg.time().from > start", first["from"])
    page.wait_for("document.querySelector('#timebar .play').getAttribute('aria-label') === 'play'", timeout=30)
    assert page.js("kg.time().to") == page.js("kg.timebar.last")  # played to the end
    check_clean(page)


# ---------- sharing ----------


@needs_chromium
def test_the_view_lives_in_the_url_fragment_and_reopens_the_same(
    browser, real: Project, real_file: Path, first_view: Page
):
    page = first_view
    source = sorted(real.dataset.sources)[0]
    page.page.uncheck(f"#filter-sources input[value='{source}']")
    page.page.fill("#date-from", "2024-12")
    page.page.fill("#date-to", "2025-03")
    page.page.click("#communities summary")
    page.page.check("#communities input")
    page.js("kg.selectNode('vladimir-putin', true)")
    page.page.wait_for_timeout(700)  # the focus animation, then the debounced save
    page.js("kg.state.save()")
    fragment = page.js("location.hash")
    assert (
        "src=" in fragment
        and "time=2024-12-01..2025-03-31" in fragment
        and "sel=node%3Avladimir-putin" in fragment
        and "coll=" in fragment
    )
    state = page.js(
        "[kg.visible(), kg.time(), document.querySelector('#details h2').textContent, kg.network.getScale()]"
    )
    again = Page(browser, real_file, width=WIDTH, height=HEIGHT, fragment=fragment)
    reopened = again.js(
        "[kg.visible(), kg.time(), document.querySelector('#details h2').textContent, kg.network.getScale()]"
    )
    assert reopened[:3] == state[:3]
    assert abs(reopened[3] - state[3]) < 0.01
    again.screenshot("view-shared.png")
    check_clean(again)
    again.close()
    # a link and a fact are kept the same way
    for selected, heading in (
        ("link%3Aazerbaijan%7Crussia", "Azerbaijan \u2194 Russia"),
        ("fact%3Adaryo-007", "closes"),
    ):
        page = Page(browser, real_file, width=WIDTH, height=HEIGHT, fragment="#sel=" + selected)
        assert page.page.inner_text("#details h2") == heading
        page.js("kg.clearSelection(); kg.selectLink(kg.linkOf('daryo-007')); kg.state.save()")
        assert page.js("location.hash").startswith("#sel=link%3Aazerbaijan%7Crussian-house-baku&view=")
        page.close()


@needs_chromium
def test_the_view_exports_as_png_and_svg(first_view: Page, tmp_path: Path):
    page = first_view
    settled(page)
    with page.page.expect_download() as download:
        page.page.click("#export-png")
    png = tmp_path / "view.png"
    download.value.save_as(png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == tuple(page.js("(c => [c.width, c.height])(document.querySelector('#network canvas'))"))
    with page.page.expect_download() as download:
        page.page.click("#export-svg")
    svg = tmp_path / "view.svg"
    download.value.save_as(svg)
    root = ET.parse(svg).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = {"".join(t.itertext()) for t in root.iterfind(".//s:text", ns)}
    assert {"Azerbaijan", "Russia"} <= {t.split("  +")[0].split(" +")[0] for t in texts}
    assert len(texts) == len(page.js(LABELS_DRAWN))  # the labels the zoom shows, no more
    assert len(root.findall(".//s:line", ns)) == len(page.js("kg.visible().links"))
    assert page.outside_requests() == []


@needs_chromium
def test_a_focused_page_shows_the_focus_neighbourhood_unfolded(browser, real: Project, tmp_path: Path):
    """Around a focus nearly every entity has the focus as its one neighbour: nothing folds into it."""
    page = Page(browser, real.viz(tmp_path / "az.html", focus="Azerbaijan"), width=WIDTH, height=HEIGHT)
    assert page.js("kg.data.nodes.filter(n => kg.hostOf(n.id) === 'azerbaijan').length") == 0
    linked = page.js("kg.data.nodes.filter(n => kg.data.edges.some(e => e.from === n.id || e.to === n.id)).length")
    assert len(page.visible()["nodes"]) >= 0.7 * linked
    assert (
        page.js("kg.network.getSelectedNodes()") == ["azerbaijan"]
        and page.page.inner_text("#details h2") == "Azerbaijan"
    )
    check_clean(page)
    page.close()


# The page's size budget on the bundled data (docs/workbench.md, "Size and limits"): the graph's JSON, vis-network,
# the scripts, Oxigraph's WebAssembly and the store's quads.
PAGE_BUDGET = 4_000_000


def test_the_bundled_page_stays_within_its_size_budget(real: Project, real_file: Path):
    size = real_file.stat().st_size
    print(f"\nthe bundled data's page: {size / 1e6:.2f} MB (budget {PAGE_BUDGET / 1e6:.1f} MB)")
    assert size <= PAGE_BUDGET
    assert '"whole":true' in real_file.read_text(encoding="utf-8")  # SPARQL over the whole build


@needs_chromium
def test_a_garbled_fragment_opens_the_plain_view_without_errors(browser, real_file: Path):
    """A hand-edited or truncated link: every part it cannot read is left at its default."""
    page = Page(
        browser,
        real_file,
        width=WIDTH,
        height=HEIGHT,
        fragment="#time=garbage&sel=node%3Anope&coll=abc,99"
        "&open=zzz&types=nope&view=1,2&q=notjson&dyad=x,y,decade&fold=maybe&unlinked=2",
    )
    assert page.js("kg.time()") == {"from": None, "to": None, "undated": False}
    assert page.js("kg.network.getSelectedNodes()") == [] and "folded in" in page.page.inner_text("#counts")
    assert page.js("document.getElementById('query-panel').hidden") is True
    check_clean(page)
    page.close()
