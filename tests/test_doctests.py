"""The doctest examples in the package's modules run, imported under the package's installed name."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import actor_kg

MODULES = sorted(m.name for m in pkgutil.walk_packages(actor_kg.__path__, "actor_kg.") if m.name != "actor_kg.__main__")
# Modules whose docstrings explain by example; each must keep at least one.
WITH_EXAMPLES = {
    "actor_kg",
    "actor_kg.schema",
    "actor_kg.analysis.paths",
    "actor_kg.text.dates",
    "actor_kg.text.names",
    "actor_kg.text.quotes",
    "actor_kg.curated.records",
    "actor_kg.project",
}


@pytest.mark.parametrize("name", MODULES)
def test_examples_in_docstrings_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"{name} lost its examples"
