"""Dates with their precision: day, month, year, EDTF season, or an interval of these.

The one date parser: the data's dates, every command option and every query parameter that takes a
date read it here, so `2025`, `2025-02` and `2025-02-07` mean the same everywhere.

>>> d = parse_date("2025-02")
>>> d.precision, d.start.isoformat(), d.end.isoformat()
('month', '2025-02-01', '2025-02-28')
>>> parse_date("2024-22").precision  # EDTF: summer 2024
'season'
>>> parse_date("../2025-01-27").end.isoformat()  # not after 27 January 2025: only the end is known
'2025-01-27'
>>> parse_date("2025-02~").approximate
True
>>> readable(parse_date("2024-22"), "late"), readable(parse_date("2025-02-05/.."))
('late summer 2024', 'not before 2025-02-05')
>>> parse_date("2025-13")
Traceback (most recent call last):
...
actor_kg.errors.InvalidArgument: '2025-13': month must be 01-12, or 21-24 for a season
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from ..errors import InvalidArgument, shown

_SEASONS = {21: ("spring", 3, 5), 22: ("summer", 6, 8), 23: ("autumn", 9, 11), 24: ("winter", 12, 14)}
_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class FactDate:
    """A date as the text gives it. `start`/`end` bound it for sorting and filtering."""

    value: str
    precision: str  # day | month | season | year | interval
    start: date  # an interval open at its start (../B) starts at date.min
    end: date  # one open at its end (A/..) ends at date.max
    approximate: bool = False  # EDTF ~: "around"

    def overlaps(self, other: FactDate) -> bool:
        """Whether the two ranges meet: the same event may lie in both (2024-12-25 and 2024-12; 2025 and
        `2024-12-25/..`)."""
        return self.start <= other.end and other.start <= self.end


def _point(text: str) -> FactDate:
    m = _POINT.match(text)
    if not m:
        raise InvalidArgument(
            f"{shown(text)} is not a date; use YYYY, YYYY-MM, YYYY-MM-DD, YYYY-21..24, A/B, ../B or A/.."
        )
    year, month, day = int(m[1]), m[2], m[3]
    if day is not None:
        try:
            d = date(year, int(month), int(day))
        except ValueError as exc:  # 2025-02-30
            raise InvalidArgument(f"{shown(text)}: {exc}") from None
        return FactDate(text, "day", d, d)
    if month is None:
        return FactDate(text, "year", date(year, 1, 1), date(year, 12, 31))
    mon = int(month)
    if 1 <= mon <= 12:
        last = calendar.monthrange(year, mon)[1]
        return FactDate(text, "month", date(year, mon, 1), date(year, mon, last))
    if mon in _SEASONS:
        _, first, last = _SEASONS[mon]
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        end_day = calendar.monthrange(end_year, end_month)[1]
        return FactDate(text, "season", date(year, first, 1), date(end_year, end_month, end_day))
    raise InvalidArgument(f"{shown(text)}: month must be 01-12, or 21-24 for a season")


def readable(when: FactDate, qualifier: str | None = None) -> str:
    """How a date reads to a person: 'February 2025', 'late summer 2024', 'about 2022', 'not before
    2025-02-05', '2024-12-25 to January 2025'; a day stays YYYY-MM-DD, which sorts and aligns. Exports
    keep the data's codes (`value`); terminal and page show this."""
    if when.precision != "interval":
        return _point_words(when.value, qualifier)
    left, _, right = when.value.partition("/")
    if right == "..":
        return f"not before {_point_words(left, qualifier)}"
    if left == "..":
        return f"not after {_point_words(right, qualifier)}"
    return f"{_point_words(left, qualifier)} to {_point_words(right, None)}"


def _point_words(text: str, qualifier: str | None) -> str:
    about = "about " if text.endswith("~") else ""
    point = _point(text.rstrip("~"))
    year = point.start.year
    if point.precision == "day":
        words = point.value
    elif point.precision == "month":
        words = f"{calendar.month_name[point.start.month]} {year}"
    elif point.precision == "season":
        words = f"{_SEASONS[int(point.value[5:7])][0]} {year}"
    else:
        words = str(year)
    return about + (f"{qualifier} " if qualifier else "") + words


def parse_date(value: object) -> FactDate:
    """Parse a date; raises InvalidArgument with a message fit for the user."""
    return _parse(str(value).strip())


@lru_cache(maxsize=65536)  # a million facts share a few thousand dates
def _parse(text: str) -> FactDate:
    if "/" in text:
        left, _, right = text.partition("/")
        if left == right == "..":
            raise InvalidArgument(f"{shown(text)}: an interval needs at least one end")
        start = date.min if left == ".." else _approximate(left).start
        end = date.max if right == ".." else _approximate(right).end
        if end < start:
            raise InvalidArgument(f"{shown(text)}: the interval ends before it starts")
        return FactDate(text, "interval", start, end, "~" in text)
    return _approximate(text)


def _approximate(text: str) -> FactDate:
    """A point, perhaps marked approximate with EDTF's trailing ~ (its range is the point's own)."""
    if text.endswith("~"):
        point = _point(text[:-1])
        return FactDate(text, point.precision, point.start, point.end, True)
    return _point(text)
