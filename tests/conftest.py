"""Fixtures: the real dataset (built once into a temporary folder) and small datasets made per test."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from actor_kg.project import Project

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

MINI_TEXT = (
    "Azerbaijan closed the Russian House in Baku in early February 2025. "
    "\u201cWe regret it,\u201d said Putin \u2014 who apologized to Aliyev twice. "
    "The crash killed 38 people.\n"
)
MINI_ENTITIES = """\
- id: azerbaijan
  label: Azerbaijan
  type: country
  aliases: [Baku]
- id: russia
  label: Russia
  type: country
  aliases: [Moscow, the Kremlin]
- id: russian-house
  label: Russian House
  type: organization
- id: putin
  label: Vladimir Putin
  type: person
  aliases: [Putin]
- id: aliyev
  label: Ilham Aliyev
  type: person
  aliases: [Aliyev]
- id: crash
  label: Crash
  type: event
- id: baku-city
  label: Baku city
  type: place
  aliases: [Baku]
"""
MINI_FACTS = """\
source: mini
facts:
  - id: mini-1
    subject: azerbaijan
    relation: closes
    object: russian-house
    quote: Azerbaijan closed the Russian House in Baku
    date: 2025-02
    date_qualifier: early
  - id: mini-2
    subject: putin
    relation: apologizes_to
    object: aliyev
    quote: "\\"We regret it,\\" said Putin - who apologized to Aliyev twice"
    count: 2
    claimed_by: putin
    modality: claimed
  - id: mini-3
    subject: crash
    relation: death_toll
    object: {number: 38, unit: person}
    quote: The crash killed 38 people.
skipped: []
"""


def write_dataset(root: Path, entities: str = MINI_ENTITIES, facts: str = MINI_FACTS, text: str = MINI_TEXT) -> Path:
    """A small dataset: the real vocabulary and shapes, tiny entities, one source, a few facts."""
    data = root / "data"
    (data / "sources").mkdir(parents=True)
    (data / "facts").mkdir()
    for name in ("entity_types.yaml", "relations.yaml", "shapes.ttl"):
        shutil.copy(DATA / name, data / name)
    (data / "entities.yaml").write_text(entities)
    (data / "sources" / "mini.txt").write_text(text)
    sha = hashlib.sha256(text.encode()).hexdigest()
    (data / "sources" / "mini.yaml").write_text(
        textwrap.dedent(f"""\
        id: mini
        title: A small test source
        publisher: null
        author: null
        date: 2025-02-10
        url: null
        language: en
        sha256: {sha}
        """)
    )
    (data / "facts" / "mini.yaml").write_text(facts)
    return data


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    return Project(write_dataset(tmp_path), tmp_path / "build")


@pytest.fixture(scope="session")
def real(tmp_path_factory) -> Project:
    """The bundled dataset, built once per test session into a temporary build folder."""
    p = Project(DATA, tmp_path_factory.mktemp("real") / "build")
    p.build()
    return p
