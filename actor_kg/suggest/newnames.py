"""Candidate new entities: names spaCy's NER finds in the sentences that no known entity's name covers.

Each candidate has a slug id, the name as written (a leading "the" dropped), an entity type guessed
from the NER label (null where the label says too little), and the verbatim mentions, for the reviewer
to accept into entities.yaml, merge into a known entity as an alias, or drop.
"""

from __future__ import annotations

import re
from typing import Any

from .gazetteer import Mention
from .sentences import Sentence

# spaCy's labels -> entity_types.yaml ids, with what the guess leaves open
TYPE_OF_LABEL: dict[str, tuple[str | None, str | None]] = {
    "PERSON": ("person", None),
    "ORG": ("organization", "an organization, or a government body, company, media outlet or think tank"),
    "GPE": ("country", "a country, or a city or region (place)"),
    "LOC": ("place", None),
    "FAC": ("place", "a building or site, or infrastructure (corridor)"),
    "EVENT": ("event", None),
    "LAW": ("agreement", None),
}


def slug(name: str) -> str:
    """A lower-case id for a name: 'Sadovod market' -> 'sadovod-market'.

    >>> slug("Kontur's  Analyst")
    'konturs-analyst'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "").replace("\u2019", "")).strip("-")


def new_entities(
    nlp: Any, text: str, sentences: list[Sentence], known: list[Mention], taken_ids: set[str]
) -> list[dict[str, Any]]:
    """The new-entity records of the names in the sentences that overlap no known mention."""
    found: dict[str, dict[str, Any]] = {}
    for sentence in sentences:
        for ent in nlp(sentence.text).ents:
            if ent.label_ not in TYPE_OF_LABEL:
                continue
            start, end = sentence.start + ent.start_char, sentence.start + ent.end_char
            if any(m.start < end and start < m.end for m in known):
                continue
            name = (
                re.sub(r"^the\s+", "", text[start:end], flags=re.IGNORECASE).removesuffix("'s").removesuffix("\u2019s")
            )
            if not name[:1].isupper() or len(name) < 3 or any(ch.isdigit() for ch in name):  # dates, flight numbers
                continue
            key = slug(name)
            etype, open_question = TYPE_OF_LABEL[ent.label_]
            record = found.setdefault(
                key,
                {
                    "id": _free(key, taken_ids),
                    "label": name,
                    "type": etype,
                    "aliases": [],
                    "description": "",
                    "review": {
                        "mentions": [],
                        "unsure": [
                            f"type guessed from spaCy's label {ent.label_}"
                            + (f": {open_question}" if open_question else "")
                        ],
                    },
                },
            )
            if text[start:end] not in record["review"]["mentions"]:
                record["review"]["mentions"].append(text[start:end])
    return list(found.values())


def _free(key: str, taken: set[str]) -> str:
    """The slug, numbered if a known entity has it already."""
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}-{n}", n + 1
    taken.add(candidate)
    return candidate
