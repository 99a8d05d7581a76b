"""The named SPARQL queries, installed as package data of actor_kg (see actor_kg.sparql.library)."""
