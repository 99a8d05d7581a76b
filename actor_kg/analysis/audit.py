"""The quality report of the annotations (`kg audit`): what a reviewer checks, counted per source.

Each check names the facts it flags, so a reviewer can open them; `Audit.failures` lists the
thresholds (schema.yaml, `audit`) the data crosses. What is counted:

- duplicates: facts of one source that a reader would call the same claim said twice: the same
  subject, relation and object (either way round for a symmetric relation), negation, qualifiers,
  claimant and modality, at overlapping dates or with a date missing on either (validate refuses
  exact restatements; they belong in one fact's evidence);
- restatements in another voice: the same subject, relation, object and negation at overlapping
  dates, but attributed to another claimant, with another modality or other qualifiers: two
  statements by the data's rules, listed so a reviewer sees them (no threshold);
- `described_as` facts, and those that restate their subject's own label or alias;
- facts whose quote lies on a line the source's metadata marks as boilerplate (headings, captions:
  the whole line);
- money amounts (literal or qualifier) that name no recipient or partner;
- the dated share of events and of conflictual and cooperative facts, by date basis;
- facts whose quote hedges ("allegedly", "analysts say") with no claimant;
- facts whose quote has a negation cue ("not", "stopped short of", "refused") but are not negated;
- recall: of the sentences with a finite verb that name two known entities (coverage.recall), the
  share some fact's evidence touches, and those left (neither touched nor skipped).

>>> HEDGE.search("Russia allegedly tried to block Baku") is not None
True
>>> NEGATION.search("Azerbaijan did not join Western sanctions") is not None
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model import Amount, Dataset, Fact, LiteralValue
from ..schema import SCHEMA
from ..text.names import normalize
from .coverage import SourceRecall, boilerplate_spans, coverage, recall

HEDGE = re.compile(
    r"\b(allegedly|reportedly|purportedly|supposedly|according to|is said to|are said to|"
    r"analysts? (?:say|said|believe|note)|experts? (?:say|said|believe|note)|many (?:still )?(?:see|believe))\b",
    re.I,
)
NEGATION = re.compile(
    r"\b(not|never|no longer|stopped short of|refused|refuses|declined to|denied|denies)\b|n't\b", re.I
)
_PARTIES = ("recipient", "partner")


@dataclass
class SourceAudit:
    """The checks of one source (or, as `total`, of all)."""

    source: str
    facts: int = 0
    duplicates: list[tuple[Fact, Fact]] = field(default_factory=list)
    other_voice: list[tuple[Fact, Fact]] = field(default_factory=list)
    described_as: int = 0
    restating_label: list[Fact] = field(default_factory=list)
    boilerplate: list[Fact] = field(default_factory=list)
    amounts_without_party: list[Fact] = field(default_factory=list)
    events: int = 0
    events_dated: Counter = field(default_factory=Counter)  # by date basis
    polar: int = 0
    polar_dated: Counter = field(default_factory=Counter)
    hedged_unattributed: list[Fact] = field(default_factory=list)
    negation_cues: list[Fact] = field(default_factory=list)
    coverage: float = 1.0
    recall: SourceRecall = field(default_factory=lambda: SourceRecall(""))

    @property
    def described_as_share(self) -> float:
        return self.described_as / self.facts if self.facts else 0.0

    @property
    def polar_dated_share(self) -> float:
        return sum(self.polar_dated.values()) / self.polar if self.polar else 1.0

    def add(self, other: SourceAudit) -> None:
        """Fold another source's counts into this total."""
        self.facts += other.facts
        self.described_as += other.described_as
        self.events += other.events
        self.polar += other.polar
        self.events_dated.update(other.events_dated)
        self.polar_dated.update(other.polar_dated)
        for name in (
            "duplicates",
            "other_voice",
            "restating_label",
            "boilerplate",
            "amounts_without_party",
            "hedged_unattributed",
            "negation_cues",
        ):
            getattr(self, name).extend(getattr(other, name))
        self.coverage = min(self.coverage, other.coverage)
        self.recall.candidates += other.recall.candidates
        self.recall.covered += other.recall.covered
        self.recall.skipped += other.recall.skipped
        self.recall.left.extend(other.recall.left)


@dataclass
class Audit:
    sources: list[SourceAudit]
    total: SourceAudit
    failures: list[str]

    @property
    def ok(self) -> bool:
        return not self.failures


def _restates_label(ds: Dataset, fact: Fact) -> bool:
    if fact.relation != "described_as" or not isinstance(fact.object, LiteralValue):
        return False
    entity = ds.entities[fact.subject]
    said = normalize(str(fact.object.value))
    return any(said == normalize(name) or said in normalize(name) for name in (entity.label, *entity.aliases))


def _without_party(fact: Fact) -> bool:
    money = isinstance(fact.object, LiteralValue) and fact.object.kind == "money"
    amount = isinstance(fact.qualifier("amount"), Amount)
    return (money or amount) and not any(fact.qualifier(p) for p in _PARTIES)


def _same_statement(ds: Dataset, a: Fact, b: Fact) -> bool:
    """Same subject, relation, object (either way round when symmetric) and negation, at dates that
    overlap or with a date missing on either."""
    if a.relation != b.relation or a.negated != b.negated:
        return False
    ends = a.subject == b.subject and str(a.object) == str(b.object)
    if not ends and not (ds.relations[a.relation].symmetric and a.subject == b.object and a.object == b.subject):
        return False
    return a.date is None or b.date is None or a.date.overlaps(b.date)


def _pairs(ds: Dataset, facts: list[Fact]) -> Iterator[tuple[Fact, Fact]]:
    """Every pair of facts that are the same statement, grouped by relation so the scan stays short."""
    by_relation: dict[str, list[Fact]] = {}
    for f in facts:
        by_relation.setdefault(f.relation, []).append(f)
    for group in by_relation.values():
        for i, a in enumerate(group):
            yield from ((a, b) for b in group[i + 1 :] if _same_statement(ds, a, b))


def audit_source(ds: Dataset, source: str, facts: list[Fact], covered: float, found: SourceRecall) -> SourceAudit:
    out = SourceAudit(source, len(facts), coverage=covered, recall=found)
    boilerplate = boilerplate_spans(ds.sources[source])
    for a, b in _pairs(ds, facts):
        voice = (a.qualifiers, a.claimed_by, a.modality) == (b.qualifiers, b.claimed_by, b.modality)
        (out.duplicates if voice else out.other_voice).append((a, b))
    for f in facts:
        if f.relation == "described_as":
            out.described_as += 1
            if _restates_label(ds, f):
                out.restating_label.append(f)
        if any(a <= e.start < b for e in f.evidence for a, b in boilerplate):
            out.boilerplate.append(f)
        if _without_party(f):
            out.amounts_without_party.append(f)
        if ds.entities[f.subject].type == "event":
            out.events += 1
            if f.date:
                out.events_dated[f.date_basis or "stated"] += 1
        if ds.relations[f.relation].polarity != "neutral":
            out.polar += 1
            if f.date:
                out.polar_dated[f.date_basis or "stated"] += 1
        words = " ".join(e.quote for e in f.evidence)
        if f.claimed_by is None and HEDGE.search(words):
            out.hedged_unattributed.append(f)
        if not f.negated and f.modality != "denied" and NEGATION.search(words):
            out.negation_cues.append(f)
    return out


def audit(ds: Dataset, sources: list[str] | None = None) -> Audit:
    """The checks of each source (default: all) and of all together, and the thresholds crossed."""
    wanted = sources or list(ds.sources)
    by_source: dict[str, list[Fact]] = {s: [] for s in wanted}
    for f in ds.facts:
        if f.source in by_source:
            by_source[f.source].append(f)
    covered = {c.source: c.share for c in coverage(ds, wanted)}
    found = {r.source: r for r in recall(ds, wanted)}
    reports = [audit_source(ds, s, by_source[s], covered[s], found[s]) for s in wanted]
    total = SourceAudit("all sources", recall=SourceRecall("all sources"))
    for report in reports:
        total.add(report)
    limits = SCHEMA.audit
    failures = []
    if len(total.duplicates) > limits["duplicates_max"]:
        failures.append(f"{len(total.duplicates)} duplicate(s) within sources (at most {limits['duplicates_max']})")
    if total.described_as_share > limits["described_as_max_share"]:
        failures.append(
            f"described_as is {total.described_as_share:.0%} of the facts (at most {limits['described_as_max_share']:.0%})"
        )
    if total.restating_label:
        failures.append(f"{len(total.restating_label)} described_as fact(s) restate their subject's own label or alias")
    if total.amounts_without_party:
        failures.append(f"{len(total.amounts_without_party)} amount(s) name no recipient or partner")
    if total.polar_dated_share < limits["polar_dated_min_share"]:
        failures.append(
            f"{total.polar_dated_share:.0%} of conflictual and cooperative facts are dated or bounded "
            f"(at least {limits['polar_dated_min_share']:.0%})"
        )
    for report in reports:
        if report.coverage < limits["coverage_min_share"]:
            failures.append(
                f"{report.source}: {report.coverage:.0%} of entity-bearing sentences covered "
                f"(at least {limits['coverage_min_share']:.0%})"
            )
    return Audit(reports, total, failures)
