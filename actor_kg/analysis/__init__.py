"""Analyses over a dataset: paths, neighbours, timelines, conflicts between sources, coverage."""
