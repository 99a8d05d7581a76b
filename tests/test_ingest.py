"""Adding an article (actor_kg.ingest.article) and reviewing drafts of its facts (actor_kg.ingest.drafts),
on a small data folder made per test: the real vocabulary, a few entities, one curated source."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from actor_kg.curated.load import load_dataset, load_valid
from actor_kg.errors import DataError, InvalidArgument, NotFound, OutputError
from actor_kg.ingest import article, drafts
from actor_kg.ingest.article import add_source
from actor_kg.ingest.drafts import accept_draft, draft_progress, read_draft, write_draft

from conftest import MINI_TEXT, write_dataset

ARTICLE = (
    "Baku and Moscow: a new chill\n"
    "Vladimir Putin criticized Azerbaijan in March 2025.\n"
    "Ilham Aliyev met Vladimir Putin in Dushanbe in October 2025.\n"
    "Analysts say relations have rarely been this cold.\n"
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Baku and Moscow: a new chill | Caspian Review</title>
<meta property="og:title" content="Baku and Moscow: a new chill">
<meta property="og:site_name" content="Caspian Review">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2025-03-14T08:30:00+00:00">
<link rel="canonical" href="https://caspian.example/2024/01/02/baku-moscow-chill">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li><li><a href="/about">About us</a></li></ul></nav>
<article>
<h1>Baku and Moscow: a new chill</h1>
<p>Azerbaijan closed the Russian House in Baku in February 2025, a step the Kremlin called unfriendly.</p>
<p>Ilham Aliyev said that Russia had to apologise for the crash, and Vladimir Putin apologised to him in December 2024.</p>
<p>Analysts say relations between the two countries have not been this cold since the 1990s.</p>
<img src="/images/2023/05/06/aliyev.jpg" alt="">
</article>
<footer><p>Subscribe to our newsletter. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""

CRITICIZES = {
    "id": "chill-s001",
    "subject": "putin",
    "relation": "criticizes",
    "object": "azerbaijan",
    "quote": "Vladimir Putin criticized Azerbaijan in March 2025",
    "date": "2025-03",
    "review": {
        "relations": [{"relation": "criticizes", "score": 0.61}, {"relation": "denounces", "score": 0.2}],
        "sentence": "Vladimir Putin criticized Azerbaijan in March 2025.",
    },
}
MEETS = {
    "id": "chill-s002",
    "subject": "aliyev",
    "relation": "meets",
    "object": "putin",
    "quote": "Ilham Aliyev met Vladimir Putin in Dushanbe in October 2025",
    "date": "2025-10",
    "qualifiers": {"place": "dushanbe"},
    "review": {"unsure": ["Dushanbe is a new entity"]},
}
DUSHANBE = {
    "id": "dushanbe",
    "label": "Dushanbe",
    "type": "place",
    "aliases": [],
    "description": "Capital of Tajikistan.",
    "review": {"mentions": ["in Dushanbe"]},
}
HEADER = {"made_by": "test suggester 1.0", "notes": ["made by hand for the test"]}


def reviewed(*records: dict) -> list[dict]:
    """The records as a reviewer leaves them: review blocks deleted."""
    return [{k: v for k, v in r.items() if k != "review"} for r in records]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_dataset(tmp_path)


@pytest.fixture
def chill(data: Path, tmp_path: Path) -> Path:
    """The data folder with the new article added as source `chill`."""
    (tmp_path / "chill.txt").write_text(ARTICLE, encoding="utf-8")
    add_source(data, tmp_path / "chill.txt", source_id="chill")
    return data


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- add_source ---------------------------------------------------------------------------------------------


def test_a_text_file_is_copied_byte_for_byte_and_unknown_metadata_stays_null(data, tmp_path):
    raw = "Vladimir Putin criticized Azerbaijan.\r\nAliyev\u2019s reply came \u2014 quickly.\n".encode()
    (tmp_path / "Chill Article.txt").write_bytes(raw)
    added = add_source(data, tmp_path / "Chill Article.txt", publisher="Caspian Review")
    assert added.id == "chill-article"  # no title: the id comes from the file name
    assert added.text_path.read_bytes() == raw
    meta = yaml.safe_load(added.metadata_path.read_text(encoding="utf-8"))
    assert meta["sha256"] == hashlib.sha256(raw).hexdigest()
    assert meta["publisher"] == "Caspian Review" and meta["title"] is None and meta["date"] is None
    assert "date_basis" not in meta
    assert added.from_options == ("publisher",) and added.from_page == ()
    assert added.unknown == ("title", "author", "date", "url", "language")
    assert "Unknown, left null: title, author, date, url, language." in meta["notes"]
    assert added.next_step == "kg suggest chill-article"
    assert "chill-article" in load_valid(data).sources


def test_a_saved_page_gives_its_article_text_and_the_metadata_its_markup_states(data, tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    added = add_source(data, tmp_path / "page.html")
    assert added.id == "baku-and-moscow-a-new-chill"  # from the title
    text = added.text_path.read_text(encoding="utf-8")
    assert "Azerbaijan closed the Russian House in Baku in February 2025" in text
    assert not [
        w for w in ("Home", "About us", "Privacy policy", "All rights reserved") if w in text
    ]  # navigation, footer
    meta = added.metadata
    assert (meta["title"], meta["author"], meta["publisher"], meta["language"]) == (
        "Baku and Moscow: a new chill",
        "Jane Doe",
        "Caspian Review",
        "en",
    )
    # the date the markup states, not the one in the canonical URL (2024-01-02) or the image path
    assert (meta["date"], meta["date_basis"]) == ("2025-03-14", "stated")
    assert meta["url"] == "https://caspian.example/2024/01/02/baku-moscow-chill"
    assert 'Date from the page\'s <meta property="article:published_time">' in meta["notes"]
    assert meta["boilerplate"] == ["Baku and Moscow: a new chill"]  # the title as the text's heading
    assert set(added.from_page) == {"title", "publisher", "author", "date", "url", "language"}
    assert meta["sha256"] == hashlib.sha256(added.text_path.read_bytes()).hexdigest()
    on_disk = yaml.load(added.metadata_path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert list(on_disk) == [
        "id",
        "title",
        "publisher",
        "author",
        "date",
        "date_basis",
        "url",
        "language",
        "sha256",
        "notes",
        "boilerplate",
    ]
    source = load_valid(data).sources[added.id]
    assert source.date == "2025-03-14" and source.date_basis == "stated"


def test_options_override_the_page_and_a_page_without_a_stated_date_has_none(data, tmp_path):
    page = PAGE.replace(
        '<meta property="article:published_time" content="2025-03-14T08:30:00+00:00">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2025-05-01"}</script>',
    )
    (tmp_path / "page.htm").write_text(page, encoding="utf-8")
    added = add_source(data, tmp_path / "page.htm", source_id="chill", title="A chill", author="J. Doe")
    assert (added.metadata["title"], added.metadata["author"]) == ("A chill", "J. Doe")
    assert added.metadata["date"] is None and "date" in added.unknown  # a modification date is not a publication date
    assert added.from_options == ("title", "author") and "title" not in added.from_page
    assert "Given by the user: title, author." in added.metadata["notes"]


def test_html_is_recognised_by_its_content_whatever_the_file_is_called(data, tmp_path):
    (tmp_path / "saved.txt").write_text(PAGE, encoding="utf-8")
    added = add_source(data, tmp_path / "saved.txt")
    assert "<p>" not in added.text_path.read_text(encoding="utf-8") and added.metadata["author"] == "Jane Doe"


@pytest.mark.parametrize(
    "content, options, message",
    [
        (b"  \n\n", {}, "has no text"),
        (b"Caf\xe9 au lait in Baku.\n", {}, "is not UTF-8: byte 3 (0xe9, line 1)"),
        (MINI_TEXT.encode(), {}, "has the same text as source 'mini'"),
        (ARTICLE.encode(), {"source_id": "mini"}, "source 'mini' already exists"),
        (ARTICLE.encode(), {"source_id": "Chill Article"}, "must be a lower-case slug"),
        (ARTICLE.encode(), {"date": "2025-01/2025-03"}, "bounded date needs its rule"),
        (ARTICLE.encode(), {"date": "March 2025"}, "is not a date"),
        (ARTICLE.encode(), {"publisher": " "}, "publisher is empty"),
    ],
)
def test_add_source_refuses_what_it_cannot_add_and_writes_nothing(data, tmp_path, content, options, message):
    (tmp_path / "new.txt").write_bytes(content)
    before = files_of(data)
    with pytest.raises(InvalidArgument) as error:
        add_source(data, tmp_path / "new.txt", **options)
    assert message in str(error.value)
    assert files_of(data) == before


def test_add_source_refuses_an_unreadable_file_naming_it(data, tmp_path):
    with pytest.raises(InvalidArgument, match=r"cannot read .*missing\.txt: No such file"):
        add_source(data, tmp_path / "missing.txt")
    with pytest.raises(InvalidArgument, match="cannot read .*: Is a directory"):
        add_source(data, tmp_path)


def test_a_failed_metadata_write_leaves_no_text_behind(data, tmp_path, monkeypatch):
    (tmp_path / "chill.txt").write_text(ARTICLE, encoding="utf-8")
    real_write = article.atomic_write

    def failing(path: Path, content: bytes | str) -> None:
        if path.suffix == ".yaml":
            raise OutputError(f"cannot write {path}: No space left on device")
        real_write(path, content)

    monkeypatch.setattr(article, "atomic_write", failing)
    before = files_of(data)
    with pytest.raises(OutputError):
        add_source(data, tmp_path / "chill.txt")
    assert files_of(data) == before


# --- drafts -------------------------------------------------------------------------------------------------


def test_a_draft_is_written_read_back_and_never_read_by_the_build(chill):
    path = write_draft(chill, "chill", HEADER, [CRITICIZES, MEETS], [DUSHANBE])
    assert path == chill / "drafts" / "chill.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# A draft") and "delete the fact's review block" in text and "kg accept chill" in text
    doc = yaml.safe_load(text)
    assert list(doc) == ["source", "draft", "facts", "new_entities"]
    assert doc["draft"]["made_by"] == "test suggester 1.0" and doc["draft"]["made_at"].endswith("Z")
    assert list(doc["facts"][1]) == ["id", "subject", "relation", "object", "quote", "qualifiers", "date", "review"]
    draft = read_draft(chill, "chill")
    assert [dict(f) for f in draft.facts] == [CRITICIZES, MEETS] and draft.notes == ("made by hand for the test",)
    assert [rid for rid, _ in draft.pending] == ["chill-s001", "chill-s002", "dushanbe"]
    assert text.splitlines()[draft.pending[0][1] - 1].strip() == "review:"
    ds = load_valid(chill)  # the draft's facts and entities are not in the data until accepted
    assert not [f for f in ds.facts if f.source == "chill"] and "dushanbe" not in ds.entities


def test_write_draft_refuses_to_replace_a_draft_an_unknown_source_and_a_wrong_shape(chill):
    write_draft(chill, "chill", HEADER, [CRITICIZES], [])
    with pytest.raises(InvalidArgument, match=r"drafts/chill\.yaml exists"):
        write_draft(chill, "chill", HEADER, [MEETS], [])
    write_draft(chill, "chill", HEADER, [MEETS], [], replace=True)
    assert [f["id"] for f in read_draft(chill, "chill").facts] == ["chill-s002"]
    with pytest.raises(InvalidArgument, match="no source 'chil'"):
        write_draft(chill, "chil", HEADER, [MEETS], [])
    with pytest.raises(InvalidArgument, match="unknown field 'reveiw' in draft fact"):
        write_draft(chill, "chill", HEADER, [{**MEETS, "reveiw": {}}], [], replace=True)
    with pytest.raises(InvalidArgument, match="draft header is missing the field 'made_by'"):
        write_draft(chill, "chill", {}, [MEETS], [], replace=True)
    with pytest.raises(NotFound, match="no draft 'nope'"):
        read_draft(chill, "nope")


def test_progress_counts_reviewed_facts_and_reports_problems_at_the_drafts_lines(chill):
    bad = {**reviewed(CRITICIZES)[0], "quote": "Vladimir Putin praised Azerbaijan in March 2025"}
    path = write_draft(chill, "chill", HEADER, [bad, MEETS], [DUSHANBE])
    (progress,) = draft_progress(chill)
    assert (progress.source, progress.facts, progress.reviewed) == ("chill", 2, 1)
    assert [rid for rid, _ in progress.pending] == ["chill-s002", "dushanbe"]
    lines = path.read_text(encoding="utf-8").splitlines()
    (problem,) = progress.problems
    assert problem.file == path and lines[problem.line - 1].startswith("  quote: Vladimir Putin praised")
    assert "quote not found verbatim" in problem.message
    # coverage of the draft's valid facts: the meeting sentence of the three that name an entity
    assert (progress.coverage.entity_sentences, progress.coverage.covered) == (3, 1)


def test_accept_refuses_while_review_blocks_remain_naming_ids_and_lines(chill):
    path = write_draft(chill, "chill", HEADER, [reviewed(CRITICIZES)[0], MEETS], [DUSHANBE])
    lines = path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(DataError) as error:
        accept_draft(chill, "chill")
    pending = {p.message.split()[0]: p.line for p in error.value.problems}
    assert set(pending) == {"chill-s002", "dushanbe"}
    assert all(lines[line - 1].strip() == "review:" for line in pending.values())
    assert f"{path}:{pending['chill-s002']}: chill-s002 is not reviewed yet" in str(error.value)
    assert path.exists() and not (chill / "facts" / "chill.yaml").exists()


def test_accept_refuses_a_quote_that_is_not_verbatim_at_the_drafts_line(chill):
    bad = {**CRITICIZES, "quote": "Putin criticised Azerbaijan"}
    path = write_draft(chill, "chill", HEADER, reviewed(bad, MEETS), reviewed(DUSHANBE))
    line = next(
        i
        for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text == "  quote: Putin criticised Azerbaijan"
    )
    with pytest.raises(DataError, match=rf"drafts/chill\.yaml:{line}: quote not found verbatim"):
        accept_draft(chill, "chill")
    assert path.exists() and not (chill / "facts" / "chill.yaml").exists()


def test_accept_moves_the_reviewed_draft_into_the_data(chill):
    path = write_draft(chill, "chill", HEADER, reviewed(CRITICIZES, MEETS), reviewed(DUSHANBE))
    report = accept_draft(chill, "chill")
    assert not path.exists()
    assert report.facts == ("chill-s001", "chill-s002") and report.entities == ("dushanbe",)
    assert report.facts_path == chill / "facts" / "chill.yaml" and not report.merged and report.unused_entities == ()
    assert "review:" not in report.facts_path.read_text(encoding="utf-8")
    ds = load_valid(chill)
    facts = {f.id: f for f in ds.facts if f.source == "chill"}
    assert set(facts) == {"chill-s001", "chill-s002"}
    assert facts["chill-s002"].qualifiers == (("place", "dushanbe"),) and ds.entities["dushanbe"].type == "place"
    assert yaml.safe_load((chill / "entities.d" / "chill.yaml").read_text(encoding="utf-8")) == reviewed(DUSHANBE)
    assert draft_progress(chill) == []


def test_accept_adds_to_an_existing_facts_file_leaving_it_unchanged(data):
    facts_file = data / "facts" / "mini.yaml"
    before = facts_file.read_bytes()
    extra = {
        "id": "mini-4",
        "subject": "putin",
        "relation": "apologizes_to",
        "object": "aliyev",
        "quote": "who apologized to Aliyev twice",
        "modality": "asserted",
    }
    write_draft(data, "mini", HEADER, [{**extra, "id": "mini-1"}], [])
    with pytest.raises(DataError, match=r"drafts/mini\.yaml:\d+: duplicate fact id 'mini-1'"):
        accept_draft(data, "mini")
    write_draft(data, "mini", HEADER, [extra], [], replace=True)
    report = accept_draft(data, "mini")
    assert report.merged
    after = facts_file.read_bytes()
    skipped = before.index(b"skipped:")
    assert after.startswith(before[:skipped]) and after.endswith(before[skipped:])
    assert [f.id for f in load_valid(data).facts] == ["mini-1", "mini-2", "mini-3", "mini-4"]


def test_a_failure_midway_through_accept_changes_nothing(chill, monkeypatch):
    write_draft(chill, "chill", HEADER, reviewed(CRITICIZES, MEETS), reviewed(DUSHANBE))
    before = files_of(chill)
    real_write = drafts.atomic_write

    def failing(path: Path, content: bytes | str) -> None:
        if "entities.d" in path.parts:
            raise OutputError(f"cannot write {path}: No space left on device")
        real_write(path, content)

    monkeypatch.setattr(drafts, "atomic_write", failing)
    with pytest.raises(OutputError):
        accept_draft(chill, "chill")
    assert files_of(chill) == before
    _, problems = load_dataset(chill)
    assert problems == []


def test_accepting_a_draft_whose_facts_were_all_deleted_only_removes_it(chill):
    path = write_draft(chill, "chill", HEADER, [], [])
    report = accept_draft(chill, "chill")
    assert report.facts == () and not path.exists() and not report.facts_path.exists()


def test_a_review_block_out_of_shape_is_a_problem_at_its_line(chill):
    path = write_draft(chill, "chill", HEADER, [CRITICIZES, MEETS], [DUSHANBE])
    text = path.read_text(encoding="utf-8")
    edited = text.replace("score: 0.61", "score: 1.5").replace(
        "unsure:\n    - Dushanbe is a new entity", "unsure: a remark"
    )
    assert edited.count("\n") == text.count("\n") - 1
    path.write_text(edited, encoding="utf-8")
    (progress,) = draft_progress(chill)
    lines = edited.splitlines()
    assert {p.message: lines[p.line - 1].strip() for p in progress.problems} == {
        "score must be a number from 0 to 1": "score: 1.5",
        "unsure must be a list of strings": "unsure: a remark",
    }
