"""Coverage, conflicts, timeline, paths and neighbours on small datasets made by the tests."""

from __future__ import annotations

import json
import re

import pytest

from actor_kg.analysis.coverage import sentences
from actor_kg import FactFilter, NoPath

from conftest import MINI_ENTITIES, MINI_FACTS, write_dataset
from helpers import kg

CHAIN_ENTITIES = MINI_ENTITIES + "- id: valuev\n  label: Nikolai Valuev\n  type: person\n"
CHAIN_FACTS = MINI_FACTS.replace(
    "skipped: []",
    """\
  - id: mini-4
    subject: azerbaijan
    relation: expels
    object: valuev
    quote: Azerbaijan closed
    date: 2025-02-07
  - id: mini-5
    subject: aliyev
    relation: leads
    object: azerbaijan
    quote: Aliyev
  - id: mini-6
    subject: aliyev
    relation: speaks_for
    object: azerbaijan
    quote: apologized to Aliyev
skipped: []
""",
)


@pytest.fixture
def chain(tmp_path):
    from actor_kg.project import Project

    return Project(write_dataset(tmp_path, entities=CHAIN_ENTITIES, facts=CHAIN_FACTS), tmp_path / "build")


def test_sentence_splitter_keeps_abbreviations_and_initials():
    text = "Aliyev flew to St. Petersburg. The U.S. said so! Next\nLine two"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Aliyev flew to St. Petersburg.",
        "The U.S. said so!",
        "Next",
        "Line two",
    ]


def test_coverage_counts_facts_skips_and_uncovered_sentences(tmp_path):
    from actor_kg.project import Project

    text = "Azerbaijan closed the Russian House. Putin spoke.\nAliyev waited. Nothing here.\n"
    facts = (
        "source: mini\nfacts:\n  - id: f1\n    subject: azerbaijan\n    relation: closes\n"
        "    object: russian-house\n    quote: Azerbaijan closed the Russian House\n"
        "skipped:\n  - quote: Putin spoke.\n    reason: no relation\n"
    )
    p = Project(write_dataset(tmp_path, facts=facts, text=text), tmp_path / "build")
    (report,) = p.coverage()
    assert (report.entity_sentences, report.covered, report.skipped) == (3, 1, 1)
    assert report.share == 0.5 and report.uncovered == [(2, "Aliyev waited.")]
    out = kg(p, "coverage").output
    assert "mini: 50% of entity-bearing sentences backed by facts (1 of 2; 1 skipped" in out
    assert "line 2: Aliyev waited." in out


def test_a_sentence_merely_touched_by_a_quote_is_not_covered(tmp_path):
    from actor_kg.project import Project

    text = "Aliyev thanked the nurses and praised Azerbaijan's engineers for their tireless work. Azerbaijan closed the Russian House.\n"
    facts = (
        "source: mini\nfacts:\n  - id: f1\n    subject: azerbaijan\n    relation: closes\n"
        "    object: russian-house\n    quote: tireless work. Azerbaijan closed the Russian House\n"
    )
    p = Project(write_dataset(tmp_path, facts=facts, text=text), tmp_path / "build")
    (report,) = p.coverage()
    assert (report.entity_sentences, report.covered) == (2, 1)
    assert [line for line, _ in report.uncovered] == [1]


def ids(entries):
    return [f.id for e in entries for f in e.facts]


def test_timeline_orders_and_filters(chain):
    assert ids(chain.timeline()) == ["mini-1", "mini-4"]  # 2025-02 starts before 2025-02-07
    assert ids(chain.timeline(actor="Nikolai Valuev")) == ["mini-4"]
    assert ids(chain.timeline(flt=chain.fact_filter(since="2025-02-05"))) == ["mini-1", "mini-4"]  # the month overlaps
    assert chain.timeline(flt=chain.fact_filter(until="2025-01")) == []
    out = kg(chain, "timeline", "--actor", "valuev")
    assert "2025-02-07" in out.output and "expels" in out.output and "[mini-4]" in out.output


TIMELINE_FACTS = """source: mini
facts:
  - {id: t-1, subject: putin, relation: leads, object: russia, quote: Putin}
  - {id: t-2, subject: russia, relation: closes, object: russian-house, quote: Azerbaijan closed the Russian House, date: 2025-02}
  - {id: t-3, subject: putin, relation: expels, object: azerbaijan, quote: Putin, date: 2024-12-25/.., date_basis: bounded,
     date_rule: after the crash, date_anchor: t-2}
  - {id: t-4, subject: azerbaijan, relation: expels, object: putin, quote: Azerbaijan closed, date: ../2025-01-27,
     date_basis: bounded, date_rule: before publication, date_anchor: t-2}
"""


def test_timeline_takes_in_what_belongs_to_an_actor_and_sorts_bounds_at_their_bound(tmp_path):
    from actor_kg.project import Project

    p = Project(
        write_dataset(tmp_path, facts=TIMELINE_FACTS, text="Azerbaijan closed the Russian House. Putin."),
        tmp_path / "b",
    )
    assert ids(p.timeline(actor="Russia")) == ["t-3", "t-4", "t-2"]  # ≥ 2024-12-25, ≤ 2025-01-27, 2025-02
    assert ids(p.timeline(actor="Russia", strict=True)) == ["t-2"]
    assert ids(p.timeline(between=("Russia", "Azerbaijan"))) == ["t-3", "t-4"]  # either way, Putin standing for Russia
    assert ids(p.timeline(between=("Russia", "Azerbaijan"), directed=True)) == ["t-3"]
    out = kg(p, "timeline", "--between", "Russia", "Azerbaijan").output
    assert "not before 2024-12-25, bounded  Vladimir Putin \u2014expels\u2192 Azerbaijan" in out
    assert "not after 2025-01-27, bounded" in out
    assert kg(p, "timeline", "--actor", "Russia", "--between", "Russia", "Azerbaijan").exit_code == 2


def test_timeline_groups_one_claim_of_several_sources_into_one_event(real):
    entries = real.timeline(flt=real.fact_filter(relations=["closes"]))
    closure = [e for e in entries if e.fact.object == "russian-house-baku"]
    assert len(closure) == 1 and len(closure[0].sources) >= 2


def test_path_lists_every_fact_of_a_hop_once(chain):
    (path,) = chain.path("Valuev", "Aliyev")
    assert path.nodes == ["valuev", "azerbaijan", "aliyev"]
    assert [f.id for f in path.hops[1].facts] == ["mini-5", "mini-6"]  # two facts, one hop


def test_path_directed_filters_and_errors(chain):
    with pytest.raises(NoPath):
        chain.path("Valuev", "Aliyev", directed=True)
    with pytest.raises(NoPath):
        chain.path("Valuev", "Aliyev", flt=FactFilter(polarity="cooperative"))
    assert chain.path("Aliyev", "Valuev", directed=True)[0].nodes == ["aliyev", "azerbaijan", "valuev"]
    assert chain.path("Valuev", "Aliyev", flt=FactFilter(relations=("expels", "leads")))
    with pytest.raises(NoPath):
        chain.path("Valuev", "Aliyev", flt=chain.fact_filter(since="2025-03"))
    assert kg(chain, "path", "Valuev", "Aliyev", "--directed").exit_code == 1
    assert kg(chain, "path", "Valuev", "Valuev").exit_code == 2
    assert kg(chain, "path", "Valuev", "Nobody").exit_code == 2
    assert kg(chain, "path", "Valuev", "Aliyev", "--relation", "expel").exit_code == 2


def test_path_all_k_via_and_json(chain):
    all_paths = chain.path("Valuev", "Russian House", all_paths=True, max_hops=3)
    assert [p.nodes for p in all_paths] == [["valuev", "azerbaijan", "russian-house"]]
    with pytest.raises(NoPath):
        chain.path("Valuev", "Russian House", via="Aliyev")
    out = kg(chain, "path", "Valuev", "Aliyev", "--format", "json")
    doc = json.loads(out.output)
    assert doc["from"] == "valuev" and doc["paths"][0]["hops"][0]["facts"][0]["relation"] == "expels"
    text = kg(chain, "path", "Valuev", "Aliyev").output
    assert "Azerbaijan \u2014expels\u2192 Nikolai Valuev" in text  # printed in its true direction


def test_neighbors_by_depth(chain):
    found = chain.neighbors("Valuev", depth=2)
    assert [(d, hop.end) for d, hop in found] == [(1, "azerbaijan"), (2, "aliyev"), (2, "russian-house")]
    assert [(d, hop.end) for d, hop in chain.neighbors("Valuev", 2, FactFilter(relations=("expels",)))] == [
        (1, "azerbaijan")
    ]
    assert "[2] Ilham Aliyev" in kg(chain, "neighbors", "valuev", "--depth", "2").output


def test_real_path_valuev_to_aliyev(real):
    (path,) = real.path("Nikolai Valuev", "Ilham Aliyev")
    assert path.nodes[0] == "nikolai-valuev" and path.nodes[-1] == "ilham-aliyev" and len(path) == 2
    assert any(f.relation == "expels" and f.source == "daryo-sudden-rift" for f in path.hops[0].facts)


def test_path_html_draws_the_path_highlighted(chain, tmp_path):
    out = tmp_path / "path.html"
    result = kg(chain, "path", "Valuev", "Aliyev", "--html", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text()
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1))
    assert set(data["meta"]["highlight"]["nodes"]) == {"valuev", "azerbaijan", "aliyev"}
    assert set(data["meta"]["highlight"]["edges"]) == {"mini-4", "mini-5", "mini-6"}
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # written atomically, with ordinary permissions


def test_path_searches_are_bounded(real):
    """--via is searched as two halves, --max-hops bounds every search, no search runs unbounded."""
    import time

    import networkx as nx

    from actor_kg import InvalidArgument, SearchLimit
    from actor_kg.analysis.paths import search_paths

    started = time.perf_counter()
    with pytest.raises(InvalidArgument, match="already an end of the path"):
        real.path("Baku", "Russia", via="Baku")
    (through,) = real.path("Baku", "Russia", via="Nikolai Valuev")
    assert "nikolai-valuev" in through.nodes[1:-1] and len(set(through.nodes)) == len(through.nodes)
    with pytest.raises(NoPath, match="through rondeli-foundation"):  # its corner of the graph has no way on
        real.path("Baku", "Russia", via="Rondeli Foundation")
    assert time.perf_counter() - started < 5
    assert all(len(p) <= 2 for p in real.path("Valuev", "Putin", k=20, max_hops=2))
    with pytest.raises(NoPath, match="of at most 1 hop$"):
        real.path("Nikolai Valuev", "Ilham Aliyev", max_hops=1)
    dense = nx.complete_graph(14)  # 14! / 2 simple paths between two nodes: far too many to list
    nx.set_edge_attributes(dense, (), "facts")
    with pytest.raises(SearchLimit, match="explored 1,000 paths"):
        search_paths(dense, 0, 1, all_paths=True, max_hops=12, limit=10, explore_limit=1_000)
    assert len(search_paths(dense, 0, 1, k=5, max_hops=12, explore_limit=1_000)) == 5


def test_no_path_message_names_the_filters_only_when_there_are_some(chain):
    plain = kg(chain, "path", "Valuev", "Aliyev", "--directed")
    assert plain.exit_code == 1 and "with these filters" not in plain.output
    filtered = kg(chain, "path", "Valuev", "Aliyev", "--polarity", "cooperative")
    assert filtered.exit_code == 1 and "with these filters (polarity cooperative)" in filtered.output


def test_relation_filters_take_ids_or_labels_in_every_command(chain):
    label = chain.dataset.relations["expels"].label
    for args in (
        ("path", "Valuev", "Azerbaijan"),
        ("neighbors", "Valuev"),
        ("show", "Valuev"),
        ("timeline",),
        ("viz", "-o", str(chain.build_dir / "v.html")),
    ):
        by_id, by_label = kg(chain, *args, "--relation", "expels"), kg(chain, *args, "--relation", label)
        assert by_id.exit_code == 0 and by_label.output == by_id.output, args
        unknown = kg(chain, *args, "--relation", "expells")
        assert unknown.exit_code == 2 and "unknown relation 'expells' (did you mean 'expels'" in unknown.output, args


DYAD_FACTS = """source: mini
facts:
  - {id: d-1, subject: putin, relation: leads, object: russia, quote: Putin}
  - {id: d-2, subject: azerbaijan, relation: closes, object: russian-house, quote: Azerbaijan closed the Russian House, date: 2025-02}
  - {id: d-3, subject: russian-house, relation: agency_of, object: russia, quote: the Russian House}
  - {id: d-4, subject: putin, relation: apologizes_to, object: azerbaijan, quote: Putin apologized, date: 2024-12-28}
  - {id: d-5, subject: russia, relation: expels, object: azerbaijan, quote: Putin, date: 2025-03, negated: true}
  - {id: d-6, subject: russia, relation: meets, object: azerbaijan, quote: Putin apologized}
"""


def test_dyad_counts_events_each_way_with_goldstein_and_quad_classes(tmp_path):
    from actor_kg.project import Project

    p = Project(
        write_dataset(tmp_path, facts=DYAD_FACTS, text="Azerbaijan closed the Russian House. Putin apologized."),
        tmp_path / "b",
    )
    d = p.dyad("Azerbaijan", "Russia", "quarter")
    assert [q.period for q in d.periods] == ["2024-Q4", "2025-Q1"]  # the negated expulsion did not happen
    q4, q1 = d.periods
    assert [f.id for f in q4.b_to_a] == ["d-4"] and q4.goldstein_sum == p.dataset.relations["apologizes_to"].goldstein
    assert [f.id for f in q1.a_to_b] == ["d-2"] and q1.quad["material conflict"] == 1  # closing Russia's agency
    assert [f.id for f in d.undated] == ["d-6"]
    assert (
        p.dyad("Azerbaijan", "Russia", "quarter", strict=True).periods == []
    )  # Putin and the house are not Russia itself
    out = kg(p, "dyad", "Azerbaijan", "Russia", "--open", "2025-Q1", "--chart", str(tmp_path / "d.svg"))
    assert out.exit_code == 0 and "2025-Q1" in out.output and "[d-2]" in out.output
    assert (tmp_path / "d.svg").read_text().lstrip().startswith("<?xml") and "Russia" in (
        tmp_path / "d.svg"
    ).read_text()
    bad = kg(p, "dyad", "Azerbaijan", "Russia", "--chart", str(tmp_path / "d.pdf"))
    assert bad.exit_code == 2 and "a chart is written as .svg, .html, .png" in bad.output
