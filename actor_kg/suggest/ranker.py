"""Ranking the relations a sentence may state between two entities, from the curated facts.

Two rankers, one interface: with scikit-learn (the `suggest` extra), a logistic regression on the
quote's words (TF-IDF of words and word pairs) and the subject's and object's entity types; without
it, a frequency prior: how often the curated facts use each relation between these two types. Either
way the relations whose subject or object types (relations.yaml) forbid the pair are dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol
from collections.abc import Iterable

from ..model import Dataset, Fact, Relation


@dataclass(frozen=True)
class Example:
    """One curated quote with the types of its fact's ends and the relation it states."""

    text: str
    subject_type: str
    object_type: str
    relation: str
    pair: str = ""  # the words between the ends, the verb and the order tags (pairs.PairView, draft.pair_text)


class Ranker(Protocol):
    description: str  # what made the ranking, for the draft's made_by

    def scores(self, text: str, subject_type: str, object_type: str, pair: str = "") -> dict[str, float]:
        """A score in [0, 1] per relation; higher is likelier."""
        ...


def allowed(relation: Relation, subject_type: str, object_type: str) -> bool:
    """Whether the relation takes an entity object and these two types as its ends (relations.yaml)."""
    return (
        relation.object_kind == "entity"
        and (not relation.subjects or subject_type in relation.subjects)
        and (not relation.objects or object_type in relation.objects)
    )


def examples(ds: Dataset, facts: Iterable[Fact], pairs: dict[tuple[str, int], str] | None = None) -> list[Example]:
    """The training examples of entity-valued facts: one per quote of their evidence; `pairs` gives the
    pair text of a (fact id, evidence start) where both ends were found in the quote's sentence."""
    return [
        Example(
            e.quote,
            ds.entities[f.subject].type,
            ds.entities[f.object].type,
            f.relation,
            (pairs or {}).get((f.id, e.start), ""),
        )
        for f in facts
        if isinstance(f.object, str)
        for e in f.evidence
    ]


class FrequencyPrior:
    """P(relation | subject type, object type) from counts, smoothed toward the overall frequency."""

    def __init__(self, training: list[Example], facts: int):
        self.pairs: dict[tuple[str, str], Counter[str]] = {}
        for ex in training:
            self.pairs.setdefault((ex.subject_type, ex.object_type), Counter())[ex.relation] += 1
        overall = Counter(ex.relation for ex in training)
        total = sum(overall.values()) or 1
        self.overall = {r: n / total for r, n in overall.items()}
        self.description = f"frequency prior on {facts} curated facts"

    def scores(self, text: str, subject_type: str, object_type: str, pair: str = "") -> dict[str, float]:
        counts = self.pairs.get((subject_type, object_type), Counter())
        n = sum(counts.values())
        return {r: (counts[r] + p) / (n + 1) for r, p in self.overall.items()}


PAIR_WEIGHT = 1.0  # the pair's features against the quote's


class LogisticRanker:
    """Logistic regression on the quote's TF-IDF words and word pairs, and one-hot end types."""

    def __init__(self, training: list[Example], facts: int):
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import OneHotEncoder

        self._hstack = hstack
        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)
        self.types = OneHotEncoder(handle_unknown="ignore")
        self.pair = TfidfVectorizer(lowercase=False, token_pattern=r"\S+", sublinear_tf=True)
        x = hstack(
            [
                self.words.fit_transform([ex.text for ex in training]),
                PAIR_WEIGHT * self.pair.fit_transform([ex.pair or "none" for ex in training]),
                self.types.fit_transform([_type_row(ex.subject_type, ex.object_type) for ex in training]),
            ]
        )
        self.model = LogisticRegression(C=20.0, solver="saga", tol=1e-3, max_iter=3000)  # lbfgs: same ranks, 10x slower
        self.model.fit(x, [ex.relation for ex in training])
        self.description = f"logistic regression on {facts} curated facts"

    def scores(self, text: str, subject_type: str, object_type: str, pair: str = "") -> dict[str, float]:
        x = self._hstack(
            [
                self.words.transform([text]),
                PAIR_WEIGHT * self.pair.transform([pair or "none"]),
                self.types.transform([_type_row(subject_type, object_type)]),
            ]
        )
        return {str(r): float(p) for r, p in zip(self.model.classes_, self.model.predict_proba(x)[0])}


def _type_row(subject_type: str, object_type: str) -> list[Any]:
    return [subject_type, object_type, f"{subject_type}>{object_type}"]
