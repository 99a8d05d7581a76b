"""Which two mentions of a sentence a fact may join, and in which order: what lies between them, and
with spaCy (the `suggest` extra) the dependency parse.

A pair is described by `PairView`: the words between the two mentions and a few symbolic tags (the
gap, a clause boundary, a coordination "A and B", and from the parse: each mention's role towards the
verb that governs it, that verb's lemma, and whether one mention only modifies the other's noun phrase,
as "Azerbaijan" in "the Azerbaijan Airlines plane"). A pair model learned from the other sources'
sentences (every pair of known mentions in them, positive where a curated fact joins the two) scores
how likely the pair is a fact; the relation ranker reads the same words between and verb.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol
from collections.abc import Iterable

from ..model import Dataset, Fact
from ..text.quotes import FoldedText
from .gazetteer import Gazetteer, Mention
from .sentences import Sentence, split_sentences

_CLAUSE = re.compile(r"[;:]\s|\s[\u2014\u2013]\s|\s-\s|,\s+(?:but|while|whereas|although|though|which|who)\b")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
DOER = {"nsubj", "csubj", "agent"}  # agent: the "by X" of a passive
_MODIFIER = {"compound", "poss", "amod", "npadvmod", "nmod", "nummod", "appos"}
# a noun phrase's own parts: climbing through these from a mention never leaves the phrase
_INSIDE_NP = _MODIFIER | {"det", "case", "punct"}


@dataclass(frozen=True)
class PairView:
    """What two mentions of a sentence (a before b in the text) look like as a possible fact."""

    between: str  # the words between the two mentions
    tags: tuple[str, ...]  # symbolic features: gap, clause, coordination, roles, verb, modifier
    verb: str | None = None  # the lemma of the verb that governs both, from the parse
    subject_first: bool | None = None  # from the parse: True when a is the subject, False when b is
    modifier: bool = False  # from the parse: one mention only modifies the other's noun phrase
    ends: tuple[str, str] = ("", "")  # the two entities, a's first

    def text(self) -> str:
        """The pair's words for a bag-of-words model: between-words and verb, marked."""
        return " ".join(
            [
                *(f"b_{w}" for w in _WORD.findall(self.between.lower())),
                *([f"v_{self.verb}"] if self.verb else []),
                *self.tags,
            ]
        )


class Parses:
    """spaCy's parses of sentences, made once per sentence text (None without spaCy)."""

    _docs: dict[tuple[int, str], Any] = {}  # shared: the sources of a dataset are parsed once per process
    _LIMIT = 20000

    def __init__(self, nlp: Any | None):
        self.nlp = nlp

    def __call__(self, text: str) -> Any | None:
        if self.nlp is None:
            return None
        key = (id(self.nlp), text)
        doc = self._docs.get(key)
        if doc is None:
            if len(self._docs) >= self._LIMIT:
                self._docs.clear()
            doc = self._docs[key] = self.nlp(text)
        return doc


def view(sentence: Sentence, a: Mention, b: Mention, doc: Any | None) -> PairView:
    p = _view(sentence, a, b, doc)
    return dataclasses.replace(p, ends=(a.entity, b.entity))


def _view(sentence: Sentence, a: Mention, b: Mention, doc: Any | None) -> PairView:
    """The PairView of two mentions of a sentence, a before b; `doc` is the sentence's parse or None."""
    between = sentence.text[a.end - sentence.start : b.start - sentence.start]
    words = _WORD.findall(between)
    gap = len(words)
    tags = [f"gap{next(k for k in (0, 2, 5, 10, 20, 10**6) if gap <= k)}"]
    if _CLAUSE.search(f" {between} "):
        tags.append("clause")
    if gap <= 1 and (not words or words[0].lower() in ("and", "or")) and "," not in between.strip(" ,"):
        tags.append("coord")
    if doc is None:
        return PairView(between, tuple(tags))
    ra, rb = (
        _root(doc, a.start - sentence.start, a.end - sentence.start),
        _root(doc, b.start - sentence.start, b.end - sentence.start),
    )
    if ra is None or rb is None:
        return PairView(between, tuple(tags))
    modifier = _modifies(ra, rb) or _modifies(rb, ra)
    va, role_a = _governor(ra)
    vb, role_b = _governor(rb)
    verb: str | None = None
    subject_first: bool | None = None
    if modifier:
        tags.append("modifier")
    if va is not None and vb is not None and va.i == vb.i:
        verb = va.lemma_.lower()
        tags += [f"roles_{role_a}_{role_b}", "same_verb"]
        if (role_a in DOER) != (role_b in DOER):  # "A was closed by B": the agent B is the doer
            subject_first = role_a in DOER
    else:
        tags.append("other_verbs")
        lca = _common(ra, rb)
        if lca is not None and lca.pos_ in ("VERB", "AUX"):
            verb = lca.lemma_.lower()
            tags.append(f"lca_{role_a if va is not None else 'none'}_{role_b if vb is not None else 'none'}")
    return PairView(between, tuple(tags), verb, subject_first, modifier)


def _root(doc: Any, start: int, end: int) -> Any | None:
    """The token of the mention [start, end) whose head lies outside it."""
    tokens = [t for t in doc if start <= t.idx < end]
    for t in tokens:
        if not start <= t.head.idx < end or t.head.i == t.i:
            return t
    return tokens[0] if tokens else None


def _modifies(inner: Any, outer: Any) -> bool:
    """Whether `inner` sits in `outer`'s noun phrase: climbing from it reaches `outer` through noun-phrase
    parts only (compound, possessive, adjective, "of" phrase), with no verb on the way."""
    t = inner
    while t.head.i != t.i:
        if t.dep_ not in _INSIDE_NP or (t.i != inner.i and t.pos_ in ("VERB", "AUX")):
            return False
        if t.dep_ == "conj":  # "A and B": B is A's equal, not its modifier
            return False
        t = t.head
        if t.i == outer.i:
            return True
    return False


def _governor(token: Any) -> tuple[Any | None, str]:
    """The verb governing the token and the token's role towards it: subject (nsubj, agent for "by X"),
    object, or a preposition's object ("prep_on")."""
    t, role = token, ""
    while t.head.i != t.i:
        dep = t.dep_
        if dep == "conj" or dep in _MODIFIER or dep == "det":
            t = t.head
            continue
        if dep == "pobj" and t.head.dep_ in ("prep", "agent"):
            prep = t.head
            if prep.dep_ == "agent":
                role = "agent"
            elif not role:
                role = f"prep_{prep.lower_}"
            t = prep
            if t.head.pos_ in ("VERB", "AUX"):
                return t.head, role
            t = t.head  # a noun's "of" phrase: climb to the noun
            continue
        if t.head.pos_ in ("VERB", "AUX"):
            return t.head, role or dep
        t = t.head
    return None, ""


def _common(a: Any, b: Any) -> Any | None:
    ancestors = [a, *a.ancestors]
    for t in [b, *b.ancestors]:
        if t in ancestors:
            return t
    return None


class Links:
    """What the curated facts of the training sources say of two entities: in how many sources a fact
    joins them, and in how many sources each is an end of a fact; an instance of a training source is
    described without its own source."""

    def __init__(self, ds: Dataset, target: str):
        self.types = {k: e.type for k, e in ds.entities.items()}
        self.pair: dict[frozenset[str], set[str]] = {}
        self.end: dict[str, set[str]] = {}
        for f in ds.facts:
            if f.source != target and isinstance(f.object, str):
                self.pair.setdefault(frozenset((f.subject, f.object)), set()).add(f.source)
                for e in (f.subject, f.object):
                    self.end.setdefault(e, set()).add(f.source)

    def tags(self, pair: PairView, own: str | None = None) -> list[str]:
        a, b = pair.ends
        linked = len(self.pair.get(frozenset(pair.ends), set()) - {own})
        return [
            f"link{min(linked, 2)}",
            f"t_{self.types.get(a)}_{self.types.get(b)}",
            f"ea{min(len(self.end.get(a, set()) - {own}), 3)}",
            f"eb{min(len(self.end.get(b, set()) - {own}), 3)}",
        ]


class PairModel(Protocol):
    description: str
    prior: float  # the share of the training pairs that are facts

    def probability(self, pair: PairView, own: str | None = None) -> float:
        """How likely a fact joins the two mentions, in [0, 1] (`own`: the source a training pair is from)."""
        ...


class CountPairs:
    """The share of training pairs with the same link, gap and clause tags that are facts."""

    def __init__(self, training: list[tuple[PairView, bool, str]], links: Links):
        self.links = links
        self.counts: dict[tuple[str, ...], Counter[bool]] = {}
        for pair, label, own in training:
            self.counts.setdefault(self._key(pair, own), Counter())[label] += 1
        total = Counter(label for _, label, _ in training)
        self.prior = (total[True] + 1) / (sum(total.values()) + 2)
        self.description = "pair prior on links, gap and clause"

    def _key(self, pair: PairView, own: str | None) -> tuple[str, ...]:
        return (self.links.tags(pair, own)[0], *(t for t in pair.tags if t.startswith(("gap", "clause", "coord"))))

    def probability(self, pair: PairView, own: str | None = None) -> float:
        c = self.counts.get(self._key(pair, own), Counter())
        return (c[True] + 2 * self.prior) / (c[True] + c[False] + 2)


class LogisticPairs:
    """Logistic regression on the pair's between-words, verb, tags and links."""

    def __init__(self, training: list[tuple[PairView, bool, str]], links: Links):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.links = links
        self.words = TfidfVectorizer(lowercase=False, token_pattern=r"\S+", sublinear_tf=True)
        x = self.words.fit_transform([self._text(p, own) for p, _, own in training])
        labels = [label for _, label, _ in training]
        self.model: Any = None
        if len(set(labels)) == 2:
            self.model = LogisticRegression(C=1.0, max_iter=2000).fit(x, labels)
        self.prior = sum(labels) / len(labels) if labels else 0.5
        self.description = "pair model (logistic regression)"

    def _text(self, pair: PairView, own: str | None) -> str:
        return " ".join([pair.text(), *self.links.tags(pair, own)])

    def probability(self, pair: PairView, own: str | None = None) -> float:
        if self.model is None:
            return self.prior
        proba = self.model.predict_proba(self.words.transform([self._text(pair, own)]))[0]
        return float(proba[list(self.model.classes_).index(True)])


def distinct(mentions: Iterable[Mention]) -> list[Mention]:
    """The first mention of each entity, in text order."""
    first: dict[str, Mention] = {}
    for m in mentions:
        first.setdefault(m.entity, m)
    return list(first.values())


def pair_text(pair: PairView, subject_is_first: bool) -> str:
    """The pair's text for the relation ranker, for one orientation: which end comes first in the text,
    and whether the parse makes the candidate subject the doer."""
    tags = [pair.text(), "ord_sf" if subject_is_first else "ord_of"]
    if pair.subject_first is not None:
        tags.append("doer_s" if pair.subject_first == subject_is_first else "doer_o")
    return " ".join(tags)


def training_pairs(
    ds: Dataset, target: str, gazetteer: Gazetteer, parses: Parses
) -> tuple[list[tuple[PairView, bool, str]], dict[tuple[str, int], str]]:
    """From the sentences of the sources other than `target`: every pair of known mentions, labelled by
    whether a curated fact of that sentence joins them; and the ranker's pair text of each (fact id,
    evidence start) whose two ends the sentence names."""
    out: list[tuple[PairView, bool, str]] = []
    texts: dict[tuple[str, int], str] = {}
    by_source: dict[str, list[Fact]] = {}
    for f in ds.facts:
        if f.source != target and isinstance(f.object, str):
            by_source.setdefault(f.source, []).append(f)
    for sid, facts in by_source.items():
        source = ds.sources[sid]
        folded = FoldedText.of(source.text)
        for sentence in split_sentences(source):
            ends = distinct(gazetteer.mentions(folded, sentence.start, sentence.end))
            if len(ends) < 2:
                continue
            here = [(f, e) for f in facts for e in f.evidence if e.start < sentence.end and sentence.start < e.end]
            doc = parses(sentence.text)
            for i, a in enumerate(ends):
                for b in ends[i + 1 :]:
                    pair = view(sentence, a, b, doc)
                    joined = [(f, e) for f, e in here if {f.subject, f.object} == {a.entity, b.entity}]
                    out.append((pair, bool(joined), sid))
                    for f, e in joined:
                        texts.setdefault((f.id, e.start), pair_text(pair, f.subject == a.entity))
    return out, texts
