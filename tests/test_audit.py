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
    assert [(a.id, b.id) for a, b in mini.near_duplicates] == [("a-4", "a-5")]
    assert mini.described_as == 1 and [f.id for f in mini.restating_label] == ["a-3"]
    assert [f.id for f in mini.boilerplate] == ["a-7"]
    assert [f.id for f in mini.amounts_without_party] == ["a-6"]
    assert [f.id for f in mini.hedged_unattributed] == ["a-1"]
    assert [f.id for f in mini.negation_cues] == ["a-2"]
    assert mini.polar == 4 and sum(mini.polar_dated.values()) == 3  # blocks, closes twice dated; supports not
    assert not report.ok and any("restate their subject's own label" in f for f in report.failures)
    out = kg(p, "audit", "--details")
    assert out.exit_code == 1 and "negation cue, not negated (1): a-2" in out.output
    assert "threshold crossed: 1 near duplicate(s)" in out.output


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
