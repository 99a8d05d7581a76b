"""The HTML page: its size, part by part, and how fast it becomes usable in headless Chromium.

    .venv/bin/python bench/page.py                       # the bundled data's full page
    .venv/bin/python bench/page.py --synthetic 20000     # and a hub's page on a synthetic build (both caps)

For each page: `kg viz`'s time to write it; its size and what takes it (the graph's JSON, Oxigraph's
WebAssembly, the store's quads, vis-network, the page's own scripts); then, over --repeat openings,
the median time until the page is interactive (layout done), until the SPARQL store (its quads
counted) is loaded, and of
each named query in the page (with example parameters: two actors the page holds, its most frequent
relation, a source, country, 2025). Compare the rows of one run with each other: the machine is shared.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
KG = [str(ROOT / ".venv" / "bin" / "kg")]
CHROMIUM = "/usr/bin/chromium"


def write_page(data: Path, build: Path, out: Path, focus: str | None = None) -> float:
    """`kg viz` in a fresh process; its wall time."""
    args = (
        KG + ["--data", str(data), "--build", str(build), "viz", "-o", str(out)] + (["--focus", focus] if focus else [])
    )
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - started


def parts(page: Path) -> dict[str, int]:
    """Bytes of the page by part."""
    html = page.read_text(encoding="utf-8")
    sizes = {"total": len(html.encode()), "total gzipped": len(gzip.compress(html.encode()))}
    names = {"kg-data": "graph JSON", "kg-oxigraph-wasm": "Oxigraph wasm", "kg-sparql-quads": "store quads"}
    scripts = 0
    for m in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S):
        attrs, body = m.groups()
        found = re.search(r'id="([^"]+)"', attrs)
        if found and found.group(1) in names:
            sizes[names[found.group(1)]] = len(body.encode())
        elif len(body) > 300_000:  # vis-network, minified; the page's own scripts are each under 100 kB
            sizes["vis-network"] = len(body.encode())
        else:
            scripts += len(body.encode())
    sizes["page scripts"] = scripts
    return sizes


def example_params(params: list[dict], meta: dict, actors: tuple[str, str]) -> dict[str, str]:
    values = {
        "relation": meta["choices"]["relation"][0][0],
        "type": "country",
        "date": "2025",
        "end-date": "2025",
        "source": meta["choices"]["source"][0][0],
        "integer": "5",
        "string": "a",
    }
    pool = iter(actors * 2)
    return {p["name"]: next(pool) if p["kind"] == "entity" else values[p["kind"]] for p in params if not p["optional"]}


def measure(browser, page_file: Path, actors: tuple[str, str], repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(page_file.resolve().as_uri())
        page.wait_for_selector("body[data-ready]", state="attached", timeout=300_000)
        times.setdefault("interactive (ms)", []).append(page.evaluate("kg.readyMs - kg.timing.start"))
        page.evaluate("kg.sparql.ready")
        timing = page.evaluate("kg.sparql.timing")
        times.setdefault("SPARQL engine loaded (ms)", []).append(timing["engine"])
        times.setdefault("SPARQL store loaded (ms)", []).append(timing["store"])
        meta = page.evaluate("kg.meta.sparql")
        times["store quads (count)"] = [meta["quads"]]
        for q in meta["queries"]:
            params = example_params(q["params"], meta, actors)
            started = time.perf_counter()
            page.evaluate("([n, p]) => kg.sparql.run(n, p)", [q["name"], params])
            times.setdefault(f"query {q['name']} (ms)", []).append(1000 * (time.perf_counter() - started))
        page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, help="also a hub's page on a synthetic build of this many facts")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-page-bench-"))
    pages = []  # (name, file, write seconds, actors)
    bundled = work / "bundled.html"
    pages.append(
        (
            "bundled data, full page",
            bundled,
            write_page(ROOT / "data", ROOT / "build", bundled),
            ("Azerbaijan", "Russia"),
        )
    )
    if args.synthetic:
        corpus = work / f"s{args.synthetic}"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "synthetic.py"), str(corpus), str(args.synthetic)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            KG
            + ["--data", str(corpus / "data"), "--build", str(corpus / "build"), "import", str(corpus / "facts.jsonl")],
            check=True,
            capture_output=True,
        )
        roles = json.loads((corpus / "corpus.json").read_text())["roles"]
        hub = corpus / "hub.html"
        seconds = write_page(corpus / "data", corpus / "build", hub, roles["hub"]["id"])
        pages.append(
            (
                f"synthetic {args.synthetic:,} facts, the hub's page",
                hub,
                seconds,
                (roles["path_a"]["label"], roles["hub"]["label"]),
            )
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        results = [
            (name, seconds, parts(f), measure(browser, f, actors, args.repeat)) for name, f, seconds, actors in pages
        ]
        browser.close()
    lines = [
        f"The HTML page, median of {args.repeat} openings in headless Chromium at 1600×1000 "
        f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})",
        "",
        "| | " + " | ".join(name for name, *_ in results) + " |",
        "|---|" + "---:|" * len(results),
        "| `kg viz` (s) | " + " | ".join(f"{s:.2f}" for _, s, _, _ in results) + " |",
    ]
    for key in ("total", "total gzipped", "graph JSON", "Oxigraph wasm", "store quads", "vis-network", "page scripts"):
        lines.append(
            f"| {key} (MB) | " + " | ".join(f"{sizes.get(key, 0) / 1e6:.2f}" for _, _, sizes, _ in results) + " |"
        )
    for key in dict.fromkeys(k for *_, times in results for k in times):
        lines.append(
            f"| {key} | "
            + " | ".join(f"{statistics.median(times[key]):.0f}" if key in times else "" for *_, times in results)
            + " |"
        )
    print("\n".join(lines))
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
