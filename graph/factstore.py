"""The facts of a build on disk, read by position without loading them all.

`kg path` shows a handful of facts out of possibly millions; unpickling every fact would take longer
than the path search itself. Each fact is pickled on its own into `facts.bin`, and `facts.idx` holds
the byte offset of each, so one fact costs one seek, while a full scan still streams.
"""
from __future__ import annotations

import pickle
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, overload

from .model import Fact

DATA, INDEX = "facts.bin", "facts.idx"


def write_facts(folder: Path, facts: Iterable[Fact]) -> int:
    """Write the facts of a build into `folder`; returns how many."""
    offsets = array("Q")
    with open(folder / DATA, "wb") as out:
        for fact in facts:
            offsets.append(out.tell())
            pickle.dump(fact, out, protocol=pickle.HIGHEST_PROTOCOL)
    with open(folder / INDEX, "wb") as out:
        offsets.tofile(out)
    return len(offsets)


class FactStore(Sequence):
    """A read-only sequence of the facts written by write_facts."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.offsets = array("Q")
        with open(self.folder / INDEX, "rb") as f:
            self.offsets.frombytes(f.read())
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

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        f = self._data()
        f.seek(self.offsets[i])
        return pickle.load(f)

    def __iter__(self) -> Iterator[Fact]:
        with open(self.folder / DATA, "rb", buffering=1 << 20) as f:
            for _ in range(len(self)):
                yield pickle.load(f)  # a new unpickler each time: every fact is a pickle of its own

    def __getstate__(self) -> dict:  # a pickled Dataset refers to its facts by folder, not by content
        return {"folder": self.folder}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["folder"])
