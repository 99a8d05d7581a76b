"""A fact's fields are defined once, in schema.yaml: a field added to a copy of it (and nowhere else)
survives the load, the build, SPARQL, `kg show`, `kg export` (JSONL and CSV), `kg import`, drafts
(`kg export-annotations`) and the page.

The copy is loaded as the schema by KG_SCHEMA (actor_kg.schema), so every command runs in its own
process with the added field; the data folder is a copy of the bundled one with the field set on one fact.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "actor_kg"]
FIELD = "    confidence: {type: value, values: confidence, page: true, rdf: kg:confidence, show: confidence}\n"


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment that runs kg with the field `confidence` added, and daryo-001 holding `low`."""
    tmp = tmp_path_factory.mktemp("shape")
    schema = (ROOT / "actor_kg" / "schema.yaml").read_text(encoding="utf-8")
    schema = schema.replace("values:\n", "values:\n  confidence: [low, medium, high]\n", 1)
    schema = schema.replace("    also: {type: strings}\n", "    also: {type: strings}\n" + FIELD, 1)
    assert FIELD in schema and "confidence: [low" in schema
    (tmp / "schema.yaml").write_text(schema, encoding="utf-8")
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("drafts", "imports"))
    facts = data / "facts" / "daryo-sudden-rift.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("- id: daryo-001\n", "- id: daryo-001\n  confidence: low\n", 1), encoding="utf-8")
    env = {
        **os.environ,
        "KG_SCHEMA": str(tmp / "schema.yaml"),
        "KG_DATA": str(data),
        "KG_BUILD": str(tmp / "build"),
        "TMP_DIR": str(tmp),
    }
    kg(env, "build")
    return env


def kg(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*KG, *args], env=env, capture_output=True, text=True, check=False, cwd=env["TMP_DIR"])
    assert done.returncode == 0, done.stderr
    return done.stdout


def exported(env: dict[str, str]) -> dict[str, dict]:
    out = Path(env["TMP_DIR"]) / "facts.jsonl"
    kg(env, "export", "-f", "jsonl", "-o", str(out))
    return {r["fact_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_the_field_reaches_sparql_and_kg_show(added):
    query = Path(added["TMP_DIR"]) / "confidence.rq"
    query.write_text(
        "PREFIX kg: <https://w3id.org/actor-kg/ns#>\nSELECT ?s ?c WHERE { GRAPH ?g { ?s kg:confidence ?c } }\n",
        encoding="utf-8",
    )
    rows = kg(added, "query", str(query), "--format", "json")
    bindings = json.loads(rows)["results"]["bindings"]
    assert [(b["s"]["value"].rsplit("/", 1)[1], b["c"]["value"].rsplit("#", 1)[1]) for b in bindings] == [
        ("daryo-001", "low")
    ]
    subject = exported(added)["daryo-001"]["subject"]
    assert "confidence low" in kg(added, "show", subject)


def test_the_field_survives_export_and_import(added):
    records = exported(added)
    assert records["daryo-001"]["confidence"] == "low"
    assert all(r["confidence"] is None for k, r in records.items() if k != "daryo-001")
    table = Path(added["TMP_DIR"]) / "facts.csv"
    kg(added, "export", "-f", "csv", "-o", str(table))
    with open(table, encoding="utf-8", newline="") as f:
        rows = {r["fact_id"]: r for r in csv.DictReader(f)}
    assert rows["daryo-001"]["confidence"] == "low"
    # a new fact, imported from the exported row with another id, another claim and another value
    row = {**records["daryo-001"], "fact_id": "daryo-imported", "negated": True, "confidence": "high"}
    new = Path(added["TMP_DIR"]) / "new.jsonl"
    new.write_text(json.dumps(row) + "\n", encoding="utf-8")
    kg(added, "import", str(new))
    again = exported(added)
    assert again["daryo-imported"]["confidence"] == "high" and again["daryo-001"]["confidence"] == "low"


def test_the_field_travels_in_drafts_and_reaches_the_page(added):
    folder = Path(added["TMP_DIR"]) / "review"
    kg(added, "export-annotations", str(folder), "--source", "daryo-sudden-rift", "--format", "brat")
    notes = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.ann"))
    assert "confidence: low" in notes
    page = Path(added["TMP_DIR"]) / "page.html"
    kg(added, "viz", "-o", str(page))
    assert '"confidence":"low"' in page.read_text(encoding="utf-8").replace(" ", "")
