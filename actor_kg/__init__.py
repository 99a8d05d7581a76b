"""actor-kg: a source-annotated knowledge graph of geopolitical actors.

The public API: open a data folder as a Project and ask it things; every error it raises on purpose
is a KgError.

>>> import actor_kg as kg
>>> sorted(kg.SCHEMA.values["polarity"])
['conflictual', 'cooperative', 'neutral']
"""

from .version import __version__

from .analysis.audit import Audit
from .analysis.catalog import EntityRow, RelationRow
from .analysis.conflicts import Conflict
from .analysis.corroboration import Claim
from .analysis.coverage import SourceCoverage
from .analysis.dyad import Dyad, DyadPeriod
from .analysis.filters import FactFilter
from .analysis.paths import GraphPath, Hop
from .analysis.timeline import TimelineEntry
from .errors import (
    DataError,
    GraphTooLarge,
    InvalidArgument,
    KgError,
    NoPath,
    NotFound,
    Problem,
    PushError,
    QueryError,
    SearchLimit,
)
from .model import Dataset, Entity, EntityType, Fact, LiteralValue, Relation, Skip, Source
from .project import Project
from .results import EntityView, ValidationReport
from .schema import SCHEMA
from .store.build import Build

__all__ = [
    "Project",
    "Build",
    "FactFilter",
    "SCHEMA",
    "KgError",
    "DataError",
    "InvalidArgument",
    "NotFound",
    "QueryError",
    "NoPath",
    "SearchLimit",
    "GraphTooLarge",
    "PushError",
    "Problem",
    "Dataset",
    "Entity",
    "EntityType",
    "Fact",
    "LiteralValue",
    "Relation",
    "Skip",
    "Source",
    "EntityView",
    "ValidationReport",
    "GraphPath",
    "Hop",
    "Conflict",
    "SourceCoverage",
    "Audit",
    "Claim",
    "Dyad",
    "DyadPeriod",
    "EntityRow",
    "RelationRow",
    "TimelineEntry",
    "__version__",
]
