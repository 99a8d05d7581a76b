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
    periods: dict[str, DyadPeriod] = {}
    undated: list[Fact] = []
    unplaced: list[Fact] = []
    counted: set[tuple[str, str]] = set()
    for f in ds.facts:
        rel = ds.relations[f.relation]
        towards_b = f.subject in side_a and f.object in side_b
        towards_a = f.subject in side_b and f.object in side_a
        if not (towards_a or towards_b) or f.negated or f.modality not in HAPPENED or not flt.keeps(f, ds):
            continue
        if not rel.cameo and rel.polarity == "neutral":
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
        if rel.goldstein is not None:
            p.goldstein.append(rel.goldstein)
        quad = quad_class(rel.cameo)
        if quad:
            p.quad[quad] += 1
        if f.date_basis == "bounded":
            p.bounded += 1
    return Dyad(a, b, by, per_claim, [periods[k] for k in sorted(periods)], undated, unplaced)
