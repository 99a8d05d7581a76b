"""The library's errors: every error a user can meet is a KgError, whose message says what to do.

Anything else that escapes the library is a bug. The CLI prints a KgError's message and exits with its
`exit_code` (1: the data or the world is not as needed; 2: the command was given something it cannot
use); any other exception it reports as a bug.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """A problem found in a data file: the file, the line (when known) and what to do about it."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.message}"


class KgError(Exception):
    """The root of every error the library raises on purpose."""

    exit_code = 2


class DataError(KgError):
    """The data cannot be built; carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InvalidArgument(KgError):
    """An argument or option the library cannot use; `param` names it as the user typed it."""

    def __init__(self, message: str, param: str | None = None):
        self.param = param
        super().__init__(message)


class NotFound(KgError):
    """An unknown or ambiguous name; `candidates` lists what the user may have meant."""

    def __init__(self, name: str, candidates: list[str], ambiguous: bool, kind: str = "entity",
                 hint: str = "`kg stats` lists the entity types, `kg show` takes an id, label or alias"):
        self.name, self.candidates, self.ambiguous, self.kind = name, candidates, ambiguous, kind
        shown = ", ".join(candidates[:10]) + (f" and {len(candidates) - 10} more" if len(candidates) > 10 else "")
        if ambiguous:
            msg = f"{name!r} is ambiguous; it names: {shown}. Use an id or a fuller name."
        elif candidates:
            msg = f"no {kind} {name!r}; did you mean: {shown}?"
        else:
            msg = f"no {kind} {name!r}; {hint}"
        super().__init__(msg)


class QueryError(KgError):
    """A query that cannot run: syntax error (with line and column), unknown query or parameter, failed endpoint."""


class NoPath(KgError):
    """No path joins the two entities under the given conditions."""

    exit_code = 1


class SearchLimit(KgError):
    """A path search stopped at its bound on the number of paths explored; the message says how to narrow it."""

    exit_code = 1


class GraphTooLarge(KgError):
    """More entities than a page can draw usefully; the message says how to narrow the view."""


class PushError(KgError):
    """A push to a SPARQL server failed; the message names the server's answer."""

    exit_code = 1


__all__ = ["Problem", "KgError", "DataError", "InvalidArgument", "NotFound", "QueryError", "NoPath",
           "SearchLimit", "GraphTooLarge", "PushError"]
