"""The sentences of a source that may state facts: pysbd's split of each line, boilerplate lines left out.

Lines are split first (headings and captions have no final period), then pysbd splits each line, so a
sentence never runs across a line break. Offsets are into the source text, so every sentence is a
verbatim span of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd

from ..analysis.coverage import boilerplate_spans
from ..model import Source


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # source.text[start:end], stripped of the white space around it


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def split_sentences(source: Source) -> list[Sentence]:
    """The sentences of the source's text outside its boilerplate lines, in text order."""
    text = source.text
    skipped = boilerplate_spans(source)
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        if any(a <= line.start() and line.end() <= b for a, b in skipped) or not line.group().strip():
            continue
        for span in _segmenter().segment(line.group()):
            piece = span.sent
            start = line.start() + span.start + len(piece) - len(piece.lstrip())
            end = line.start() + span.start + len(piece.rstrip())
            if end > start:
                out.append(Sentence(start, end, text[start:end]))
    return out
