r"""Locating quotes verbatim in source texts, folding only white space and typographic marks.

>>> text = FoldedText.of("Baku \u201cswiftly\u201d declared him\npersona non grata.")
>>> start, end = text.locate('"swiftly" declared him persona')
>>> text.original[start:end]
'\u201cswiftly\u201d declared him\npersona'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable

# The typographic marks folded to plain ones, in quotes and in names alike (the page gets this table too).
FOLD_TABLE = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
}
_FOLD = str.maketrans(FOLD_TABLE)
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """The comparison form of a text: typographic quotes and dashes made plain, white space runs made one space."""
    return _SPACE.sub(" ", text.translate(_FOLD)).strip()


@dataclass(frozen=True)
class FoldedText:
    """A source text in folded form, with a map from each folded character back to the original."""

    original: str
    folded: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> FoldedText:
        chars: list[str] = []
        origin: list[int] = []
        translated = text.translate(_FOLD)
        in_space = True  # also drops leading white space
        for i, ch in enumerate(translated):
            if ch.isspace():
                if not in_space:
                    chars.append(" ")
                    origin.append(i)
                in_space = True
            else:
                chars.append(ch)
                origin.append(i)
                in_space = False
        return cls(text, "".join(chars), tuple(origin))

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the quote's first occurrence in the original text."""
        needle = fold(quote)
        if not needle:
            return None
        pos = self.folded.find(needle)
        if pos < 0:
            return None
        return self.origin[pos], self.origin[pos + len(needle) - 1] + 1

    def nearest(self, quote: str, context: int = 10, width: int = 300) -> str:
        """The passage of the text where the quote seems meant to stand, to show beside a 'not found'
        error: where the longest start or the longest end of the quote is found. Bounded whatever the
        lengths: a binary search over the part's length, each step one linear `find`.

        >>> FoldedText.of("Azerbaijan closed the Russian House in Baku.").nearest("closed the Russian Home in Baku")
        'zerbaijan closed the Russian House in Baku.'
        """
        needle = fold(quote)
        start_part = self._longest(lambda n: needle[:n], min(len(needle), width))
        end_part = self._longest(lambda n: needle[len(needle) - n :], min(len(needle), width))
        if len(start_part) >= len(end_part):
            at = self.folded.find(start_part) if start_part else 0
        else:
            at = self.folded.find(end_part) - (len(needle) - len(end_part))
        start = max(0, at - context)
        end = min(len(self.folded), start + min(len(needle), width) + 2 * context)
        return self.folded[start:end]

    def _longest(self, part: Callable[[int], str], most: int) -> str:
        """The longest part(n), n <= most, found in the folded text (a part found has its shorter ones found)."""
        low, high = 0, most
        while low < high:
            middle = (low + high + 1) // 2
            if part(middle) in self.folded:
                low = middle
            else:
                high = middle - 1
        return part(low)


def selectors(text: str, start: int, end: int, width: int = 32) -> tuple[str, str, str]:
    """(prefix, exact, suffix) for a W3C TextQuoteSelector."""
    return text[max(0, start - width) : start], text[start:end], text[end : end + width]
