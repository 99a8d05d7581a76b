"""Matching text: quotes located verbatim, names folded for lookup, dates with their precision."""
