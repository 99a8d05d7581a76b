"""Checking the built RDF against the SHACL shapes in data/shapes.ttl with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

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
    """The SHACL violations of the built graph; an empty list means it conforms."""
    import pyshacl
    import rdflib

    union = rdflib.Graph()  # pySHACL checks named graphs one by one; the shapes span graphs
    for s, p, o, _ in rdf.quads((None, None, None, None)):
        union.add((s, p, o))
    sh = rdflib.Namespace(SH)
    shapes = rdflib.Graph().parse(shapes_file, format="turtle")
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
