"""What the build format costs: writing a build and opening its parts, for two versions of the code.

    .venv/bin/python bench/build_format.py [--facts 100000] [--before REV] [--repeat 3]

Made for the change from pickles (catalog.pickle, facts.bin, hops.pickle) to plain data (catalog.json,
facts.jsonl, hops.json): a synthetic corpus (bench/synthetic.py) is imported and built by the code of
this checkout and by the code of REV (checked out with `git worktree` into a temporary folder and run
from there: its package is the top-level `graph`, ours is installed as `actor_kg`), then each step
runs in a fresh process: open the catalog, load the hop graph, read 1,000 facts by position, iterate
every fact, `kg path` cold. Prints a markdown table of medians; compare the ratio column, not seconds
(the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

STEPS = {
    "open the catalog (entities, sources)": "b = p.open(); ds = b.dataset; n = len(ds.entities)",
    "load the hop graph": "b = p.open(); h = b.hops; n = h.number_of_edges()",
    "read 1,000 facts by position": "b = p.open(); fs = b.dataset.facts; n = sum(1 for i in range(0, len(fs), max(1, len(fs) // 1000)) if fs[i].id)",
    "iterate every fact": "b = p.open(); n = sum(1 for f in b.dataset.facts)",
    "kg path, cold (open, resolve, search, read)": "n = len(p.path('actor-000100', 'actor-000200'))",
}


def python(code_root: Path, package: str, body: str) -> str:
    """Run `body` in a fresh Python whose `Project` is that of `package` found first in `code_root`; its output."""
    script = f"import sys, time; sys.path.insert(0, {str(code_root)!r})\nfrom {package}.project import Project\n{body}"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout


def run(code_root: Path, package: str, snippet: str, data: Path, build: Path) -> float:
    out = python(
        code_root,
        package,
        f"t = time.perf_counter()\np = Project({str(data)!r}, {str(build)!r})\n"
        f"{snippet}\nprint(time.perf_counter() - t)",
    )
    return float(out.split()[-1])


def build(code_root: Path, package: str, table: Path, data: Path, build_dir: Path) -> dict:
    out = python(
        code_root,
        package,
        f"b = Project({str(data)!r}, {str(build_dir)!r}).import_facts({str(table)!r})\n"
        "import json; print(json.dumps(b.manifest))",
    )
    manifest = json.loads(out.splitlines()[-1])
    folder = build_dir / "current"
    manifest["bytes"] = {p.name: p.stat().st_size for p in folder.resolve().iterdir() if p.is_file()}
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument(
        "--before", default="0d20c5a", help="The commit to compare with (default: the last pickle build)."
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from synthetic import write_corpus

    work = Path(tempfile.mkdtemp(prefix="kg-format-"))
    old = work / "before"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.before], check=True, capture_output=True
    )
    try:
        # before: the old checkout's top-level `graph` package; now: actor_kg, installed from this checkout
        versions = {"before": (old, "graph"), "now": (ROOT, "actor_kg")}
        results: dict[str, dict] = {}
        for name, (code_root, package) in versions.items():
            corpus = work / name
            table = write_corpus(corpus, args.facts)
            manifest = build(code_root, package, table, corpus / "data", corpus / "build")
            steps = {
                step: statistics.median(
                    run(code_root, package, snippet, corpus / "data", corpus / "build") for _ in range(args.repeat)
                )
                for step, snippet in STEPS.items()
            }
            results[name] = {"manifest": manifest, "steps": steps}
        before, now = results["before"], results["now"]
        print(
            f"Build format, {args.facts:,} synthetic facts, median of {args.repeat} fresh processes per step; "
            f"before = {args.before} (pickles), now = this checkout (JSON)\n"
        )
        print("| step | before | now | now ÷ before |\n|---|---:|---:|---:|")
        for phase in ("facts", "hops"):
            b, n = before["manifest"]["phase_seconds"][phase], now["manifest"]["phase_seconds"][phase]
            print(f"| build phase `{phase}` (manifest) | {b:.2f} s | {n:.2f} s | {n / b:.2f} |")
        for step in STEPS:
            b, n = before["steps"][step], now["steps"][step]
            print(f"| {step} | {b:.3f} s | {n:.3f} s | {n / b:.2f} |")
        size_b, size_n = (
            sum(v for k, v in r["manifest"]["bytes"].items() if k != "manifest.json") for r in (before, now)
        )
        print(f"| files beside the store | {size_b / 1e6:.1f} MB | {size_n / 1e6:.1f} MB | {size_n / size_b:.2f} |")
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True, check=False
        )


if __name__ == "__main__":
    main()
