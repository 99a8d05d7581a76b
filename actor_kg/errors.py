"""The library's errors: every error a user can meet is a KgError, whose message says what to do.

Anything else that escapes the library is a bug. The CLI prints a KgError's message and exits with its
`exit_code` (1: the data or the world is not as needed; 2: the command was given something it cannot
use); any other exception it reports as a bug.

A message names the parameters it is about by their Python names, marked with `arg()`: a Python caller
reads `max_hops`, and the CLI, which alone knows its flags, writes `--max-hops` in their place.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_ARG = re.compile("\u27e8([a-z_][a-z0-9_]*(?::[^\u27e9]*)?)\u27e9")


def arg(parameter: str, key: str | None = None) -> str:
    """A parameter named in a message (`key`: one entry of a mapping parameter, such as a query's params):
    Python callers read its name, the CLI its flag (see `worded`).

    >>> str(KgError(f"{arg('max_hops')} must be at least 1")), str(KgError(f"{arg('params', 'actor')} is missing"))
    ('max_hops must be at least 1', "params['actor'] is missing")
    """
    return f"\u27e8{parameter}{'' if key is None else ':' + key}\u27e9"


def python_name(parameter: str) -> str:
    """How a Python caller names a parameter (`max_hops`, `params:actor` as `params['actor']`)."""
    name, _, key = parameter.partition(":")
    return f"{name}[{key!r}]" if key else name


def worded(text: str, name: Callable[[str], str] = python_name) -> str:
    """`text` with each parameter it names (with arg()) written by `name`: by default its Python name;
    the CLI passes one that gives the flag."""
    return _ARG.sub(lambda m: name(m.group(1)), text)


@dataclass(frozen=True)
class Follows:
    """That a problem follows from another file's: a record refers to `refers` (plural: "entities")
    that are missing because `file` could not be read (or its record did not load). `record` is the
    kind of record that has the problem ("fact"), `record_line` where it starts in the problem's file:
    problems that follow from one file are summed up as one line, counting each record once."""

    file: Path
    refers: str
    record: str
    record_line: int | None


@dataclass(frozen=True)
class Problem:
    """A problem found in a data file: the file, the line and column (when known; a message that needs
    the column says it) and what to do about it; `follows` when it follows from another file's problem."""

    file: Path
    line: int | None
    message: str
    column: int | None = None
    follows: Follows | None = None

    def __str__(self) -> str:
        return self.worded()

    def worded(self, name: Callable[[str], str] = python_name) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return worded(f"{where}: {self.message}", name)


class KgError(Exception):
    """The root of every error the library raises on purpose; its message names parameters in Python
    terms, `worded(name)` in any other (the CLI's flags)."""

    exit_code = 2

    def __str__(self) -> str:
        return self.worded()

    def worded(self, name: Callable[[str], str] = python_name) -> str:
        return worded(super().__str__(), name)


class DataError(KgError):
    """The data cannot be built; carries every problem found, not just the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InvalidArgument(KgError):
    """An argument the library cannot use; `param` is its Python name (`max_hops`; several: `a b`; one key of
    a mapping: `params:actor`), which the CLI shows as the flag the user typed."""

    def __init__(self, message: str, param: str | None = None):
        self.param = param
        super().__init__(message)


class NotFound(KgError):
    """An unknown or ambiguous name; `candidates` lists what the user may have meant."""

    def __init__(
        self,
        name: str,
        candidates: list[str],
        ambiguous: bool,
        kind: str = "entity",
        hint: str = "`kg entities TEXT` searches the names",
    ):
        self.name, self.candidates, self.ambiguous, self.kind = name, candidates, ambiguous, kind
        listed = ", ".join(candidates[:10]) + (f" and {len(candidates) - 10} more" if len(candidates) > 10 else "")
        said = shown(name)
        if ambiguous:
            msg = f"{said} is ambiguous; it names: {listed}. Use an id or a fuller name."
        elif candidates:
            msg = f"no {kind} {said}; did you mean: {listed}?"
        else:
            msg = f"no {kind} {said}; {hint}"
        super().__init__(msg)


class BuildError(KgError):
    """A build cannot be written or opened (a folder not writable or not readable); nothing was changed."""

    exit_code = 1


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


class QueryTimeout(QueryError):
    """A query ran longer than its time limit and was stopped."""

    exit_code = 1


class OutputError(KgError):
    """An output file cannot be written; the message says why and what to do. Nothing was replaced."""

    exit_code = 1


class PushError(KgError):
    """A push to a SPARQL server failed; the message names the server's answer."""

    exit_code = 1


def shown(value: object, limit: int = 80) -> str:
    """A value the user gave, quoted for a message and cut to `limit` characters: a 100,000-character
    name is not echoed back whole.

    >>> shown("Baku"), shown("x" * 100, 10)
    ("'Baku'", "'xxxxxxxxx…' (100 characters)")
    """
    text = str(value)
    return repr(text) if len(text) <= limit else f"{text[: limit - 1]!r}"[:-1] + f"\u2026' ({len(text):,} characters)"


def safe_url(url: str) -> str:
    """The URL without any user:password@ it was given: credentials never reach a message.

    >>> safe_url("http://dba:secret@127.0.0.1:8890/sparql")
    'http://127.0.0.1:8890/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


__all__ = [
    "Follows",
    "Problem",
    "KgError",
    "DataError",
    "InvalidArgument",
    "NotFound",
    "BuildError",
    "QueryError",
    "QueryTimeout",
    "NoPath",
    "SearchLimit",
    "GraphTooLarge",
    "OutputError",
    "PushError",
    "arg",
    "python_name",
    "safe_url",
    "shown",
    "worded",
]
