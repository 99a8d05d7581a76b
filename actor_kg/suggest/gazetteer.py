"""Finding known entities in a text: their labels and aliases matched as whole phrases, then names the
exact match misses ("Azerbaijani", "Russias") matched fuzzily with rapidfuzz, each with its score.

Matching runs on the folded text (actor_kg.text.quotes: typographic marks made plain, white space runs
made one space) ignoring case, and maps back to the original offsets. A name written with capitals
("US", "Baku") only matches text that starts with a capital too, so "us" is not the United States.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ..model import Entity
from ..text.quotes import FoldedText, fold

FUZZY_CUTOFF = 88.0  # rapidfuzz ratio: "Azerbaijani" ~ "Azerbaijan" is 95, "Armenians" ~ "Armenia" is 88.9
_SHORT = 4  # names this short match only exactly, with their case ("US", "EU")
# a run of capitalised words, with the small words names carry inside ("Ministry of Foreign Affairs")
_CAPITALISED = re.compile(r"[A-Z][\w'.-]*[\w](?:\s(?:(?:of|the|for|and|de|al)\s)?[A-Z][\w'.-]*[\w])*")


@dataclass(frozen=True)
class Mention:
    start: int  # offsets into the source text
    end: int
    text: str
    entity: str
    name: str  # the label or alias it matched
    score: float  # 100 for an exact match

    @property
    def how(self) -> str:
        return "exact" if self.score >= 100 else f"fuzzy {self.score:.0f}"


class Gazetteer:
    """The names of the known entities, ready to be found in texts."""

    def __init__(self, entities: dict[str, Entity]):
        self.owner: dict[str, str] = {}  # folded, case-folded name -> entity id
        self.written: dict[str, str] = {}  # ... -> the name as written
        for e in entities.values():
            for name in (e.label, *e.aliases):
                key = fold(name).casefold()
                if len(key) > 1 and key not in self.owner:  # names are unique across entities (the loader checks)
                    self.owner[key], self.written[key] = e.id, fold(name)
        alternatives = "|".join(re.escape(k) for k in sorted(self.owner, key=len, reverse=True))
        self._exact = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        self._fuzzy_names = [k for k in self.owner if len(k) > _SHORT]

    def mentions(self, folded: FoldedText, start: int, end: int) -> list[Mention]:
        """The entity mentions in original[start:end], in text order, exact ones first where they overlap."""
        text = folded.original
        lo, hi = _folded_range(folded, start, end)
        found: list[Mention] = []
        for m in self._exact.finditer(folded.folded, lo, hi):
            key = m.group().casefold()
            written = self.written[key]
            if written[0].isupper() and not m.group()[0].isupper() or len(key) <= _SHORT and m.group() != written:
                continue
            a, b = folded.origin[m.start()], folded.origin[m.end() - 1] + 1
            found.append(Mention(a, b, text[a:b], self.owner[key], written, 100.0))
        taken = [(m.start, m.end) for m in found]
        for m in _CAPITALISED.finditer(folded.folded, lo, hi):
            phrase = re.sub(r"'s$", "", m.group())
            a, b = folded.origin[m.start()], folded.origin[m.start() + len(phrase) - 1] + 1
            if len(phrase) <= _SHORT or any(x < b and a < y for x, y in taken):
                continue
            best = process.extractOne(
                phrase.casefold(), self._fuzzy_names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best is not None:
                key, score = best[0], float(best[1])
                found.append(Mention(a, b, text[a:b], self.owner[key], self.written[key], round(score, 1)))
        return sorted(found, key=lambda m: m.start)


def _folded_range(folded: FoldedText, start: int, end: int) -> tuple[int, int]:
    """The folded text's positions of the original range [start, end)."""
    return bisect.bisect_left(folded.origin, start), bisect.bisect_left(folded.origin, end)
