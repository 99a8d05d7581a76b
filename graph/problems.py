"""Problems found in the data: each names a file, a line and what to do about it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.message}"


class QueryError(ValueError):
    """A query that cannot run: syntax error (with line and column), unknown query or parameter, failed endpoint."""


class DataError(Exception):
    """Raised when the data cannot be built; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
