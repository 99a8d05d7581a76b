"""The build folder: writing it atomically and opening it (catalog, facts file, hop graph, RDF store)."""
