"""Builds are atomic and rebuilt when the data changes."""
from __future__ import annotations

import os
import time

import pytest

from graph.build import open_build
from graph.problems import DataError


def test_build_writes_all_outputs(mini):
    b = mini.build()
    assert {p.name for p in b.path.iterdir()} >= {"dataset.trig", "dataset.pickle", "graph.pickle", "manifest.json"}
    assert b.manifest["counts"] == {"entities": 7, "facts": 3, "sources": 1, "triples": b.manifest["counts"]["triples"]}
    assert open_build(mini.build_dir).path == b.path


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
    assert mini.rebuilt and second.path != first.path and not first.path.exists()
    assert second.dataset.facts[0].date.value == "2025-02-03"
    assert os.path.islink(mini.build_dir / "current")
