"""The date a sentence gives, with how it is known, and never more than the text states.

A date printed in full or in part ("December 25, 2024", "February 2025", "in 2022", "since 2020") is
`stated`, at the precision printed. A date relative to the article ("last December", "last year",
"earlier this month", "on Thursday", "December 25" without a year) is reckoned from the publication
date: `derived` when the publication date fixes it, `bounded` when the publication date is itself only
bounded and so fixes only a bound, and left empty when the publication date is unknown. (A general
date parser would fill the parts the text leaves out with today's; these patterns keep only what is
written.) Dates use the data's notation and are checked by actor_kg.text.dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from collections.abc import Callable

from ..text.dates import parse_date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
SEASONS = {"spring": (21, 3, 5), "summer": (22, 6, 8), "autumn": (23, 9, 11), "fall": (23, 9, 11)}
_M = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_Q = r"(?:(?P<qualifier>early|mid|late)[- ])?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# (pattern, how) in the order tried; a later pattern does not match inside an earlier one's match
_STATED: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), how)
    for p, how in (
        (rf"\b{_Q}{_M} {_DAY},? {_YEAR}\b", "day"),
        (rf"\b{_DAY} {_M},? {_YEAR}\b", "day"),
        (rf"\b(?P<since>since|from) {_Q}{_M},? {_YEAR}\b", "month"),
        (rf"\b{_Q}{_M},? {_YEAR}\b", "month"),
        (r"\b(?P<year>(?:1[89]|20)\d{2})\s?[-\u2013\u2014/]\s?(?P<year2>(?:1[89]|20)\d{2})\b", "years"),
        (rf"\b(?P<since>since) {_YEAR}\b", "year"),
        (rf"(?<![\d,.$\u20ac\u00a3-]){_YEAR}(?![\d%]|,\d|\.\d|-\d)", "year"),
    )
]
_RELATIVE = re.compile(
    rf"\b{_Q}(?:last (?P<last_month>{'|'.join(calendar.month_name[1:])})"
    rf"|last (?P<last_season>spring|summer|autumn|fall)"
    rf"|(?P<last_unit>last|this|earlier this|later this|next) (?P<unit>year|month)"
    rf"|(?:on |last )(?P<weekday>{'|'.join(calendar.day_name)})"
    rf"|(?P<yesterday>yesterday)"
    rf"|(?:in |on |by |since )(?P<bare_month>{'|'.join(calendar.month_name[1:])})"
    rf"(?: (?P<bare_day>[0-3]?\d)(?:st|nd|rd|th)?)?(?!,? \d{{4}}|\d))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundDate:
    """A date expression of a sentence and the date it gives, if any."""

    start: int  # offsets in the sentence
    end: int
    words: str
    value: str | None  # in the data's notation; None: it cannot be reckoned
    basis: str  # stated | derived | bounded
    rule: str | None = None  # for a derived or bounded date, or why there is none
    qualifier: str | None = None  # early | mid | late


def find_dates(sentence: str, publication: str | None) -> list[FoundDate]:
    """The date expressions of a sentence, in text order; `publication` is the source's date (data notation)."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern, how in _STATED:
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            found.append(FoundDate(m.start(), m.end(), m.group(), _stated(m, how), "stated", None, _qualifier(m)))
    for m in _RELATIVE.finditer(sentence):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            taken.append(m.span())
            found.append(_relative(m, publication))
    return sorted(found, key=lambda d: d.start)


def _qualifier(m: re.Match[str]) -> str | None:
    q = m.groupdict().get("qualifier")
    return q.lower() if q else None


def _stated(m: re.Match[str], how: str) -> str:
    g = m.groupdict()
    if how == "years":
        return f"{g['year']}/{g['year2']}"
    if how == "year":
        return f"{g['year']}/.." if g.get("since") else g["year"]
    month = f"{g['year']}-{MONTHS[g['month'].lower()]:02d}"
    if how == "month":
        return f"{month}/.." if g.get("since") else month
    value = f"{month}-{int(g['day']):02d}"
    parse_date(value)  # a day the calendar lacks (February 30) raises here
    return value


def _relative(m: re.Match[str], publication: str | None) -> FoundDate:
    """A relative date reckoned from the publication date, as far as that is known."""
    reckon, rule = _reckoner(m)
    words, qualifier = m.group(), _qualifier(m)
    if publication is None:
        return FoundDate(
            m.start(),
            m.end(),
            words,
            None,
            "derived",
            f"'{words}' is relative to the publication date, which is unknown",
            qualifier,
        )
    pub = parse_date(publication)
    low = reckon(pub.start) if pub.start != date.min else None
    high = reckon(pub.end) if pub.end != date.max else None
    if low is not None and high is not None and low == high:
        return FoundDate(
            m.start(), m.end(), words, low, "derived", f"'{words}': {rule} the publication ({publication})", qualifier
        )
    if low is None and high is None:
        return FoundDate(
            m.start(),
            m.end(),
            words,
            None,
            "bounded",
            f"'{words}' is relative to the publication date, which has no bound",
            qualifier,
        )
    value = f"{low or '..'}/{high or '..'}"
    return FoundDate(
        m.start(),
        m.end(),
        words,
        value,
        "bounded",
        f"'{words}': {rule} the publication, whose date is only bounded ({publication})",
        None,
    )


def _reckoner(m: re.Match[str]) -> tuple[Callable[[date], str], str]:
    """The date a relative expression gives for a publication day (non-decreasing in that day), and its rule."""
    g = {k: v.lower() for k, v in m.groupdict().items() if v}
    if "last_month" in g:
        month = MONTHS[g["last_month"]]
        return (
            lambda d: f"{d.year if month < d.month else d.year - 1}-{month:02d}"
        ), f"the last {g['last_month'].title()} before"
    if "last_season" in g:
        code, _, last = SEASONS[g["last_season"]]
        return (lambda d: f"{d.year if last < d.month else d.year - 1}-{code}"), f"the last {g['last_season']} before"
    if "unit" in g:
        shift = {"last": -1, "next": 1}.get(g["last_unit"], 0)
        if g["unit"] == "year":
            return (
                lambda d: str(d.year + shift)
            ), f"the year {'of' if not shift else 'before' if shift < 0 else 'after'}"
        return (lambda d: _month(d, shift)), f"the month {'of' if not shift else 'before' if shift < 0 else 'after'}"
    if "weekday" in g:
        weekday = WEEKDAYS[g["weekday"]]
        return (
            lambda d: (d - timedelta(days=(d.weekday() - weekday) % 7)).isoformat()
        ), f"the last {g['weekday'].title()} on or before"
    if "yesterday" in g:
        return (lambda d: (d - timedelta(days=1)).isoformat()), "the day before"
    month = MONTHS[g["bare_month"]]
    if "bare_day" in g:
        day = int(g["bare_day"])
        return (
            lambda d: f"{d.year if (month, day) <= (d.month, d.day) else d.year - 1}-{month:02d}-{day:02d}"
        ), f"the last {g['bare_month'].title()} {day} on or before"
    return (
        lambda d: f"{d.year if month <= d.month else d.year - 1}-{month:02d}"
    ), f"the last {g['bare_month'].title()} up to"


def _month(d: date, shift: int) -> str:
    index = d.year * 12 + d.month - 1 + shift
    return f"{index // 12}-{index % 12 + 1:02d}"
