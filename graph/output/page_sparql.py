"""The page's SPARQL panel: what the page embeds for it (being written)."""
from __future__ import annotations

from typing import Any


def sparql_embed(ds: Any, graph: Any, store: Any) -> tuple[dict, str]:
    return {}, ""
