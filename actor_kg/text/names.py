"""Resolving what a user types (id, label or alias; any case, with or without diacritics) to an entity.

`normalize` is the one name-folding rule: the HTML page gets its table (FOLD_TABLE) generated from here.
`spelling_key` also makes one the usual ways of writing a Russian or Azerbaijani name in Latin letters,
so a name typed in another transliteration still finds its entity.

>>> normalize("Türkiye"), normalize("  the  Kremlin’s ")
('turkiye', "the kremlin's")
>>> spelling_key("Valuyev") == spelling_key("Valuev"), spelling_key("Aliev") == spelling_key("Aliyev")
(True, True)
>>> spelling_key("Yekaterinburg") == spelling_key("Ekaterinburg")
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..model import Dataset
from ..errors import NotFound
from .quotes import FOLD_TABLE, fold


def normalize(name: str) -> str:
    """Case-, diacritic- and punctuation-insensitive key: typographic marks folded (FOLD_TABLE), white space
    runs made one space, accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", fold(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


# One spelling for what transliterations of Cyrillic (and Azerbaijani) names write several ways, applied
# in order to a normalized name: Shchukin/Schukin, Khan/Han, Tsar/Czar/Tzar, Aliyev/Aliev, Valuyev/Valuev,
# Yekaterinburg/Ekaterinburg, Dmitriy/Dmitrii/Dmitri, Yuri/Iuri, Mammadov/Mamadov, Valuew/Valuev.
_SPELLINGS = (
    (re.compile(r"shch|sch"), "sh"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ts|tz|cz"), "c"),
    (re.compile(r"(?<=[aeiou])[yj](?=[aeiou])"), ""),
    (re.compile(r"\by(?=e)"), ""),
    (re.compile(r"(?:iy|ii|yi|y)\b"), "i"),
    (re.compile(r"[yj](?=[aou])"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(\w)\1"), r"\1"),
)
# How alike (0-100, rapidfuzz's ratio) a typed name must be to a name, or to one word of a
# longer name ('Valueyv' ~ the 'valuev' of 'Nikolai Valuev'), to be offered as what the user meant
SIMILAR_MIN_SCORE = 70


def _likeness(typed: str, name: str, **_: object) -> float:
    """The better of the whole name's and its best word's likeness to what was typed."""
    words = name.replace("-", " ").split()
    return (
        max(fuzz.ratio(typed, name), *(fuzz.ratio(typed, w) for w in words))
        if len(words) > 1
        else fuzz.ratio(typed, name)
    )


def spelling_key(name: str) -> str:
    """normalize(name) with transliteration variants made one (_SPELLINGS): a key for matching only."""
    key = normalize(name)
    for pattern, replacement in _SPELLINGS:
        key = pattern.sub(replacement, key)
    return key


def close_names(key: str, names: list[str], n: int = 5) -> list[str]:
    """The names most like `key`, best first, compared by spelling key (so 'Valuyev' finds 'valuev'):
    the did-you-mean of every name lookup."""
    choices = {name: spelling_key(name) for name in names}
    found = process.extract(spelling_key(key), choices, scorer=_likeness, limit=n, score_cutoff=SIMILAR_MIN_SCORE)
    return [name for _, _, name in found]


@dataclass
class EntityIndex:
    ds: Dataset
    names: dict[str, set[str]]
    _spellings: dict[str, set[str]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, ds: Dataset) -> EntityIndex:
        names: dict[str, set[str]] = {}
        for e in ds.entities.values():
            for name in (e.id, e.label, *e.aliases):
                names.setdefault(normalize(name), set()).add(e.id)
        return cls(ds, names)

    def resolve(self, name: str) -> str:
        """The entity id a name stands for: an id, then a label or alias, then a unique whole-word match."""
        if name in self.ds.entities:
            return name
        ids = self.names.get(normalize(name), set())
        if len(ids) == 1:
            return next(iter(ids))
        if not ids:  # a whole word or words of a name: 'Valuev' for 'Nikolai Valuev'
            ids = self._words(f" {normalize(name)} ", self.names)
        if not ids:  # the same in another transliteration: 'Valuyev', 'Aliev'
            spelt = spelling_key(name)
            ids = self.spellings.get(spelt, set()) or self._words(f" {spelt} ", self.spellings)
        if len(ids) == 1:
            return next(iter(ids))
        if ids:
            raise NotFound(name, [f"{i} ({self.ds.label(i)})" for i in sorted(ids)], ambiguous=True)
        close = close_names(normalize(name), list(self.names))
        suggestions = sorted({i for key in close for i in self.names[key]})
        raise NotFound(name, [f"{i} ({self.ds.label(i)})" for i in suggestions], ambiguous=False)

    @property
    def spellings(self) -> dict[str, set[str]]:
        """Spelling key -> entity ids, made on the first name that needs it (most lookups match exactly)."""
        if self._spellings is None:
            self._spellings = {}
            for key, owners in self.names.items():
                self._spellings.setdefault(spelling_key(key), set()).update(owners)
        return self._spellings

    @staticmethod
    def _words(words: str, keys: dict[str, set[str]]) -> set[str]:
        """The entities one of whose names holds `words` (space-padded) as whole words."""
        return {i for key, owners in keys.items() if words in f" {key} " for i in owners}


__all__ = ["FOLD_TABLE", "EntityIndex", "close_names", "normalize", "spelling_key"]
