"""Imports point down: each layer of actor_kg imports only from the layers below it, checked by
import-linter from the contract in pyproject.toml ([tool.importlinter]), which every module must stand in.

The layers, top to bottom: __main__; cli; project (the facade); output (rendering, the page, exports);
sparql, ingest, interchange and suggest (independent of each other: querying, bringing articles and
annotations in, drafting facts), which output's renderers format the results of; analysis and results
(what the facade's questions return); store (the build); curated (the loader); fact_table and derived
(the flat record of a fact, and what the facts imply: claims, corroboration, belonging); model, text
and atomic (the records, text and date handling, atomic file writing); schema, errors and version.

import-linter rather than a check of our own: it follows indirect imports too (a module importing
the package root imports everything the root does), names the chain that breaks a layer, and checks
that no module is left out of the layers.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")


def lint(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([LINT, "--no-cache", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_every_import_of_the_package_points_down():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The same kind of contract on a small package whose lower layer imports the upper one."""
    package = tmp_path / "layered"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "high.py").write_text("from . import low\n")
    (package / "low.py").write_text("def f():\n    from . import high  # hidden in a function, still found\n")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_package = layered\n\n[importlinter:contract:down]\nname = down\n"
        "type = layers\ncontainers = layered\nlayers =\n    high\n    low\n"
    )
    done = subprocess.run(
        [LINT, "--no-cache", "--config", ".importlinter"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": ""},
    )
    assert done.returncode == 1 and "layered.low is not allowed to import layered.high" in done.stdout
