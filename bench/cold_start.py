"""Cold-start wall time of kg commands on the bundled dataset, as a markdown table.

Each command runs as a fresh process (Python start-up included) after one warm-up build, several
times; the table gives the median and the ratio to bare `python -c pass`, so figures from a noisy
shared machine stay comparable within one run.

    .venv/bin/python bench/cold_start.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "actor_kg"]
VIZ = Path(tempfile.gettempdir()) / "kg-cold-start.html"
COMMANDS = {  # every command that reads the bundled data (the writing ones: build, import, add-source, accept…)
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "kg --version": KG + ["--version"],
    "kg stats": KG + ["stats"],
    "kg entities Baku": KG + ["entities", "Baku"],
    "kg relations": KG + ["relations"],
    "kg sources": KG + ["sources"],
    "kg show Baku": KG + ["show", "Baku"],
    "kg path Valuev Aliyev": KG + ["path", "Nikolai Valuev", "Ilham Aliyev"],
    "kg neighbors Valuev --depth 2": KG + ["neighbors", "Nikolai Valuev", "--depth", "2"],
    "kg query actor-facts": KG + ["query", "actor-facts", "--param", "actor=Baku"],
    "kg query (inline GROUP BY)": KG + ["query", "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"],
    "kg timeline": KG + ["timeline"],
    "kg dyad Azerbaijan Russia": KG + ["dyad", "Azerbaijan", "Russia"],
    "kg claims": KG + ["claims"],
    "kg conflicts": KG + ["conflicts"],
    "kg coverage --summary": KG + ["coverage", "--summary"],
    "kg audit": KG + ["audit"],
    "kg validate": KG + ["validate"],
    "kg viz": KG + ["viz", "-o", str(VIZ)],
    "kg export --format jsonl": KG + ["export", "--format", "jsonl"],
}


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    subprocess.run(KG + ["build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    medians = {name: statistics.median(wall(cmd) for _ in range(args.repeat)) for name, cmd in COMMANDS.items()}
    base = medians["python -c pass (baseline)"]
    print(
        f"Cold start on the bundled dataset, median of {args.repeat} runs; "
        f"{platform.processor() or platform.machine()}, {platform.python_implementation()} {platform.python_version()}\n"
    )
    print("| command | wall time (s) | × python start-up |\n|---|---:|---:|")
    for name, seconds in medians.items():
        print(f"| `{name}` | {seconds:.3f} | {seconds / base:.1f} |")


if __name__ == "__main__":
    main()
