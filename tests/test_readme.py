"""The README's console examples replay: each `$ kg ...` block is run on the bundled data and its
output must be what the README shows (build ids and timings normalised), so the README cannot drift
from what kg really prints.

A block's output may end in `… (N more lines)`: the README then shows the first lines, and N more
follow. `| head -N` and `| tail -N` after the command are applied to its standard output. An HTML
comment just before a block can set it up or leave it out:

    <!-- replay: edit data/facts/daryo-sudden-rift.yaml: "relation: expels" -> "relation: expells" -->
    <!-- replay: skip: needs a running SPARQL server (tests/test_push.py runs this) -->

The README's chart (docs/dyad-azerbaijan-russia.svg) must show what `kg dyad Azerbaijan Russia` draws
today. To rewrite every replayed block, and the chart, from what kg prints now (then read the diff):

    .venv/bin/python tests/test_readme.py --update
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from actor_kg.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
COLUMNS = 120
_BLOCK = re.compile(
    r"(?:<!-- replay: (?P<directive>.*?) -->\n)?```console\n\$ (?P<command>[^\n]*)\n(?P<output>.*?)```", re.S
)
_MORE = re.compile(r"^\u2026 \((\d+) more lines\)$")
_EDIT = re.compile(r'^edit (?P<file>\S+): "(?P<old>.*)" -> "(?P<new>.*)"$')


@dataclass
class Example:
    command: str
    output: str
    directive: str | None
    span: tuple[int, int]  # of the output in the README

    @property
    def skipped(self) -> str | None:
        return self.directive[len("skip:") :].strip() if self.directive and self.directive.startswith("skip:") else None


def examples(text: str) -> list[Example]:
    return [Example(m["command"], m["output"], m["directive"], m.span("output")) for m in _BLOCK.finditer(text)]


def normalise(text: str) -> str:
    text = re.sub(r"build-\d{8}T\d{6}-\d+-\w+", "build-<id>", text)
    return re.sub(r"\bin \d+(\.\d+)? s\b", "in <t> s", text)


def run(example: Example, data: Path, build: Path) -> str:
    """What the command prints, as the README's reader would see it."""
    command = example.command.partition("  #")[0]
    stages = [s.strip() for s in command.split("|")]
    args = shlex.split(stages[0])
    assert args[0] == "kg", f"not a kg command: {example.command}"
    with tempfile.TemporaryDirectory(prefix="kg-readme-") as tmp:
        if example.directive and not example.skipped:
            edit = _EDIT.match(example.directive)
            assert edit, f"unknown replay directive: {example.directive}"
            copy = shutil.copytree(data, Path(tmp) / "data")
            target = copy / Path(edit["file"]).relative_to("data")
            text = target.read_text(encoding="utf-8")
            assert edit["old"] in text, f"{edit['file']} no longer contains {edit['old']!r}"
            target.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
            data, build = copy, Path(tmp) / "build"
        result = CliRunner().invoke(
            main, ["--data", str(data), "--build", str(build), *args[1:]], env={"COLUMNS": str(COLUMNS)}
        )
    out = result.stdout if len(stages) > 1 else result.output
    lines = out.splitlines()
    for stage in stages[1:]:
        tool, count = shlex.split(stage)
        n = int(count.lstrip("-"))
        lines = lines[:n] if tool == "head" else lines[-n:]
    text = "\n".join(lines) + "\n"
    # paths print as the reader's would: data/… and build/… relative to the project folder
    return text.replace(str(data), "data").replace(str(build), "build")


def shown(expected: str, actual: str) -> tuple[str, str]:
    """(expected, actual) cut to what the README shows: the first lines, when it ends in '… (N more lines)'."""
    lines = expected.rstrip("\n").split("\n")
    more = _MORE.match(lines[-1]) if lines else None
    if not more:
        return expected, actual
    head = lines[:-1]
    got = actual.rstrip("\n").split("\n")
    rest = len(got) - len(head)
    cut = "\n".join(got[: len(head)] + ([f"\u2026 ({rest} more lines)"] if rest > 0 else [])) + "\n"
    return expected, cut


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    build = tmp_path_factory.mktemp("readme") / "build"
    assert CliRunner().invoke(main, ["--data", str(ROOT / "data"), "--build", str(build), "build"]).exit_code == 0
    return ROOT / "data", build


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_and_replays_most_of_them():
    assert len(EXAMPLES) >= 15
    assert sum(1 for e in EXAMPLES if e.skipped) <= 3


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e.skipped], ids=lambda e: e.command[:60])
def test_readme_example_prints_what_the_readme_shows(example: Example, built):
    expected, actual = shown(example.output, run(example, *built))
    assert normalise(actual) == normalise(expected)


def test_the_python_api_example_prints_what_the_readme_shows(tmp_path):
    """The first ```python block of the README's Python API section, run in a folder with the bundled
    data, prints the ```text block that follows it."""
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1]
    m = re.search(r"```python\n(.*?)```\s*```text\n(.*?)```", section, re.S)
    assert m, "the Python API section lost its example and its output"
    (tmp_path / "data").symlink_to(ROOT / "data")
    (tmp_path / "example.py").write_text(m[1], encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == m[2]


CHART = ROOT / "docs" / "dyad-azerbaijan-russia.svg"  # the README's picture: kg dyad Azerbaijan Russia --chart CHART


def draw_chart(data: Path, build: Path, out: Path) -> Path:
    result = CliRunner().invoke(
        main, ["--data", str(data), "--build", str(build), "dyad", "Azerbaijan", "Russia", "--chart", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def chart_words(svg: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))


def test_the_readme_chart_is_what_kg_dyad_draws_now(built, tmp_path):
    """The chart in the README draws today's data: the same periods, events and counts (its words)."""
    assert CHART.name in README.read_text(encoding="utf-8")
    now = chart_words(draw_chart(*built, tmp_path / "chart.svg"))
    assert "2025-Q2" in now and chart_words(CHART) == now


def update() -> None:
    """Rewrite the output of every replayed example in README.md, and its chart, from what kg prints now."""
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "build"
        CliRunner().invoke(main, ["--data", str(ROOT / "data"), "--build", str(build), "build"])
        for example in reversed(examples(text)):
            if example.skipped:
                continue
            _, actual = shown(example.output, run(example, ROOT / "data", build))
            start, end = example.span
            text = text[:start] + actual + text[end:]
        draw_chart(ROOT / "data", build, CHART)
    tmp_readme = README.with_suffix(".md.tmp")
    tmp_readme.write_text(text, encoding="utf-8")
    tmp_readme.replace(README)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(__doc__)
    update()
