"""SPARQL: the named query library, running queries locally or on an endpoint, pushing to a server."""
