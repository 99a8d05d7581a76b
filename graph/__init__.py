"""actor-kg: a source-annotated knowledge graph of geopolitical actors."""
__version__ = "0.1.0"
