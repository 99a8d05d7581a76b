"""YAML loading that remembers the line of every mapping, key and list item, so errors can point at them;
and the one style the tools write data files in (block YAML, 120 columns, as the curated files are)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem
from .file_text import read_text


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each of its keys."""

    line: int = 0
    key_lines: dict[Any, int]
    flawed: bool = False  # set by the record check when a field has the wrong type

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    @classmethod
    def at(cls, line: int, fields: dict[str, Any]) -> LineDict:
        """A record that is not from YAML (a row of a fact table): every key, and every mapping or list
        nested in it, is on `line`."""
        rec = cls({key: _on_line(line, value) for key, value in fields.items()})
        rec.line, rec.key_lines = line, {}
        return rec


class LineList(list):
    """A list that knows the line each of its items starts on."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def _on_line(line: int, value: Any) -> Any:
    if isinstance(value, dict) and not isinstance(value, LineDict):
        return LineDict.at(line, value)
    if isinstance(value, list) and not isinstance(value, LineList):
        items = LineList(_on_line(line, item) for item in value)
        items.line, items.item_lines = line, [line] * len(items)
        return items
    return value


class _Loader(yaml.SafeLoader):
    pass


# Dates stay strings: '2025-02' and '2024-12-25' are parsed by actor_kg.text.dates, with their precision.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(item, deep=True) for item in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; a file that is not UTF-8 text, or has a syntax error, becomes one Problem
    with its line, not an exception."""
    text, unreadable = read_text(path, "a YAML file")
    if text is None:
        return None, [unreadable] if unreadable else []
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        return None, [
            Problem(path, _error_line(exc, text), f"YAML syntax error: {_error_text(exc)}; fix the syntax at this line")
        ]
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, [
            Problem(
                path,
                line,
                f"the control character U+{exc.character:04X} at line {line}, column {column} is not allowed in "
                "YAML; delete it (write it as an escape like \\t inside double quotes if it is meant)",
                column,
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, f"YAML error: {exc}")]


def _error_line(exc: yaml.MarkedYAMLError, text: str) -> int | None:
    """The line to fix: where the problem was found, unless it was only found at the end of the file
    (an unclosed quote or bracket), where the construct that was left open starts."""
    problem, context = exc.problem_mark, exc.context_mark
    at_end = problem is None or problem.index >= len(text.rstrip())
    mark = context if context is not None and at_end else problem or context
    return mark.line + 1 if mark else None


def _error_text(exc: yaml.MarkedYAMLError) -> str:
    what = exc.problem or str(exc)
    return f"{exc.context}: {what}" if exc.context and exc.context_mark is not None else what


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(LineDict, lambda d, x: d.represent_mapping("tag:yaml.org,2002:map", x.items()))
_Dumper.add_representer(LineList, lambda d, x: d.represent_list(list(x)))


def dump_yaml(doc: Any) -> str:
    """`doc` as YAML in the data files' style: fields in the order given, text as written (UTF-8, not
    escaped); read back by load_yaml as the same values (dates stay strings: they are quoted)."""
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
