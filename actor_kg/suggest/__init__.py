"""`kg suggest` as a library: a source's text turned, offline, into a draft of suggested facts and new
entities for a reviewer (see draft.suggest_facts)."""

from .draft import SuggestedDraft, suggest_facts

__all__ = ["SuggestedDraft", "suggest_facts"]
