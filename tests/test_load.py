"""Loading and validation: every problem reported with file, line and a way out."""

from __future__ import annotations

from actor_kg.curated.load import load_dataset
from actor_kg.text.quotes import fold

from conftest import MINI_FACTS, write_dataset


def problems_of(tmp_path, **files):
    data = write_dataset(tmp_path, **files)
    _, problems = load_dataset(data)
    return [str(p) for p in problems]


def test_real_dataset_loads_cleanly_and_every_quote_is_verbatim(real):
    ds, problems = load_dataset(real.data_dir)
    assert problems == []
    assert len(ds.facts) > 30
    for f in ds.facts:
        text = ds.sources[f.source].text
        assert text[f.start : f.end] == f.quote
        assert fold(f.quote) in fold(text)


def test_mini_dataset_quote_offsets_fold_typographic_quotes(mini):
    ds, problems = load_dataset(mini.data_dir)
    assert problems == []
    fact = next(f for f in ds.facts if f.id == "mini-2")
    assert fact.quote.startswith("\u201cWe regret it,\u201d said Putin \u2014 who")
    assert fact.count == 2 and fact.modality == "claimed"
    assert ds.facts[0].date.precision == "month" and ds.facts[0].date_qualifier == "early"


def test_yaml_syntax_error_names_the_line(tmp_path):
    facts = MINI_FACTS.replace("    relation: closes\n", "    relation: [closes\n")
    out = problems_of(tmp_path, facts=facts)
    assert len(out) == 1
    assert "facts/mini.yaml:" in out[0] and "YAML syntax error" in out[0]


def test_all_problems_reported_in_one_run_with_lines_and_suggestions(tmp_path):
    facts = (
        MINI_FACTS.replace("relation: closes", "relation: closess")  # unknown relation
        .replace("object: aliyev", "object: aliyevv")  # unknown entity
        .replace("date: 2025-02\n", "date: 2025-13\n")  # bad date
        .replace("quote: The crash killed 38 people.", "quote: The crash killed 39 people.")
        .replace("    count: 2\n", "    count: 2\n    colour: red\n")
    )  # unknown field
    facts = facts.replace(
        "skipped: []",
        "  - id: mini-1\n    subject: russia\n    relation: closes\n"
        "    object: russian-house\n    quote: Azerbaijan\nskipped: []",
    )
    out = "\n".join(problems_of(tmp_path, facts=facts))
    assert "facts/mini.yaml:5: unknown relation 'closess' (did you mean 'closes'?)" in out
    assert "unknown entity 'aliyevv' in object (did you mean 'aliyev'?)" in out
    assert "bad date" in out and "2025-13" in out
    assert "quote not found verbatim" in out and "Nearest passage: 'ev twice. The crash killed 38 people. '" in out
    assert "date_qualifier" not in out  # a bad date is one problem, not two
    assert "unknown field 'colour' in fact" in out
    assert "duplicate fact id 'mini-1' (first defined at" in out


def test_missing_field_and_duplicate_entity(tmp_path):
    entities = "- id: azerbaijan\n  label: Azerbaijan\n" + "- id: russia\n  label: Russia\n  type: country\n" * 2
    out = "\n".join(problems_of(tmp_path, entities=entities))
    assert "entities.yaml:1: entity azerbaijan is missing the field 'type'" in out
    assert "entities.yaml:6: duplicate entity id 'russia' (first defined at" in out


def test_changed_source_text_is_caught_by_sha256(tmp_path):
    data = write_dataset(tmp_path)
    path = data / "sources" / "mini.txt"
    path.write_text(path.read_text().replace("38", "39"))
    _, problems = load_dataset(data)
    assert any("sha256" in str(p) and "the text changed" in str(p) for p in problems)


def test_literal_must_match_relation_object_kind(tmp_path):
    facts = MINI_FACTS.replace("object: {number: 38, unit: person}", "object: crash")
    out = "\n".join(problems_of(tmp_path, facts=facts))
    assert "takes a number literal as object" in out


def test_claimed_needs_claimed_by(tmp_path):
    out = "\n".join(problems_of(tmp_path, facts=MINI_FACTS.replace("    claimed_by: putin\n", "")))
    assert "a claimed fact needs claimed_by" in out


def test_extra_entity_files_are_loaded(tmp_path):
    data = write_dataset(tmp_path)
    (data / "entities.d").mkdir()
    (data / "entities.d" / "more.yaml").write_text("- id: iran\n  label: Iran\n  type: country\n")
    ds, problems = load_dataset(data)
    assert problems == [] and "iran" in ds.entities
