"""How fast a build's Oxigraph store reads back, against the same quads loaded in the store's own order.

    .venv/bin/python bench/store_layout.py BUILD_STORE DUMP.nq [--seconds 30] [--optimize]

BUILD_STORE is a build's `store` folder (e.g. after bench/scale.py: /tmp/kgbench/corpus-1000000/build/
current/store) and DUMP.nq the N-Quads `kg export --format nq` wrote of it (bench/scale.py leaves it as
dataset.nq). The dump is bulk-loaded into a fresh store beside it (the sorted layout); then each store
is scanned (every quad, `quads_for_pattern`) for about `--seconds`, and the quads read per second are
printed. `--optimize` first compacts BUILD_STORE with `Store.optimize()` (it changes that store: use a
benchmark's build, not one you keep) and prints how long that took. docs/performance.md ("A million
facts") quotes a 1M run of it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox


def read_rate(store: ox.Store, seconds: float) -> tuple[int, float]:
    """(quads read, seconds taken), scanning from the start until `seconds` have passed."""
    start, n = time.perf_counter(), 0
    for _ in store.quads_for_pattern(None, None, None, None):
        n += 1
        if n % 100_000 == 0 and time.perf_counter() - start > seconds:
            break
    return n, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_store", type=Path)
    parser.add_argument("dump", type=Path)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--optimize", action="store_true")
    args = parser.parse_args()
    rows = []
    if args.optimize:
        start = time.perf_counter()
        ox.Store(str(args.build_store)).optimize()
        rows.append(("`Store.optimize()` of the build's store", f"{time.perf_counter() - start:.1f} s", ""))
    n, s = read_rate(ox.Store.read_only(str(args.build_store)), args.seconds)
    rows.append(("read the build's store" + (" (optimized)" if args.optimize else ""), f"{s:.1f} s", f"{n / s:,.0f}"))
    with tempfile.TemporaryDirectory(dir=args.build_store.parent.parent) as folder:
        sorted_store = ox.Store(folder)
        start = time.perf_counter()
        sorted_store.bulk_load(args.dump.read_bytes(), format=ox.RdfFormat.N_QUADS)
        sorted_store.flush()
        rows.append(("bulk_load the dump (store order) into a fresh store", f"{time.perf_counter() - start:.1f} s", ""))
        n, s = read_rate(sorted_store, args.seconds)
        rows.append(("read that store", f"{s:.1f} s", f"{n / s:,.0f}"))
        del sorted_store
    print("| step | time | quads read per second |\n|---|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
