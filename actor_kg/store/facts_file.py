"""The facts of a build on disk, read by position without loading them all.

`kg path` shows a handful of facts out of possibly millions; parsing every fact would take longer
than the path search itself. `facts.jsonl` holds one fact per line (Fact.to_json), and `facts.idx`
the byte offset of each line as unsigned 64-bit little-endian integers, so one fact costs one seek,
while a full scan still streams. Both are plain data: opening a build runs no code from it.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, overload
from collections.abc import Iterable, Iterator

from ..model import Fact

DATA, INDEX = "facts.jsonl", "facts.idx"


def _little_endian(offsets: array) -> array:
    if sys.byteorder != "little":
        offsets.byteswap()
    return offsets


def write_facts(folder: Path, facts: Iterable[Fact]) -> int:
    """Write the facts of a build into `folder`; returns how many."""
    offsets = array("Q")
    position = 0
    with open(folder / DATA, "wb") as out:
        for fact in facts:
            offsets.append(position)
            line = (json.dumps(fact.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
            out.write(line)
            position += len(line)
    with open(folder / INDEX, "wb") as out:
        _little_endian(offsets).tofile(out)
    return len(offsets)


class FactsFile(Sequence):
    """A read-only sequence of the facts written by write_facts."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.offsets = array("Q")
        with open(self.folder / INDEX, "rb") as f:
            self.offsets.frombytes(f.read())
        _little_endian(self.offsets)
        self._file: BinaryIO | None = None

    def _data(self) -> BinaryIO:
        if self._file is None:
            self._file = open(self.folder / DATA, "rb")
        return self._file

    def __len__(self) -> int:
        return len(self.offsets)

    @overload
    def __getitem__(self, i: int) -> Fact: ...
    @overload
    def __getitem__(self, i: slice) -> list[Fact]: ...

    def __getitem__(self, i: int | slice) -> Fact | list[Fact]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        f = self._data()
        f.seek(self.offsets[i])
        return Fact.from_json(json.loads(f.readline()))

    def __iter__(self) -> Iterator[Fact]:
        with open(self.folder / DATA, "rb", buffering=1 << 20) as f:
            for line in f:
                yield Fact.from_json(json.loads(line))
