"""The dyad chart panel of the HTML view (viz/kg-dyad.js), in Debian's chromium driven by Playwright: it
draws `kg dyad` (Project.dyad) as Python computed it for the facts the page carries, each bar and point
opens exactly its facts, the boxes take names and aliases as the page's search does, and the URL
fragment reopens it.

Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from actor_kg.derived import members
from actor_kg.analysis.dyad import QUAD_CLASSES, tally
from actor_kg.project import Project

from conftest import write_dataset
from test_viz import READY, XSS_ENTITIES, XSS_FACTS, XSS_IMG, XSS_TEXT, Page, check_clean, needs_chromium
from test_viz import browser  # noqa: F401  (the module-scoped chromium fixture)

PAIRS = [
    ("Azerbaijan", "Russia"),
    ("Russia", "Azerbaijan"),  # kept once: the page reads the pair the other way round
    ("Ilham Aliyev", "Vladimir Putin"),
    ("Azerbaijan", "Ukraine"),
    ("Armenia", "Azerbaijan"),  # undated events only: nothing to chart
    ("Russia", "Vladimir Putin"),
]  # one side inside the other: a fact towards both counts towards B
SIZE = {"width": 1600, "height": 1000}
ARROW, BOTH, DASH = "\u2192", "\u2194", "\u2014"


def signed(x: float) -> str:
    """A score as the chart writes it: +1.5, −2.0, ±0.0."""
    return ("+" if x > 0 else "\u2212" if x < 0 else "\u00b1") + f"{abs(x):.1f}"


def stats(ds, facts) -> str:
    """A tally of events in the chart's words, from kg dyad's rules (actor_kg.analysis.dyad.tally)."""
    t = tally(ds, facts)
    n = len(facts)
    scored = (
        f"Goldstein sum {signed(t.goldstein_sum)}, mean {signed(t.goldstein_mean)} over {len(t.goldstein)} scored"
        if t.goldstein
        else "no Goldstein score"
    )
    quads = ", ".join(f"{t.quad[q]} {q}" for q in QUAD_CLASSES if t.quad[q])
    bounded = f"{t.bounded} bounded (placed at their date\u2019s known bound)" if t.bounded else ""
    return " \u00b7 ".join(filter(None, [f"{n} event{'' if n == 1 else 's'}", scored, quads, bounded]))


def hit_labels(page: Page) -> list[str]:
    return page.js("[...document.querySelectorAll('#dyad-panel svg g.hit')].map(g => g.getAttribute('aria-label'))")


def listed(page: Page) -> list[str]:
    """The facts the details panel lists, in its order."""
    return page.js("[...document.querySelectorAll('#details li[data-fact]')].map(li => li.dataset.fact)")


def chart_periods(page: Page) -> list[str]:
    return page.js("[...document.querySelectorAll('#dyad-panel svg .period')].map(t => t.textContent)")


@pytest.fixture(scope="module")
def page_file(real: Project, tmp_path_factory) -> Path:
    return real.viz(tmp_path_factory.mktemp("dyad") / "real.html")


@pytest.fixture
def page(browser, page_file):
    p = Page(browser, page_file, **SIZE)
    yield p
    p.close()


@needs_chromium
def test_the_chart_shows_kg_dyad_for_every_pair_and_period(real: Project, page: Page):
    """The page draws what Python computed: each period's Goldstein point, each bar's events and
    scores, what it cannot place and the sides, as `kg dyad` gives them (Project.dyad)."""
    ds = real.dataset
    assert page.js("kg.facts.length") == len(ds.facts)  # the page carries every fact: same input
    covered = {"bounded": 0, "undated": 0, "unplaced": 0, "members": 0}
    for a, b in PAIRS:
        ids = [real.resolve(a), real.resolve(b)]
        la, lb = (ds.label(x) for x in ids)
        for by in ("month", "quarter", "year"):
            d = real.dyad(*ids, by)
            page.js("([a, b, by]) => kg.openDyad(a, b, by)", [*ids, by])
            labels = hit_labels(page)
            if d.periods:
                assert chart_periods(page) == [p.period for p in d.periods], (a, b, by)
            else:
                assert page.page.inner_text("#dyad-panel .dyad-chart-box") == "No dated events between them."
            points, bars, names = [], [], []  # drawn in this order: the Goldstein points, the bars, the periods
            for p in d.periods:
                mean = ", no event scored" if p.goldstein_mean is None else f", mean {signed(p.goldstein_mean)}"
                points.append(
                    f"{p.period}: Goldstein sum {signed(p.goldstein_sum)}{mean} {DASH} all {len(p.facts)} events of the {by}"
                )
                for facts, x, y in ((p.a_to_b, la, lb), (p.b_to_a, lb, la)):
                    if facts:
                        bars.append(f"{p.period}: {x} {ARROW} {y} {DASH} {stats(ds, facts)}")
                names.append(f"{p.period} {DASH} all {len(p.facts)} events of the {by}")
            assert labels == points + bars + names, (a, b, by)
            # the bars' heights: each bar's count is drawn over it
            counts = page.js("[...document.querySelectorAll('#dyad-panel svg text.value')].map(t => t.textContent)")
            bars = [str(len(fs)) for p in d.periods for fs in (p.a_to_b, p.b_to_a) if fs]
            assert [c for c in counts if c[0] not in "+\u2212\u00b1"] == bars, (a, b, by)
            # what the chart cannot place, and the sides with what belongs to them
            notes = page.page.inner_text("#dyad-panel .dyad-notes")
            assert f"{len(d.undated)} undated" in notes and f"{len(d.unplaced)} dated only by" in notes
            for x, label in zip(ids, (la, lb)):
                n = len(members(ds, x)) - 1
                assert (f"{label} with {n} member" if n else f"{label} alone") in notes, (x, notes)
                covered["members"] += n
            total = sum(len(p.facts) for p in d.periods)
            assert page.page.inner_text("#dyad-panel .dyad-summary").startswith(f"{total} dated events by {by}")
            covered["bounded"] += sum(p.bounded for p in d.periods)
            covered["undated"] += len(d.undated)
            covered["unplaced"] += len(d.unplaced)
    assert all(covered.values()), covered  # the pairs exercise every rule
    check_clean(page)


@needs_chromium
def test_each_bar_and_point_opens_exactly_its_facts_with_their_quotes(real: Project, page: Page):
    facts = {f.id: f for f in real.dataset.facts}
    d = real.dyad("Azerbaijan", "Russia", "month")
    busiest = max(d.periods, key=lambda p: len(p.facts))
    page.js("kg.openDyad('azerbaijan', 'russia', 'month')")
    assert page.page.inner_text("#dyad-panel .dyad-title") == f"Azerbaijan {BOTH} Russia"
    assert chart_periods(page) == [p.period for p in d.periods]
    page.screenshot("dyad.png")

    def opened(label_start: str, keyboard: bool = False) -> list[str]:
        hit = page.page.locator(f'#dyad-panel svg g.hit[aria-label^="{label_start}"]')
        assert hit.count() == 1, label_start
        if keyboard:
            hit.focus()
            page.page.keyboard.press("Enter")
        else:
            hit.click()
        page.wait_for("document.getElementById('details').classList.contains('open')")
        return listed(page)

    # the bar above the axis: that period's events from Azerbaijan's side to Russia's; below: the other way
    ids = opened(f"{busiest.period}: Azerbaijan {ARROW} Russia {DASH}")
    assert sorted(ids) == sorted(f.id for f in busiest.a_to_b)
    text = page.details()
    assert f"{busiest.period}: Azerbaijan {ARROW} Russia".upper() in text.upper()
    assert all(facts[i].quote in text for i in ids)
    assert page.js("[...document.querySelectorAll('#dyad-panel g.hit.on')].map(g => g.getAttribute('aria-label'))")[
        0
    ].startswith(f"{busiest.period}: Azerbaijan {ARROW} Russia")  # the bar whose facts are open is marked
    page.screenshot("dyad-facts.png")
    ids = opened(f"{busiest.period}: Russia {ARROW} Azerbaijan {DASH}")
    assert sorted(ids) == sorted(f.id for f in busiest.b_to_a)
    # the Goldstein point and the period's label: every event of the period, A → B first
    ids = opened(f"{busiest.period}: Goldstein sum")
    assert sorted(ids) == sorted(f.id for f in busiest.facts)
    assert sorted(ids[: len(busiest.a_to_b)]) == sorted(f.id for f in busiest.a_to_b)
    assert f"Goldstein sum {busiest.goldstein_sum:+.1f}".replace("-", "\u2212") in page.details()
    last = d.periods[-1]
    ids = opened(f"{last.period} {DASH} all", keyboard=True)  # focusable, Enter opens it
    assert sorted(ids) == sorted(f.id for f in last.facts)
    # what the chart cannot place is counted in words, each list a link
    notes = page.page.inner_text("#dyad-panel .dyad-notes")
    assert (
        f"{len(d.undated)} undated" in notes
        and f"{len(d.unplaced)} dated only by their article\u2019s publication" in notes
    )
    page.page.click("#dyad-panel .dyad-notes button.link")
    assert sorted(listed(page)) == sorted(f.id for f in d.unplaced)
    assert all(facts[i].quote in page.details() for i in listed(page))
    # every bar, point and label is a keyboard stop
    assert page.js("[...document.querySelectorAll('#dyad-panel svg g.hit')].every(g => g.tabIndex === 0)")
    check_clean(page)


@needs_chromium
def test_the_boxes_take_names_and_aliases_and_say_when_a_name_is_unknown_or_ambiguous(real: Project, page: Page):
    page.page.click("#toolbar button:text-is('Dyad')")  # nothing chosen: the panel opens with empty boxes
    assert page.js("document.getElementById('dyad-panel').hidden") is False
    assert page.js("[...document.querySelectorAll('#dyad-panel input')].map(i => i.value)") == ["", ""]
    assert "Choose two actors" in page.page.inner_text("#dyad-panel")
    page.page.fill("#dyad-panel input[name=a]", "Baku")  # an alias of Azerbaijan
    page.page.fill("#dyad-panel input[name=b]", "Moscow")  # an alias of Russia
    page.page.press("#dyad-panel input[name=b]", "Enter")
    assert page.page.inner_text("#dyad-panel .dyad-title") == f"Azerbaijan {BOTH} Russia"
    assert chart_periods(page) == [p.period for p in real.dyad("Azerbaijan", "Russia").periods]  # quarter, as kg dyad
    assert "dyad=azerbaijan%2Crussia%2Cquarter" in page.js("location.hash")
    page.page.select_option("#dyad-panel select", "year")
    assert chart_periods(page) == [p.period for p in real.dyad("Azerbaijan", "Russia", "year").periods]
    # an unknown name: said so, the chart stays
    page.page.fill("#dyad-panel input[name=b]", "Nowhereland")
    page.page.press("#dyad-panel input[name=b]", "Enter")
    assert "No entity is named \u201cNowhereland\u201d" in page.page.inner_text("#dyad-panel .dyad-message")
    assert page.page.inner_text("#dyad-panel .dyad-title") == f"Azerbaijan {BOTH} Russia"
    # an ambiguous one: the candidates to choose from, as the page's search finds them
    candidates = page.js("kg.findEntities('Russian')")
    assert len(candidates) > 1
    page.page.fill("#dyad-panel input[name=b]", "Russian")
    page.page.click("#dyad-panel .dyad-form button[type=submit]")
    message = page.page.inner_text("#dyad-panel .dyad-message")
    assert f"\u201cRussian\u201d names {len(candidates)} entities" in message
    pick = page.js("id => kg.label(id)", candidates[0])
    page.page.click("#dyad-panel .dyad-message button >> nth=0")
    assert page.page.inner_text("#dyad-panel .dyad-title") == f"Azerbaijan {BOTH} {pick}"
    assert page.page.inner_text("#dyad-panel .dyad-message") == ""
    check_clean(page)


@needs_chromium
def test_the_url_fragment_reopens_the_chart(real: Project, page: Page):
    page.js("kg.openDyad('ilham-aliyev', 'vladimir-putin', 'month')")
    assert "dyad=ilham-aliyev%2Cvladimir-putin%2Cmonth" in page.js("location.hash")
    page.page.reload()  # a fresh load of the file with that fragment
    page.page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.js("document.getElementById('dyad-panel').hidden") is False
    assert page.page.inner_text("#dyad-panel .dyad-title") == f"Ilham Aliyev {BOTH} Vladimir Putin"
    assert chart_periods(page) == [p.period for p in real.dyad("Ilham Aliyev", "Vladimir Putin", "month").periods]
    # a changed fragment redraws; one without the key closes the panel
    page.page.goto(page.url + "#dyad=azerbaijan,russia,year")
    page.wait_for("document.querySelector('#dyad-panel .dyad-title').textContent.startsWith('Azerbaijan')")
    assert chart_periods(page) == [p.period for p in real.dyad("Azerbaijan", "Russia", "year").periods]
    page.page.goto(page.url + "#")
    page.wait_for("document.getElementById('dyad-panel').hidden")
    page.page.click("#toolbar button:text-is('Dyad')")  # reopens the pair last chosen
    assert page.page.inner_text("#dyad-panel .dyad-title") == f"Azerbaijan {BOTH} Russia"
    page.page.click("#dyad-panel .close")
    assert page.js("document.getElementById('dyad-panel').hidden") and "dyad=" not in page.js("location.hash")
    assert page.errors == [] and set(page.requests) == {page.url}  # the reload asked for the same file only


@needs_chromium
def test_markup_in_names_shows_as_text(browser, tmp_path: Path):
    project = Project(write_dataset(tmp_path, XSS_ENTITIES, XSS_FACTS, XSS_TEXT), tmp_path / "build")
    page = Page(browser, project.viz(tmp_path / "xss.html"), **SIZE)
    page.js("kg.openDyad('evil', 'russia')")
    assert page.page.inner_text("#dyad-panel .dyad-title") == f"{XSS_IMG} {BOTH} Russia"
    assert "1 undated" in page.page.inner_text("#dyad-panel .dyad-notes")  # its criticism is undated
    page.page.click("#dyad-panel .dyad-notes button.link")
    assert listed(page) == ["evil-1"]
    assert page.js("document.querySelectorAll('#dyad-panel img, #dyad-panel script, #details img').length") == 0
    assert page.js("window.__xss") is None
    check_clean(page)
    page.close()
