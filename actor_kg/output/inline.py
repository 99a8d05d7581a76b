"""Code and data inlined into the HTML page's <script> and <style> elements, safely."""

from __future__ import annotations

import json
from typing import Any


def inline_code(text: str, what: str) -> str:
    """Code to inline in a <script>/<style> element; refuses anything that would end the element early."""
    lowered = text.lower()
    if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
        raise RuntimeError(f"{what} cannot be inlined safely: it contains an HTML end tag or comment opener")
    return text


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no `</script>`, `<!--`, or raw U+2028/U+2029 can survive."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text
