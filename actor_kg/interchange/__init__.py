"""Interchange with annotation tools: a source's facts out to brat or Label Studio for review, and the
annotations made there back as draft facts (records for actor_kg/ingest/drafts.py), every quote checked
verbatim against the source's text."""

from .brat import brat_config, brat_visual_config, export_brat, import_brat, write_brat
from .common import draft_record
from .labelstudio import export_labelstudio, import_labelstudio, labelstudio_config, write_labelstudio

__all__ = [
    "brat_config",
    "brat_visual_config",
    "draft_record",
    "export_brat",
    "export_labelstudio",
    "import_brat",
    "import_labelstudio",
    "labelstudio_config",
    "write_brat",
    "write_labelstudio",
]
