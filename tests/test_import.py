"""`kg import`: fact tables in the export contract go in, are checked like curated facts, and come back out unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from actor_kg.errors import DataError
from actor_kg.project import Project

from conftest import DATA
from helpers import kg


def export(p: Project, fmt: str, path: Path) -> Path:
    with open(path, "wb") as out:
        p.export(fmt, out)
    return path


@pytest.fixture
def empty_copy(tmp_path: Path) -> Project:
    """The bundled data folder without its curated facts: same vocabulary, entities and source texts."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for facts in (data / "facts").glob("*.yaml"):
        facts.unlink()
    return Project(data, tmp_path / "build")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_gives_back_the_same_facts(real, empty_copy, tmp_path, fmt):
    table = export(real, fmt, tmp_path / f"facts.{fmt}")
    result = kg(empty_copy, "import", str(table))
    assert result.exit_code == 0, result.output
    assert f"the data now has {len(real.dataset.facts)} facts" in result.output
    assert (empty_copy.data_dir / "imports" / table.name).read_bytes() == table.read_bytes()
    again = export(empty_copy, fmt, tmp_path / f"again.{fmt}")
    assert again.read_bytes() == table.read_bytes()
    assert empty_copy.query("actor-facts", {"actor": "Baku"}).rows == real.query("actor-facts", {"actor": "Baku"}).rows


V1_COLUMNS = (
    "fact_id",
    "subject",
    "subject_label",
    "subject_type",
    "relation",
    "relation_label",
    "object",
    "object_label",
    "object_type",
    "object_is_literal",
    "object_unit",
    "source",
    "source_title",
    "quote",
    "quote_start",
    "quote_end",
    "date",
    "date_qualifier",
    "claimed_by",
    "modality",
    "polarity",
    "count",
    "note",
)


def test_a_table_in_the_first_versions_columns_still_imports(real, empty_copy, tmp_path):
    """Version 1 tables (one quote a row, no evidence, qualifiers, negation or links) import: each row is
    a fact with its one quote. Facts with several quotes come back with their first. (The facts a v1 table
    can hold: those with neither qualifiers nor negation.)"""
    v1 = tmp_path / "v1.jsonl"
    kept = []
    with (
        open(export(real, "jsonl", tmp_path / "v2.jsonl"), encoding="utf-8") as rows,
        open(v1, "w", encoding="utf-8") as out,
    ):
        for line in rows:
            record = json.loads(line)
            if record["qualifiers"] or record["negated"]:
                continue
            kept.append(record["fact_id"])
            out.write(json.dumps({k: record[k] for k in V1_COLUMNS}, ensure_ascii=False) + "\n")
    result = kg(empty_copy, "import", str(v1))
    assert result.exit_code == 0, result.output
    imported = {f.id: f for f in empty_copy.dataset.facts}
    assert len(imported) == len(kept) > 400
    for fact in (f for f in real.dataset.facts if f.id in imported):
        assert imported[fact.id].evidence == fact.evidence[:1] and imported[fact.id].relation == fact.relation


def test_importing_the_same_file_again_replaces_it(mini, tmp_path):
    table = tmp_path / "more.jsonl"
    record = {
        "fact_id": "imp-1",
        "subject": "russia",
        "relation": "closes",
        "object": "russian-house",
        "source": "mini",
        "quote": "closed the Russian House",
    }
    table.write_text(json.dumps(record) + "\n")
    assert kg(mini, "import", str(table)).exit_code == 0
    first = mini.open().manifest["counts"]
    assert kg(mini, "import", str(table)).exit_code == 0
    assert mini.open().manifest["counts"] == first == {**first, "facts": 4}


def test_unknown_ids_create_entities_from_label_and_type(mini, tmp_path):
    table = tmp_path / "new.csv"
    table.write_text(
        "fact_id,subject,subject_label,subject_type,relation,object,object_label,object_type,source,quote,"
        "quote_start,quote_end,date\n"
        "imp-1,kremlin-spokesman,Dmitry Peskov,person,criticizes,aliyev,ignored for a known id,,mini,"
        "said Putin,0,5,2025-02-07\n"
    )
    result = kg(mini, "import", str(table))
    assert result.exit_code == 0, result.output
    ds = mini.open().dataset
    assert (
        ds.entities["kremlin-spokesman"].label == "Dmitry Peskov" and ds.entities["kremlin-spokesman"].type == "person"
    )
    assert ds.entities["aliyev"].label == "Ilham Aliyev"  # matched by id: the table's label is not taken
    fact = ds.facts[-1]
    # the offsets 0..5 do not hold the quote: it is found in the text instead
    assert (fact.quote, ds.sources["mini"].text[fact.start : fact.end]) == ("said Putin", "said Putin")
    assert fact.date.value == "2025-02-07"
    shown = kg(mini, "show", "Peskov")
    assert shown.exit_code == 0 and "criticizes" in shown.output and "said Putin" in shown.output


def test_every_bad_record_is_reported_with_its_line_and_nothing_is_added(mini, tmp_path):
    before = mini.build()
    good = {
        "fact_id": "imp-1",
        "subject": "russia",
        "relation": "closes",
        "object": "russian-house",
        "source": "mini",
        "quote": "closed the Russian House",
    }
    lines = [
        json.dumps(good),
        json.dumps({**good, "fact_id": "imp-2", "relation": "closez"}),
        "{not json",
        json.dumps({**good, "fact_id": "imp-3", "quote": "words nowhere in the text"}),
        json.dumps({**good, "fact_id": "imp-4", "source": "elsewhere"}),
        json.dumps({**good, "fact_id": "imp-5", "subject": "stranger"}),
        json.dumps({**good, "fact_id": "mini-1"}),
        json.dumps({**good, "fact_id": "imp-6", "colour": "red"}),
        json.dumps({k: v for k, v in good.items() if k != "quote"} | {"fact_id": "imp-7"}),
    ]
    table = tmp_path / "bad.jsonl"
    table.write_text("\n".join(lines) + "\n")
    result = kg(mini, "import", str(table))
    assert result.exit_code == 1
    out = result.output
    for line, words in [
        (2, "unknown relation 'closez' (did you mean 'closes'?)"),
        (3, "not valid JSON"),
        (4, "quote not found verbatim"),
        (5, "unknown source 'elsewhere'"),
        (6, "subject 'stranger' is not a known entity, so this record creates it: give its name in subject_label"),
        (7, "duplicate fact id 'mini-1'"),
        (8, "unknown field 'colour'"),
        (9, "give the fact's words as quote (one passage) or as evidence"),
    ]:
        assert f"bad.jsonl:{line}: " in out and words in out, (line, words, out)
    assert "bad.jsonl:1:" not in out
    assert not (mini.data_dir / "imports").exists()
    assert mini.open().path == before.path and len(mini.dataset.facts) == 3
    with pytest.raises(DataError):
        mini.import_facts(table)


def test_a_table_must_be_jsonl_or_csv(mini, tmp_path):
    table = tmp_path / "facts.tsv"
    table.write_text("fact_id\n")
    result = kg(mini, "import", str(table))
    assert result.exit_code == 2 and "must be .jsonl or .csv" in result.output
    result = kg(mini, "import", str(tmp_path / "missing.jsonl"))
    assert result.exit_code == 2 and "no such file" in result.output
