"""Builds are atomic and rebuilt when the data changes."""

from __future__ import annotations

import gc
import os
import time

import pytest

from actor_kg.store.build import open_build
from actor_kg.errors import DataError


def test_build_writes_all_outputs(mini):
    b = mini.build()
    assert {p.name for p in b.path.iterdir()} == {
        "store",
        "catalog.json",
        "facts.jsonl",
        "facts.idx",
        "hops.json",
        "manifest.json",
        ".readers",
    }
    counts = b.manifest["counts"]
    assert {k: v for k, v in counts.items() if k != "triples"} == {"entities": 7, "facts": 3, "sources": 1}
    assert counts["triples"] == sum(1 for _ in b.store) > 3 * 8  # at least eight quads per fact
    assert open_build(mini.build_dir).path == b.path
    assert [f.id for f in open_build(mini.build_dir).dataset.facts] == ["mini-1", "mini-2", "mini-3"]


def test_failed_build_keeps_the_previous_build(mini):
    first = mini.build()
    facts = mini.data_dir / "facts" / "mini.yaml"
    facts.write_text(facts.read_text().replace("object: aliyev", "object: nobody"))
    with pytest.raises(DataError) as err:
        mini.build()
    assert "unknown entity 'nobody'" in str(err.value)
    current = open_build(mini.build_dir)
    assert current.path == first.path and current.dataset.facts[1].object == "aliyev"
    assert [p.name for p in mini.build_dir.iterdir() if p.name.startswith(".tmp")] == []


def test_stale_build_is_rebuilt_on_open(mini):
    first = mini.open()
    assert mini.rebuilt
    mini.open()
    assert not mini.rebuilt
    facts = mini.data_dir / "facts" / "mini.yaml"
    time.sleep(0.01)
    facts.write_text(facts.read_text().replace("date: 2025-02\n", "date: 2025-02-03\n"))
    second = mini.open()
    assert mini.rebuilt and second.path != first.path
    assert first.path.exists()  # still open here: a build is never removed under its reader
    assert second.dataset.facts[0].date.value == "2025-02-03"
    assert os.path.islink(mini.build_dir / "current")
    first_path = first.path
    del first
    gc.collect()
    mini.build()  # the next build removes what no one reads any more
    assert not first_path.exists() and second.path.exists()


def test_a_build_gives_back_every_fact_and_record_as_loaded(real):
    """The build's plain-data files (catalog.json, facts.jsonl) read back into the very records the loader made."""
    from actor_kg.curated.load import load_valid

    loaded = load_valid(real.data_dir)
    built = real.open().dataset
    assert list(built.facts) == loaded.facts
    assert [built.facts[i] for i in (0, 400, len(loaded.facts) - 1)] == [loaded.facts[i] for i in (0, 400, -1)]
    for part in ("entity_types", "relations", "entities", "sources"):
        assert getattr(built, part) == getattr(loaded, part)
    assert built.skipped == loaded.skipped


def test_no_build_file_is_a_pickle(real):
    folder = real.open().path
    for path in folder.iterdir():
        if path.is_file():
            assert not path.read_bytes().startswith(b"\x80"), (
                f"{path.name} is a pickle"
            )  # every protocol >= 2 starts so
    assert not list(folder.glob("*.pickle"))
