"""The kg command line, run in-process through click's test runner."""

from __future__ import annotations

import csv
import re
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from actor_kg.cli import main
from actor_kg.output.export import FACT_FIELDS
from helpers import kg


def test_version_and_every_command_has_help_with_an_example():
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("kg, version ")
    for name in main.commands:
        out = runner.invoke(main, [name, "--help"]).output
        assert re.search(r"Examples?:\n +kg ", out), name


def test_show_resolves_metonyms_and_lists_facts_with_quotes(real):
    result = kg(real, "show", "baku")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Azerbaijan  [azerbaijan]")
    assert "Russian House in Baku" in result.output and "\u201c" in result.output
    assert kg(real, "show", "the kremlin").output.startswith("Russia  [russia]")
    assert kg(real, "show", "TURKIYE").output.startswith("Turkey  [turkey]")


def test_show_ambiguous_and_unknown_names_exit_2(mini):
    ambiguous = kg(mini, "show", "Baku")
    assert ambiguous.exit_code == 2 and "ambiguous" in ambiguous.output
    assert "azerbaijan (Azerbaijan)" in ambiguous.output and "baku-city (Baku city)" in ambiguous.output
    unknown = kg(mini, "show", "Azerbaijn")
    assert unknown.exit_code == 2 and "did you mean: azerbaijan (Azerbaijan)" in unknown.output


def test_validate_reports_and_exits_1_on_bad_data(mini):
    assert kg(mini, "validate").exit_code == 0
    facts = mini.data_dir / "facts" / "mini.yaml"
    facts.write_text(facts.read_text().replace("relation: closes", "relation: closed"))
    result = kg(mini, "validate")
    assert result.exit_code == 1 and "unknown relation 'closed' (did you mean 'closes'" in result.output


def test_export_jsonl_keeps_the_contract_fields(real):
    result = kg(real, "export", "--format", "jsonl")
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert len(rows) == len(real.dataset.facts)
    assert all(tuple(r) == FACT_FIELDS for r in rows)
    closes = [
        r
        for r in rows
        if r["subject"] == "azerbaijan" and r["relation"] == "closes" and r["object"] == "russian-house-baku"
    ]
    assert closes and all(r["quote"] for r in closes)
    literal = next(r for r in rows if r["object_is_literal"])
    assert literal["object_label"]


def test_export_csv_and_graph_formats_to_file(mini, tmp_path):
    out = tmp_path / "facts.csv"
    assert kg(mini, "export", "-f", "csv", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == FACT_FIELDS and rows[2]["object_label"] == "38 person"
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path = tmp_path / f"g.{fmt}"
        assert kg(mini, "export", "-f", fmt, "-o", str(path)).exit_code == 0
        g = reader(path)
        assert g.number_of_nodes() == 7 and g.number_of_edges() == 2


def test_networkx_literal_facts_are_node_attributes(mini):
    g = mini.open().graph
    assert g.number_of_edges() == 2
    assert g.nodes["crash"]["literals"][0]["object"] == 38
    edge = g.get_edge_data("azerbaijan", "russian-house")["mini-1"]
    assert edge["polarity"] == "conflictual" and edge["source"] == "mini" and edge["quote"]


def test_stats_and_sources(real):
    stats = kg(real, "stats")
    assert stats.exit_code == 0 and "entities by type" in stats.output and "facts by source" in stats.output
    sources = kg(real, "sources").output
    assert "how-putin-is-destroying-relations" in sources and "date: 2025-01-27" in sources
    assert "url: unknown" in sources


@pytest.mark.parametrize("args", [["timeline", "--since", "20xx"], ["coverage", "--source", "nope"]])
def test_bad_arguments_name_the_option(mini, args):
    result = kg(mini, *args)
    assert result.exit_code == 2 and args[1] in result.output


def test_query_list_works_from_any_folder(tmp_path):
    """The named queries are package data: found wherever kg runs, plus a user's own folder."""
    import subprocess
    import sys

    own = tmp_path / "mine"
    own.mkdir()
    (own / "my-count.rq").write_text("# title: My count\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    run = subprocess.run(
        [sys.executable, "-m", "actor_kg", "query", "--list"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0 and "actor-facts: Facts about an actor" in run.stdout and "my-count" not in run.stdout
    run = subprocess.run(
        [sys.executable, "-m", "actor_kg", "--queries", str(own), "query", "--list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "actor-facts:" in run.stdout and "my-count: My count" in run.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "actor_kg", "--queries", str(tmp_path / "nope"), "query", "--list"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2 and "query folder" in missing.stderr and "Traceback" not in missing.stderr


def test_a_bug_says_it_is_one_and_debug_shows_the_traceback(mini, monkeypatch):
    from actor_kg import Project

    def broken(self, *args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Project, "stats", broken)
    result = kg(mini, "stats")
    assert result.exit_code == 1
    assert "internal error (a bug in kg" in result.output and "ZeroDivisionError" in result.output
    assert "Invalid value" not in result.output and "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["--data", str(mini.data_dir), "--build", str(mini.build_dir), "--debug", "stats"])
    assert isinstance(debug.exception, ZeroDivisionError)


def test_validate_reads_the_data_once_when_the_build_is_stale(mini, monkeypatch):
    from actor_kg.curated import load

    calls = []
    real_load = load.load_dataset

    def counting(*args, **kwargs):
        calls.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(load, "load_dataset", counting)
    monkeypatch.setattr("actor_kg.project.load_dataset", counting)
    assert mini.validate().ok and len(calls) == 1
    assert (mini.build_dir / "current" / "manifest.json").exists()


def test_export_to_a_file_is_atomic_and_the_library_takes_str_paths(mini, tmp_path):
    out = mini.export("jsonl", str(tmp_path / "facts.jsonl"))
    assert out.read_text(encoding="utf-8").count("\n") == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".facts.jsonl")]
