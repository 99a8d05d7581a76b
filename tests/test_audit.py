"""`kg audit`: the annotations' quality report counts what a reviewer checks and fails on its thresholds."""

from __future__ import annotations

from actor_kg import Project

from conftest import MINI_ENTITIES, write_dataset
from helpers import kg

TEXT = (
    "Reports and analysis\nRussia allegedly tried to block Baku. Azerbaijan did not join Western sanctions. "
    "Russia is a big country. Baku closed the Russian House in 2025. Baku closed the Russian House again in 2026. "
    "Trade reached 4.8 billion dollars.\n"
)
FACTS = """\
source: mini
facts:
  - {id: a-1, subject: russia, relation: blocks, object: azerbaijan, quote: Russia allegedly tried to block Baku, date: 2020}
  - {id: a-2, subject: azerbaijan, relation: supports, object: russia, quote: Azerbaijan did not join Western sanctions}
  - {id: a-3, subject: russia, relation: described_as, object: {text: Russia}, quote: Russia is a big country}
  - {id: a-4, subject: azerbaijan, relation: closes, object: russian-house, quote: Baku closed the Russian House in 2025, date: 2025}
  - {id: a-5, subject: azerbaijan, relation: closes, object: russian-house, quote: Baku closed the Russian House again in 2026, date: 2026}
  - {id: a-6, subject: azerbaijan, relation: trade_turnover, object: {money: 4800000000, currency: USD}, quote: Trade reached 4.8 billion dollars}
  - {id: a-7, subject: azerbaijan, relation: comments_on, object: russia, quote: Reports and analysis}
skipped: []
"""


def test_the_audit_flags_what_a_reviewer_must_look_at(tmp_path):
    data = write_dataset(tmp_path, entities=MINI_ENTITIES, facts=FACTS, text=TEXT)
    meta = data / "sources" / "mini.yaml"
    meta.write_text(meta.read_text() + "boilerplate: [Reports and analysis]\n")
    p = Project(data, tmp_path / "build")
    report = p.audit()
    (mini,) = report.sources
    assert not mini.duplicates  # closed in 2025 and again in 2026: two events, not one said twice
    assert mini.described_as == 1 and [f.id for f in mini.restating_label] == ["a-3"]
    assert [f.id for f in mini.boilerplate] == ["a-7"]
    assert [f.id for f in mini.amounts_without_party] == ["a-6"]
    assert [f.id for f in mini.hedged_unattributed] == ["a-1"]
    assert [f.id for f in mini.negation_cues] == ["a-2"]
    assert mini.polar == 4 and sum(mini.polar_dated.values()) == 3  # blocks, closes twice dated; supports not
    assert not report.ok and any("restate their subject's own label" in f for f in report.failures)
    out = kg(p, "audit", "--details")
    assert out.exit_code == 1 and "negation cue, not negated (1): a-2" in out.output
    assert "threshold crossed" in out.output and "duplicate(s)" not in out.output


def test_a_clean_dataset_passes_the_audit(tmp_path):
    facts = FACTS.split("  - {id: a-2")[0].replace(
        "quote: Russia allegedly tried to block Baku, date: 2020",
        "quote: Russia allegedly tried to block Baku, date: 2020, claimed_by: azerbaijan, modality: claimed",
    )
    text = "Russia allegedly tried to block Baku.\n"
    p = Project(
        write_dataset(tmp_path, entities=MINI_ENTITIES, facts=facts + "skipped: []\n", text=text), tmp_path / "build"
    )
    report = p.audit()
    assert report.ok, report.failures
    assert kg(p, "audit").exit_code == 0


DUPLICATE_TEXT = (
    "Russia and Azerbaijan are in conflict. Baku has been in conflict with Moscow since 2025. "
    "Baku closed the Russian House in 2025. Baku closed the Russian House again in 2026. "
    "Putin said Baku closed the Russian House in 2025. Moscow warned Baku. Russia and Azerbaijan: a rift. "
    "Russia is big.\n"
)
DUPLICATE_FACTS = """\
source: mini
facts:
  - {id: d-1, subject: russia, relation: in_conflict_with, object: azerbaijan, quote: Russia and Azerbaijan are in conflict}
  - {id: d-2, subject: azerbaijan, relation: in_conflict_with, object: russia, quote: Baku has been in conflict with Moscow since 2025, date: 2025}
  - {id: d-3, subject: azerbaijan, relation: closes, object: russian-house, quote: Baku closed the Russian House in 2025, date: 2025}
  - {id: d-4, subject: azerbaijan, relation: closes, object: russian-house, quote: Baku closed the Russian House again in 2026, date: 2026}
  - {id: d-5, subject: azerbaijan, relation: closes, object: russian-house, quote: Putin said Baku closed the Russian House in 2025, date: 2025, claimed_by: putin, modality: claimed}
skipped: []
"""


def test_the_same_claim_said_twice_in_a_source_is_a_duplicate(tmp_path):
    p = Project(write_dataset(tmp_path, facts=DUPLICATE_FACTS, text=DUPLICATE_TEXT), tmp_path / "build")
    report = p.audit()
    (mini,) = report.sources
    # symmetric either way round, one undated: the same claim; 2025 and 2026: two events
    assert [(a.id, b.id) for a, b in mini.duplicates] == [("d-1", "d-2")]
    # the same closure in Putin's voice is another statement, listed but not a duplicate
    assert [(a.id, b.id) for a, b in mini.other_voice] == [("d-3", "d-5")]
    assert any("1 duplicate(s) within sources" in f for f in report.failures)
    out = kg(p, "audit", "--details")
    assert out.exit_code == 1 and "duplicates (1): d-1=d-2" in out.output
    assert "restated in another voice (1): d-3=d-5" in out.output


def test_recall_counts_the_sentences_with_a_verb_and_two_entities_no_fact_touches(tmp_path):
    p = Project(write_dataset(tmp_path, facts=DUPLICATE_FACTS, text=DUPLICATE_TEXT), tmp_path / "build")
    (mini,) = p.audit().sources
    # six sentences state something of two entities; "Moscow warned Baku." backs no fact; the heading
    # without a verb and the sentence with one entity are not counted
    assert (mini.recall.candidates, mini.recall.covered) == (6, 5)
    assert mini.recall.left == [(1, "Moscow warned Baku.")]
    out = kg(p, "audit", "--details")
    assert "5/6 (83%)" in out.output
    assert "mini: sentences naming two known entities that no fact's evidence touches (1):" in out.output
    assert "  line 1: Moscow warned Baku." in out.output
