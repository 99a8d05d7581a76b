"""Helpers shared by the tests: running the `kg` command line in-process on a project."""

from __future__ import annotations

from click.testing import CliRunner, Result

from actor_kg import Project
from actor_kg.cli import main


def kg(project: Project, *args: str, input: str | None = None, columns: int = 120) -> Result:
    """`kg --data DATA --build BUILD ARGS...` on the project's folders, as a user would type it, in a
    terminal `columns` wide (so what wraps does not depend on where the tests run)."""
    return CliRunner().invoke(
        main,
        ["--data", str(project.data_dir), "--build", str(project.build_dir), *args],
        input=input,
        env={"COLUMNS": str(columns)},
    )
