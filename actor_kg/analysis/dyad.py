"""How relations between two actors moved: events each way per period, Goldstein sums and QuadClasses.

The events of a dyad are the facts from one side to the other (each side with what belongs to it, see
actor_kg.derived) whose relation has a CAMEO code or a polarity other than neutral,
that happened as far as the source tells: not negated, and not only proposed (a call for an act is not
the act) or denied. Each is scored with its relation's Goldstein value (-10 conflict .. +10
cooperation) and sorted into a QuadClass by the root of its CAMEO code: verbal cooperation 01-05,
material cooperation 06-08, verbal conflict 09-13, material conflict 14-20.

By default every statement counts (two sources reporting one closure count twice, as event data
counts reports); `per_claim` counts a corroborated claim once per period. A bounded date is placed at
its known bound (see timeline.sort_key) and counted as `bounded`; undated events are listed apart, and
so are those bounded only by their article's publication (a state "as of writing", or an act reported
without a date): placed at the publication they would make a spike of what the text never dates.

>>> quad_class("0841"), quad_class("12"), quad_class("172"), quad_class(None)
('material cooperation', 'verbal conflict', 'material conflict', None)
>>> period_of(__import__("datetime").date(2025, 2, 7), "quarter")
'2025-Q1'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..model import Dataset, Fact
from .filters import FactFilter
from ..derived import members
from .timeline import sort_key

QUAD_CLASSES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
PERIODS = ("month", "quarter", "year")
HAPPENED = ("asserted", "claimed", "alleged")  # modalities of an event that (the source says) took place


def quad_class(cameo: str | None) -> str | None:
    """The QuadClass of a CAMEO code, from its two-digit root."""
    if not cameo:
        return None
    root = int(cameo[:2])
    return QUAD_CLASSES[0 if root <= 5 else 1 if root <= 8 else 2 if root <= 13 else 3]


def period_of(day: date, by: str) -> str:
    if by == "year":
        return f"{day.year}"
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def is_event(ds: Dataset, f: Fact) -> bool:
    """Whether a fact is an event a dyad counts: its relation has a CAMEO code or a polarity other than
    neutral, and it happened as far as the source tells (not negated, not only proposed or denied)."""
    rel = ds.relations[f.relation]
    return not f.negated and f.modality in HAPPENED and bool(rel.cameo or rel.polarity != "neutral")


@dataclass(frozen=True)
class Tally:
    """The scores of some events: each one's Goldstein value (of those whose relation has one), and how
    many fall in each QuadClass (None: no CAMEO code) with a bounded date or not."""

    goldstein: tuple[float, ...]
    classes: dict[tuple[str | None, bool], int]

    @property
    def events(self) -> int:
        return sum(self.classes.values())

    @property
    def goldstein_sum(self) -> float:
        return sum(self.goldstein)

    @property
    def goldstein_mean(self) -> float | None:
        return sum(self.goldstein) / len(self.goldstein) if self.goldstein else None

    @property
    def quad(self) -> dict[str, int]:
        return {q: self.classes.get((q, False), 0) + self.classes.get((q, True), 0) for q in QUAD_CLASSES}

    @property
    def bounded(self) -> int:
        return sum(n for (_, bounded), n in self.classes.items() if bounded)


def tally(ds: Dataset, facts: Iterable[Fact]) -> Tally:
    """The Tally of `facts` (events of one dyad)."""
    scores: list[float] = []
    classes: dict[tuple[str | None, bool], int] = {}
    for f in facts:
        rel = ds.relations[f.relation]
        if rel.goldstein is not None:
            scores.append(rel.goldstein)
        key = (quad_class(rel.cameo), f.date_basis == "bounded")
        classes[key] = classes.get(key, 0) + 1
    return Tally(tuple(scores), classes)


@dataclass
class DyadPeriod:
    period: str
    a_to_b: list[Fact] = field(default_factory=list)
    b_to_a: list[Fact] = field(default_factory=list)
    goldstein: list[float] = field(default_factory=list)
    quad: dict[str, int] = field(default_factory=lambda: dict.fromkeys(QUAD_CLASSES, 0))
    bounded: int = 0

    @property
    def facts(self) -> list[Fact]:
        return self.a_to_b + self.b_to_a

    @property
    def goldstein_sum(self) -> float:
        return sum(self.goldstein)

    @property
    def goldstein_mean(self) -> float | None:
        return sum(self.goldstein) / len(self.goldstein) if self.goldstein else None


@dataclass
class Dyad:
    a: str
    b: str
    by: str
    per_claim: bool
    periods: list[DyadPeriod]
    undated: list[Fact]
    unplaced: list[Fact]  # bounded only by the publication date


def dyad(
    ds: Dataset,
    a: str,
    b: str,
    by: str = "quarter",
    per_claim: bool = False,
    flt: FactFilter = FactFilter(),
    strict: bool = False,
) -> Dyad:
    """The events between `a` and `b` (entity ids) per period `by` (month, quarter, year), in time order."""
    side_a = {a} if strict else members(ds, a)
    side_b = {b} if strict else members(ds, b)
    return series(ds, a, b, side_a, side_b, ds.facts, by, per_claim, flt)


def series(
    ds: Dataset,
    a: str,
    b: str,
    side_a: set[str],
    side_b: set[str],
    facts: Iterable[Fact],
    by: str = "quarter",
    per_claim: bool = False,
    flt: FactFilter = FactFilter(),
) -> Dyad:
    """The Dyad of the events among `facts` from `side_a` (the entities that stand for `a`) to `side_b`
    and back; a fact from one side to the other that is also the other way round counts towards b."""
    periods: dict[str, DyadPeriod] = {}
    undated: list[Fact] = []
    unplaced: list[Fact] = []
    counted: set[tuple[str, str]] = set()
    for f in facts:
        towards_b = f.subject in side_a and f.object in side_b
        towards_a = f.subject in side_b and f.object in side_a
        if not (towards_a or towards_b) or not is_event(ds, f) or not flt.keeps(f, ds):
            continue
        if f.date is None:
            undated.append(f)
            continue
        if f.date_basis == "bounded" and f.date_anchor == "publication":
            unplaced.append(f)
            continue
        day = sort_key(f.date)[0]
        name = period_of(day, by)
        if per_claim:
            if (name, f.claim or f.id) in counted:
                continue
            counted.add((name, f.claim or f.id))
        p = periods.setdefault(name, DyadPeriod(name))
        (p.a_to_b if towards_b else p.b_to_a).append(f)
    for p in periods.values():
        t = tally(ds, p.facts)
        p.goldstein, p.quad, p.bounded = list(t.goldstein), t.quad, t.bounded
    return Dyad(a, b, by, per_claim, [periods[k] for k in sorted(periods)], undated, unplaced)
