"""Where sources disagree: the same subject and relation with different values in different sources."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..text.dates import FactDate, parse_date
from ..model import Dataset, Fact, LiteralValue
from ..derived import lineages


@dataclass
class Conflict:
    subject: str
    relation: str
    kind: str  # one of KINDS: negation, modality, object, count, date
    facts: list[Fact]  # the facts that disagree with a fact of another source
    object: str | None = None  # the claim's object (an entity id or a literal's text), but for kind object


def _concurrent(a: Fact, b: Fact) -> bool:
    """Whether two facts may speak of the same time: undated, or dated with overlapping ranges. A denial
    dated before an admission is a change over time, not a disagreement."""
    return a.date is None or b.date is None or a.date.overlaps(b.date)


def _differs(facts: list[Fact], key, compatible=lambda a, b: a == b, same_time: bool = False) -> list[Fact]:
    """The facts whose known value is not compatible with that of a fact of another source (with
    `same_time`, only facts that may speak of the same time are compared); [] when all agree."""
    known = [(f, key(f)) for f in facts if key(f) is not None]
    return [
        fa
        for fa, a in known
        if any(
            fa.source != fb.source and not compatible(a, b) and (not same_time or _concurrent(fa, fb))
            for fb, b in known
        )
    ]


def containment(ds: Dataset):
    """compatible(a, b): equal, or one contains the other through transitive relations (Aktau in Kazakhstan);
    dates when their ranges overlap (2024-12-25 and 2024-12; a bound `../2025-01-27` and 2024-12-25)."""
    up: dict[str, set[str]] = defaultdict(set)
    for f in ds.facts:
        if ds.relations[f.relation].transitive and isinstance(f.object, str):
            up[f.subject].add(f.object)

    def ancestors(node: str) -> set[str]:
        seen: set[str] = set()
        todo = [node]
        while todo:
            for parent in up[todo.pop()] - seen:
                seen.add(parent)
                todo.append(parent)
        return seen

    def compatible(a, b) -> bool:
        if isinstance(a, FactDate) and isinstance(
            b, FactDate
        ):  # a date is a range the event lies in: they agree if they meet
            return a.overlaps(b)
        return a == b or a in ancestors(b) or b in ancestors(a)

    return compatible


def _value(fact: Fact):
    """A comparable form of the object: an entity id, a FactDate for date literals, money with its
    currency, a count without its unit (67 people and 67 passengers agree), else the text."""
    if not isinstance(fact.object, LiteralValue):
        return fact.object
    if fact.object.kind == "date":
        return parse_date(fact.object.value)
    if fact.object.kind == "money":
        return (fact.object.value, fact.object.unit)
    return fact.object.value


_HEDGED = ("alleged", "denied")
KINDS = ("negation", "modality", "object", "count", "date")
_WEIGHT = {"negation": 3, "modality": 3, "object": 2, "count": 1, "date": 1}


def consequence(ds: Dataset, c: Conflict) -> float:
    """How much a disagreement matters, for ranking: whether the claim holds at all (negation, modality)
    weighs more than its value, and more so for grave events (the relation's Goldstein magnitude; a
    conflictual or cooperative relation without one counts 1)."""
    rel = ds.relations[c.relation]
    gravity = abs(rel.goldstein) if rel.goldstein is not None else (0.0 if rel.polarity == "neutral" else 1.0)
    return _WEIGHT[c.kind] * (1 + gravity)


def conflicts(ds: Dataset) -> list[Conflict]:
    """Where sources disagree, both sides kept with their sources; nothing is reconciled:

    - negation: one source states a claim, another that it does not hold, of the same time (facts
      dated apart record a change: a denial in early 2025, the admission of 9 October 2025);
    - modality: one asserts a claim, another only alleges it or reports it denied, of the same time;
      for these two, what a subject's agencies, leaders or officials did counts as the subject's (see
      actor_kg.derived): "allegedly shot down by Russian air defences" disagrees with
      "Russia shot it down";
    - object: a functional relation with different values for one subject (values agree when one
      contains the other, Aktau in Kazakhstan, 2024-12-25 in 2024-12, and numbers by value whatever
      their unit);
    - count: the same claim counted differently (the same subject, relation and object: an apology to
      Aliyev and one to Azerbaijan are not compared);
    - date: the same claim dated incompatibly (ranges that do not overlap), for relations that happen
      once between a subject and an object (`once` in relations.yaml: a closure, a downing); two
      meetings on two dates are two events.

    Facts with different qualifiers are different claims and are not compared. The most consequential
    come first (see `consequence`), then those more sources take part in."""
    compatible = containment(ds)
    lineage = lineages(ds)
    by_subject: dict[tuple, list[Fact]] = defaultdict(list)
    by_claim: dict[tuple, list[Fact]] = defaultdict(list)
    by_actor: dict[tuple, list[Fact]] = defaultdict(list)  # the claim of the subject or of what belongs to it
    for f in ds.facts:
        qualifiers = tuple(sorted((k, repr(v)) for k, v in f.qualifiers))
        by_subject[(f.subject, f.relation, qualifiers)].append(f)
        ends = (f.subject, str(f.object))
        if ds.relations[f.relation].symmetric:
            ends = (min(ends), max(ends))
        by_claim[(ends[0], f.relation, ends[1], qualifiers)].append(f)
        for actor in lineage.get(f.subject, {f.subject}):
            by_actor[(actor, f.relation, str(f.object), qualifiers)].append(f)
    out = []
    for (subject, relation, _), facts in by_subject.items():
        if ds.relations[relation].functional and (
            found := _differs([f for f in facts if not f.negated], _value, compatible)
        ):
            out.append(Conflict(subject, relation, "object", found))
    for key, facts in by_claim.items():
        if key in by_actor and any(f.subject != key[0] for f in by_actor[key]):
            facts = by_actor[key]  # with the claims of what belongs to the subject
        subject, relation, obj = key[0], key[1], key[2]
        if found := _differs(facts, lambda f: f.negated, same_time=True):
            out.append(Conflict(subject, relation, "negation", found, obj))
        hedged = [f for f in facts if not f.negated and f.modality in (*_HEDGED, "asserted")]
        if found := _differs(hedged, lambda f: f.modality in _HEDGED, same_time=True):
            out.append(Conflict(subject, relation, "modality", found, obj))
        stated = [f for f in by_claim[key] if not f.negated]
        if found := _differs(stated, lambda f: f.count):
            out.append(Conflict(subject, relation, "count", found, obj))
        if ds.relations[relation].once and (found := _differs(stated, lambda f: f.date, compatible)):
            out.append(Conflict(subject, relation, "date", found, obj))
    # a disagreement about an agency that its state's takes in whole is reported once, as the state's
    out = [
        c
        for c in out
        if not any(
            o is not c
            and (o.kind, o.relation, o.object) == (c.kind, c.relation, c.object)
            and {f.id for f in c.facts} < {f.id for f in o.facts}
            for o in out
        )
    ]
    return sorted(
        out,
        key=lambda c: (
            -consequence(ds, c),
            -len({f.source for f in c.facts}),
            KINDS.index(c.kind),
            c.subject,
            c.relation,
        ),
    )
