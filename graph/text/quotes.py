r"""Locating quotes verbatim in source texts, folding only white space and typographic marks.

>>> text = FoldedText.of("Baku \u201cswiftly\u201d declared him\npersona non grata.")
>>> start, end = text.locate('"swiftly" declared him persona')
>>> text.original[start:end]
'\u201cswiftly\u201d declared him\npersona'
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# The typographic marks folded to plain ones, in quotes and in names alike (the page gets this table too).
FOLD_TABLE = {
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
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
    def of(cls, text: str) -> "FoldedText":
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

    def nearest(self, quote: str, context: int = 10) -> str:
        """The passage of the text most like the quote, to show beside a 'not found' error."""
        needle = fold(quote)
        matcher = difflib.SequenceMatcher(None, self.folded, needle, autojunk=False)
        match = matcher.find_longest_match(0, len(self.folded), 0, len(needle))
        start = max(0, match.a - match.b - context)
        end = min(len(self.folded), start + len(needle) + 2 * context)
        return self.folded[start:end]


def selectors(text: str, start: int, end: int, width: int = 32) -> tuple[str, str, str]:
    """(prefix, exact, suffix) for a W3C TextQuoteSelector."""
    return text[max(0, start - width):start], text[start:end], text[end:end + width]
