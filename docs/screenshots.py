"""The pictures of the HTML view (README, docs/workbench.md), made anew from the bundled data's page in headless Chromium.

    .venv/bin/kg viz -o build/kg-graph.html && .venv/bin/python docs/screenshots.py build/kg-graph.html

Writes docs/view-first.png (the first view), docs/view-time.png (a time window with a link open),
docs/view-dyad.png (the dyad chart) and docs/view-sparql.png (a named query answered in the page), at
1600×1000, the size the first view is judged at.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
# Each view as the page keeps it in its URL fragment (a link to the file reopens it).
VIEWS = {
    "view-first.png": "",
    "view-time.png": "#time=2024-12-01..2025-02-28&sel=link%3Aazerbaijan%7Crussia",
    "view-dyad.png": "#dyad=azerbaijan,russia,month",
    "view-sparql.png": "#q="
    + quote(json.dumps({"q": "relations-over-time", "p": {"a": "Azerbaijan", "b": "Russia"}, "r": 1})),
}


def main(page_file: str) -> None:
    url = Path(page_file).resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for name, fragment in VIEWS.items():
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(url + fragment)
            page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
            if name == "view-sparql.png":
                page.wait_for_selector("#query-panel table", timeout=60_000)
            page.wait_for_timeout(800)  # animations settle
            page.screenshot(path=str(HERE / name))
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/kg-graph.html")
