"""The results of Project methods that no analysis module owns: a validation report, an entity with its facts."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem
from .model import Entity, Fact
from .store.shacl import Violation


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.violations


@dataclass
class EntityView:
    entity: Entity
    outgoing: list[Fact]
    incoming: list[Fact]
    claims: list[Fact]  # facts this entity is credited with saying
    totals: tuple[int, int, int] | None = None  # how many of each there were before a limit cut them
