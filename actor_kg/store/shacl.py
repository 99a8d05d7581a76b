"""Checking the built RDF against the SHACL shapes in data/shapes.ttl with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from ..curated.file_text import read_text
from ..errors import DataError, Problem

if TYPE_CHECKING:
    import rdflib

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}".replace("  ", " ")


def check_shapes(rdf: rdflib.Dataset, shapes_file: Path) -> list[Violation]:
    """The SHACL violations of the built graph; an empty list means it conforms. DataError when the
    shapes file cannot be read as Turtle (one problem, with its line)."""
    import pyshacl
    import rdflib

    text, unreadable = read_text(shapes_file, "a Turtle file")
    if text is None:
        raise DataError([unreadable] if unreadable else [])
    try:
        shapes = rdflib.Graph().parse(data=text, format="turtle")
    except SyntaxError as exc:  # rdflib's BadSyntax: `lines` counts the lines before the one at fault
        why = str(exc).splitlines()[1:2] or [str(exc)]
        line = getattr(exc, "lines", None)
        raise DataError(
            [
                Problem(
                    shapes_file,
                    None if line is None else line + 1,
                    f"Turtle syntax error: {why[0].split(' at ^')[0]}; fix the syntax at this line",
                )
            ]
        ) from None
    union = rdflib.Graph()  # pySHACL checks named graphs one by one; the shapes span graphs
    for s, p, o, _ in rdf.quads((None, None, None, None)):
        union.add((s, p, o))
    sh = rdflib.Namespace(SH)
    conforms, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none", allow_warnings=False)
    if conforms:
        return []
    out = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        out.append(
            Violation(
                str(report.value(result, sh.focusNode) or ""),
                str(report.value(result, sh.resultPath) or ""),
                str(report.value(result, sh.resultMessage) or ""),
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path))
