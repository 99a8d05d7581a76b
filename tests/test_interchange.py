"""brat and Label Studio interchange: every bundled source's facts go out and come back the same, hand-made
files in the simple encodings import, and bad input of each kind is a DataError naming file and place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from actor_kg.curated.load import load_valid
from actor_kg.errors import DataError, KgError, NotFound, OutputError
from actor_kg.interchange import (
    brat_config,
    export_brat,
    export_labelstudio,
    import_brat,
    import_labelstudio,
    labelstudio_config,
    write_brat,
)
from actor_kg.model import Dataset, Fact, LiteralValue

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCES = sorted(p.stem for p in (DATA / "sources").glob("*.yaml"))
DARYO = "daryo-sudden-rift"


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load_valid(DATA)


def at(ds: Dataset, phrase: str, source: str = DARYO) -> tuple[int, int]:
    start = ds.sources[source].text.index(phrase)
    return start, start + len(phrase)


def same_fact(fact: Fact, record: dict[str, Any]) -> None:
    """The record states the fact: compared field by field with the Fact itself, not with the export's
    own record, so a field the export drops on both ways still fails."""
    obj = fact.object
    assert record["id"] == fact.id
    assert (record["subject"], record["relation"]) == (fact.subject, fact.relation)
    if isinstance(obj, LiteralValue):
        assert (
            record["object"][obj.kind] == obj.value
            and record["object"].get("unit", record["object"].get("currency")) == obj.unit
        )
    else:
        assert record["object"] == obj
    quotes = [record["quote"]] if "quote" in record else [e["quote"] for e in record["evidence"]]
    assert quotes == [e.quote for e in fact.evidence]
    assert record["modality"] == fact.modality
    assert record.get("negated", False) == fact.negated
    assert record.get("claimed_by") == fact.claimed_by
    assert record.get("date") == (fact.date.value if fact.date else None)
    for key in ("date_qualifier", "date_basis", "date_rule", "date_anchor", "note", "count"):
        assert record.get(key) == getattr(fact, key), key
    assert record.get("qualifiers", {}) == {
        k: v if not hasattr(v, "to_json") else v.to_json() for k, v in fact.qualifiers
    }
    assert [link["fact"] for link in record.get("links", [])] == [link.fact for link in fact.links]
    assert "review" not in record


@pytest.mark.parametrize("source", SOURCES)
def test_brat_round_trip(ds: Dataset, source: str) -> None:
    text, ann = export_brat(ds, source)
    assert text == ds.sources[source].text
    facts = [f for f in ds.facts if f.source == source]
    records = import_brat(ds, source, ann)
    assert len(records) == len(facts) > 0
    for fact, record in zip(facts, records):
        same_fact(fact, record)


@pytest.mark.parametrize("source", SOURCES)
def test_labelstudio_round_trip(ds: Dataset, source: str) -> None:
    task = export_labelstudio(ds, source)
    assert task["data"]["text"] == ds.sources[source].text
    facts = [f for f in ds.facts if f.source == source]
    others = [export_labelstudio(ds, s) for s in SOURCES if s != source]  # a project's export holds every source
    records = import_labelstudio(ds, source, json.dumps([*others, task]))
    assert len(records) == len(facts) > 0
    for fact, record in zip(facts, records):
        same_fact(fact, record)


def test_brat_encoding_of_a_fact(ds: Dataset) -> None:
    """daryo-001: the quote is the trigger, the named subject a normalised mention, the object (not named
    near the quote) a note, modality an attribute, the other fields notes."""
    _, ann = export_brat(ds, DARYO)
    start, end = at(
        ds,
        "an Azerbaijani Embraer E190 aircraft was allegedly shot down by Russian air defense forces on December 25, 2024",
    )
    s, e = at(ds, "Russian air defense forces")
    assert ann.splitlines()[:9] == [
        f"T1\tshoots_down {start} {end}\t{ds.sources[DARYO].text[start:end]}",
        f"T2\tgovernment_body {s} {e}\tRussian air defense forces",
        "N1\tReference T2 kg:russian-air-defence\tRussian air defence forces",
        "E1\tshoots_down:T1 Subject:T2",
        "A1\tModality E1 alleged",
        "#1\tAnnotatorNotes E1\tid: daryo-001",
        "#2\tAnnotatorNotes E1\tobject: flight-j2-8243",
        "#3\tAnnotatorNotes E1\tdate: 2024-12-25",
        "#4\tAnnotatorNotes E1\tdate_basis: stated",
    ]
    assert "E2\tagency_of:T3 Subject:T2 Object:T4" in ann  # a mention is written once and shared


def test_brat_config_and_folder(ds: Dataset, tmp_path: Path) -> None:
    conf = brat_config(ds)
    for section in ("[entities]", "[relations]", "[events]", "[attributes]"):
        assert section in conf
    assert "\nperson\n" in conf and "\nshoots_down\tSubject?:" in conf
    assert "Modality\tArg:<EVENT>, Value:asserted|claimed|alleged|denied|proposed" in conf
    folder = tmp_path / "brat"
    written = write_brat(ds, [DARYO], folder)
    assert (
        sorted(p.name for p in folder.iterdir())
        == sorted(p.name for p in written)
        == ["annotation.conf", f"{DARYO}.ann", f"{DARYO}.txt", "visual.conf"]
    )
    assert len(import_brat(ds, DARYO, (folder / f"{DARYO}.ann").read_text("utf-8"))) == 133
    with pytest.raises(OutputError, match="not empty"):
        write_brat(ds, [DARYO], folder)
    write_brat(ds, [DARYO, "how-putin-is-destroying-relations"], folder, replace=True)
    assert (folder / "how-putin-is-destroying-relations.ann").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["brat"]  # nothing left beside it


def test_labelstudio_config(ds: Dataset) -> None:
    xml = labelstudio_config(ds)
    assert xml.startswith("<View>") and '<Text name="text" value="$text"/>' in xml
    assert '<Label value="shoots_down" hint="shoots down"/>' in xml
    assert '<Relation value="subject"/>' in xml and '<Relation value="closes"/>' in xml


def brat_lines(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def test_brat_simple_relation(ds: Dataset) -> None:
    """A relation between two mentions: the quote spans both; an unnormalised mention is looked up by name."""
    a, b = at(ds, "Azerbaijan responded")[0], at(ds, "Azerbaijan responded")[0] + len("Azerbaijan")
    c, d = at(ds, '"Russian House"')[0] + 1, at(ds, '"Russian House"')[1] - 1
    text = ds.sources[DARYO].text
    ann = brat_lines(
        f"T1\tcountry {a} {b}\tAzerbaijan",
        f"T2\torganization {c} {d}\tRussian House",
        "N1\tReference T2 kg:russian-house-baku\tRussian House in Baku",
        "R1\tcloses Arg1:T1 Arg2:T2",
        "#1\tAnnotatorNotes R1\tdate: 2025-02",
        "#2\tAnnotatorNotes R1\tcheck the date against the other sources",
    )
    [record] = import_brat(ds, DARYO, ann)
    assert record == {
        "id": "daryo-a001",
        "subject": "azerbaijan",
        "relation": "closes",
        "object": "russian-house-baku",
        "quote": text[a:d],
        "date": "2025-02",
        "modality": "asserted",
        "review": {
            "unsure": [
                "subject azerbaijan found by the name 'Azerbaijan' (T1)",
                "remark on R1: check the date against the other sources",
            ]
        },
    }


def test_brat_event_without_id_and_fragments(ds: Dataset) -> None:
    """A new event gets a new id; a trigger cut at a line break is one quote, one cut across other text two."""
    text = ds.sources[DARYO].text
    s1, e1 = at(ds, "expulsion of Azerbaijanis from Russia.")
    s2, e2 = at(ds, "What caused this sudden rift")
    r1, r2 = at(ds, "Russian state media")
    ann = brat_lines(
        f"T1\tin_conflict_with {s1} {e1};{s2} {e2}\t{text[s1:e1]} {text[s2:e2]}",
        f"T2\tcountry {at(ds, 'Moscow and Baku')[0]} {at(ds, 'Moscow and Baku')[0] + 6}\tMoscow",
        "N1\tReference T2 kg:russia\tRussia",
        f"T3\tcountry {at(ds, 'Moscow and Baku')[1] - 4} {at(ds, 'Moscow and Baku')[1]}\tBaku",
        "N2\tReference T3 Wikidata:Q227\tAzerbaijan",
        "E1\tin_conflict_with:T1 Subject:T2 Object:T3",
        "A1\tNegated E1",
        "A2\tModality E1 claimed",
        f"T4\tin_conflict_with {r1} {r2};{s2} {e2}\t{text[r1:r2]} {text[s2:e2]}",
        "E2\tin_conflict_with:T4 Subject:T2 Object:T3",
        "#1\tAnnotatorNotes E2\tid: daryo-a001",
    )
    first, second = import_brat(ds, DARYO, ann)
    assert text[s1:e2] == "expulsion of Azerbaijanis from Russia.\nWhat caused this sudden rift"
    assert first["quote"] == text[s1:e2] and first["negated"] is True and first["modality"] == "claimed"
    assert (first["id"], first["subject"], first["object"]) == ("daryo-a002", "russia", "azerbaijan")
    assert second["id"] == "daryo-a001" and second["evidence"] == [{"quote": text[r1:r2]}, {"quote": text[s2:e2]}]


def test_labelstudio_simple_relation(ds: Dataset) -> None:
    """Two mention regions joined by a relation labelled with a relation id; `left` points at the subject."""
    text = ds.sources[DARYO].text
    a, b = at(ds, "Ilham Aliyev issued")[0], at(ds, "Ilham Aliyev issued")[0] + len("Ilham Aliyev")
    c, d = at(ds, "against Russia")[0] + 8, at(ds, "against Russia")[1]
    result = [
        {
            "id": "x1",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": a, "end": b, "text": text[a:b], "labels": ["person"]},
        },
        {
            "id": "x2",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": c, "end": d, "text": text[c:d], "labels": ["country"]},
            "meta": {"text": ["entity: russia"]},
        },
        {"type": "relation", "from_id": "x2", "to_id": "x1", "direction": "left", "labels": ["criticizes"]},
    ]
    tasks = [
        {
            "id": 7,
            "data": {"text": text},
            "annotations": [{"result": [], "was_cancelled": True}],
            "predictions": [{"result": result}],
        }
    ]
    [record] = import_labelstudio(ds, DARYO, tasks)
    assert record == {
        "id": "daryo-a001",
        "subject": "ilham-aliyev",
        "relation": "criticizes",
        "object": "russia",
        "quote": text[a:d],
        "modality": "asserted",
        "review": {"unsure": ["subject ilham-aliyev found by the name 'Ilham Aliyev' (region x1)"]},
    }


def test_labelstudio_edited_fields(ds: Dataset) -> None:
    """What a reviewer changes in a quote region's meta comes back; a free line is a remark."""
    task = export_labelstudio(ds, DARYO)
    region = next(r for r in task["annotations"][0]["result"] if r.get("id") == "q1")
    region["meta"]["text"] = [
        "id: daryo-001\nmodality: asserted",
        "object: flight-j2-8243",
        "date: 2024-12",
        "is this the day?",
    ]
    record = import_labelstudio(ds, DARYO, [task])[0]
    assert (record["modality"], record["date"], record["review"]) == (
        "asserted",
        "2024-12",
        {"unsure": ["remark on region q1: is this the day?"]},
    )


def problems(call: Any) -> str:
    with pytest.raises(DataError) as caught:
        call()
    assert isinstance(caught.value, KgError)
    return str(caught.value)


T_DARYO = "T1\tcountry 0 5\tAfter"  # a valid span of the daryo text


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["T1 country 0 5 After"], "review.ann:1: T1 country 0 5 After: not a brat standoff line"),
        (
            ["T1\tcountry zero 5\tAfter"],
            "review.ann:1: T1: malformed T line; expected 'T1<TAB>Type START END<TAB>text'",
        ),
        (
            ["T1\tcountry 0 99999\tAfter"],
            "review.ann:1: T1: offsets 0-99999 are outside the text of source 'daryo-sudden-rift'",
        ),
        (
            ["T1\tcountry 0 5\tBefore"],
            "review.ann:1: T1: its text 'Before' is not the source's text at its offsets ('After')",
        ),
        (
            [T_DARYO, "E1\tflies_to:T1 Subject:T1", "#1\tAnnotatorNotes E1\tobject: russia"],
            "review.ann:2: E1: unknown relation 'flies_to'",
        ),
        (
            [T_DARYO, "N1\tReference T1 kg:atlantis\tAtlantis", "E1\tcriticizes:T1 Subject:T1 Object:T1"],
            "review.ann:1: T1: unknown entity 'atlantis'",
        ),
        (
            [T_DARYO, "E1\tcriticizes:T1 Subject:T1 Object:T1"],
            "review.ann:1: T1: 'After' names no entity; normalise the mention to its entity with a line",
        ),
        (
            [T_DARYO, "N1\tReference T1 kg:russia\tRussia", "E1\tcriticizes:T1 Theme:T1"],
            "review.ann:3: E1: unknown role Theme",
        ),
        (
            [T_DARYO, "N1\tReference T1 kg:russia\tRussia", "E1\tcriticizes:T1 Object:T1"],
            "review.ann:3: E1: no subject",
        ),
        (
            [T_DARYO, "N1\tReference T1 kg:russia\tRussia", "E1\tcriticizes:T1 Subject:T1 Object:T9"],
            "review.ann:3: E1: it points at T9, which no T line defines",
        ),
        (
            [
                T_DARYO,
                "N1\tReference T1 kg:russia\tRussia",
                "E1\tcriticizes:T1 Subject:T1 Object:T1",
                "A1\tModality E1 maybe",
            ],
            "review.ann:3: E1: modality 'maybe' is not one of asserted, claimed",
        ),
        (
            [
                T_DARYO,
                "N1\tReference T1 kg:russia\tRussia",
                "E1\tcriticizes:T1 Subject:T1 Object:T1",
                "A1\tCertainty E1 high",
            ],
            "review.ann:4: attribute Certainty high: the attributes are",
        ),
        (
            [
                T_DARYO,
                "N1\tReference T1 kg:russia\tRussia",
                "E1\tcriticizes:T1 Subject:T1 Object:T1",
                "#1\tAnnotatorNotes E1\tqualifiers: {since: 2022}",
            ],
            "review.ann:4: note on E1: the value of 'qualifiers' is not valid JSON",
        ),
        (
            [
                T_DARYO,
                "N1\tReference T1 kg:russia\tRussia",
                "E1\tcriticizes:T1 Subject:T1 Object:T1",
                "#1\tAnnotatorNotes E1\tdate: last year",
            ],
            "review.ann:3: E1: bad date",
        ),
        (
            [
                T_DARYO,
                "N1\tReference T1 kg:russia\tRussia",
                "E1\tcriticizes:T1 Subject:T1 Object:T1",
                "#1\tAnnotatorNotes E1\tid: x-1",
                "E2\tcriticizes:T1 Subject:T1",
                "#2\tAnnotatorNotes E2\tid: x-1",
                "#3\tAnnotatorNotes E2\tobject: azerbaijan",
            ],
            "review.ann:5: E2: object is 'azerbaijan' here but 'russia' before (in E1 or this annotation)",
        ),
        ([T_DARYO, T_DARYO], "review.ann:2: T1: T1 is defined twice"),
    ],
)
def test_brat_bad_input(ds: Dataset, lines: list[str], expected: str) -> None:
    assert expected in problems(lambda: import_brat(ds, DARYO, brat_lines(*lines), path="review.ann"))


def test_brat_unknown_source(ds: Dataset) -> None:
    with pytest.raises(NotFound, match="no source 'nowhere'"):
        import_brat(ds, "nowhere", "")


def ls_task(ds: Dataset, result: list[dict[str, Any]], **data: str) -> list[dict[str, Any]]:
    return [{"data": {"text": ds.sources[DARYO].text, **data}, "annotations": [{"result": result}]}]


def region(ident: str, start: int, end: int, text: str, label: str, *meta: str) -> dict[str, Any]:
    return {
        "id": ident,
        "type": "labels",
        "from_name": "fact",
        "to_name": "text",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
        "meta": {"text": list(meta)},
    }


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda ds: '[{"data": {"text": "x"}', "export.json:1: not valid JSON"),
        (lambda ds: {"text": "no data"}, "export.json: not a Label Studio JSON export"),
        (
            lambda ds: [{"data": {"text": "Another article."}}],
            "export.json: no task holds the text of source 'daryo-sudden-rift'",
        ),
        (
            lambda ds: [{"id": 3, "data": {"text": "Edited.", "source": DARYO}}],
            "export.json: task 3: its text is not the text of source 'daryo-sudden-rift'",
        ),
        (
            lambda ds: ls_task(ds, [region("r1", 0, 5, "Befor", "criticizes")]),
            "export.json: region r1: its text 'Befor' is not the source's text at its offsets ('After')",
        ),
        (
            lambda ds: ls_task(ds, [region("r1", 0, 10**6, "After", "criticizes")]),
            "export.json: region r1: offsets 0-1000000 are outside the text",
        ),
        (
            lambda ds: ls_task(ds, [region("r1", 0, 5, "After", "criticizes", "subject: russia", "object: atlantis")]),
            "export.json: region r1: unknown entity 'atlantis' in object",
        ),
        (
            lambda ds: ls_task(
                ds,
                [
                    region("r1", 0, 5, "After", "criticizes", "subject: russia", "object: russia"),
                    {"type": "relation", "from_id": "r1", "to_id": "r9", "labels": ["subject"]},
                ],
            ),
            "export.json: relation r1->r9: no valid region r9",
        ),
        (
            lambda ds: ls_task(
                ds,
                [
                    region("m1", 0, 5, "After", "country", "entity: russia"),
                    region("m2", 0, 5, "After", "country", "entity: russia"),
                    {"type": "relation", "from_id": "m1", "to_id": "m2", "labels": ["flies_to"]},
                ],
            ),
            "export.json: relation m1->m2: label 'flies_to' joins no quote region",
        ),
        (
            lambda ds: ls_task(
                ds, [region("r1", 0, 5, "After", "criticizes", "subject: russia", "object: russia", "negated: yes")]
            ),
            "export.json: region r1: meta: the value of 'negated' is not valid JSON",
        ),
        (
            lambda ds: ls_task(
                ds, [{"id": "r1", "type": "labels", "value": {"start": "0", "end": 5, "labels": ["x"]}}]
            ),
            "export.json: region r1: a region needs an id and a value with integer start and end and one label",
        ),
    ],
)
def test_labelstudio_bad_input(ds: Dataset, make: Any, expected: str) -> None:
    assert expected in problems(lambda: import_labelstudio(ds, DARYO, make(ds), path="export.json"))
