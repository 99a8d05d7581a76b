"""The dyad chart's data for the HTML page: `kg dyad A B --by PERIOD` (actor_kg.analysis.dyad) computed
here for every pair of actors with an event between them on the page, for each period the chart offers,
over the facts the page carries. The page only draws it (viz/kg-dyad.js).

A pair is `pairs[a][b]`; when that is absent, `pairs[b][a]` read the other way round (its `ab` as `ba`,
its periods' a_to_b as b_to_a) is the pair, or there is no event between them. The other way round is
kept too only when it is not that mirror (sides that overlap: a fact towards both counts towards b).
Each pair holds:

- `ab`, `ba`: the dated events from a's side to b's and back, in time order (timeline.sort_key, then id);
  each period's events are the next ones of these lists, as many as the period counts;
- `undated`, `unplaced` (bounded only by the publication): the events the chart cannot place, and
  `apart`, their two tallies;
- `bounded`: how many placed events have a bounded date;
- `month`, `quarter`, `year`: the periods, each `[period, all, a_to_b, b_to_a]`, tallies of its events
  as TALLY_FIELDS lists; the two directions' also give their SEGMENTS, counts to stack in the bars.

`members[x]` says how many entities belong to actor x (derived.members), for the chart's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..derived import lineages, members
from ..analysis.dyad import PERIODS, QUAD_CLASSES, Tally, is_event, series, tally
from ..analysis.timeline import sort_key
from ..model import Dataset, Fact

DEFAULT_PERIOD = "quarter"  # kg dyad --by's default
TALLY_FIELDS = ("events", "scored", "goldstein_sum", "goldstein_mean", *QUAD_CLASSES, "bounded")
# The bars' stacked segments, from the axis outwards: each QuadClass (then no CAMEO code), its events
# with an exact date first, then those with a bounded date.
SEGMENTS = [(q, bounded) for q in (*QUAD_CLASSES, None) for bounded in (False, True)]


def _tally(t: Tally, segments: bool) -> list:
    mean = t.goldstein_mean
    # scores to one decimal, rounded as kg dyad prints them: the page writes them as they come
    row = [t.events, len(t.goldstein), round(t.goldstein_sum, 1), None if mean is None else round(mean, 1)]
    row += [t.quad[q] for q in QUAD_CLASSES] + [t.bounded]
    return row + [t.classes.get(s, 0) for s in SEGMENTS] if segments else row


def _in_time_order(facts: list[Fact]) -> list[str]:
    return [f.id for f in sorted(facts, key=lambda f: (sort_key(f.date) if f.date else (), f.id))]


def _mirror(shown: dict | None) -> dict | None:
    """A pair's data read the other way round."""
    if shown is None:
        return None
    turned = {**shown, "ab": shown["ba"], "ba": shown["ab"]}
    for by in PERIODS:
        turned[by] = [[period, every, back, forth] for period, every, forth, back in shown[by]]
    return turned


def dyad_embed(ds: Dataset, facts: Sequence[Fact]) -> dict:
    """The dyad data of a page carrying `facts` (see the module's docstring)."""
    page = replace(ds, facts=list(facts))
    ups = lineages(page)  # an entity and all it belongs to
    sides = {actor: members(page, actor) for actor in {x for up in ups.values() for x in up}}
    candidates: dict[tuple[str, str], list[Fact]] = {}
    for f in page.facts:
        if f.object_is_literal or not is_event(page, f):
            continue
        assert isinstance(f.object, str)
        for a in ups.get(f.subject, {f.subject}):
            for b in ups.get(f.object, {f.object}):
                candidates.setdefault((a, b), []).append(f)
                if a != b:
                    candidates.setdefault((b, a), []).append(f)
    pairs: dict[str, dict[str, dict]] = {}
    for (a, b), found in sorted(candidates.items()):
        side_a, side_b = sides.get(a, {a}), sides.get(b, {b})
        shown: dict = {}
        for by in PERIODS:
            d = series(page, a, b, side_a, side_b, found, by)
            if not shown:
                shown = {
                    "ab": _in_time_order([f for p in d.periods for f in p.a_to_b]),
                    "ba": _in_time_order([f for p in d.periods for f in p.b_to_a]),
                    "undated": [f.id for f in d.undated],
                    "unplaced": [f.id for f in d.unplaced],
                    "apart": [_tally(tally(page, d.undated), False), _tally(tally(page, d.unplaced), False)],
                    "bounded": sum(p.bounded for p in d.periods),
                }
            shown[by] = [
                [
                    p.period,
                    _tally(tally(page, p.facts), False),
                    _tally(tally(page, p.a_to_b), True),
                    _tally(tally(page, p.b_to_a), True),
                ]
                for p in d.periods
            ]
        if b not in pairs.get(a, {}) and shown != _mirror(pairs.get(b, {}).get(a)):
            pairs.setdefault(a, {})[b] = shown
    return {
        "periods": list(PERIODS),
        "default": DEFAULT_PERIOD,
        "quads": list(QUAD_CLASSES),
        "tally": list(TALLY_FIELDS),
        "members": {actor: len(side) - 1 for actor, side in sorted(sides.items()) if len(side) > 1},
        "pairs": pairs,
    }
