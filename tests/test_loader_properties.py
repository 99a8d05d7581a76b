"""Property-based tests of the loader (Hypothesis): whatever records a facts file or a fact table holds,
loading raises nothing but the library's errors, every problem names its file and line, and a valid
dataset builds with every one of its facts."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actor_kg import Project
from actor_kg.curated.load import load_dataset

from conftest import DATA, MINI_TEXT, write_dataset

# the relations that hold both ways round, as the bundled vocabulary (which the test datasets copy) says
SYMMETRIC = {
    r["id"] for r in yaml.safe_load((DATA / "relations.yaml").read_text(encoding="utf-8")) if r.get("symmetric")
}
ENTITIES = ["azerbaijan", "russia", "russian-house", "putin", "aliyev", "crash", "baku-city"]
ACTORS = ENTITIES[:5]  # the types every relation drawn below takes on both sides (relations.yaml ranges)
QUOTES = [
    "Azerbaijan closed the Russian House",
    "said Putin",
    "who apologized to Aliyev twice",
    "The crash killed 38 people.",
]
assert all(q in MINI_TEXT for q in QUOTES)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["mini-1\n", "", " ", "Q1\n", "2025-13", "2025-02-30", "x" * 6000]),
)


def valid_fact(i: int) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries(
        {
            "id": st.just(f"p-{i}"),
            "subject": st.sampled_from(ACTORS),
            "relation": st.sampled_from(["criticizes", "supports", "closes", "meets"]),
            "object": st.sampled_from(ACTORS),
            "quote": st.sampled_from(QUOTES),
        },
        optional={
            "date": st.sampled_from(["2025", "2025-02", "2025-02-07", "2024-22", "2020/2024"]),
            "modality": st.sampled_from(["asserted", "alleged", "denied", "proposed"]),
            "count": st.integers(1, 9),
            "note": st.text(max_size=20),
        },
    )


def some_fact(i: int) -> st.SearchStrategy[dict]:
    """A fact record with any of its fields replaced by junk, dropped, or joined by an unknown one."""
    return valid_fact(i).flatmap(
        lambda fact: st.fixed_dictionaries(
            {
                key: st.one_of(st.just(value), st.sampled_from(ENTITIES) if key == "object" else st.nothing(), JUNK)
                for key, value in fact.items()
            },
            optional={"colour": JUNK, "claimed_by": st.one_of(st.sampled_from(ENTITIES), JUNK)},
        )
    )


def facts_files() -> st.SearchStrategy[object]:
    return st.one_of(
        st.lists(st.integers(0, 10**6).flatmap(some_fact), max_size=6).map(
            lambda facts: {"source": "mini", "facts": facts}
        ),
        st.builds(
            lambda facts, extra: {"source": "mini", "facts": facts, **extra},
            st.lists(JUNK, max_size=3),
            st.dictionaries(st.sampled_from(["skipped", "source", "x"]), JUNK, max_size=2),
        ),
        JUNK,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=facts_files())
def test_any_facts_file_gives_problems_with_file_and_line_never_an_exception(doc):
    with tempfile.TemporaryDirectory() as tmp:
        data = write_dataset(Path(tmp))
        facts = data / "facts" / "mini.yaml"
        facts.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        ds, problems = load_dataset(data)  # raises nothing
        for problem in problems:
            assert problem.file == facts and problem.line is not None, problem
            assert len(problem.message) < 1000, problem
        assert len(ds.facts) <= (
            len(doc.get("facts") or []) if isinstance(doc, dict) and isinstance(doc.get("facts"), list) else 0
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.integers(0, 10**6).flatmap(some_fact), max_size=5))
def test_any_fact_table_gives_problems_with_file_and_line_never_an_exception(rows):
    with tempfile.TemporaryDirectory() as tmp:
        data = write_dataset(Path(tmp))
        (data / "imports").mkdir()
        table = data / "imports" / "t.jsonl"
        with open(table, "w", encoding="utf-8") as out:
            for row in rows:
                record = {"fact_id" if k == "id" else k: v for k, v in row.items()}
                record["source"] = "mini"
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        _, problems = load_dataset(data)
        for problem in problems:
            assert problem.file == table and problem.line is not None, problem


def ends(fact: dict) -> tuple[str, str]:
    """A fact's subject and object, in either order for a symmetric relation (one claim whichever end leads)."""
    pair = (fact["subject"], fact["object"])
    return tuple(sorted(pair)) if fact["relation"] in SYMMETRIC else pair  # type: ignore[return-value]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=st.lists(st.integers(0, 10**6), min_size=1, max_size=8, unique=True)
    .flatmap(lambda ids: st.tuples(*(valid_fact(i) for i in ids)))
    .filter(
        lambda facts: (
            len({(*ends(f), f["relation"], f.get("date"), f.get("modality") or "asserted") for f in facts})
            == len(facts)
        )
    )
)
def test_a_valid_dataset_builds_with_every_fact(facts):
    """(Facts that would be one statement twice, which validate refuses, are left out of the draw: for a
    symmetric relation such as meets, either way round.)"""
    with tempfile.TemporaryDirectory() as tmp:
        data = write_dataset(
            Path(tmp), facts=yaml.safe_dump({"source": "mini", "facts": list(facts)}, allow_unicode=True)
        )
        ds, problems = load_dataset(data)
        assert problems == []
        build = Project(data, Path(tmp) / "build").build()
        assert build.manifest["counts"]["facts"] == len(facts) == len(list(build.dataset.facts))
        shutil.rmtree(Path(tmp) / "build")
