"""Resolving what a user types (id, label or alias; any case, with or without diacritics) to an entity.

`normalize` is the one name-folding rule: the HTML page gets its table (FOLD_TABLE) generated from here.

>>> normalize("Türkiye"), normalize("  the  Kremlin’s ")
('turkiye', "the kremlin's")
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from ..model import Dataset
from ..errors import NotFound
from .quotes import FOLD_TABLE, fold


def normalize(name: str) -> str:
    """Case-, diacritic- and punctuation-insensitive key: typographic marks folded (FOLD_TABLE), white space
    runs made one space, accents dropped, case folded."""
    decomposed = unicodedata.normalize("NFKD", fold(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def close_names(key: str, names: list[str], n: int = 5) -> list[str]:
    """The names most like `key` (both normalized), best first: the did-you-mean of every name lookup."""
    return difflib.get_close_matches(key, names, n=n, cutoff=0.6)


@dataclass
class EntityIndex:
    ds: Dataset
    names: dict[str, set[str]]

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
            words = f" {normalize(name)} "
            ids = {i for key, owners in self.names.items() if words in f" {key} " for i in owners}
            if len(ids) == 1:
                return next(iter(ids))
        if ids:
            raise NotFound(name, [f"{i} ({self.ds.label(i)})" for i in sorted(ids)], ambiguous=True)
        close = close_names(normalize(name), list(self.names))
        suggestions = sorted({i for key in close for i in self.names[key]})
        raise NotFound(name, [f"{i} ({self.ds.label(i)})" for i in suggestions], ambiguous=False)


__all__ = ["FOLD_TABLE", "EntityIndex", "close_names", "normalize"]
