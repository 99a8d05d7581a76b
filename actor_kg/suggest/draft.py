"""`suggest_facts`: a source's text turned into a draft of suggested facts for a reviewer.

Per sentence (boilerplate left out): the known entities it names; for each two of them that the pair
model (pairs.py: the words between them, the parse, whether the other sources link them) rates at least
as likely to be a fact as the average pair of the other sources' sentences, the relations
the curated facts of the other sources suggest (ranges respected), in the direction the parse (the doer
of the verb), the words and the types favour; the quote (the clause naming both, else the sentence: a verbatim span); the date, the
claimant, the modality and a negation the words state. Every record is a curated fact once its
`review` block (candidates, doubts, the sentence) is removed; the draft file's format is
actor_kg.ingest.drafts'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import NotFound
from ..schema import SCHEMA
from ..model import Dataset
from ..text.quotes import FoldedText
from .cues import attribution, negation
from .extra import INSTALL, Extra, load_extra
from .gazetteer import Gazetteer, Mention
from .newnames import new_entities
from .pairs import (
    CountPairs,
    Links,
    LogisticPairs,
    PairModel,
    PairView,
    Parses,
    distinct,
    pair_text,
    training_pairs,
    view,
)
from .ranker import FrequencyPrior, LogisticRanker, Ranker, allowed, examples
from .sentences import Sentence, split_sentences
from .when import find_dates

LOW_SCORE = 0.25  # a top relation scored below this is marked unsure
# a pair is suggested when the pair model rates it at least this share of the training pairs' base rate
# (the share of pairs of known mentions in the other sources' sentences that a curated fact joins)
PAIR_FLOOR = 1.0
CANDIDATES = 3
# clause boundaries inside a sentence: a quote is the clause that names both ends when there is one
_CLAUSE = re.compile(
    r"\s*[;:]\s+|\s+[\u2014\u2013]\s+|\s+-\s+|,\s+(?=(?:but|while|whereas|although|though|which|who)\b)"
)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|be)\b(?:\s+\w+){0,3}\s+by(?:\s+the)?\s*$", re.IGNORECASE)


@dataclass
class SuggestedDraft:
    """A draft: `header` is its `draft` block (made_by, notes; ingest.drafts.write_draft adds made_at);
    `facts` and `new_entities` the suggested records, each with a `review` block."""

    header: dict[str, Any]
    facts: list[dict[str, Any]]
    new_entities: list[dict[str, Any]]


def suggest_facts(dataset: Dataset, source_id: str, *, use_extra: bool | None = None) -> SuggestedDraft:
    """Suggest the facts of a source, learning from the curated facts of every other source.
    `use_extra`: None uses the `suggest` extra where installed, False never, True requires it."""
    if source_id not in dataset.sources:
        raise NotFound(source_id, sorted(dataset.sources), ambiguous=False, kind="source")
    source = dataset.sources[source_id]
    extra = load_extra(use_extra)
    training = [f for f in dataset.facts if f.source != source_id and isinstance(f.object, str)]
    gazetteer = Gazetteer(dataset.entities)
    parses = Parses(extra.nlp)
    pairs, texts = training_pairs(dataset, source_id, gazetteer, parses)
    ranker: Ranker = (LogisticRanker if extra.sklearn else FrequencyPrior)(
        examples(dataset, training, texts), len(training)
    )
    pair_model: PairModel = (LogisticPairs if extra.sklearn else CountPairs)(pairs, Links(dataset, source_id))
    folded = FoldedText.of(source.text)
    sentences = split_sentences(source)
    maker = _Maker(dataset, ranker, source.date, pair_model, parses)
    mentions: list[Mention] = []
    for sentence in sentences:
        found = gazetteer.mentions(folded, sentence.start, sentence.end)
        mentions += found
        maker.sentence(sentence, found)
    prefix = source_id.split("-")[0]
    for i, record in enumerate(maker.records, 1):
        record["id"] = f"{prefix}-s{i:03d}"
    new = (
        new_entities(extra.nlp, source.text, sentences, mentions, set(dataset.entities))
        if extra.nlp is not None
        else []
    )
    parts = ["gazetteer", extra.model, pair_model.description, f"relation ranker: {ranker.description}"]
    header = {
        "made_by": f"kg suggest ({'; '.join(p for p in parts if p)})",
        "notes": _notes(source.date, source.date_basis, extra, use_extra, mentions),
    }
    return SuggestedDraft(header, [_ordered(r) for r in maker.records], new)


class _Maker:
    """Turns the sentences of one source into fact records, one claim one record."""

    def __init__(self, ds: Dataset, ranker: Ranker, publication: str | None, pairs: PairModel, parses: Parses):
        self.ds, self.ranker, self.publication = ds, ranker, publication
        self.pairs, self.parses = pairs, parses
        self.records: list[dict[str, Any]] = []
        self._claims: dict[tuple[Any, ...], dict[str, Any]] = {}

    def sentence(self, sentence: Sentence, mentions: list[Mention]) -> None:
        ends = distinct(mentions)
        if len(ends) < 2:
            return
        doc = self.parses(sentence.text)
        for i, a in enumerate(ends):
            for b in ends[i + 1 :]:
                pair = view(sentence, a, b, doc)
                if self.pairs.probability(pair) < PAIR_FLOOR * self.pairs.prior:
                    continue
                record = self.pair(sentence, mentions, a, b, pair)
                if record is not None:
                    self.add(record)

    def pair(
        self, sentence: Sentence, mentions: list[Mention], a: Mention, b: Mention, pair: PairView
    ) -> dict[str, Any] | None:
        """The record for two mentions of a sentence (a before b), or None when no relation takes them."""
        start, end = _quote_span(sentence, a, b)
        quote = sentence.text[start - sentence.start : end - sentence.start]
        if pair.subject_first is not None:  # the parse says which is the doer
            passive = not pair.subject_first
        else:
            passive = bool(_PASSIVE.search(sentence.text[a.end - sentence.start : b.start - sentence.start]))
        natural = (b, a) if passive else (a, b)
        ranked = self.candidates(quote, natural, pair, a)
        if not ranked:
            return None
        relation, score, reverse = ranked[0]
        subject, obj = (natural[1], natural[0]) if reverse else natural
        unsure = [
            _matched(side, m, self.ds)
            for side, m in (("subject", subject), ("object", obj))
            if m.score < 100 or m.name != self.ds.entities[m.entity].label
        ]
        unsure += self.direction(relation, subject, obj, passive, reverse)
        if score < LOW_SCORE:
            unsure.append(f"low ranker score {score:.2f} for {relation}")
        record: dict[str, Any] = {"subject": subject.entity, "relation": relation, "object": obj.entity, "quote": quote}
        unsure += self.date(record, sentence, start, end)
        said = attribution(sentence.text, sentence.start, mentions)
        record["claimed_by"], record["modality"] = said.claimed_by, said.modality
        unsure += said.unsure
        cue = negation(sentence.text[min(a.start, b.start) - sentence.start : end - sentence.start])
        if cue:
            record["negated"] = True
            unsure.append(f"negation cue '{cue}': check that it negates this relation")
        record["review"] = {
            "relations": [
                {"relation": r, "score": round(s, 3), **({"reverse": True} if rev != reverse else {})}
                for r, s, rev in ranked[:CANDIDATES]
            ],
            "unsure": unsure,
            "sentence": sentence.text,
        }
        return record

    def candidates(
        self, quote: str, natural: tuple[Mention, Mention], pair: PairView, first: Mention
    ) -> list[tuple[str, float, bool]]:
        """(relation, score, reversed against `natural`) that the types allow, best first; word order wins ties."""
        out: dict[tuple[str, bool], float] = {}
        for reverse, (s, o) in ((False, natural), (True, natural[::-1])):
            st, ot = self.ds.entities[s.entity].type, self.ds.entities[o.entity].type
            for relation, score in self.ranker.scores(quote, st, ot, pair_text(pair, s is first)).items():
                rel = self.ds.relations.get(relation)
                if rel is None or not allowed(rel, st, ot) or (reverse and rel.symmetric):
                    continue
                out[(relation, reverse)] = score
        return [(r, s, rev) for (r, rev), s in sorted(out.items(), key=lambda kv: (-kv[1], kv[0][1]))]

    def direction(self, relation: str, subject: Mention, obj: Mention, passive: bool, reverse: bool) -> list[str]:
        rel = self.ds.relations[relation]
        if rel.symmetric:
            return []
        if reverse:
            return [f"subject and object against the word order: the types favour {subject.entity} as subject"]
        st, ot = self.ds.entities[subject.entity].type, self.ds.entities[obj.entity].type
        if passive:
            return [f"passive voice: '{subject.text}' taken as the subject from its 'by' phrase"]
        if allowed(rel, ot, st):
            return [f"direction from word order ('{subject.text}' first): {relation} could run the other way"]
        return []

    def date(self, record: dict[str, Any], sentence: Sentence, start: int, end: int) -> list[str]:
        """Put the quote's date into the record; what is unsure about it."""
        lo, hi = start - sentence.start, end - sentence.start
        found = [d for d in find_dates(sentence.text, self.publication) if lo <= d.start and d.end <= hi]
        if not found:
            return []
        dated = [d for d in found if d.value is not None]
        unsure = [f"{d.rule}: no date recorded" for d in found if d.value is None and d.rule]
        if not dated:
            return unsure
        d = dated[0]
        record["date"] = d.value
        if d.qualifier:
            record["date_qualifier"] = d.qualifier
        record["date_basis"] = d.basis
        if d.basis != "stated":
            record["date_rule"], record["date_anchor"] = d.rule, "publication"
            unsure.append(f"relative date '{d.words}' reckoned from the publication date")
        if len(dated) > 1:
            unsure.append(f"several dates in the quote ({', '.join(repr(x.words) for x in dated)}): took the first")
        return unsure

    def add(self, record: dict[str, Any]) -> None:
        """Keep one record per claim: a later quote of the same claim joins the first record's evidence."""
        symmetric = self.ds.relations[record["relation"]].symmetric
        ends = (
            tuple(sorted((record["subject"], record["object"]))) if symmetric else (record["subject"], record["object"])
        )
        key = (
            ends,
            record["relation"],
            record.get("negated", False),
            record["claimed_by"],
            record["modality"],
            record.get("date"),
            record.get("date_qualifier"),
        )
        first = self._claims.get(key)
        if first is None:
            self._claims[key] = record
            self.records.append(record)
            return
        quotes = [e["quote"] for e in first.pop("evidence", [])] or [first.pop("quote")]
        if record["quote"] not in quotes:
            quotes.append(record["quote"])
            first["review"]["unsure"].append(f"also stated in a later sentence: {record['review']['sentence']!r}")
        first["evidence"] = [{"quote": q} for q in quotes] if len(quotes) > 1 else None
        if first["evidence"] is None:
            del first["evidence"]
            first["quote"] = quotes[0]


def _quote_span(sentence: Sentence, a: Mention, b: Mention) -> tuple[int, int]:
    """[start, end) in the text of the clause of the sentence naming both mentions, else of the sentence."""
    cuts = (
        [sentence.start]
        + [x for m in _CLAUSE.finditer(sentence.text) for x in (sentence.start + m.start(), sentence.start + m.end())]
        + [sentence.end]
    )
    for lo, hi in zip(cuts[::2], cuts[1::2]):
        if lo <= a.start and b.end <= hi:
            return lo, hi
    return sentence.start, sentence.end


def _matched(side: str, m: Mention, ds: Dataset) -> str:
    if m.score < 100:
        return f"{side} '{m.text}' matched to {m.entity} fuzzily (score {m.score:.0f} against '{m.name}')"
    return f"{side} '{m.text}' matched to {m.entity} ({ds.label(m.entity)}) by alias"


def _notes(
    publication: str | None, basis: str | None, extra: Extra, use_extra: bool | None, mentions: list[Mention]
) -> list[str]:
    notes = [
        "suggestions only: entity-to-entity relations between known entities, for the pairs of a sentence the "
        "pair model rates at least as likely as an average pair; each fact's review block lists "
        'its ranked relations and doubts; dates reckoned from other facts ("after the crash") are left to the reviewer'
    ]
    if publication is None:
        notes.append(
            'the publication date is unknown: relative dates ("last December") cannot be derived and are left empty'
        )
    elif basis == "bounded":
        notes.append(f"the publication date is only bounded ({publication}): relative dates get bounds, not dates")
    fuzzy = sum(1 for m in mentions if m.score < 100)
    if fuzzy:
        notes.append(f"{fuzzy} mention(s) matched fuzzily to a known name: each fact using one says so")
    why = "not used (use_extra=False)" if use_extra is False else f"not installed ({INSTALL})"
    if extra.nlp is None:
        notes.append(
            f"no new entities proposed: spaCy's {'model' if use_extra is False else 'NER'} is {why}; "
            "with it, names the gazetteer lacks are proposed as new entities"
        )
    if not extra.sklearn:
        notes.append(
            f"relations ranked by a frequency prior over the two entity types alone: scikit-learn is {why}; "
            "with it, a logistic regression also reads the quote's words (bench/suggest.py compares both)"
        )
    return notes


def _ordered(record: dict[str, Any]) -> dict[str, Any]:
    """The record's fields in the order of the curated files."""
    return SCHEMA.ordered(record, "draft fact")
