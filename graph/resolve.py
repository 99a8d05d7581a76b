"""Resolving what a user types (id, label or alias; any case, with or without diacritics) to an entity."""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from .model import Dataset
from .quotes import fold


def normalize(name: str) -> str:
    """Case-, diacritic- and punctuation-insensitive key: 'Türkiye' → 'turkiye', 'the Kremlin' stays 'the kremlin'."""
    decomposed = unicodedata.normalize("NFKD", fold(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class ResolveError(LookupError):
    """An unknown or ambiguous name; `candidates` lists what the user may have meant."""

    def __init__(self, name: str, candidates: list[str], ambiguous: bool):
        self.name, self.candidates, self.ambiguous = name, candidates, ambiguous
        shown = ", ".join(candidates[:10]) + (f" and {len(candidates) - 10} more" if len(candidates) > 10 else "")
        if ambiguous:
            msg = f"{name!r} is ambiguous; it names: {shown}. Use an id or a fuller name."
        elif candidates:
            msg = f"no entity {name!r}; did you mean: {shown}?"
        else:
            msg = f"no entity {name!r}; `kg stats` lists the entity types, `kg show` takes an id, label or alias"
        super().__init__(msg)


@dataclass
class EntityIndex:
    ds: Dataset
    names: dict[str, set[str]]

    @classmethod
    def of(cls, ds: Dataset) -> "EntityIndex":
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
            raise ResolveError(name, [f"{i} ({self.ds.label(i)})" for i in sorted(ids)], ambiguous=True)
        close = difflib.get_close_matches(normalize(name), list(self.names), n=5, cutoff=0.6)
        suggestions = sorted({i for key in close for i in self.names[key]})
        raise ResolveError(name, [f"{i} ({self.ds.label(i)})" for i in suggestions], ambiguous=False)
