"""Coverage: which sentences of a source name a known entity but back no fact.

A sentence counts as covered only when facts state what it says: their quotes together span at
least `audit.covered_sentence_min_share` (schema.yaml) of its characters. A sentence merely touched
by a quote that belongs to the next one, or naming a date in passing, does not count. Lines the
source's metadata marks as boilerplate (headings, captions, bylines) are not counted at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Dataset, Source
from ..schema import SCHEMA
from ..text.names import EntityIndex, normalize

# A sentence ends at . ! ? (and closing quotes/brackets) followed by white space, unless the word before
# the period is a common abbreviation or an initial (St. Petersburg, U.S., Dr. Smith).
_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s)")
_ABBREVIATIONS = {
    "st",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "col",
    "lt",
    "sen",
    "rep",
    "gov",
    "jr",
    "sr",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "approx",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
}


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of a text; lines are split first, then sentences within them."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end_match in _END.finditer(line.group()):
            word = re.search(r"([\w.]+)[.!?\u2026]*$", line.group()[: end_match.start() + 1])
            token = word.group(1).rstrip(".").lower() if word else ""
            if token in _ABBREVIATIONS or re.fullmatch(r"(\w\.)*\w", token):  # an initial or U.S.
                continue
            end = line.start() + end_match.end()
            spans.append((start, end))
            start = end
        spans.append((start, line.end()))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans if text[s:e].strip()]


@dataclass
class SourceCoverage:
    source: str
    entity_sentences: int = 0
    covered: int = 0
    skipped: int = 0
    uncovered: list[tuple[int, str]] = field(default_factory=list)  # (line number, sentence)

    @property
    def share(self) -> float:
        """Fact-backed share of the entity-bearing sentences that were not deliberately skipped."""
        considered = self.entity_sentences - self.skipped
        return self.covered / considered if considered else 1.0


def boilerplate_spans(source: Source) -> list[tuple[int, int]]:
    """[start, end) of the text's lines that are, whole, one of the source's boilerplate lines.

    >>> from actor_kg.model import Source
    >>> s = Source("s", None, None, None, None, None, None, "en", "", "The crash\\nThe crash was a shock.", boilerplate=("The crash",))
    >>> boilerplate_spans(s)
    [(0, 9)]
    """
    marked = {" ".join(line.split()) for line in source.boilerplate}
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", source.text) if " ".join(m.group().split()) in marked]


def mention_pattern(ds: Dataset) -> re.Pattern:
    names = {n for e in ds.entities.values() for n in (e.label, *e.aliases) if len(n) > 1}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def spanned_share(start: int, end: int, spans: list[tuple[int, int]], text: str) -> float:
    """Share of the non-space characters of text[start:end] that lie inside the spans.

    >>> spanned_share(0, 10, [(0, 4), (2, 6)], "abcdefghij")
    0.6
    """
    inside = [False] * (end - start)
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            inside[i - start] = True
    counted = [hit for hit, ch in zip(inside, text[start:end]) if not ch.isspace()]
    return sum(counted) / len(counted) if counted else 0.0


def coverage(ds: Dataset, source_ids: list[str] | None = None) -> list[SourceCoverage]:
    pattern = mention_pattern(ds)
    needed = SCHEMA.audit["covered_sentence_min_share"]
    out = []
    for sid in source_ids or list(ds.sources):
        text = ds.sources[sid].text
        facts = [(e.start, e.end) for f in ds.facts if f.source == sid for e in f.evidence]
        skips = [(s.start, s.end) for s in ds.skipped if s.source == sid]
        boilerplate = boilerplate_spans(ds.sources[sid])
        report = SourceCoverage(sid)
        for start, end in sentences(text):
            if not pattern.search(text, start, end) or any(a <= start and end <= b for a, b in boilerplate):
                continue
            report.entity_sentences += 1
            touching = [(a, b) for a, b in facts if a < end and start < b]
            if touching and spanned_share(start, end, touching, text) >= needed:
                report.covered += 1
            elif any(a < end and start < b for a, b in skips):
                report.skipped += 1
            else:
                report.uncovered.append((text.count("\n", 0, start) + 1, text[start:end]))
        out.append(report)
    return out


# A finite verb, by a documented heuristic rather than a tagger: the figure must be the same wherever
# `kg audit` runs (the README replays it) and cost no model load. A word counts when it is a finite
# auxiliary, modal or copula, a common irregular past, a regular past in -ed, or a word in -s right
# after a name or pronoun ("Baku closes"). Headings without a verb ("Azerbaijan–Russia: a fragile
# relationship") and bare name lists then do not count; a participle or adjective in -ed read as a past
# ("a calculated relationship", "the plane, shot down") may.
_FINITE_WORDS = (
    "is are was were am has have had does do did will would can could may might must shall should "
    "said made met took gave sent led held became began saw told went came left got found thought kept "
    "brought fell shot paid sought won lost put set cut hit let struck drew grew knew flew spoke wrote "
    "rose chose broke stood understood meant felt built spent sold ran beat bore"
)
_FINITE = re.compile(rf"\b(?:{'|'.join(_FINITE_WORDS.split())}|[a-z]{{2,}}ed)\b", re.I)
_THIRD_PERSON = re.compile(r"^\s+[a-z]{2,}(?<!ss)s\b", re.I)
_PRONOUN_VERB = re.compile(r"\b(?:he|she|it|they|we|who|which|that)\s+[a-z]{2,}(?<!ss)s\b", re.I)


def has_finite_verb(sentence: str, name_ends: tuple[int, ...] = ()) -> bool:
    """Whether the sentence has a finite verb, by the heuristic above; `name_ends` are the offsets at
    which a name ends in it.

    >>> has_finite_verb("Azerbaijan–Russia: a fragile relationship")
    False
    >>> has_finite_verb("Russia’s Grip on Azerbaijan Weakens", (27,))
    True
    >>> has_finite_verb("the Russian House in Baku", (17, 25))
    False
    >>> has_finite_verb("Moscow denied it")
    True
    """
    if _FINITE.search(sentence) or _PRONOUN_VERB.search(sentence):
        return True
    return any(_THIRD_PERSON.match(sentence[end:]) for end in name_ends)


@dataclass
class SourceRecall:
    """Of one source's sentences that state something of two known entities (a finite verb, two names),
    how many some fact's evidence touches, how many are listed as skipped, and the rest, left."""

    source: str
    candidates: int = 0
    covered: int = 0
    skipped: int = 0
    left: list[tuple[int, str]] = field(default_factory=list)  # (line number, sentence)

    @property
    def share(self) -> float:
        return self.covered / self.candidates if self.candidates else 1.0


def name_pattern(ds: Dataset) -> tuple[re.Pattern, dict[str, set[str]]]:
    """A pattern of every entity label and alias as the name index folds them, and the index itself."""
    index = EntityIndex.of(ds)
    names = sorted((n for n in index.names if len(n) > 1), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in names)})(?!\w)"), index.names


def recall(ds: Dataset, source_ids: list[str] | None = None) -> list[SourceRecall]:
    """Per source, the sentences with a finite verb that name two different known entities (labels and
    aliases through the name index, folded as `normalize` folds them), and which of them no fact's
    evidence touches: what an annotator has left, counted without trusting the facts' own choices."""
    pattern, names = name_pattern(ds)
    out = []
    for sid in source_ids or list(ds.sources):
        text = ds.sources[sid].text
        quotes = [(e.start, e.end) for f in ds.facts if f.source == sid for e in f.evidence]
        skips = [(s.start, s.end) for s in ds.skipped if s.source == sid]
        boilerplate = boilerplate_spans(ds.sources[sid])
        report = SourceRecall(sid)
        for start, end in sentences(text):
            if any(a <= start and end <= b for a, b in boilerplate):
                continue
            folded = normalize(text[start:end])
            found = list(pattern.finditer(folded))
            owners = {frozenset(names[m.group()]) for m in found}
            if len(owners) < 2 or not has_finite_verb(folded, tuple(m.end() for m in found)):
                continue
            report.candidates += 1
            if any(a < end and start < b for a, b in quotes):
                report.covered += 1
            elif any(a < end and start < b for a, b in skips):
                report.skipped += 1
            else:
                report.left.append((text.count("\n", 0, start) + 1, text[start:end]))
        out.append(report)
    return out
