"""What a reader types and reads: names in another transliteration find their entity, and dates show in
words (the data's codes stay in exports)."""

from __future__ import annotations

import json

import pytest
from helpers import kg

from actor_kg import NotFound, Project
from actor_kg.text.dates import parse_date, readable
from actor_kg.text.names import close_names, spelling_key


@pytest.mark.parametrize(
    "typed, entity",
    [
        ("Valuyev", "nikolai-valuev"),
        ("Aliev", "ilham-aliyev"),
        ("Ilham Aliev", "ilham-aliyev"),
        ("Ekaterinburg", "yekaterinburg"),
    ],
)
def test_a_name_in_another_transliteration_finds_its_entity(real: Project, typed: str, entity: str):
    assert real.resolve(typed) == entity


def test_a_misspelt_name_suggests_the_entity_in_any_transliteration(real: Project):
    with pytest.raises(NotFound) as raised:
        real.resolve("Valueyv")
    assert any(s.startswith("nikolai-valuev ") for s in raised.value.candidates)
    assert "Valuev" in kg(real, "show", "Valueyv").output


def test_entities_search_lists_similar_spellings(real: Project):
    assert "nikolai-valuev" in [row.entity.id for row in real.entities("Valuyev")]


def test_spelling_keys_join_transliterations_and_keep_other_names_apart():
    assert spelling_key("Dmitriy") == spelling_key("Dmitrii") == spelling_key("Dmitri")
    assert spelling_key("Mammadov") == spelling_key("Mamadov")
    assert spelling_key("Azerbaijan") != spelling_key("Armenia") and spelling_key("Iran") != spelling_key("Iraq")
    assert close_names("valuyev", ["nikolai valuev", "vladimir putin"]) == ["nikolai valuev"]


@pytest.mark.parametrize(
    "value, qualifier, words",
    [
        ("2024-22", "late", "late summer 2024"),
        ("2025-02", None, "February 2025"),
        ("2025-02-07", None, "2025-02-07"),
        ("2025", "early", "early 2025"),
        ("2025-02~", None, "about February 2025"),
        ("2025-02-05/..", None, "not before 2025-02-05"),
        ("../2025-01-27", None, "not after 2025-01-27"),
        ("2024-12-25/2025-01", None, "2024-12-25 to January 2025"),
    ],
)
def test_dates_read_in_words(value: str, qualifier: str | None, words: str):
    assert readable(parse_date(value), qualifier) == words


def test_the_terminal_shows_dates_in_words_and_exports_keep_the_codes(real: Project, tmp_path):
    """Ukraine's Kursk incursion is dated 2024-22 (EDTF: summer), late: 'late summer 2024' in `kg show`."""
    out = kg(real, "show", "Kursk region").output
    assert "late summer 2024, derived" in out and "2024-22" not in out
    exported = tmp_path / "facts.jsonl"
    assert kg(real, "export", "--format", "jsonl", "-o", str(exported)).exit_code == 0
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    kursk = next(r for r in rows if r["fact_id"] == "daryo-012")
    assert kursk["date"] == "2024-22" and kursk["date_qualifier"] == "late"
