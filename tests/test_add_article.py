"""A new article, from a file to the built graph, the way a user adds one: `kg add-source`, `kg suggest`,
a reviewer's edits to the draft, `kg accept`, `kg build`; and sources out to brat and Label Studio and
back through the command line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from actor_kg import Project
from actor_kg.curated.load import load_valid

from conftest import DATA
from helpers import kg

ARTICLES = Path(__file__).resolve().parent / "articles"
TEXT = ARTICLES / "baku-moscow-thaw.txt"
PAGE = ARTICLES / "baku-moscow-thaw.html"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A copy of the bundled data, to add to."""
    shutil.copytree(DATA, tmp_path / "data")
    return Project(tmp_path / "data", tmp_path / "build")


def ok(project: Project, *args: str) -> str:
    result = kg(project, *args)
    assert result.exit_code == 0, result.output
    return result.output


def review(draft_file: Path, keep: dict[str, tuple[str, str, str]]) -> list[dict]:
    """What a reviewer does: keep the facts whose sentence holds a given phrase, set to the (subject,
    relation, object) read in the text, delete the rest, delete every review block and new entity."""
    draft = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
    kept = []
    for phrase, (subject, relation, obj) in keep.items():
        fact = next(f for f in draft["facts"] if phrase in f["quote"])
        fact.update(subject=subject, relation=relation, object=obj)
        fact.pop("review")
        kept.append(fact)
    draft["facts"], draft["new_entities"] = kept, []
    draft_file.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return kept


def test_a_text_file_becomes_facts_of_the_graph(project: Project):
    out = ok(project, "add-source", str(TEXT), "--date", "2025-03-17", "--publisher", "Caspian Test Review")
    assert "added source baku-moscow-thaw" in out and "next: kg suggest baku-moscow-thaw" in out
    source = project.data_dir / "sources" / "baku-moscow-thaw"
    assert source.with_suffix(".txt").read_bytes() == TEXT.read_bytes()  # a text file is kept byte for byte
    meta = yaml.safe_load(source.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert (meta["date"], meta["publisher"], meta["author"], meta["url"]) == (
        "2025-03-17",
        "Caspian Test Review",
        None,
        None,
    )

    out = ok(project, "suggest", "baku-moscow-thaw")
    draft_file = project.data_dir / "drafts" / "baku-moscow-thaw.yaml"
    assert str(draft_file) in out and "kg accept baku-moscow-thaw" in out
    draft = yaml.safe_load(draft_file.read_text(encoding="utf-8"))
    text = TEXT.read_text(encoding="utf-8")
    assert draft["facts"] and all(f["quote"] in text for f in draft["facts"])  # every suggested quote verbatim
    assert all(f["review"] for f in draft["facts"])  # nothing counts as reviewed until a person says so
    # the build does not read the draft: the graph is as it was, and saving the draft rebuilds nothing
    assert "baku-moscow-thaw" not in {f.source for f in project.open().dataset.facts}
    assert not project.rebuilt

    # work in progress: validate passes and says how far the review has come; accept refuses
    out = ok(project, "validate")
    assert f"{draft_file}: 0 of {len(draft['facts'])} facts reviewed" in out
    out = ok(project, "coverage", "--summary", "--source", "baku-moscow-thaw")  # coverage shows the draft too
    assert f"{draft_file}: 0 of {len(draft['facts'])} facts reviewed" in out
    assert re.search(r"its quotes cover \d+% of the source's entity-bearing sentences", out)
    refused = kg(project, "accept", "baku-moscow-thaw")
    assert refused.exit_code == 1 and "review" in refused.output and str(draft_file) in refused.output

    kept = review(
        draft_file,
        {
            "Ilham Aliyev criticized Moscow": ("ilham-aliyev", "criticizes", "russia"),
            "Russia depends on the International": ("russia", "depends_on", "instc"),
        },
    )
    out = ok(project, "accept", "baku-moscow-thaw")
    assert "accepted 2 facts into" in out and not draft_file.exists()
    out = ok(project, "build")
    ds = load_valid(project.data_dir)
    added = {f.id: f for f in ds.facts if f.source == "baku-moscow-thaw"}
    assert {(f.subject, f.relation, f.object) for f in added.values()} == {
        ("ilham-aliyev", "criticizes", "russia"),
        ("russia", "depends_on", "instc"),
    }
    assert all(f.quote in text for f in added.values())
    assert {f["id"] for f in kept} == set(added)
    # the accepted fact is in the built graph: kg show prints its quote
    assert "Ilham Aliyev criticized Moscow" in ok(project, "show", "Ilham Aliyev")


def test_a_saved_page_gives_its_text_and_the_metadata_its_markup_states(project: Project):
    out = ok(project, "add-source", str(PAGE))
    assert "added source baku-and-moscow-test-the-limits-of-a-thaw" in out
    source = project.data_dir / "sources" / "baku-and-moscow-test-the-limits-of-a-thaw"
    text = source.with_suffix(".txt").read_text(encoding="utf-8")
    assert "Ilham Aliyev criticized Moscow" in text
    assert (
        "Subscribe" not in text and "All rights reserved" not in text
    )  # the page's navigation and footer are not the article
    meta = yaml.safe_load(source.with_suffix(".yaml").read_text(encoding="utf-8"))
    assert meta["title"] == "Baku and Moscow Test the Limits of a Thaw"
    assert (meta["publisher"], meta["author"], meta["language"]) == ("Caspian Test Review", "Leyla Test-Writer", "en")
    assert (
        str(meta["date"]) == "2025-03-17"
        and meta["url"] == "https://caspian-test-review.example/2025/03/baku-moscow-thaw"
    )
    # the same article again, under another name, is refused: nothing is written
    again = kg(project, "add-source", str(PAGE), "--id", "thaw-again")
    assert again.exit_code == 2 and "already" in again.output
    assert not (project.data_dir / "sources" / "thaw-again.txt").exists()


@pytest.mark.parametrize("fmt", ["brat", "label-studio"])
def test_a_source_goes_to_an_annotation_tool_and_back_unchanged(project: Project, tmp_path: Path, fmt: str):
    """Export a source's facts, remove them from the data, import the tool's files and accept: the same facts."""
    source = "daryo-sudden-rift"
    before = sorted(
        (f.id, f.subject, f.relation, f.object, f.quote, f.modality, f.negated)
        for f in load_valid(project.data_dir).facts
        if f.source == source
    )
    folder = tmp_path / "review"
    ok(project, "export-annotations", str(folder), "--source", source, "--format", fmt)
    exported = folder / (f"{source}.ann" if fmt == "brat" else "tasks.json")
    assert exported.is_file()
    (project.data_dir / "facts" / f"{source}.yaml").unlink()
    out = ok(project, "import-annotations", str(exported), "--source", source)
    assert f"{len(before)} facts from {exported.name}" in out
    draft = project.data_dir / "drafts" / f"{source}.yaml"
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    for fact in doc["facts"]:  # entities found by their N lines / meta need no review; any other would
        assert "review" not in fact, fact
    ok(project, "accept", source)
    after = sorted(
        (f.id, f.subject, f.relation, f.object, f.quote, f.modality, f.negated)
        for f in load_valid(project.data_dir).facts
        if f.source == source
    )
    assert after == before


def test_annotations_on_a_text_that_is_not_the_source_are_refused(project: Project, tmp_path: Path):
    ann = tmp_path / "wrong.ann"
    ann.write_text("T1\tcountry 0 5\tBakuX\n", encoding="utf-8")
    result = kg(project, "import-annotations", str(ann), "--source", "daryo-sudden-rift")
    assert result.exit_code == 1 and "wrong.ann:1" in result.output and "Traceback" not in result.output
    assert not (project.data_dir / "drafts").exists()
